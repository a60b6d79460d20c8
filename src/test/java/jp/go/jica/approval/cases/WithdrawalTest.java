package jp.go.jica.approval.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.byod.ByodPermissionProcessTest;
import jp.go.jica.approval.exception.ExceptionMeasureProcessTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * 取下げ: the applicant withdraws an undecided request with a reason; its open steps end, their holders and
 * the applicant are mailed, the register says 取下げ. Nobody else withdraws it, nor a decided one.
 */
public class WithdrawalTest extends PlatformTest {

  @LocalServerPort int port;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
    BpmnAwareTests.init(engine);
  }

  @Test
  void theApplicantWithdrawsACarryOutWaitingForPermission() {
    // Given a carry-out waiting for ga-chief's permission
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    assertThat(media).isWaitingAt("sectionIsoPermission");

    // When ga-staff withdraws it
    Http.Reply reply = withdraw("ga-staff", media.getId(), "持出しの予定がなくなったため");

    // Then the case ended, the register and the case page say 取下げ, and the holder and applicant are mailed
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(media).isEnded();
    assertThat(tasks.createTaskQuery().processInstanceId(media.getId()).count()).isZero();
    assertThat(jdbc.queryForObject("select status from apr_media_carry_out where process_instance_id = ?", String.class,
        media.getId())).isEqualTo("取下げ");
    assertThat(mails(media)).contains("cases/withdrawn:ga-chief", "cases/withdrawn-applicant:ga-staff");
    assertThat(jdbc.queryForObject("select withdrawal_reason from apr_case where process_instance_id = ?", String.class,
        media.getId())).isEqualTo("持出しの予定がなくなったため");
    Http.Reply page = http.get("ga-staff", "/api/cases/" + media.getId());
    assertThat(page.json().get("status").asText()).isEqualTo("取下げ");
    assertThat(page.json().get("withdrawable").asBoolean()).isFalse();
    assertThat(page.json().get("timeline").toString()).contains("持出しの予定がなくなったため", "取下げにより終了");
  }

  @Test
  void nobodyButTheApplicantWithdrawsAndNothingChanges() {
    // Given a carry-out waiting for ga-chief's permission
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));

    // Then its holder, another employee and an administrator are answered as if it did not exist
    for (String other : new String[] {"ga-chief", "proc-staff", "admin"}) {
      Http.Reply refused = withdraw(other, media.getId(), "勝手に取り下げる");
      assertThat(refused.status()).as(other).isEqualTo(404);
      assertThat(refused.body()).doesNotContain("ga-staff");
    }
    assertThat(withdraw(null, media.getId(), "x").status()).isEqualTo(401);
    assertUntouched(media);
    assertThat(http.get("ga-staff", "/api/cases/" + media.getId()).json().get("withdrawable").asBoolean()).isTrue();
    assertThat(http.get("ga-chief", "/api/cases/" + media.getId()).json().get("withdrawable").asBoolean())
        .as("only the applicant is offered 取下げ").isFalse();
  }

  @Test
  void aWithdrawalWithoutReasonIsRefusedNamingTheFieldAndChangesNothing() {
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));

    Http.Reply refused = withdraw("ga-staff", media.getId(), "  ");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("message").asText()).contains("「取下げの理由」");
    assertUntouched(media);
  }

  @Test
  void aDecidedRequestCannotBeWithdrawn() {
    // Given a carry-out ga-chief permitted
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "approve", "decisionComment", ""));

    // When the applicant tries to withdraw it
    Http.Reply refused = withdraw("ga-staff", media.getId(), "やはり不要");

    // Then it is refused as decided, and the carry-out stays
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("message").asText()).contains("判断");
    assertThat(media).isNotEnded();
    assertThat(jdbc.queryForObject("select status from apr_media_carry_out where process_instance_id = ?", String.class,
        media.getId())).isNotEqualTo("取下げ");
  }

  @Test
  void anExceptionMeasureWaitingForReviewIsWithdrawnAndItsLedgerSaysSo() {
    ProcessInstance exception = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());
    assertThat(exception).isWaitingAt("reviewApplication");

    assertThat(withdraw("ga-staff", exception.getId(), "対策が間に合ったため").status()).isEqualTo(200);

    assertThat(exception).isEnded();
    assertThat(jdbc.queryForList("select status from apr_exception_ledger where process_instance_id = ?", String.class,
        exception.getId())).allMatch("取下げ"::equals);
    assertThat(mails(exception)).anyMatch(m -> m.startsWith("cases/withdrawn:"));
  }

  @Test
  void aByodRequestWaitingForTheDeviceManagerIsWithdrawnAndItsRegisterSaysSo() {
    ProcessInstance byod = start("ga-staff", "byod-permission", ByodPermissionProcessTest.publicInformation());
    assertThat(byod).isWaitingAt("deviceManagerReview");

    assertThat(withdraw("ga-staff", byod.getId(), "支給端末が届いたため").status()).isEqualTo(200);

    assertThat(byod).isEnded();
    assertThat(jdbc.queryForObject("select status from apr_byod_permit where process_instance_id = ?", String.class,
        byod.getId())).isEqualTo("取下げ");
    assertThat(mails(byod)).contains("cases/withdrawn:ga-device-manager");
  }

  @Test
  void aRequestSentBackForRevisionIsWithdrawnWithoutRunningTheRevisionsChecks() {
    // Given a carry-out ga-chief sent back to the applicant
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "sendBack", "decisionComment", "目的を詳しく"));
    assertThat(media).isWaitingAt("reviseRequest");

    // When the applicant withdraws it instead of revising
    Http.Reply reply = withdraw("ga-staff", media.getId(), "持出しをやめる");

    // Then it ended cleanly and the register says 取下げ
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(media).isEnded();
    assertThat(jdbc.queryForObject("select status from apr_media_carry_out where process_instance_id = ?", String.class,
        media.getId())).isEqualTo("取下げ");
  }

  @Test
  void aCarryOutInForceUnderRecordOnlyCannotBeWithdrawnArt48() {
    // Given a carry-out that needed no permission: the medium is out, the case waits for its return
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "1", "1"));
    assertThat(media).isWaitingAt("returnDue");

    // When the applicant tries to withdraw it
    Http.Reply refused = withdraw("ga-staff", media.getId(), "返却の報告を省きたい");

    // Then it is refused, and the return is still awaited
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("message").asText()).contains("判断待ちではない");
    assertThat(media).isWaitingAt("returnDue");
    assertThat(http.get("ga-staff", "/api/cases/" + media.getId()).json().get("withdrawable").asBoolean()).isFalse();
  }

  @Test
  void aPostFactoExceptionNoticeCannotBeWithdrawnArt25() {
    // Given a post-facto notice of a deviation already under way, waiting for review
    Map<String, Object> notice = ExceptionMeasureProcessTest.application();
    notice.put("applicationType", "postFacto");
    notice.put("deviationStartedOn", java.time.LocalDate.now().minusDays(2).toString());
    notice.put("urgencyReason", "災害対応で即時の対応が必要だった");
    ProcessInstance exception = start("ga-staff", "exception-measure", notice);

    // When the applicant tries to withdraw it
    Http.Reply refused = withdraw("ga-staff", exception.getId(), "なかったことにしたい");

    // Then it is refused with the article, and the review stays open
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("message").asText()).contains("第25条");
    assertThat(exception).isWaitingAt("reviewApplication");
  }

  @Test
  void aReasonThatIsNotTextIsRefusedNamingTheField() {
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));

    Http.Reply refused = http.post("ga-staff", "/api/cases/" + media.getId() + "/withdraw",
        Http.json(Map.of("reason", Map.of("a", 1))));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("message").asText()).contains("「取下げの理由」");
    assertUntouched(media);
  }

  public Http.Reply withdraw(String user, String processInstanceId, String reason) {
    return http.post(user, "/api/cases/" + processInstanceId + "/withdraw", Http.json(Map.of("reason", reason)));
  }

  private void assertUntouched(ProcessInstance media) {
    assertThat(media).isWaitingAt("sectionIsoPermission");
    assertThat(task(media, "sectionIsoPermission").getAssignee()).isEqualTo("ga-chief");
    assertThat(jdbc.queryForObject("select withdrawn_at from apr_case where process_instance_id = ?", Object.class,
        media.getId())).isNull();
    assertThat(mails(media)).noneMatch(m -> m.startsWith("cases/"));
  }
}
