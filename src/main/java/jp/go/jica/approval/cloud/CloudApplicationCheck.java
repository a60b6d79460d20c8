package jp.go.jica.approval.cloud;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.validation.FieldCheck;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Checks a cloud service application (at start and at every resubmission): missing and
 * contradictory fields are named in Japanese, and a service already approved for the same use is
 * pointed out instead of being applied for twice.
 */
@Component("cloudApplicationCheck")
class CloudApplicationCheck implements ExecutionListener {

  private final CloudRegistry registry;
  private final OrgChartService charts;
  private final CloudSettings settings;

  CloudApplicationCheck(CloudRegistry registry, OrgChartService charts, CloudSettings settings) {
    this.registry = registry;
    this.charts = charts;
    this.settings = settings;
  }

  @Override
  public void notify(DelegateExecution execution) {
    Map<String, Object> values = execution.getVariables();
    List<String> errors = check(values);
    if (!errors.isEmpty()) {
      throw new BadUserRequestException("申請内容に誤りがあります: " + String.join(" ／ ", errors));
    }
    boolean confidential = "yes".equals(values.get("handlesConfidential"));
    execution.setVariable("confidential", confidential);
    execution.setVariable("dataOutsideJapan", "overseas".equals(values.get("dataLocationType")));
    if (execution.getVariable("registryNumber") == null) {
      String department = charts.current().departmentOf((String) execution.getVariable("applicant")).id();
      registry.approvedFor(values.get("serviceName").toString(), department,
          Integer.parseInt(values.get("confidentiality").toString())).ifPresent(existing -> {
            throw new BadUserRequestException("「" + existing.serviceName() + "」は同じ部署・同じ格付けの利用が既に承認されています（登録番号 "
                + existing.registryNumber() + "、クラウドサービス管理者 " + existing.cloudManagerName()
                + "、" + existing.periodTo() + " まで）。新たな申請は不要です");
          });
    }
  }

  List<String> check(Map<String, Object> values) {
    FieldCheck check = FieldCheck.of(values);
    int confidentiality = check.level("confidentiality");
    boolean confidential = "yes".equals(values.get("handlesConfidential"));
    check.error(confidential && confidentiality == 1, "要機密情報を取り扱う場合、「機密性」は2以上です");
    check.error(!confidential && confidentiality >= 2,
        "「機密性」が2以上の情報は要機密情報です。「要機密情報の取扱い」を「取り扱う」にしてください");
    if (confidential) {
      for (String[] field : new String[][] {{"dataLocationType", "データの保存場所（国内／国外）"},
          {"dataLocations", "データを保存する国・地域"}, {"disposalMethod", "利用終了時のデータの廃棄方法"},
          {"serviceLevel", "求めるサービスレベル"}}) {
        check.error(FieldCheck.blank(values.get(field[0])),
            "要機密情報を取り扱う場合は「" + field[1] + "」を入力してください（第62条第2項）");
      }
    }
    check.error("yes".equals(values.get("ismapRegistered")) && FieldCheck.blank(values.get("ismapNumber")),
        "ISMAPに登録されている場合は「ISMAP登録番号」を入力してください");
    check.error("no".equals(values.get("ismapRegistered")) && FieldCheck.blank(values.get("nonIsmapReason")),
        "ISMAPに登録されていないサービスを選ぶ「理由」を入力してください（第62条第3項: 原則ISMAPから選定）");
    LocalDate from = check.date("periodFrom");
    LocalDate to = check.date("periodTo");
    if (from != null && to != null) {
      check.error(!to.isAfter(from), "「利用期間（終了日）」は開始日より後の日付にしてください");
      check.error(to.isAfter(from) && to.isAfter(from.plusDays(settings.maxPeriodDuration().toDays())),
          "「利用期間」は最長" + settings.maxPeriodDuration().toDays() + "日です");
    }
    check.notBeforeToday(from, "利用期間（開始日）", "承認されていないクラウドサービスは利用できません。利用の前に申請してください（第145条第8項）");
    return check.errors();
  }
}
