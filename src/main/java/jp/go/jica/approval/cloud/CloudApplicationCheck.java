package jp.go.jica.approval.cloud;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.organization.OrgChartService;
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

  private static final Map<String, String> REQUIRED = new LinkedHashMap<>();

  static {
    REQUIRED.put("serviceName", "サービス名");
    REQUIRED.put("provider", "提供者");
    REQUIRED.put("purpose", "利用目的・業務");
    REQUIRED.put("usersDescription", "利用者");
    REQUIRED.put("handlesConfidential", "要機密情報の取扱い");
    REQUIRED.put("ismapRegistered", "ISMAPクラウドサービスリストへの登録");
    REQUIRED.put("periodFrom", "利用期間（開始日）");
    REQUIRED.put("periodTo", "利用期間（終了日）");
  }

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
            throw new BadUserRequestException("「" + existing.get("service_name") + "」は同じ部署・同じ格付けの利用が既に承認されています（登録番号 "
                + existing.get("registry_number") + "、クラウドサービス管理者 " + existing.get("cloud_manager_name")
                + "、" + existing.get("period_to") + " まで）。新たな申請は不要です");
          });
    }
  }

  List<String> check(Map<String, Object> values) {
    List<String> errors = new ArrayList<>();
    REQUIRED.forEach((key, label) -> {
      if (blank(values.get(key))) {
        errors.add("「" + label + "」を入力してください");
      }
    });
    int confidentiality = level(values, "confidentiality", "機密性", 3, errors);
    level(values, "integrity", "完全性", 2, errors);
    level(values, "availability", "可用性", 2, errors);
    boolean confidential = "yes".equals(values.get("handlesConfidential"));
    if (confidential && confidentiality == 1) {
      errors.add("要機密情報を取り扱う場合、「機密性」は2以上です");
    }
    if (!confidential && confidentiality >= 2) {
      errors.add("「機密性」が2以上の情報は要機密情報です。「要機密情報の取扱い」を「取り扱う」にしてください");
    }
    if (confidential) {
      for (String[] field : new String[][] {{"dataLocationType", "データの保存場所（国内／国外）"},
          {"dataLocations", "データを保存する国・地域"}, {"disposalMethod", "利用終了時のデータの廃棄方法"},
          {"serviceLevel", "求めるサービスレベル"}}) {
        if (blank(values.get(field[0]))) {
          errors.add("要機密情報を取り扱う場合は「" + field[1] + "」を入力してください（第62条第2項）");
        }
      }
    }
    if ("yes".equals(values.get("ismapRegistered")) && blank(values.get("ismapNumber"))) {
      errors.add("ISMAPに登録されている場合は「ISMAP登録番号」を入力してください");
    }
    if ("no".equals(values.get("ismapRegistered")) && blank(values.get("nonIsmapReason"))) {
      errors.add("ISMAPに登録されていないサービスを選ぶ「理由」を入力してください（第62条第3項: 原則ISMAPから選定）");
    }
    if (!Boolean.TRUE.equals(values.get("termsReviewed"))) {
      errors.add("「提供者の定型約款（利用規約）を確認した」にチェックしてください");
    }
    LocalDate from = date(values.get("periodFrom"), "利用期間（開始日）", errors);
    LocalDate to = date(values.get("periodTo"), "利用期間（終了日）", errors);
    if (from != null && to != null) {
      if (!to.isAfter(from)) {
        errors.add("「利用期間（終了日）」は開始日より後の日付にしてください");
      } else if (to.isAfter(from.plusDays(settings.maxPeriodDuration().toDays()))) {
        errors.add("「利用期間」は最長" + settings.maxPeriodDuration().toDays() + "日です");
      }
    }
    return errors;
  }

  private static int level(Map<String, Object> values, String key, String label, int max, List<String> errors) {
    Object value = values.get(key);
    String text = value == null ? "" : value.toString().trim();
    if (!text.matches("[1-" + max + "]")) {
      errors.add("「" + label + "」は1〜" + max + "で選択してください");
      return 1;
    }
    return Integer.parseInt(text);
  }

  private static LocalDate date(Object value, String label, List<String> errors) {
    if (blank(value)) {
      return null;
    }
    try {
      String text = value.toString().trim();
      return LocalDate.parse(text.substring(0, Math.min(10, text.length())));
    } catch (DateTimeParseException e) {
      errors.add("「" + label + "」は日付（YYYY-MM-DD）で入力してください");
      return null;
    }
  }

  private static boolean blank(Object value) {
    return value == null || value.toString().isBlank();
  }
}
