package jp.go.jica.approval.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code incident-response.bpmn}: report, the CSIRT's evaluation, the CISO's report, containment, the issos' checks,
 * the external notifications, investigation, measures and lessons (Art. 28-31), Art. 16 and overdue steps.
 */
public class IncidentResponseProcessTest extends PlatformTest {

  @LocalServerPort int port;

  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
  }

  @Test
  @DisplayName("第29条第2項: インシデントではないと評価された報告は記録され、報告者へ通知されて終わる")
  void aReportTheCsirtFindsNoIncidentIsRecordedAndTheReporterTold() {
    // Given an employee's report
    ProcessInstance incident = report("ga-staff", report("不審なメールを受信"));
    Task evaluation = task(incident, "evaluateIncident");
    assertThat(evaluation).isAssignedTo("it-director");
    assertThat(register(incident)).containsEntry("status", "評価待ち").containsEntry("reporter_id", "ga-staff");
    assertThat(register(incident).get("incident_number").toString()).matches("IN-\\d{4}-\\d{5}");

    // When the CSIRT head evaluates it as no incident
    complete(evaluation, "it-director", notAnIncident());

    // Then the reporter is told, nothing goes to the CISO and the register and timeline say so
    assertThat(incident).hasPassedInOrder("evaluateIncident", "recordEvaluation", "evaluated", "tellReporter", "notAnIncident")
        .hasNotPassed("reportToCiso").isEnded();
    assertThat(mails(incident)).contains("incident-response/not-an-incident:ga-staff")
        .doesNotContain("incident-response/ciso-report:ciso");
    assertThat(register(incident)).containsEntry("status", "インシデントではない").containsEntry("assessment", "notIncident")
        .containsEntry("evaluated_by", "it-director");
    assertThat(kinds(incident)).containsExactly("reported", "evaluated", "reporterTold");
  }

  @Test
  @DisplayName("第29条〜第31条: インシデントはCISOへ報告され、拡大防止・システム確認・外部報告の後、調査・措置・教訓の共有で完了する")
  void anIncidentGoesThroughEveryStepToTheLessons() {
    // Given a report with personal information and a suspected cyber attack
    Map<String, Object> values = report("ファイルサーバのランサムウェア感染");
    values.put("personalInformation", "yes");
    values.put("cyberAttackReported", true);
    ProcessInstance incident = report("ga-staff", values);

    // When the CSIRT evaluates it as an incident, asking two departments' issos to check their systems
    Map<String, Object> evaluation = anIncident("ga-dept");
    evaluation.put("issoDepartmentIds", "proc-dept, ph-office");
    evaluation.put("cyberAttackSuspected", true);
    evaluation.put("personalInformationLeaked", true);
    complete(task(incident, "evaluateIncident"), "it-director", evaluation);

    // Then the CISO is told at once and acknowledges in a task; the iso contains; the issos check; every notification is a task
    assertThat(mails(incident)).contains("incident-response/ciso-report:ciso", "incident-response/iso-instructed:ga-director");
    assertThat(register(incident).get("ciso_reported_at")).isNotNull();
    assertThat(task(incident, "acknowledgeReport")).isAssignedTo("ciso");
    assertThat(task(incident, "containIncident")).isAssignedTo("ga-director");
    assertThat(tasks(incident, "checkSystems")).extracting(Task::getAssignee).containsExactlyInAnyOrder("proc-director", "ph-head");
    for (String notification : List.of("notifyMofa", "notifyPolice", "notifyPpc")) {
      Task task = task(incident, notification);
      assertThat(task).as(notification).isAssignedTo("it-director");
      assertThat(task.getDueDate()).as("own due date of %s", notification).isNotNull();
    }
    assertThat(task(incident, "notifyMofa").getDueDate()).isBefore(task(incident, "notifyPpc").getDueDate());

    complete(task(incident, "acknowledgeReport"), "ciso", Map.of("decision", "approve", "decisionComment", ""));
    complete(task(incident, "containIncident"), "ga-director", Map.of("containmentActions", "感染端末をネットワークから切り離した",
        "recoveryStatus", "partial"));
    for (Task check : tasks(incident, "checkSystems")) {
      complete(check, check.getAssignee(), Map.of("systemCheckResult", "noImpact", "systemCheckNote", "同種の痕跡なし"));
    }
    for (String notification : List.of("notifyMofa", "notifyPolice", "notifyPpc")) {
      assertThat(task(incident, "investigateCause")).as("investigation waits for %s", notification).isNull();
      complete(task(incident, notification), "it-director", notified());
    }

    // Then the iso investigates; the report goes to the CISO and the chief-iso
    Task investigation = task(incident, "investigateCause");
    assertThat(investigation).isAssignedTo("ga-director");
    complete(investigation, "ga-director", Map.of("cause", "VPN機器の脆弱性", "preventionProposal", "修正版の適用"));
    assertThat(mails(incident)).contains("incident-response/investigation-report:ciso",
        "incident-response/investigation-report:it-director");

    // When the CISO sends it back, the iso investigates again; then the CISO orders measures
    assertRefused(() -> complete(task(incident, "confirmMeasures"), "ciso", Map.of("decision", "approve", "decisionComment", "")),
        BadUserRequestException.class, "「指示する措置」");
    complete(task(incident, "confirmMeasures"), "ciso", Map.of("decision", "sendBack", "decisionComment", "侵入経路を特定すること"));
    assertThat(task(incident, "investigateCause")).isAssignedTo("ga-director");
    complete(task(incident, "investigateCause"), "ga-director", Map.of("cause", "VPN機器の脆弱性を突いた侵入",
        "preventionProposal", "修正版の適用と多要素認証"));
    complete(task(incident, "confirmMeasures"), "ciso", Map.of("decision", "approve", "decisionComment", "",
        "measuresOrdered", "全部署のVPN機器を点検すること"));

    // Then the CSIRT head shares the lessons and the response is complete
    complete(task(incident, "shareLessons"), "it-director", Map.of("lessons", "脆弱性情報の確認を毎週行う",
        "lessonsSharedWith", "全職員への周知メール"));
    assertThat(incident).hasPassedInOrder("reportToCiso", "respond", "responded", "investigateCause", "confirmMeasures",
        "investigateCause", "confirmMeasures", "shareLessons", "closeIncident", "incidentClosed").isEnded();
    assertThat(register(incident)).containsEntry("status", "対処完了").containsEntry("responsible_iso", "ga-director")
        .containsEntry("cause", "VPN機器の脆弱性を突いた侵入").containsEntry("measures_ordered", "全部署のVPN機器を点検すること")
        .containsEntry("cyber_attack_suspected", true).containsEntry("personal_information_leaked", true);
    assertThat(kinds(incident)).startsWith("reported", "evaluated", "isoInstructed", "cisoReported")
        .contains("cisoAcknowledged", "contained", "systemChecked", "notifiedMofa", "notifiedPolice", "notifiedPpc",
            "investigated", "reinvestigation", "measuresOrdered", "lessonsShared").endsWith("closed");
  }

  @Test
  @DisplayName("第29条第7項・第30条第3項: 警察と個人情報保護委員会への報告は該当するときだけ、外務省への報告は常に")
  void onlyTheNotificationsThatApplyAreTasks() {
    ProcessInstance incident = report("ga-staff", report("誤送信"));

    complete(task(incident, "evaluateIncident"), "it-director", anIncident("ga-dept"));

    assertThat(task(incident, "notifyMofa")).isNotNull();
    assertThat(task(incident, "notifyPolice")).isNull();
    assertThat(task(incident, "notifyPpc")).isNull();
    assertThat(tasks(incident, "checkSystems")).isEmpty();
    assertThat(incident).hasPassed("policeNeeded", "policeDone", "ppcNeeded", "ppcDone", "checksNeeded", "checksDone")
        .hasNotPassed("notifyPolice", "notifyPpc", "checkSystems");
  }

  @Test
  @DisplayName("第29条第2項: インシデントと評価するには対処部署が必要で、組織図にない部署や職員は受け付けない")
  void anIncidentNeedsARespondingDepartmentOnTheChart() {
    ProcessInstance incident = report("ga-staff", report("誤送信"));
    Task evaluation = task(incident, "evaluateIncident");

    Map<String, Object> noDepartment = anIncident("ga-dept");
    noDepartment.remove("responsibleDepartmentId");
    assertRefused(() -> complete(evaluation, "it-director", noDepartment), BadUserRequestException.class, "「対処を担当する部署（部署コード）」");
    assertRefused(() -> complete(evaluation, "it-director", anIncident("nowhere")), BadUserRequestException.class, "nowhere");
    Map<String, Object> unknownPerson = anIncident("ga-dept");
    unknownPerson.put("causedBy", "nobody");
    assertRefused(() -> complete(evaluation, "it-director", unknownPerson), BadUserRequestException.class, "nobody");

    assertThat(task(incident, "evaluateIncident")).isNotNull();
    assertThat(register(incident)).containsEntry("status", "評価待ち");
  }

  @Test
  @DisplayName("第16条: CSIRT責任者本人の報告は本人ではなく上司が評価する")
  void theCsirtHeadsOwnReportIsEvaluatedByTheirSuperior() {
    ProcessInstance incident = report("it-director", report("ノートPCの盗難"));

    Task evaluation = task(incident, "evaluateIncident");
    assertThat(evaluation).isAssignedTo("ciso");
    Map<String, Object> routing = jdbc.queryForMap("select * from apr_routing_decision where task_id = ?", evaluation.getId());
    assertThat(routing).containsEntry("designated_person", "it-director").containsEntry("article", "第16条第2項");
    assertRefused(() -> complete(evaluation, "it-director", notAnIncident()), AuthorizationException.class, "it-director");

    complete(evaluation, "ciso", notAnIncident());
    assertThat(register(incident)).containsEntry("evaluated_by", "ciso");
  }

  @Test
  @DisplayName("第16条: インシデントの原因となった情報セキュリティ責任者は自分の案件の原因調査をせず、上司が行う")
  void theIsoWhoCausedTheIncidentDoesNotInvestigateIt() {
    ProcessInstance incident = report("ga-staff", report("部長による誤送信"));
    Map<String, Object> evaluation = anIncident("ga-dept");
    evaluation.put("causedBy", "ga-director");
    complete(task(incident, "evaluateIncident"), "it-director", evaluation);
    completeFirstResponse(incident);

    Task investigation = task(incident, "investigateCause");
    assertThat(investigation.getAssignee()).isNotEqualTo("ga-director");
    assertThat(jdbc.queryForMap("select * from apr_routing_decision where task_id = ?", investigation.getId()))
        .containsEntry("designated_person", "ga-director").containsEntry("reason_code", "RECORDED_PARTY");
    assertRefused(() -> complete(investigation, "ga-director", Map.of("cause", "x", "preventionProposal", "y")),
        AuthorizationException.class, "ga-director");
    assertThat(register(incident)).containsEntry("caused_by", "ga-director");
  }

  @Test
  @DisplayName("期限を過ぎた評価は担当者と上司へ通知され、経過記録に残る（直ちに評価する手順の期限は時間単位）")
  void anOverdueEvaluationIsEscalated() {
    ProcessInstance incident = report("ga-staff", report("不審なUSB"));
    Task evaluation = task(incident, "evaluateIncident");
    assertThat(evaluation.getDueDate()).isBefore(Date.from(Instant.now().plus(4, ChronoUnit.HOURS).plusSeconds(60)));

    try {
      ClockUtil.setCurrentTime(Date.from(Instant.now().plus(5, ChronoUnit.DAYS)));
      // the platform's reminder and overdue jobs of the step, as the job executor runs them once due
      for (String job : jdbc.queryForList("select ID_ from ACT_RU_JOB where HANDLER_CFG_ like ? order by DUEDATE_",
          String.class, evaluation.getId() + ":%")) {
        management.executeJob(job);
      }
    } finally {
      ClockUtil.reset();
    }

    assertThat(mails(incident)).contains("due/overdue:it-director", "due/overdue-copy:ciso");
    assertThat(jdbc.queryForList("select summary from apr_incident_event where process_instance_id = ? and kind = ?",
        String.class, incident.getId(), "overdue")).singleElement().asString().contains("期限超過", "it-director", "ciso");
  }

  @Test
  @DisplayName("第29条第1項・第145条第7項: 持出し媒体の紛失はインシデント対処を開始し、両方の記録が互いを指す")
  void aLostMediumStartsAnIncidentResponseLinkedBothWays() {
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "1", "1"));
    fire(media, "returnDue");
    complete(task(media, "confirmReturn"), "ga-staff", Map.of("returnResult", "lost", "returnNote", "電車内で紛失"));

    assertThat(media).hasPassedInOrder("returnOutcome", "startIncident", "recordLoss", "lossReported").isEnded();
    Map<String, Object> log = jdbc.queryForMap("select * from apr_media_carry_out where process_instance_id = ?", media.getId());
    String number = (String) log.get("incident_number");
    assertThat(number).matches("IN-\\d{4}-\\d{5}");
    assertThat(log).containsEntry("status", "紛失").containsEntry("lost", true);
    Map<String, Object> incident = jdbc.queryForMap("select * from apr_incident where incident_number = ?", number);
    assertThat(incident).containsEntry("source_process_key", "media-carry-out")
        .containsEntry("source_process_instance_id", media.getId()).containsEntry("source_number", log.get("log_number"))
        .containsEntry("reporter_id", "ga-staff");
    assertThat(incident.get("what_happened").toString()).contains("電車内で紛失");
    ProcessInstance response = runtime.createProcessInstanceQuery().processInstanceBusinessKey(number).singleResult();
    assertThat(task(response, "evaluateIncident")).isAssignedTo("it-director");
  }

  @Test
  @DisplayName("第29条第9項: 記録簿はCSIRTには全件、報告者と担当の情報セキュリティ責任者には自分の案件だけ見える")
  void theRegisterShowsEachPersonWhatTheyMaySee() {
    ProcessInstance incident = report("ga-staff", report("閲覧範囲の確認"));
    String number = (String) register(incident).get("incident_number");
    Http http = new Http(port);

    assertThat(http.get("it-staff", "/api/incidents/" + number).status()).isEqualTo(200);
    assertThat(http.get("ga-staff", "/api/incidents/" + number).json().get("timeline").get(0).get("kind").asText())
        .isEqualTo("reported");
    assertThat(http.get("proc-staff", "/api/incidents/" + number).status()).isEqualTo(404);
    assertThat(http.get("proc-staff", "/api/incidents/" + number + "/timeline").status()).isEqualTo(404);
    assertThat(http.get("proc-staff", "/api/incidents").body()).doesNotContain(number);
    assertThat(http.get("ciso", "/api/incidents").body()).contains(number);
    assertThat(http.get("it-staff", "/api/incidents.csv").body()).contains(number, "インシデント番号");
  }

  @Test
  @DisplayName("第29条第1項: CSIRTのツールはAPIで報告でき、CSIRT以外と誤った入力は拒否される")
  void theCsirtsToolsReportThroughTheApiAndOthersAreRefused() {
    Http http = new Http(port);
    String body = "{\"incidentTitle\":\"IDSの検知\",\"whatHappened\":\"外部への不審な通信\",\"noticedOn\":\""
        + LocalDate.now() + "\",\"confidentiality\":\"2\",\"personalInformation\":\"unknown\",\"cyberAttackReported\":true}";
    long before = count();

    assertThat(http.post("ga-staff", "/api/incidents", body).status()).isEqualTo(403);
    Http.Reply bad = http.post("it-staff", "/api/incidents", body.replace("\"confidentiality\":\"2\"", "\"confidentiality\":\"9\""));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("message").asText()).contains("「関係する情報の格付（機密性）」");
    assertThat(http.post("it-staff", "/api/incidents", body.replace("IDSの検知", "")).json().get("message").asText()).contains("「件名」");
    // the reporter, the source and the number are the platform's: a body naming them is refused, not obeyed
    Http.Reply forged = http.post("it-staff", "/api/incidents", body.replace("{", "{\"applicant\":\"ga-staff\","));
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.json().get("message").asText()).contains("「applicant」");
    Http.Reply numbered = http.post("it-staff", "/api/incidents", body.replace("{", "{\"incidentNumber\":\"IN-0\","));
    assertThat(numbered.status()).isEqualTo(400);
    assertThat(numbered.body()).doesNotContain("Exception:", "org.camunda");
    Http.Reply future = http.post("it-staff", "/api/incidents", body.replace(LocalDate.now().toString(), LocalDate.now().plusDays(3).toString()));
    assertThat(future.status()).isEqualTo(400);
    assertThat(future.json().get("message").asText()).contains("「気付いた日」");
    Http.Reply nested = http.post("it-staff", "/api/incidents", body.replace("\"外部への不審な通信\"", "{\"a\":1}"));
    assertThat(nested.status()).isEqualTo(400);
    assertThat(nested.json().get("message").asText()).contains("発生した事象");
    assertThat(count()).isEqualTo(before);

    Http.Reply reported = http.post("it-staff", "/api/incidents", body);
    assertThat(reported.status()).isEqualTo(200);
    String number = reported.json().get("incidentNumber").asText();
    assertThat(jdbc.queryForMap("select * from apr_incident where incident_number = ?", number))
        .containsEntry("reporter_id", "it-staff").containsEntry("cyber_attack_reported", true);
  }

  /** Completes the first response (CISO, containment, MOFA) so that the investigation opens. */
  void completeFirstResponse(ProcessInstance incident) {
    complete(task(incident, "acknowledgeReport"), "ciso", Map.of("decision", "approve", "decisionComment", ""));
    complete(task(incident, "containIncident"), "ga-director", Map.of("containmentActions", "対処した", "recoveryStatus", "recovered"));
    complete(task(incident, "notifyMofa"), "it-director", notified());
  }

  public static Map<String, Object> report(String title) {
    Map<String, Object> values = new HashMap<>();
    values.put("incidentTitle", title);
    values.put("whatHappened", title + "の事象が発生した");
    values.put("noticedOn", LocalDate.now().toString());
    values.put("systemsInvolved", "ファイルサーバ");
    values.put("informationInvolved", "業務資料");
    values.put("confidentiality", "2");
    values.put("personalInformation", "no");
    values.put("cyberAttackReported", false);
    values.put("actionsTaken", "上司へ連絡した");
    return values;
  }

  public static Map<String, Object> notAnIncident() {
    return new HashMap<>(Map.of("incidentAssessment", "notIncident", "evaluationNote", "迷惑メールであり開封もしていない",
        "decision", "approve", "decisionComment", ""));
  }

  public static Map<String, Object> anIncident(String department) {
    return new HashMap<>(Map.of("incidentAssessment", "incident", "evaluationNote", "情報漏えいのおそれ。端末を隔離すること",
        "responsibleDepartmentId", department, "decision", "approve", "decisionComment", ""));
  }

  public static Map<String, Object> notified() {
    return Map.of("notifiedOn", LocalDate.now().toString(), "notifiedTo", "担当窓口", "notificationNote", "第一報を報告した");
  }

  ProcessInstance report(String reporter, Map<String, Object> values) {
    return start(reporter, "incident-response", values);
  }

  List<Task> tasks(ProcessInstance instance, String key) {
    return tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(key).list();
  }

  Map<String, Object> register(ProcessInstance incident) {
    return jdbc.queryForMap("select * from apr_incident where process_instance_id = ?", incident.getId());
  }

  List<String> kinds(ProcessInstance incident) {
    return jdbc.queryForList("select kind from apr_incident_event where process_instance_id = ? order by id", String.class,
        incident.getId());
  }

  long count() {
    return jdbc.queryForObject("select count(*) from apr_incident", Long.class);
  }
}
