package jp.go.jica.approval.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.byod.ByodPermissionProcessTest;
import jp.go.jica.approval.cloud.CloudServiceApprovalProcessTest;
import jp.go.jica.approval.exception.ExceptionMeasureProcessTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import jp.go.jica.approval.outsourcing.OutsourcingSelectionProcessTest;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Due dates of every process's steps from {@code approval.due} (working days in Japan time), the reminder and
 * overdue mails as engine jobs run once, and a date that stays with the step when the step moves.
 */
public class DueDateTest extends PlatformTest {

  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  @LocalServerPort int port;
  @Autowired DueDateSettings settings;
  @Autowired FilterService filters;

  /** Friday 10:00 in Japan, next week: the weekend lies right after it. */
  ZonedDateTime friday;

  @BeforeEach
  void pinTheClockOnAFriday() {
    BpmnAwareTests.init(engine);
    friday = LocalDate.now(JAPAN).with(TemporalAdjusters.next(DayOfWeek.FRIDAY)).atTime(10, 0).atZone(JAPAN);
    ClockUtil.setCurrentTime(Date.from(friday.toInstant()));
  }

  @AfterEach
  void resetTheClock() {
    ClockUtil.reset();
  }

  @Test
  @DisplayName("第47条第1項・第145条第7項: 媒体の持出し許可は翌業務日が期限（金曜の申請は月曜、土日は数えない）")
  void theMediaCarryOutPermissionIsDueTheNextWorkingDayArt47() {
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("3", "1", "1"));

    Task permission = task(media, "sectionIsoPermission");

