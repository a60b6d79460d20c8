package jp.go.jica.approval.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.exception.ExceptionMeasureProcessTest;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * 案件の当事者 is a people field ({@code "properties": {"people": "true"}}): every id must be a person on the
 * chart in force, on every way into the engine, or a typo would silently switch off the conflict rule of
 * 第16条第2項. The picker's search (/api/people) answers signed-in users only, with id, name and section.
 */
class PeopleFieldAttackTest extends PlatformTest {

  private static final String START = "/process-definition/key/exception-measure/start";

  @LocalServerPort int port;

  @Test
  @DisplayName("組織図にない職員IDの当事者は、どの経路でも項目名とIDを示して拒否され、何も開始されない（第16条第2項）")
  void aPartyWhoIsNotOnTheChartIsRefusedOnEveryPathArt16() {
    Map<String, Object> values = ExceptionMeasureProcessTest.application();
    values.put("parties", "ga-director、ga-direktor, nobody");
    long before = count();

    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      Http.Reply reply = client.post(START, Http.variables(values));

      assertThat(reply.status()).as("%s", client).isEqualTo(400);
      assertThat(reply.json().get("message").asText()).as("%s", client)
          .contains("「案件の当事者（利害関係のある職員を氏名・所属で検索して選択）」に組織図にない職員IDがあります: ga-direktor, nobody")
          .doesNotContain("ga-director,");
    }
    assertThat(count()).isEqualTo(before);
  }

  @Test
  @DisplayName("申請者本人を当事者にすると、指定不要である旨を示して拒否される（第16条第2項）")
  void theApplicantThemselfIsNotAcceptedAsAPartyArt16() {
    Map<String, Object> values = ExceptionMeasureProcessTest.application();
    values.put("parties", "ga-staff");
    long before = count();

    Http.Reply reply = EngineClient.tasklist(port, "ga-staff").post(START, Http.variables(values));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).contains("申請者本人（ga-staff）は指定できません");
    assertThat(count()).isEqualTo(before);
  }

  @Test
  @DisplayName("組織図にある当事者は受け付けられ、許可権限者が当事者なら上位者へ回る（第16条第2項）")
  void aPartyOnTheChartIsAcceptedAndTheAuthorizerWhoIsAPartyIsSkippedArt16() {
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      Map<String, Object> values = ExceptionMeasureProcessTest.application();
      values.put("parties", "ga-director, ga-chief");

      Http.Reply reply = client.post(START, Http.variables(values));

      assertThat(reply.status()).as("%s: %s", client, reply.body()).isEqualTo(200);
      String instance = reply.json().get("id").asText();
      assertThat(runtime.getVariable(instance, "parties")).isEqualTo("ga-director, ga-chief");
      Task review = tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("reviewApplication").singleResult();
      assertThat(review.getAssignee()).as("%s", client).isNotNull().isNotIn("ga-director", "ga-chief", "ga-staff");
    }
  }

  @Test
  void theSearchAnswersSignedInUsersOnlyWithIdNameAndSectionButNoMail() throws Exception {
    HttpClient anonymous = HttpClient.newHttpClient();
    HttpResponse<String> refused = anonymous.send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/api/people?q=ga")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(401);

    Http http = new Http(port);
    Http.Reply byName = http.get("ga-staff", "/api/people?q=" + java.net.URLEncoder.encode("総務部長", "UTF-8"));
    assertThat(byName.status()).isEqualTo(200);
    assertThat(byName.json().findValuesAsText("id")).contains("ga-director");
    Http.Reply many = http.get("ga-staff", "/api/people?q=-");
    assertThat(many.status()).isEqualTo(200);
    assertThat(many.json().size()).isBetween(10, 20);
    for (JsonNode person : many.json()) {
      assertThat(person.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("id", "name", "unit");
    }
    assertThat(many.body()).doesNotContain("@", "example.go.jp");
    assertThat(http.get("ga-staff", "/api/people?q=").status()).isEqualTo(400);
  }

  private long count() {
    return runtime.createProcessInstanceQuery().processDefinitionKey("exception-measure").count();
  }
}
