package jp.go.jica.approval.outsourcing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.validation.FieldCheck;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The checks of {@code outsourcing-selection.bpmn}: the request at start and resubmission
 * ({@code ${outsourcingRequestCheck}}), and at completion of the specification, contract, service
 * approval and acceptance tasks ({@code ${outsourcingChecklist}}), each missing item named in Japanese.
 */
@Configuration(proxyBeanMethods = false)
class OutsourcingChecks {

  static final Map<String, String> ART_54_2 = ordered(
      "condNoOtherUse", "提供する情報の目的外利用の禁止（第54条第2項第1号）",
      "condSecurityMeasures", "委託先の情報セキュリティ対策の実施内容及び管理体制（同第2号）",
      "condIncidentHandling", "情報セキュリティインシデントへの対処方法（同第3号）",
      "condComplianceCheck", "情報セキュリティ対策その他の契約の履行状況の確認方法（同第4号）",
      "condInsufficientMeasures", "対策の履行が不十分な場合の対処方法（同第5号）",
      "condHandover", "情報の受渡し方法と終了時の廃棄方法（第54条第4項）",
      "condSubcontracting", "再委託の条件（第54条第5項）");
  static final Map<String, String> ART_54_3 = ordered(
      "condAuditAcceptance", "情報セキュリティ監査の受入れ（第54条第3項第1号）",
      "condServiceLevel", "サービスレベルの保証（同第2号）");
  static final Map<String, String> ART_57 = ordered(
      "condNoUnintendedChange", "情報システムに意図せざる変更が加えられないための対策（第57条）",
      "condDisclosure", "資本関係・役員・作業場所・所属・専門性（資格・研修）・実績・国籍の情報提供（第57条）");
  static final Map<String, String> ART_58 = ordered(
      "condSecureImplementation", "セキュリティ機能の適切な実装（第58条）",
      "condSecurityTesting", "セキュリティ試験の実施（第58条）",
      "condSecureDevEnvironment", "開発環境のセキュリティ確保（第58条）");
  static final Map<String, String> ART_59 = ordered(
      "condChangeReporting", "運用・保守における変更の報告（第59条）");
  static final Map<String, String> ART_60 = ordered(
      "condRecovery", "サービス中断時の復旧要件（第60条）",
      "condTerminationNotice", "サービス終了時の事前告知とデータ移行（第60条）",
      "condForeignLaw", "外国法の適用リスクと準拠法・裁判管轄（第60条）",
      "condStandards", "国際規格等への準拠（第60条）",
      "condAuditReports", "監査報告書・認証の提示（第60条）");
  /** Art. 54-5: what the subcontract review confirms before it approves, each item required. */
  static final Map<String, String> ART_54_5 = ordered(
      "subcontractMeasures", "再委託先でも第54条第2項の情報セキュリティ対策が実施されることを委託先が担保している",
      "subcontractConditions", "再委託先でも第54条第3項の措置（監査の受入れ・サービスレベルの保証）が実施されることを委託先が担保している",
      "subcontractInformation", "再委託先の情報セキュリティ対策の実施状況を確認するために必要な情報が機構に提供された",
      "subcontractCriteria", "委託判断基準及び委託先の選定基準に従って再委託の承認の可否を判断した");

  @Bean
  ExecutionListener outsourcingRequestCheck() {
    return execution -> {
      FieldCheck check = FieldCheck.of(execution);
      int c = check.level("confidentiality");
      boolean confidential = "confidential".equals(execution.getVariable("informationProvided"));
      check.error(confidential && c == 1, "要機密情報を提供する場合、「機密性」は2以上です");
      check.error(!confidential && c >= 2, "「機密性」が2以上の情報を提供する場合は「提供する情報」を「要機密情報」にしてください");
      LocalDate from = check.date("periodFrom");
      LocalDate to = check.date("periodTo");
      check.error(from != null && to != null && !to.isAfter(from), "「委託期間（終了日）」は開始日より後の日付にしてください");
      check.refuseIfAny("依頼内容に誤りがあります: ");
      execution.setVariable("confidentialProvided", "confidential".equals(execution.getVariable("informationProvided")));
    };
  }