    assertThat(permission).isAssignedTo("ga-chief");
    assertThat(due(permission)).isEqualTo(friday.plusDays(3));
  }

  @Test
  @DisplayName("第48条第1項: 媒体の返却報告の期限は返却を上司へ知らせるBPMNのタイマーの時刻")
  void theMediaReturnReportIsDueWhenItsBpmnTellsTheSectionIsoArt48() {
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("3", "1", "1"));
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "approve", "decisionComment", "",
        "encryptionConfirmed", true, "designatedTransport", "施錠したケースで本人が運搬する"));

    fire(media, "returnDue");

    Task report = task(media, "confirmReturn");
    Job escalation = management.createJobQuery().processInstanceId(media.getId()).activityId("returnOverdue")
        .singleResult();
    assertThat(report.getDueDate()).isEqualTo(escalation.getDuedate());
    assertThat(dueJobs(report)).as("the BPMN reminds the applicant, not the platform").isEmpty();
  }

  @Test
  @DisplayName("第97条第1項: 端末の利用許可は3業務日が期限")
  void theByodDeviceManagersReviewIsDueInThreeWorkingDaysArt97() {
    ProcessInstance byod = start("ga-staff", "byod-permission", ByodPermissionProcessTest.publicInformation());

    Task review = task(byod, "deviceManagerReview");

    assertThat(due(review)).isEqualTo(friday.plusDays(5)); // Wednesday
  }

  @Test
  @DisplayName("第62条: クラウドサービスのセキュリティ要件の策定（申請側の手順でも担当は職員ではない）は10業務日が期限")
  void theCloudSecurityRequirementsAreDueInTenWorkingDaysArt62() {
    ProcessInstance cloud = start("ga-staff", "cloud-service-approval", CloudServiceApprovalProcessTest.confidential());

    Task requirements = task(cloud, "setSecurityRequirements");

    assertThat(due(requirements)).isEqualTo(friday.plusDays(14));
  }

  @Test
  @DisplayName("第54条: 業務委託の仕様の策定は10業務日が期限")
  void theOutsourcingSpecificationIsDueInTenWorkingDaysArt54() {
    ProcessInstance outsourcing = start("ga-staff", "outsourcing-selection", OutsourcingSelectionProcessTest.plain());

    Task specification = task(outsourcing, "draftSpecification");

    assertThat(due(specification)).isEqualTo(friday.plusDays(14));
  }

  @Test
  @DisplayName("第25条: 例外措置の審査の期限はBPMNの回付タイマーの時刻で、督促はBPMNのタイマーだけが送る")
  void theExceptionReviewIsDueWhenItsBpmnEscalatesAndOnlyTheBpmnRemindsArt25() {
    ProcessInstance application = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());

    Task review = task(application, "reviewApplication");

    Job escalation = management.createJobQuery().processInstanceId(application.getId()).activityId("reviewOverdue")
        .singleResult();
    assertThat(review.getDueDate()).isEqualTo(escalation.getDuedate());
    assertThat(due(review)).isEqualTo(friday.plusDays(7));
    assertThat(dueJobs(review)).as("no platform reminder beside the BPMN's").isEmpty();
  }

  @Test
  void aProcessWithoutSettingsTakesTheDefaultOfFiveWorkingDays() {
    Task review = sampleApproval();

    assertThat(due(review)).isEqualTo(friday.plusDays(7));
  }

  @Test
  void aStepSettingOverridesTheProcessDefault() {
    DueDateSettings.Process sample = new DueDateSettings.Process();
    sample.setDefault(Duration.ofDays(2));
    sample.getSteps().put("reviewRequest", Duration.ofHours(4));
    settings.getProcesses().put("sample-approval", sample);
    try {
      Task review = sampleApproval();

      assertThat(due(review)).isEqualTo(friday.plusHours(4));
    } finally {
      settings.getProcesses().remove("sample-approval");
    }
  }

  @Test
  void theApplicantsOwnRevisionHasNoDueDate() {
    Task review = sampleApproval();

    complete(review, "ga-chief", Map.of("decision", "sendBack", "decisionComment", "目的を具体的に"));

    Task revise = tasks.createTaskQuery().processInstanceId(review.getProcessInstanceId())
        .taskDefinitionKey("reviseRequest").singleResult();
    assertThat(revise.getDueDate()).isNull();
    assertThat(dueJobs(revise)).isEmpty();
    assertThat(dueJobs(review)).as("the decided step's jobs are gone").isEmpty();
  }

  @Test
  @DisplayName("第16条第2項: 期限の前日に担当者へ督促、期限を過ぎると担当者と（本人以外の）上司へ、それぞれ一度だけ")
  void theHolderIsRemindedADayBeforeAndTheHolderAndSuperiorToldWhenOverdueOnceEachArt16() {
    Task review = sampleApproval();
    assertThat(dueJobs(review)).hasSize(2);

    // When the day before the due date has come, the due jobs run (twice over, as two nodes would try)
    moveClockTo(friday.plusDays(6).plusMinutes(1)); // Thursday
    runDueJobs(review);
    runDueJobs(review);

    // Then
    assertThat(dueMails(review)).containsExactly("due/reminder:ga-chief");

    // When the due date has passed
    moveClockTo(friday.plusDays(7).plusMinutes(1));
    runDueJobs(review);
    runDueJobs(review);

    // Then
    assertThat(dueMails(review)).containsExactlyInAnyOrder("due/reminder:ga-chief", "due/overdue:ga-chief",
        "due/overdue-copy:ga-director");
    assertThat(dueJobs(review)).isEmpty();
    String subject = jdbc.queryForObject("select subject from apr_mail_outbox where process_instance_id = ? "
        + "and template = 'due/overdue'", String.class, review.getProcessInstanceId());
    assertThat(subject).startsWith("【期限超過】申請を審査する").contains(friday.plusDays(7).toLocalDate()
        .toString().replace('-', '/') + " 10:00");
  }

  @Test
  @DisplayName("第16条: 管理者が付け替えたタスクは期限を保ち、期限超過の知らせは新しい担当者とその上司へ")
  void aReassignedTaskKeepsItsDueDateAndTheNewHolderIsToldArt16() {
    Task review = sampleApproval();
    Date due = review.getDueDate();

    Http.Reply reply = new Http(port).post("admin", "/api/admin/tasks/" + review.getId() + "/reassign",
        Http.json(Map.of("reason", "総務課長が長期休暇のため")));
    assertThat(reply.status()).isEqualTo(200);

    Task moved = tasks.createTaskQuery().taskId(review.getId()).singleResult();
    assertThat(moved.getAssignee()).isEqualTo("ga-director");
    assertThat(moved.getDueDate()).isEqualTo(due);
    // When the node comes back after the due date: the late reminder is dropped, the overdue mail goes out
    moveClockTo(friday.plusDays(7).plusMinutes(1));
    runDueJobs(review);

    // Then
    assertThat(dueMails(review)).containsExactlyInAnyOrder("due/overdue:ga-director", "due/overdue-copy:exec-admin");
  }

  @Test
  @DisplayName("第16条第2項: 期限超過で上司へ回付された審査は期限を保つ（期限切れのまま上司に見える）")
  void anEscalatedReviewKeepsItsDueDateArt16() {
    ProcessInstance application = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());
    Date due = task(application, "reviewApplication").getDueDate();

    fire(application, "reviewOverdue");

    Task escalated = task(application, "reviewApplication");
    assertThat(escalated).isAssignedTo("exec-admin");
    assertThat(escalated.getDueDate()).isEqualTo(due);
  }

  @Test
  @DisplayName("第16条第2項: 設定があれば、期限超過で回付された上司には今からその期間が与えられ、督促も改めて予定される")
  void anEscalationExtensionGivesTheSuperiorTimeFromNowArt16() {
    settings.setEscalationExtension(Duration.ofDays(2));
    try {
      ProcessInstance application = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());
      moveClockTo(friday.plusDays(7).plusMinutes(1));

      fire(application, "reviewOverdue");

      Task escalated = task(application, "reviewApplication");
      assertThat(escalated).isAssignedTo("exec-admin");
      assertThat(due(escalated)).isEqualTo(friday.plusDays(11).plusMinutes(1)); // Tuesday
      assertThat(dueJobs(escalated)).hasSize(2);
    } finally {
      settings.setEscalationExtension(Duration.ZERO);
    }
  }

  @Test
  void theOverdueTaskIsInTheOverdueFilterAndFoundOverRestByItsDueDate() {
    Task review = sampleApproval();
    String filter = filters.createFilterQuery().filterName("期限切れ").singleResult().getId();
    assertThat(as("ga-chief", () -> filters.<Task>listPage(filter, 0, 50))).extracting(Task::getId).doesNotContain(review.getId());

    moveClockTo(friday.plusDays(7).plusMinutes(1));

    assertThat(as("ga-chief", () -> filters.<Task>listPage(filter, 0, 50))).extracting(Task::getId).contains(review.getId());
    String after = rest(friday.plusDays(7).minusMinutes(1));
    Http.Reply overdue = EngineClient.basic(port, "ga-chief").get("/task?maxResults=50&processInstanceId="
        + review.getProcessInstanceId() + "&dueBefore=" + rest(friday.plusDays(7).plusMinutes(1)));
    Http.Reply notYet = EngineClient.basic(port, "ga-chief").get("/task?maxResults=50&processInstanceId="
        + review.getProcessInstanceId() + "&dueBefore=" + after);
    assertThat(overdue.status()).isEqualTo(200);
    assertThat(overdue.json()).hasSize(1);
    assertThat(overdue.json().get(0).get("due").asText()).startsWith(friday.plusDays(7).toLocalDate().toString());
    assertThat(notYet.json()).isEmpty();
  }

  // --- helpers -------------------------------------------------------------------------------

  /** A sample approval of ga-staff at its review (ga-chief), started on the pinned Friday. */
  Task sampleApproval() {
    ProcessInstance instance = start("ga-staff", "sample-approval", new HashMap<>(Map.of("title", "期限の確認",
        "confidentiality", "1")));
    return task(instance, "reviewRequest");
  }

  ZonedDateTime due(Task task) {
    assertThat(task.getDueDate()).as("due date of %s", task.getTaskDefinitionKey()).isNotNull();
    return task.getDueDate().toInstant().atZone(JAPAN);
  }

  void moveClockTo(ZonedDateTime time) {
    ClockUtil.setCurrentTime(Date.from(time.toInstant()));
  }

  /** The task's reminder and overdue jobs still waiting. */
  List<String> dueJobs(Task task) {
    return jdbc.queryForList("select ID_ from ACT_RU_JOB where HANDLER_TYPE_ = ? and HANDLER_CFG_ like ?", String.class,
        DueJobHandler.TYPE, task.getId() + ":%");
  }

  /** What the job executor does with the task's due jobs now: runs those whose time has come. */
  void runDueJobs(Task task) {
    List<String> ids = dueJobs(task);
    if (ids.isEmpty()) {
      return;
    }
    for (Job job : management.createJobQuery().jobIds(new HashSet<>(ids)).timers().executable().list()) {
      management.executeJob(job.getId());
    }
  }

  List<String> dueMails(Task task) {
    return jdbc.queryForList("select template || ':' || recipient_id from apr_mail_outbox where process_instance_id = ? "
        + "and template like 'due/%'", String.class, task.getProcessInstanceId());
  }

  /** A date as engine REST takes it in a query parameter. */
  static String rest(ZonedDateTime time) {
    SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    format.setTimeZone(java.util.TimeZone.getTimeZone(JAPAN));
    return URLEncoder.encode(format.format(Date.from(time.toInstant())), StandardCharsets.UTF_8);
  }
}
