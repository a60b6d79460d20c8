package jp.go.jica.approval.exception;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Checks an application (at start, and again at every resubmission) and refuses it with every
 * problem named by its Japanese field label, so the applicant's form keeps what was typed.
 */
@Component("exceptionApplicationCheck")
class ExceptionApplicationCheck implements ExecutionListener {

  static final Map<String, String> REQUIRED = Map.of(
      "ruleReference", "対象規定（条項）",
      "ruleText", "対象規定の内容",
      "reason", "申請理由",
      "alternativeMeasure", "代替措置・補完措置",
      "scopeDescription", "適用範囲（システム・情報・人）",
      "periodFrom", "適用期間（開始日）",
      "periodTo", "適用期間（終了日）",
      "applicationType", "申請区分");

  private final ExceptionSettings settings;
  private final Clock clock;

  ExceptionApplicationCheck(ExceptionSettings settings) {
    this.settings = settings;
    this.clock = Clock.systemDefaultZone();
  }

  @Override
  public void notify(DelegateExecution execution) {
    List<String> errors = check(execution.getVariables());
    if (!errors.isEmpty()) {
      throw new BadUserRequestException("申請内容に誤りがあります: " + String.join(" ／ ", errors));
    }
    execution.setVariable("postFacto", "postFacto".equals(execution.getVariable("applicationType")));
  }

  List<String> check(Map<String, Object> values) {
    List<String> errors = new ArrayList<>();
    REQUIRED.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(field -> {
      if (blank(values.get(field.getKey()))) {
        errors.add("「" + field.getValue() + "」を入力してください");
      }
    });
    level(values, "confidentiality", "機密性", 3, errors);
    level(values, "integrity", "完全性", 2, errors);
    level(values, "availability", "可用性", 2, errors);
    LocalDate from = date(values, "periodFrom", "適用期間（開始日）", errors);
    LocalDate to = date(values, "periodTo", "適用期間（終了日）", errors);
    if (from != null && to != null) {
      if (!to.isAfter(from)) {
        errors.add("「適用期間（終了日）」は開始日より後の日付にしてください");
      } else if (to.isAfter(from.plusDays(settings.maxPeriodDuration().toDays()))) {
        errors.add("「適用期間」は最長" + settings.maxPeriodDuration().toDays() + "日です。延長が必要な場合は期間満了時に更新を申請してください");
      }
    }
    Object type = values.get("applicationType");
    if (type != null && !"normal".equals(type) && !"postFacto".equals(type)) {
      errors.add("「申請区分」は通常申請（normal）か事後届出（postFacto）です");
    }
    if ("postFacto".equals(type)) {
      LocalDate started = date(values, "deviationStartedOn", "逸脱を開始した日", errors);
      if (started == null && blank(values.get("deviationStartedOn"))) {
        errors.add("事後届出では「逸脱を開始した日」を入力してください");
      }
      if (blank(values.get("urgencyReason"))) {
        errors.add("事後届出では「事前に申請できなかった理由（緊急性）」を入力してください");
      }
      LocalDate today = LocalDate.now(clock);
      if (started != null && started.isAfter(today)) {
        errors.add("「逸脱を開始した日」に未来の日付は指定できません");
      }
      long maxAge = settings.postFactoMaxAgeDuration().toDays();
      if (started != null && started.isBefore(today.minusDays(maxAge))) {
        errors.add("「逸脱を開始した日」が" + maxAge + "日より前です。事後届出は事後速やかに行ってください（第25条第1項）");
      }
    }
    return errors;
  }

  private static void level(Map<String, Object> values, String key, String label, int max, List<String> errors) {
    Object value = values.get(key);
    String text = value == null ? "" : value.toString().trim();
    if (!text.matches("[1-" + max + "]")) {
      errors.add("「" + label + "」は1〜" + max + "で選択してください");
    }
  }

  private static LocalDate date(Map<String, Object> values, String key, String label, List<String> errors) {
    Object value = values.get(key);
    if (blank(value)) {
      return null;
    }
    try {
      return LocalDate.parse(value.toString().trim().substring(0, Math.min(10, value.toString().trim().length())));
    } catch (DateTimeParseException e) {
      errors.add("「" + label + "」は日付（YYYY-MM-DD）で入力してください");
      return null;
    }
  }

  private static boolean blank(Object value) {
    return value == null || value.toString().isBlank();
  }
}
