package jp.go.jica.approval.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.byod.ByodPermissionProcessTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Follow-up actions on the case page: each process offers them only to the person its endpoint accepts, in the
 * state it accepts; anyone else gets no button and the endpoint refuses them with nothing changed. And the
 * paged lists of マイ申請 and 処理済み.
 */
class CaseActionsTest extends PlatformTest {

  @LocalServerPort int port;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
    BpmnAwareTests.init(engine);
  }

  @Test
  @DisplayName("第97条第4項: 許可を受けた本人だけに「目的完了を報告」が示され、報告すると消去の報告が求められる")
  void theBYODPermitHolderReportsThePurposeCompleteFromTheCasePageArt97_4() {
    // Given ga-staff's permit in use
    ProcessInstance byod = permitInUse();

    // When the holder and others open the case
    JsonNode actions = http.get("ga-staff", "/api/cases/" + byod.getId()).json().get("actions");
    JsonNode forDeviceManager = http.get("ga-device-manager", "/api/cases/" + byod.getId()).json().get("actions");

    // Then only the holder is offered 目的完了, and it posts to the permit's completion
    assertThat(actions).hasSize(1);
    assertThat(actions.get(0).get("label").asText()).isEqualTo("目的完了を報告");
    assertThat(forDeviceManager).isEmpty();
    String url = actions.get(0).get("url").asText();
    assertThat(url).matches("/api/byod/permits/BY-\\d{4}-\\d{5}/completion");

    // When someone else posts there directly, it is refused and the permit stays in use
    Http.Reply refused = http.post("ga-device-manager", url, "{}");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("message").asText()).contains("本人だけ");
    assertThat(byod).isWaitingAt("permitInUse");

    // When the holder posts it
    assertThat(http.post("ga-staff", url, "{}").status()).isEqualTo(200);

    // Then the erasure report is due and no action is offered any more
    assertThat(task(byod, "confirmErasure")).isNotNull();
    assertThat(http.get("ga-staff", "/api/cases/" + byod.getId()).json().get("actions")).isEmpty();
  }

  @Test
  void anUndecidedRequestOffersNoFollowUpAction() {
    ProcessInstance byod = start("ga-staff", "byod-permission", ByodPermissionProcessTest.publicInformation());

    assertThat(http.get("ga-staff", "/api/cases/" + byod.getId()).json().get("actions")).isEmpty();
  }

  @Test
  @DisplayName("第29条: 持出し中の媒体の紛失は返却予定日を待たずに本人が報告でき、CSIRTの評価に進む")
  void theEmployeeReportsACarriedOutMediumLostBeforeItsReturnDateArt29() {
    // Given ga-staff's medium out under record only, before its return date
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "1", "1"));
    assertThat(media).isWaitingAt("returnDue");
    JsonNode actions = http.get("ga-staff", "/api/cases/" + media.getId()).json().get("actions");
    assertThat(actions).hasSize(1);
    assertThat(actions.get(0).get("label").asText()).isEqualTo("紛失を報告");
    assertThat(actions.get(0).get("fields").get(0).get("label").asText()).isEqualTo("備考（紛失の場合は状況）");
    String url = actions.get(0).get("url").asText();

    // When the report comes without the situation, or from someone else
    Http.Reply noSituation = http.post("ga-staff", url, Http.json(Map.of("returnNote", " ")));
    Http.Reply stranger = http.post("ga-chief", url, Http.json(Map.of("returnNote", "拾った")));

    // Then both are refused in Japanese, naming the field or the person, and the medium is still awaited
    assertThat(noSituation.status()).isEqualTo(400);
    assertThat(noSituation.json().get("message").asText()).contains("「備考（紛失の場合は状況）」");
    assertThat(stranger.status()).isEqualTo(403);
    assertThat(stranger.json().get("message").asText()).contains("本人だけ");
    assertThat(media).isWaitingAt("returnDue");
    assertThat(http.get("ga-chief", "/api/cases/" + media.getId()).json().path("actions")).isEmpty();

    // When the applicant reports it with the situation
    Http.Reply lost = http.post("ga-staff", url, Http.json(Map.of("returnNote", "移動中の電車内で紛失した")));

    // Then the CSIRT evaluates it in an incident response, the log says 紛失, and no action is offered any more
    assertThat(lost.status()).as(lost.body()).isEqualTo(200);
    assertThat(media).hasPassed("startIncident").isEnded();
    assertThat(jdbc.queryForObject("select incident_number from apr_media_carry_out where process_instance_id = ?",
        String.class, media.getId())).startsWith("IN-");
    assertThat(jdbc.queryForObject("select status from apr_media_carry_out where process_instance_id = ?", String.class,
        media.getId())).isEqualTo("紛失");
    assertThat(http.get("ga-staff", "/api/cases/" + media.getId()).json().get("actions")).isEmpty();
    assertThat(http.post("ga-staff", url, Http.json(Map.of("returnNote", "二度目"))).status()).isEqualTo(409);
  }

  @Test
  void myRequestsAndMyDecisionsComeOnePageAtATime() throws Exception {
    // Given three requests of ph-staff, all decided by ph-head
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ProcessInstance media = start("ph-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
      complete(task(media, "sectionIsoPermission"), "ph-head", Map.of("decision", "approve", "decisionComment", ""));
      ids.add(media.getId());
    }

    // When the lists are read one row a page
    HttpResponse<String> first = raw("ph-staff", "/api/my/requests?page=0&size=1");
    JsonNode second = http.get("ph-staff", "/api/my/requests?page=1&size=1").json();
    JsonNode decided = http.get("ph-head", "/api/my/decisions?page=0&size=2").json();

    // Then each page holds one request, newest first, the total is in the header, and 処理済み pages alike
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(Integer.parseInt(first.headers().firstValue("X-Total-Count").orElseThrow())).isGreaterThanOrEqualTo(3);
    JsonNode firstRows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(first.body());
    assertThat(firstRows).hasSize(1);
    assertThat(firstRows.get(0).get("id").asText()).isEqualTo(ids.get(2));
    assertThat(second).hasSize(1);
    assertThat(second.get(0).get("id").asText()).isEqualTo(ids.get(1));
    assertThat(decided).hasSize(2);
    assertThat(http.get("ph-staff", "/api/my/requests").json().size()).isLessThanOrEqualTo(50);

    // And a page too large or before the first is refused in Japanese
    Http.Reply tooLarge = http.get("ph-staff", "/api/my/requests?size=201");
    assertThat(tooLarge.status()).isEqualTo(400);
    assertThat(tooLarge.json().get("message").asText()).contains("「表示件数」");
    assertThat(http.get("ph-head", "/api/my/decisions?page=-1").status()).isEqualTo(400);
  }

  private ProcessInstance permitInUse() {
    ProcessInstance byod = start("ga-staff", "byod-permission", ByodPermissionProcessTest.publicInformation());
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", Map.of("decision", "approve", "decisionComment", ""));
    complete(task(byod, "acknowledgeProcedure"), "ga-staff", Map.of("procedureAcknowledged", true));
    assertThat(byod).isWaitingAt("permitInUse");
    return byod;
  }

  private HttpResponse<String> raw(String user, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
        .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
