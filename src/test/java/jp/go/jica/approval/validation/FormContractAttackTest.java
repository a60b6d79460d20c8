package jp.go.jica.approval.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.exception.ExceptionMeasureProcessTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the browser's form checks, the server checks too: a plain REST client (either spelling) and
 * Tasklist's own path get the same 400 naming the field by its label, and nothing is stored.
 */
class FormContractAttackTest extends PlatformTest {

  @LocalServerPort int port;

  @Test
  void aStartOutsideTheFormIsRefusedFieldByFieldOnEveryPathAndStartsNothing() {
    Map<String, Object> bad = MediaCarryOutProcessTest.carryOut("1", "1", "1");
    bad.put("mediaKind", "floppy");
    bad.put("transportMethod", "あ".repeat(2001));
    bad.put("returnOn", "来週");
    bad.put("status", "持出し中");
    long before = count("media-carry-out");

    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      Http.Reply reply = client.post("/process-definition/key/media-carry-out/start", Http.variables(bad));

      assertThat(reply.status()).as("%s", client).isEqualTo(400);
      assertThat(reply.json().get("message").asText()).contains("「媒体の種類」は選択肢から選んでください",
          "「運搬方法（安全確保の措置）」は2000文字以内", "「返却予定日」は日付", "「status」はこのフォームの項目ではない");
    }
    assertThat(count("media-carry-out")).isEqualTo(before);
  }

  @Test
  void aScopeThatIsNotAnOptionDoesNotRouteAsIfDepartmental() {
    long before = count("exception-measure");
    for (String scope : new String[] {"", "全体", "ORGANIZATION"}) {
      Map<String, Object> values = ExceptionMeasureProcessTest.application();
      values.put("scope", scope);

      Http.Reply reply = EngineClient.tasklist(port, "ga-staff").post("/process-definition/key/exception-measure/start",
          Http.variables(values));

      assertThat(reply.status()).as(scope).isEqualTo(400);
      assertThat(reply.json().get("message").asText()).contains("「影響の範囲」");
    }
    assertThat(count("exception-measure")).isEqualTo(before);
  }

  @Test
  void aNormalApplicationWhosePeriodHasBegunMustBeFiledAsPostFacto() {
    Map<String, Object> late = ExceptionMeasureProcessTest.application();
    late.put("periodFrom", LocalDate.now().minusDays(3).toString());

    Http.Reply reply = EngineClient.named(port, "ga-staff").post("/process-definition/key/exception-measure/start",
        Http.variables(late));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).contains("「適用期間（開始日）」が過ぎています", "事後届出", "第25条第1項");
  }

  @Test
  void aCompletionCannotAddVariablesOrSkipARequiredAcknowledgement() {
    ProcessInstance application = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());
    complete(task(application, "reviewApplication"), "ga-director", Map.of("decision", "approve",
        "decisionComment", "持ち出す媒体は必ず暗号化すること"));
    Task acknowledge = task(application, "acknowledgeConditions");
    Map<String, Object> before = runtime.getVariables(application.getId());

    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      Http.Reply unticked = client.post("/task/" + acknowledge.getId() + "/complete",
          Http.variables(Map.of("conditionsAcknowledged", false)));
      Http.Reply extra = client.post("/task/" + acknowledge.getId() + "/submit-form",
          Http.variables(Map.of("conditionsAcknowledged", true, "csirtHead", "ga-staff", "periodTo", "2099-12-31")));

      assertThat(unticked.status()).as("%s", client).isEqualTo(400);
      assertThat(unticked.json().get("message").asText()).contains("を確認してチェックしてください");
      assertThat(extra.status()).as("%s", client).isEqualTo(400);
      assertThat(extra.json().get("message").asText()).contains("「csirtHead」はこのフォームの項目ではない",
          "「periodTo」はこのフォームの項目ではない");
    }
    assertThat(tasks.createTaskQuery().taskId(acknowledge.getId()).count()).as("still open").isOne();
    assertThat(runtime.getVariables(application.getId())).isEqualTo(before);

    Http.Reply valid = EngineClient.tasklist(port, "ga-staff").post("/task/" + acknowledge.getId() + "/submit-form",
        Http.variables(Map.of("conditionsAcknowledged", true)));
    assertThat(valid.status()).isEqualTo(204);
  }

  @Test
  void aFieldShownReadOnlyCannotBeChangedByTheStepThatShowsIt() {
    ProcessInstance application = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());
    Task review = task(application, "reviewApplication");

    for (EngineClient client : EngineClient.allPaths(port, "ga-director")) {
      Http.Reply reply = client.post("/task/" + review.getId() + "/complete",
          Http.variables(Map.of("decision", "approve", "decisionComment", "", "confidentiality", "1")));

      assertThat(reply.status()).as("%s", client).isEqualTo(400);
      assertThat(reply.json().get("message").asText()).contains("「機密性」は表示専用の項目のため変更できません");
    }
    assertThat(tasks.createTaskQuery().taskId(review.getId()).count()).isOne();
    assertThat(runtime.getVariable(application.getId(), "confidentiality")).isEqualTo("2");
  }

  @Test
  void aTaskWithoutACamundaFormIsCompletedByItsHolderWithoutAContractToCheck() {
    engine.getRepositoryService().createDeployment().name("formless").addString("formless.bpmn", """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://jica.go.jp/approval">
          <bpmn:process id="formless" isExecutable="true" camunda:historyTimeToLive="30">
            <bpmn:startEvent id="start" /><bpmn:userTask id="note" camunda:assignee="${applicant}" /><bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="s1" sourceRef="start" targetRef="note" />
            <bpmn:sequenceFlow id="s2" sourceRef="note" targetRef="end" />
          </bpmn:process>
        </bpmn:definitions>
        """).deploy();
    ProcessInstance instance = runtime.startProcessInstanceByKey("formless", Map.of("applicant", "ga-staff"));

    complete(task(instance, "note"), "ga-staff", Map.of());

    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(instance.getId())
        .finished().count()).isEqualTo(1);
  }

  private long count(String processKey) {
    return runtime.createProcessInstanceQuery().processDefinitionKey(processKey).count();
  }
}
