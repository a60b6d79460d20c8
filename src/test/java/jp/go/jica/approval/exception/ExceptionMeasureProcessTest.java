package jp.go.jica.approval.exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.byod.ByodPermissionProcessTest;
import jp.go.jica.approval.notification.ApplicantMail;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code exception-measure.bpmn} on the real engine with the real routing DMN and org chart:
 * every path of Art. 24/25, the ledger line of each decision, timers driven through their jobs.
 */
public class ExceptionMeasureProcessTest extends PlatformTest {

  @Autowired FormService forms;
  @Autowired OrgChartService charts;

  @org.springframework.boot.test.web.server.LocalServerPort int port;

  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
  }

  @Test
  @DisplayName("第25条: 承認された例外措置は台帳に記録・報告され、期間満了で台帳が期間満了となり、申請者の確認で終了する")
  void anApprovedExceptionIsLedgeredReportedAndEndsWhenTheApplicantConfirmsAtExpiry() {
    ProcessInstance application = apply("ga-staff", application());
    assertThat(review(application)).isAssignedTo("ga-director");
    assertThat(ledger(application)).containsEntry("status", "審査中");
    assertThat((String) ledger(application).get("ledger_number")).matches("EX-\\d{4}-\\d{5}");

    decide(application, "ga-director", "approve", "");

    assertThat(application).hasPassedInOrder("registerApplication", "reviewApplication", "recordDecision",
        "decisionMade", "notifyApproved", "conditionsAttached").isWaitingAt("expiryReminderDue");
    assertThat(ledger(application)).containsEntry("status", "承認").containsEntry("authorizer_id", "ga-director")
        .containsEntry("decision", "approve");
    assertThat(mails(application)).contains("exception/decision-report:it-director", "request-approved:ga-staff");

    fire(application, "expiryReminderDue");
    assertThat(mails(application)).contains("exception/expiry-reminder:ga-staff");
    assertThat(application).hasPassedInOrder("expiryReminderDue", "remindExpiry").isWaitingAt("confirmEndOrRenewal");
    fire(application, "exceptionExpired");
    assertThat(application).hasPassedInOrder("exceptionExpired", "recordExpiry", "expiryRecorded")
        .isWaitingAt("confirmEndOrRenewal");
    assertThat(ledger(application)).containsEntry("status", "期間満了");
    Task confirm = task(application, "confirmEndOrRenewal");
    assertThat(confirm).isAssignedTo("ga-staff");
    complete(confirm, "ga-staff", Map.of("endChoice", "ended"));

    assertThat(application).hasPassedInOrder("remindExpiry", "confirmEndOrRenewal", "endOrRenew",
        "recordEnd", "exceptionEnded").isEnded();
    assertThat(ledger(application)).containsEntry("status", "終了");
  }

  @Test
  @DisplayName("第20条第2項・第25条: 退職者の適用中の例外措置は許可権限者が終了を確認して終了し、審査中の申請は終了する")
  void aLeaversExceptionIsEndedByTheAuthorizerAndTheirUndecidedApplicationEnds() throws Exception {
    // Given proc-staff has an approved exception in force and an application under review
    ProcessInstance approved = apply("proc-staff", application());
    decide(approved, review(approved).getAssignee(), "approve", "");
    assertThat(approved).isWaitingAt("expiryReminderDue");
    ProcessInstance undecided = apply("proc-staff", application());

    // When proc-staff leaves and the chart is reloaded
    try {
      ByodPermissionProcessTest.leaves(charts, "proc-staff");

      // Then the authorizer confirms the end in their place, and is told
      Task check = task(approved, "confirmLeaverExceptionEnd");
      assertThat(check).isAssignedTo("proc-director");
      assertThat(ledger(approved)).containsEntry("status", "退職（終了確認待ち）");
      assertThat(mails(approved)).contains("exception/applicant-left:proc-director");
      assertThat(review(undecided)).isNull();
      assertThat(undecided).hasPassed("requestEndedByLeaving").isEnded();
      assertThat(ledger(undecided)).containsEntry("status", "退職により終了（審査中止）");

      // When the authorizer confirms the end
      complete(check, "proc-director", Map.of("leaverExceptionEnded", true, "leaverClosingNote", "通常の暗号化運用に戻した"));

      // Then the ledger says it ended by leaving, when and who confirmed it
      assertThat(approved).hasPassedInOrder("applicantLeft", "recordApplicantLeft", "confirmLeaverExceptionEnd",
          "recordLeaverCaseClosed", "closedByLeaving").isEnded();
      assertThat(ledger(approved)).containsEntry("status", "退職により終了").containsEntry("closed_by", "proc-director");
      assertThat(ledger(approved).get("ended_at")).isNotNull();
    } finally {
      ByodPermissionProcessTest.restoreChart(charts);
    }
  }

  @Test
  void conditionsAttachedToAnApprovalMustBeAcknowledgedByTheApplicant() {
    ProcessInstance application = apply("ga-staff", application());

    decide(application, "ga-director", "approve", "持ち出す媒体は必ず暗号化すること");
    Task acknowledge = task(application, "acknowledgeConditions");
    assertThat(acknowledge).isAssignedTo("ga-staff");
    complete(acknowledge, "ga-staff", Map.of("conditionsAcknowledged", true));

    assertThat(application).hasPassedInOrder("conditionsAttached", "acknowledgeConditions")
        .isWaitingAt("expiryReminderDue");
    assertThat(ledger(application)).containsEntry("conditions", "持ち出す媒体は必ず暗号化すること");
  }

  @Test
  void theApplicantCannotMoveTheEndOfAnApprovedExceptionThroughAVariable() {
    ProcessInstance application = apply("ga-staff", application());
    decide(application, "ga-director", "approve", "条件あり");

    Task acknowledge = task(application, "acknowledgeConditions");
    assertRefused(() -> complete(acknowledge, "ga-staff", Map.of("conditionsAcknowledged", true,
        "expiresAt", java.util.Date.from(java.time.Instant.parse("2099-01-01T00:00:00Z")),
        "periodTo", "2099-01-01")), BadUserRequestException.class, "「periodTo」はこのフォームの項目ではない");
    complete(acknowledge, "ga-staff", Map.of("conditionsAcknowledged", true));
    fire(application, "expiryReminderDue");

    Job expiry = management.createJobQuery().processInstanceId(application.getId()).activityId("exceptionExpired")
        .singleResult();
    LocalDate approvedEnd = LocalDate.now().plusDays(90);
    assertThat(expiry.getDuedate().toInstant()).isEqualTo(
        approvedEnd.plusDays(1).atStartOfDay(java.time.ZoneId.systemDefault()).toInstant());
  }

  @Test
  void aRejectedApplicationEndsRejected() {
    ProcessInstance application = apply("ga-staff", application());

    decide(application, "ga-director", "reject", "代替措置が不十分");

    assertThat(application).hasPassedInOrder("recordDecision", "notifyRejected", "postFactoRejected",
        "applicationRejected").isEnded();
    assertThat(ledger(application)).containsEntry("status", "却下");
  }

  @Test
  void aRejectedPostFactoNotificationEndsOnlyWhenTheApplicantReportsTheDeviationStopped() {
    ProcessInstance application = apply("ga-staff", postFacto(application()));
    assertThat(ledger(application)).containsEntry("post_facto", true);

    decide(application, "ga-director", "reject", "例外は認められない。直ちに停止すること");
    Task stop = task(application, "confirmDeviationStopped");
    assertThat(stop).isAssignedTo("ga-staff");
    complete(stop, "ga-staff", Map.of("deviationStopped", true, "stopNote", "本日、私物PCでの作業を停止しました"));

    assertThat(application).hasPassedInOrder("postFactoRejected", "confirmDeviationStopped", "notifyStopConfirmed",
        "deviationStopped").isEnded();
    assertThat(mails(application)).contains("exception/deviation-stopped:ga-director");
    assertThat(ledger(application)).containsEntry("status", "逸脱停止確認済み");
  }

  @Test
  void anApprovedPostFactoNotificationFollowsTheApprovedPath() {
    ProcessInstance application = apply("ga-staff", postFacto(application()));

    decide(application, "ga-director", "approve", "");

    assertThat(application).hasPassedInOrder("notifyApproved").isWaitingAt("expiryReminderDue");
  }

  @Test
  void aSentBackApplicationIsRevisedAndEveryVersionIsKeptForTheReviewer() {
    ProcessInstance application = apply("ga-staff", application());
    decide(application, "ga-director", "sendBack", "代替措置を具体的に書いてください");
    Task revise = task(application, "reviseApplication");
    assertThat(revise).isAssignedTo("ga-staff");

    Map<String, Object> bad = revision();
    bad.put("periodTo", LocalDate.now().minusDays(1).toString());
    assertRefused(() -> complete(revise, "ga-staff", bad), BadUserRequestException.class, "「適用期間（終了日）」");
    assertThat(application).isWaitingAt("reviseApplication");

    Map<String, Object> revised = revision();
    revised.put("alternativeMeasure", "作業はVPN経由の機構支給端末でのみ行い、ログを毎日確認する");
    complete(revise, "ga-staff", revised);

    assertThat(application).hasPassedInOrder("notifySentBack", "reviseApplication", "recordRevision")
        .isWaitingAt("reviewApplication");
    assertThat(review(application)).isAssignedTo("ga-director");
    assertThat(ledger(application)).containsEntry("versions", 2).containsEntry("status", "審査中");
    assertThat(runtime.getVariable(application.getId(), "versionHistory").toString()).contains("第1版", "代替措置=");
  }

  @Test
  void aDeclaredConflictSendsTheReviewToTheAuthorizersSuperior() {
    ProcessInstance application = apply("ga-staff", application());

    decide(application, "ga-director", "conflict", "申請者は親族のため");

    assertThat(review(application)).isAssignedTo("exec-admin");
    assertThat(application).hasPassedInOrder("reviewApplication", "recordDecision", "decisionMade");
  }

  @Test
  void whenTheAuthorizerAppliesTheReviewGoesToTheirSuperiorAndTheLedgerSaysWhy() {
    ProcessInstance application = apply("ga-director", application());
    assertThat(review(application)).isAssignedTo("exec-admin");

    decide(application, "exec-admin", "approve", "");

    assertThat((String) ledger(application).get("escalation_reason")).contains("第16条第2項", "申請者が許可権限者");
    assertThat(ledger(application)).containsEntry("authorizer_id", "exec-admin");
  }

  @Test
  void confidentialityThreeAndOrganisationWideExceptionsGoToTheChiefIso() {
    Map<String, Object> confidential = new HashMap<>(application());
    confidential.put("confidentiality", "3");
    Map<String, Object> organisationWide = new HashMap<>(application());
    organisationWide.put("scope", "organization");

    assertThat(review(apply("proc-staff", confidential))).isAssignedTo("it-director");
    assertThat(review(apply("ph-staff", organisationWide))).isAssignedTo("it-director");
  }

  @Test
  void anOverdueReviewIsRemindedThenEscalatedToTheReviewersSuperior() {
    ProcessInstance application = apply("ga-staff", application());

    fire(application, "reviewReminderDue");
    assertThat(mails(application)).contains("exception/review-reminder:ga-director");
    assertThat(review(application)).isAssignedTo("ga-director");

    fire(application, "reviewOverdue");
    assertThat(review(application)).isAssignedTo("exec-admin");
    assertThat(mails(application)).contains("task-rerouted:exec-admin");
    assertThat(application).hasPassedInOrder("remindReviewer", "reviewerReminded");

    decide(application, "exec-admin", "approve", "");
    assertThat(ledger(application)).containsEntry("authorizer_id", "exec-admin");
  }

  @Test
  @DisplayName("第25条: 期間終了前の予告から更新を申請でき、更新は元の台帳番号に紐づく新しい申請になる（承認のない空白期間を作らない）")
  void fromTheExpiryReminderTheApplicantMayRenewAndTheRenewalIsANewLinkedApplication() {
    ProcessInstance application = apply("ga-staff", application());
    decide(application, "ga-director", "approve", "");
    fire(application, "expiryReminderDue");
    // no expiry fired: the renewal is requested while the approved period still runs

    complete(task(application, "confirmEndOrRenewal"), "ga-staff", Map.of("endChoice", "renew",
        "renewalPeriodTo", LocalDate.now().plusDays(150).toString()));

    assertThat(application).hasPassedInOrder("remindExpiry", "confirmEndOrRenewal", "endOrRenew", "startRenewal",
        "exceptionRenewed").hasNotPassed("exceptionExpired").isEnded();
    String number = (String) ledger(application).get("ledger_number");
    assertThat(ledger(application)).containsEntry("status", "更新済み");
    ProcessInstance renewal = runtime.createProcessInstanceQuery()
        .processInstanceId((String) BpmnAwareTests.historyService().createHistoricVariableInstanceQuery()
            .processInstanceId(application.getId()).variableName("renewalProcessInstanceId").singleResult().getValue())
        .singleResult();
    assertThat(renewal).isWaitingAt("reviewApplication");
    assertThat(review(renewal)).isAssignedTo("ga-director");
    assertThat(ledger(renewal)).containsEntry("renewal_of", number).containsEntry("renewal_count", 1)
        .containsEntry("applicant_id", "ga-staff");
  }

  @Test
  @DisplayName("第25条: 終了の確認がないときは申請者の情報セキュリティ責任者へタスクとして回付され、その確認で台帳が終了となる")
  void anUnansweredEndConfirmationBecomesATaskOfTheApplicantsIso() {
    ProcessInstance application = apply("ga-staff", application());
    decide(application, "ga-director", "approve", "");
    fire(application, "expiryReminderDue");
    fire(application, "exceptionExpired");

    fire(application, "endConfirmationOverdue");

    assertThat(application).hasPassedInOrder("endConfirmationOverdue", "escalateEndConfirmation")
        .isWaitingAt("confirmEscalatedEnd");
    assertThat(task(application, "confirmEndOrRenewal")).isNull();
    assertThat(task(application, "confirmEscalatedEnd")).isAssignedTo("ga-director");
    assertThat(mails(application)).contains("exception/end-escalated:ga-director");
    assertThat(ledger(application)).containsEntry("status", "期間満了");

    complete(task(application, "confirmEscalatedEnd"), "ga-director",
        Map.of("endConfirmed", true, "endNote", "申請者に確認し、暗号化なしの持出しは終わっている"));

    assertThat(application).hasPassedInOrder("confirmEscalatedEnd", "recordEnd", "exceptionEnded").isEnded();
    assertThat(ledger(application)).containsEntry("status", "終了");
  }

  @Test
  @DisplayName("第16条第2項: 情報セキュリティ責任者本人の例外措置で終了の確認がないときは、本人ではなく上司へ通知される")
  void anIsosOwnUnansweredEndConfirmationIsEscalatedAboveThem() {
    ProcessInstance application = apply("ga-director", application());
    decide(application, "exec-admin", "approve", "");
    fire(application, "expiryReminderDue");
    fire(application, "exceptionExpired");

    fire(application, "endConfirmationOverdue");

    assertThat(task(application, "confirmEscalatedEnd")).isAssignedTo("exec-admin");
    assertThat(mails(application)).contains("exception/end-escalated:exec-admin")
        .doesNotContain("exception/end-escalated:ga-director");
    assertThat(application).isWaitingAt("confirmEscalatedEnd");
  }

  @Test
  @DisplayName("第25条第1項ただし書: 遅れた事後届出も拒否せず受理し、台帳に遅延と記録して統括情報セキュリティ責任者へ知らせる")
  void aLatePostFactoNoticeIsAcceptedMarkedLateAndTheChiefIsoIsTold() {
    Map<String, Object> late = postFacto(application());
    late.put("deviationStartedOn", LocalDate.now().minusDays(60).toString());

    ProcessInstance application = apply("ga-staff", late);

    assertThat(application).hasPassedInOrder("applicationSubmitted", "registerApplication")
        .isWaitingAt("reviewApplication");
    assertThat(review(application)).isAssignedTo("ga-director");
    assertThat(ledger(application)).containsEntry("status", "審査中").containsEntry("post_facto", true)
        .containsEntry("notice_timeliness", "遅延");
    assertThat(mails(application)).contains("exception/late-notice:it-director");
  }

  @Test
  void aPromptPostFactoNoticeIsNotMarkedLate() {
    ProcessInstance application = apply("ga-staff", postFacto(application()));

    assertThat(application).isWaitingAt("reviewApplication");
    assertThat(ledger(application)).containsEntry("notice_timeliness", null);
    assertThat(mails(application)).noneMatch(mail -> mail.startsWith("exception/late-notice:"));
  }

  @Test
  @DisplayName("第25条: 更新の申請が却下されたときは、事後届出の却下と同じく申請者が逸脱の停止を報告するまで終わらない")
  void aRejectedRenewalEndsOnlyWhenTheApplicantReportsTheDeviationStopped() {
    ProcessInstance application = apply("ga-staff", application());
    decide(application, "ga-director", "approve", "");
    fire(application, "expiryReminderDue");
    complete(task(application, "confirmEndOrRenewal"), "ga-staff", Map.of("endChoice", "renew",
        "renewalPeriodTo", LocalDate.now().plusDays(150).toString()));
    ProcessInstance renewal = runtime.createProcessInstanceQuery()
        .processInstanceId((String) BpmnAwareTests.historyService().createHistoricVariableInstanceQuery()
            .processInstanceId(application.getId()).variableName("renewalProcessInstanceId").singleResult().getValue())
        .singleResult();

    decide(renewal, "ga-director", "reject", "更新は認めない。期間終了までに停止すること");

    assertThat(renewal).hasPassedInOrder("recordDecision", "notifyRejected", "postFactoRejected")
        .isWaitingAt("confirmDeviationStopped");
    assertThat(task(renewal, "confirmDeviationStopped")).isAssignedTo("ga-staff");
    assertThat(ledger(renewal)).containsEntry("status", "却下");
    complete(task(renewal, "confirmDeviationStopped"), "ga-staff",
        Map.of("deviationStopped", true, "stopNote", "期間終了日に持出しを停止しました"));
    assertThat(renewal).hasPassedInOrder("confirmDeviationStopped", "notifyStopConfirmed", "deviationStopped").isEnded();
    assertThat(ledger(renewal)).containsEntry("status", "逸脱停止確認済み");
  }

  @Test
  void invalidApplicationsAreRefusedNamingTheFieldAndStartNothing() {
    long before = runtime.createProcessInstanceQuery().processDefinitionKey("exception-measure").count();
    LocalDate today = LocalDate.now();

    assertRefused(() -> apply("ga-staff", with("periodTo", today.toString(), "periodFrom", today.plusDays(5).toString())),
        BadUserRequestException.class, "「適用期間（終了日）」は開始日より後");
    assertRefused(() -> apply("ga-staff", with("periodTo", today.plusDays(500).toString())),
        BadUserRequestException.class, "最長365日");
    assertRefused(() -> apply("ga-staff", with("reason", "")), BadUserRequestException.class, "「申請理由」を入力");
    assertRefused(() -> apply("ga-staff", with("confidentiality", "4")), BadUserRequestException.class, "「機密性」");
    Map<String, Object> future = postFacto(application());
    future.put("deviationStartedOn", today.plusDays(2).toString());
    assertRefused(() -> apply("ga-staff", future), BadUserRequestException.class, "未来の日付");
    Map<String, Object> noReason = postFacto(application());
    noReason.remove("urgencyReason");
    assertRefused(() -> apply("ga-staff", noReason), BadUserRequestException.class, "事前に申請できなかった理由");

    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("exception-measure").count()).isEqualTo(before);
  }

  @Test
  void everyFormOfTheProcessIsDeployedAndFoundForItsTask() throws Exception {
    String definition = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey("exception-measure").latestVersion().singleResult().getId();
    assertThat(read(forms.getDeployedStartForm(definition))).contains("\"id\" : \"exception-measure-start\"".replace(" : ", ": "));

    ProcessInstance application = apply("ga-staff", application());
    assertThat(read(forms.getDeployedTaskForm(review(application).getId()))).contains("exception-measure-review");
    decide(application, "ga-director", "sendBack", "修正してください");
    assertThat(read(forms.getDeployedTaskForm(task(application, "reviseApplication").getId())))
        .contains("exception-measure-revise");

    ProcessInstance approved = apply("ga-staff", application());
    decide(approved, "ga-director", "approve", "条件あり");
    assertThat(read(forms.getDeployedTaskForm(task(approved, "acknowledgeConditions").getId())))
        .contains("exception-measure-acknowledge");
    complete(task(approved, "acknowledgeConditions"), "ga-staff", Map.of("conditionsAcknowledged", true));
    fire(approved, "expiryReminderDue");
    assertThat(read(forms.getDeployedTaskForm(task(approved, "confirmEndOrRenewal").getId())))
        .contains("exception-measure-end-or-renew");
    fire(approved, "exceptionExpired");
    fire(approved, "endConfirmationOverdue");
    assertThat(read(forms.getDeployedTaskForm(task(approved, "confirmEscalatedEnd").getId())))
        .contains("exception-measure-confirm-end");

    ProcessInstance rejected = apply("ga-staff", postFacto(application()));
    decide(rejected, "ga-director", "reject", "停止せよ");
    assertThat(read(forms.getDeployedTaskForm(task(rejected, "confirmDeviationStopped").getId())))
        .contains("exception-measure-confirm-stop");
  }

  // --- helpers -------------------------------------------------------------------------------

  /** A valid normal application of ga-staff's department; other tests start from it too. */
  @Test
  @DisplayName("第25条: 申請者は承認（条件付き）・期間満了の通知を記録番号・要約・申請の詳細へのリンク付きで受け取る")
  void theApplicantIsMailedTheApprovalWithItsConditionsAndTheExpiryArt25() {
    // Given an application the director approves with a condition
    ProcessInstance application = apply("ga-staff", application());
    decide(application, "ga-director", "approve", "作業記録を毎週上長に提出すること");

    // Then the approval mail carries the condition; at the end of the period the expiry mail follows
    ApplicantMail approved = ApplicantMail.of(engine, jdbc, application, "request-approved", "ga-staff", SUMMARY);
    assertThat(approved.body()).contains("承認の条件:", "例外措置の申請を審査する: 作業記録を毎週上長に提出すること");
    complete(task(application, "acknowledgeConditions"), "ga-staff", Map.of("conditionsAcknowledged", true));
    fire(application, "expiryReminderDue");
    fire(application, "exceptionExpired");
    ApplicantMail expired = ApplicantMail.of(engine, jdbc, application, "exception/expired", "ga-staff", SUMMARY);
    assertThat(expired.body()).contains("適用期間が終了", "期間満了");
    assertThat(application).hasPassedInOrder("exceptionExpired", "recordExpiry", "notifyExpired", "expiryRecorded");
  }

  @Test
  void theApplicantIsMailedTheRejectionTheSendBackWithTheReviseTaskAndTheEscalation() {
    ProcessInstance rejected = apply("ga-staff", application());
    ProcessInstance sentBack = apply("ga-staff", application());
    ProcessInstance overdue = apply("ga-staff", application());

    decide(rejected, "ga-director", "reject", "代替措置が不十分");
    decide(sentBack, "ga-director", "sendBack", "代替措置を具体的に");
    fire(overdue, "reviewOverdue");

    assertThat(ApplicantMail.of(engine, jdbc, rejected, "request-rejected", "ga-staff", SUMMARY).body()).contains("代替措置が不十分");
    assertThat(ApplicantMail.of(engine, jdbc, sentBack, "request-sent-back", "ga-staff", SUMMARY).body())
        .contains("代替措置を具体的に", "#/?task=" + task(sentBack, "reviseApplication").getId());
    ApplicantMail escalated = ApplicantMail.of(engine, jdbc, overdue, "request-escalated", "ga-staff", SUMMARY);
    assertThat(escalated.subject()).contains("例外措置の申請を審査する");
    assertThat(escalated.body()).contains("現在の担当者: 担当 理事");
  }

  @Test
  void theReviewTaskSaysWhichApplicationItIsAndTheReviewerFindsItByTheRecordNumber() {
    ProcessInstance application = apply("ga-staff", application());

    ApplicantMail.assertDescribed(engine, new Http(port), review(application), "総務 花子", SUMMARY, "ga-director");
  }

  /** What application() is, in one line. */
  static final String SUMMARY = "第47条第1項の例外措置：出張先で暗号化に対応しない機器を使用する必要がある";

  public static Map<String, Object> application() {
    Map<String, Object> values = new HashMap<>();
    values.put("ruleReference", "第47条第1項");
    values.put("ruleText", "要機密情報を要管理対策区域外に持ち出す場合は暗号化する");
    values.put("reason", "出張先で暗号化に対応しない機器を使用する必要がある");
    values.put("alternativeMeasure", "作業後は直ちに消去し、上長が確認する");
    values.put("scopeDescription", "総務課の出張者2名、対象情報は会議資料のみ");
    values.put("scope", "department");
    values.put("confidentiality", "2");
    values.put("integrity", "1");
    values.put("availability", "1");
    values.put("periodFrom", LocalDate.now().plusDays(1).toString());
    values.put("periodTo", LocalDate.now().plusDays(90).toString());
    values.put("applicationType", "normal");
    return values;
  }

  /** What the revise form submits: the application without its type (normal or post-facto stays as filed). */
  static Map<String, Object> revision() {
    Map<String, Object> values = application();
    values.remove("applicationType");
    return values;
  }

  static Map<String, Object> postFacto(Map<String, Object> values) {
    values.put("applicationType", "postFacto");
    values.put("deviationStartedOn", LocalDate.now().minusDays(2).toString());
    values.put("urgencyReason", "災害対応で即時の対応が必要だった");
    return values;
  }

  static Map<String, Object> with(String... keyValues) {
    Map<String, Object> values = application();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put(keyValues[i], keyValues[i + 1]);
    }
    return values;
  }

  ProcessInstance apply(String applicant, Map<String, Object> variables) {
    return start(applicant, "exception-measure", variables);
  }

  void decide(ProcessInstance application, String reviewer, String decision, String comment) {
    complete(review(application), reviewer, Map.of("decision", decision, "decisionComment", comment));
  }

  Task review(ProcessInstance application) {
    return task(application, "reviewApplication");
  }

  Map<String, Object> ledger(ProcessInstance application) {
    return jdbc.queryForMap("select * from apr_exception_ledger where process_instance_id = ?", application.getId());
  }

}