  @Bean
  TaskListener outsourcingChecklist(OrgChartService charts, DutySuccession successors) {
    return task -> {
      List<String> missing = new ArrayList<>();
      boolean approving = task.getVariable("decision") == null || "approve".equals(task.getVariable("decision"));
      switch (task.getTaskDefinitionKey()) {
        case "draftSpecification" -> {
          if (approving) {
            // Art. 53(1), 55-1(1): what is provided, and the scope, judged against the 委託判断基準 before anything else.
            if (!Boolean.TRUE.equals(task.getVariable("entrustmentCriteriaMet"))) {
              missing.add("「提供する情報と委託する業務の範囲が委託判断基準に適合することを確認した（第53条第1号・第55条第1項第1号）」");
            }
            if (blank(task.getVariable("entrustmentJudgement"))) {
              missing.add("「委託判断基準に照らした判断」の記入");
            }
            unchecked(task, ART_54_2, missing);
            if (Boolean.TRUE.equals(task.getVariable("auditRequired"))) {
              unchecked(task, ART_54_3, missing);
            }
          }
          refuseIf(missing, "仕様に次の選定条件が含まれていません: ");
        }
        case "addSystemConditions" -> {
          if (approving) {
            // The task exists only for information-system work, and Art. 57 names no kind: every one needs it.
            unchecked(task, ART_57, missing);
            String work = String.valueOf(task.getVariable("systemWork"));
            if ("construction".equals(work)) {
              unchecked(task, ART_58, missing);
            }
            if ("operation".equals(work)) {
              unchecked(task, ART_59, missing);
            }
            if ("service".equals(work)) {
              unchecked(task, ART_60, missing);
            }
          }
          refuseIf(missing, "仕様に次の選定条件が含まれていません: ");
        }
        case "selectContractor" -> {
          if (approving && (blank(task.getVariable("selectedContractor")) || blank(task.getVariable("candidates")))) {
            missing.add("「候補と選定条件の充足状況」と「選定した委託先」を入力してください");
          }
          if (approving && (!Boolean.TRUE.equals(task.getVariable("proposalCompliant"))
              || blank(task.getVariable("proposalCompliance")))) {
            missing.add("「選定した委託先の提案が仕様に準拠していることを確認した（第54条第6項第1号）」を確認し、"
                + "「提案の仕様準拠の確認結果」を入力してください");
          }
          refuseIf(missing, "");
        }
        case "approveOutsourcingService" -> {
          Object manager = task.getVariable("serviceManager");
          if (approving && (manager == null || charts.current().person(manager.toString().trim()).isEmpty())) {
            missing.add("承認する場合は「業務委託サービス管理者」（職員ID）を指定してください（第60条第8項）");
          }
          refuseIf(missing, "");
        }
        case "recordContract" -> {
          if (Boolean.TRUE.equals(task.getVariable("confidentialProvided")) && blank(task.getVariable("ndaDate"))) {
            missing.add("要機密情報を提供するため「秘密保持契約（NDA）締結日」が必要です（第54条第1項第5号・第6項第3号）");
          }
          if (blank(task.getVariable("handlingProcedure"))) {
            missing.add("「委託先と合意した情報の取扱手順」が必要です（第54条第4項）");
          }
          refuseIf(missing, "");
        }
        case "reviewSubcontract" -> {
          if (approving) {
            unchecked(task, ART_54_5, missing);
          }
          refuseIf(missing, "再委託を承認するには次の審査項目の確認が必要です（第54条第5項）: ");
        }
        case "nameSuccessor" -> successors.check(task);
        default -> {
        }
      }
    };
  }

  private static void unchecked(DelegateTask task, Map<String, String> items, List<String> missing) {
    items.forEach((key, label) -> {
      if (!Boolean.TRUE.equals(task.getVariable(key))) {
        missing.add("「" + label + "」");
      }
    });
  }

  private static void refuseIf(List<String> errors, String prefix) {
    if (!errors.isEmpty()) {
      throw new BadUserRequestException(prefix + String.join("、", errors));
    }
  }

  private static boolean blank(Object value) {
    return FieldCheck.blank(value);
  }

  private static Map<String, String> ordered(String... keyLabels) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keyLabels.length; i += 2) {
      map.put(keyLabels[i], keyLabels[i + 1]);
    }
    return map;
  }
}
