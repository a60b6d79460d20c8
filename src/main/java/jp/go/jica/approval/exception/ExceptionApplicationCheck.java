package jp.go.jica.approval.exception;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.validation.FieldCheck;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * The application's business rules across fields (at start, and again at every resubmission), each
 * problem named by its Japanese field label, so the applicant's form keeps what was typed. Required
 * fields, choices and formats are the deployed form's (validation.FormContractPlugin).
 */
@Component("exceptionApplicationCheck")
class ExceptionApplicationCheck implements ExecutionListener {

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
    boolean postFacto = "postFacto".equals(execution.getVariable("applicationType"));
    execution.setVariable("postFacto", postFacto);
    // Art. 25-1 proviso: a late notice is still a notice; refusing it would only leave the deviation unrecorded.
    LocalDate started = postFacto ? FieldCheck.of(execution.getVariables()).date("deviationStartedOn") : null;
    execution.setVariable("lateNotice", started != null
        && started.isBefore(LocalDate.now(clock).minusDays(settings.postFactoMaxAgeDuration().toDays())));
  }

  List<String> check(Map<String, Object> values) {
    FieldCheck check = FieldCheck.of(values);
    LocalDate from = check.date("periodFrom");
    LocalDate to = check.date("periodTo");
    if (from != null && to != null) {
      check.error(!to.isAfter(from), "「適用期間（終了日）」は開始日より後の日付にしてください");
      check.error(to.isAfter(from) && to.isAfter(from.plusDays(settings.maxPeriodDuration().toDays())), "「適用期間」は最長"
          + settings.maxPeriodDuration().toDays() + "日です。延長が必要な場合は期間満了時に更新を申請してください");
    }
    Object type = values.get("applicationType");
    if ("normal".equals(type)) {
      check.notBeforeToday(from, "適用期間（開始日）",
          "通常申請は適用の前に行います。既に逸脱している場合は事後届出として申請してください（第25条第1項）");
    }
    if ("postFacto".equals(type)) {
      LocalDate started = check.date("deviationStartedOn");
      LocalDate today = LocalDate.now(clock);
      check.error(started == null, "事後届出では「逸脱を開始した日」を入力してください")
          .error(FieldCheck.blank(values.get("urgencyReason")), "事後届出では「事前に申請できなかった理由（緊急性）」を入力してください")
          .error(started != null && started.isAfter(today), "「逸脱を開始した日」に未来の日付は指定できません");
    }
    return check.errors();
  }
}
