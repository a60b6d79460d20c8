package jp.go.jica.approval.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * マイ申請 and the case page over HTTP: the applicant follows their request and its steps, the people on the
 * case and the security office may read it, anyone else is answered as if it did not exist.
 */
class CaseApiTest extends PlatformTest {

  @LocalServerPort int port;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void theApplicantSeesTheirRequestWithItsNumberCurrentStepAndHolder() {
    // Given a carry-out that needs the section-iso's permission
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));

    // When the applicant opens マイ申請
    JsonNode mine = http.get("ga-staff", "/api/my/requests").json();

    // Then the request is listed with what it is, where it stands and who holds it
    JsonNode row = find(mine, media.getId());
    assertThat(row).as("own request listed").isNotNull();
    assertThat(row.get("recordNumber").asText()).startsWith("MD-");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(media.getId()).singleResult().getBusinessKey())
        .as("Tasklist and Cockpit find the case by its record number").isEqualTo(row.get("recordNumber").asText());
    assertThat(row.get("process").asText()).isEqualTo("外部電磁的記録媒体の持出し");
    assertThat(row.get("status").asText()).isEqualTo("処理中");
    assertThat(row.get("currentSteps").get(0).get("holder").asText()).isEqualTo("総務 課長");
    assertThat(find(http.get("proc-staff", "/api/my/requests").json(), media.getId()))
        .as("another employee's マイ申請 does not list it").isNull();
  }

  @Test
  void everyMailAboutARequestNamesItsRecordNumberAndLinksItsCasePage() {
    // Given a carry-out waiting for ga-chief's permission
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    String number = (String) runtime.getVariable(media.getId(), "logNumber");

    // Then the approver's mail says which request it is and where to follow it
    Map<String, Object> mail = jdbc.queryForMap("select subject, body from apr_mail_outbox where process_instance_id = ? "
        + "and recipient_id = 'ga-chief'", media.getId());
    assertThat(mail.get("subject").toString()).contains(number);
    assertThat(mail.get("body").toString()).contains("記録番号: " + number,
        "/platform/cases/case.html?id=" + media.getId());
  }

  @Test
  void theCasePageShowsEveryStepWithItsDecisionReasonAndArticle() {
    // Given a carry-out the section-iso approved
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "approve", "decisionComment", "問題なし"));

    // When the applicant opens the case
    Http.Reply reply = http.get("ga-staff", "/api/cases/" + media.getId());

    // Then the timeline has the application and the decision with who, reason and article
    assertThat(reply.status()).isEqualTo(200);
    JsonNode timeline = reply.json().get("timeline");
    assertThat(timeline.get(0).get("step").asText()).isEqualTo("申請");
    JsonNode decision = null;
    for (JsonNode entry : timeline) {
      if ("承認".equals(entry.get("outcome").asText())) {
        decision = entry;
      }
    }
    assertThat(decision).as("the approval is on the timeline").isNotNull();
    assertThat(decision.get("who").asText()).isEqualTo("総務 課長");
    assertThat(decision.get("comment").asText()).isEqualTo("問題なし");
    assertThat(decision.get("reason").asText()).contains("課等情報セキュリティ責任者");
    assertThat(decision.get("article").asText()).startsWith("第");
    assertThat(reply.json().get("fields").toString()).as("fields under the form's Japanese labels")
        .contains("資産番号", "USBメモリ").doesNotContain("\"usb\"");
  }

  @Test
  void anApproverFindsWhatTheyDecidedInTheirProcessedList() {
    // Given a carry-out ga-chief permitted with a comment
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "approve", "decisionComment", "運搬方法を確認"));

    // When ga-chief opens 処理済み
    JsonNode decided = find(http.get("ga-chief", "/api/my/decisions").json(), media.getId());

    // Then the decision is listed with the case, the step, the decision and the comment
    assertThat(decided).isNotNull();
    assertThat(decided.get("recordNumber").asText()).startsWith("MD-");
    assertThat(decided.get("step").asText()).isEqualTo("媒体の持出しを許可する");
    assertThat(decided.get("decision").asText()).isEqualTo("承認");
    assertThat(decided.get("comment").asText()).isEqualTo("運搬方法を確認");
    assertThat(find(http.get("ga-staff", "/api/my/decisions").json(), media.getId()))
        .as("the applicant decided nothing").isNull();
  }

  @Test
  void theCaseIsReadableByItsPeopleAndTheSecurityOfficeAndByNobodyElse() {
    // Given a carry-out waiting for ga-chief
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    String path = "/api/cases/" + media.getId();

    // Then its holder and the security office read it
    assertThat(http.get("ga-chief", path).status()).as("the holder of a step").isEqualTo(200);
    assertThat(http.get("it-staff", path).status()).as("the security office").isEqualTo(200);
    assertThat(http.get("ga-director", path).status()).as("the applicant's iso").isEqualTo(200);
    JsonNode mine = http.get("ga-chief", path).json();
    assertThat(mine.get("myTasks").get(0).get("id").asText()).as("a link to the holder's own task")
        .isEqualTo(task(media, "sectionIsoPermission").getId());

    // And another department's employee gets the same answer as for a case that does not exist
    Http.Reply refused = http.get("proc-staff", path);
    Http.Reply missing = http.get("proc-staff", "/api/cases/no-such-case");
    assertThat(refused.status()).isEqualTo(404);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(refused.body()).doesNotContain("ga-staff", "総務", "MD-");
    assertThat(http.get(null, path).status()).isEqualTo(401);
  }

  @Test
  void aCarryOutStillOutAfterItsReturnDateReadsReturnOverdueArt48() {
    // Given a carry-out ga-chief permitted (the medium is out, 持出し中) whose return date was yesterday in Japan (第48条)
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "approve"));
    assertThat(jdbc.queryForObject("select status from apr_media_carry_out where process_instance_id = ?", String.class,
        media.getId())).isEqualTo("持出し中");
    jdbc.update("update apr_media_carry_out set return_on = ? where process_instance_id = ?",
        java.sql.Date.valueOf(java.time.LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(1)), media.getId());

    // When the applicant opens マイ申請 and the case page
    JsonNode row = find(http.get("ga-staff", "/api/my/requests").json(), media.getId());
    JsonNode page = http.get("ga-staff", "/api/cases/" + media.getId()).json();

    // Then both say 返却期限超過, as the media register does
    assertThat(row.get("status").asText()).isEqualTo("返却期限超過");
    assertThat(page.get("status").asText()).isEqualTo("返却期限超過");
  }

  @Test
  void aCarryOutDueBackTodayIsStillInProgress() {
    // Given a permitted carry-out whose medium is due back today in Japan
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "approve"));
    jdbc.update("update apr_media_carry_out set return_on = ? where process_instance_id = ?",
        java.sql.Date.valueOf(java.time.LocalDate.now(ZoneId.of("Asia/Tokyo"))), media.getId());

    // Then it is not overdue yet
    assertThat(find(http.get("ga-staff", "/api/my/requests").json(), media.getId()).get("status").asText())
        .isEqualTo("処理中");
  }

  @Test
  void timesOnTheCasePagesAreJapanTimeAsYyyyMmDdHhMm() {
    // Given a carry-out ga-chief decided
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "approve"));
    String started = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(ZoneId.of("Asia/Tokyo")).format(
        engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(media.getId()).singleResult()
            .getStartTime().toInstant());

    // When the applicant and the approver read the case and their lists
    JsonNode page = http.get("ga-staff", "/api/cases/" + media.getId()).json();
    JsonNode row = find(http.get("ga-staff", "/api/my/requests").json(), media.getId());
    JsonNode decided = find(http.get("ga-chief", "/api/my/decisions").json(), media.getId());

    // Then every moment is the start time as a Japanese office reads it
    assertThat(page.get("startedAt").asText()).isEqualTo(started);
    assertThat(row.get("startedAt").asText()).isEqualTo(started);
    assertThat(page.get("timeline").get(0).get("at").asText()).isEqualTo(started);
    assertThat(page.get("fields").get("返却予定日").asText()).as("a date field under its dateLabel, as stored (the page writes it yyyy/MM/dd)")
        .matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(decided.get("decidedAt").asText()).matches("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}");
  }

  private static JsonNode find(JsonNode rows, String id) {
    for (JsonNode row : rows) {
      if (id.equals(row.get("id").asText())) {
        return row;
      }
    }
    return null;
  }
}
