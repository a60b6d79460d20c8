package jp.go.jica.approval.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 13's promise for processes nobody has written yet: an administrator deploys a new BPMN with its
 * Camunda Forms over engine REST (as Camunda Modeler does) and grants employees its start in Camunda
 * Admin. With no Java written for it, the server holds its forms as the contract (section 1) and keeps
 * its user task's holder and variables out of the employees' hands (section 2), on every path.
 */
class NewProcessWithoutJavaTest extends PlatformTest {

  private static final String KEY = "equipment-loan";

  @LocalServerPort int port;
  private String startGrant;

  @BeforeEach
  void anAdministratorDeploysTheProcessAndLetsEmployeesStartIt() {
    if (engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(KEY).count() == 0) {
      String boundary = "----new-process";
      StringBuilder multipart = new StringBuilder();
      multipart.append(part(boundary, "deployment-name", null, "equipment-loan"));
      for (String file : List.of("equipment-loan.bpmn", "equipment-loan-start.form", "equipment-loan-receipt.form")) {
        multipart.append(part(boundary, "data-" + file, file, resource(file)));
      }
      multipart.append("--").append(boundary).append("--\r\n");

      Http.Reply deployed = new Http(port).postBytes("admin", "/engine-rest/deployment/create",
          "multipart/form-data; boundary=" + boundary, multipart.toString().getBytes(StandardCharsets.UTF_8));

      assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);
    }
    Http.Reply granted = new Http(port).post("admin", "/engine-rest/authorization/create", Http.json(Map.of(
        "type", 1, "permissions", List.of("READ", "CREATE_INSTANCE"), "groupId", "employees",
        "resourceType", Resources.PROCESS_DEFINITION.resourceType(), "resourceId", KEY)));
    assertThat(granted.status()).as(granted.body()).isEqualTo(200);
    startGrant = granted.json().get("id").asText();
  }

  @AfterEach
  void theGrantIsTakenBack() {
    engine.getAuthorizationService().deleteAuthorization(startGrant);
  }

  @Test
  void itsStartFormIsTheServersContractOnEveryPath() {
    long before = instances();
    Map<String, Object> bad = new HashMap<>(loan());
    bad.put("item", "あ".repeat(51));
    bad.put("kind", "projector");
    bad.put("quantity", 9);
    bad.put("returnOn", "来週");
    bad.put("rulesRead", false);
    bad.put("approved", true);

    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      Http.Reply reply = client.post("/process-definition/key/" + KEY + "/start", Http.variables(bad));

      assertThat(reply.status()).as("%s: %s", client, reply.body()).isEqualTo(400);
      assertThat(reply.json().get("message").asText()).as("%s", client).contains("「備品名」は50文字以内",
          "「備品の種類」は選択肢から選んでください", "「数量」は5以下", "「返却予定日」は日付", "「貸出し規程を読みました」",
          "「approved」はこのフォームの項目ではない");
    }
    assertThat(instances()).isEqualTo(before);
  }

  @Test
  void aValidStartGoesToTheApplicantsReceiptTask() {
    Http.Reply started = EngineClient.tasklist(port, "ga-staff").post("/process-definition/key/" + KEY + "/start",
        Http.variables(loan()));

    assertThat(started.status()).as(started.body()).isEqualTo(200);
    Task receipt = receipt(started.json().get("id").asText());
    assertThat(receipt.getAssignee()).isEqualTo("ga-staff");
    assertThat(runtime.getVariable(receipt.getProcessInstanceId(), "applicant")).isEqualTo("ga-staff");
  }

  @Test
  void itsTaskFormIsTheContractOfTheCompletionOnEveryPath() {
    Task receipt = receipt(startAsEmployee());
    Map<String, Object> variables = runtime.getVariables(receipt.getProcessInstanceId());

    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      List<Http.Reply> replies = List.of(
          client.post("/task/" + receipt.getId() + "/complete", Http.variables(Map.of("received", false))),
          client.post("/task/" + receipt.getId() + "/complete",
              Http.variables(Map.of("received", true, "receiptNote", "い".repeat(101)))),
          client.post("/task/" + receipt.getId() + "/complete",
              Http.variables(Map.of("received", true, "quantity", 1))),
          client.post("/task/" + receipt.getId() + "/submit-form",
              Http.variables(Map.of("received", true, "item", "別の備品"))));

      assertThat(replies).as("%s", client).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(400));
      assertThat(replies.get(0).json().get("message").asText()).contains("「備品を受領しました」");
      assertThat(replies.get(1).json().get("message").asText()).contains("「備考」は100文字以内");
      assertThat(replies.get(2).json().get("message").asText()).contains("「quantity」はこのフォームの項目ではない");
      assertThat(replies.get(3).json().get("message").asText()).contains("「備品名」");
    }
    assertThat(tasks.createTaskQuery().taskId(receipt.getId()).count()).isEqualTo(1);
    assertThat(runtime.getVariables(receipt.getProcessInstanceId())).isEqualTo(variables);
  }

  @Test
  void nobodyButTheRoutingChangesWhoHoldsItsTaskOnEveryPath() {
    Task receipt = receipt(startAsEmployee());

    for (String user : List.of("ga-staff", "ga-chief", "admin")) {
      for (EngineClient client : EngineClient.allPaths(port, user)) {
        List<Http.Reply> replies = List.of(
            client.post("/task/" + receipt.getId() + "/assignee", "{\"userId\":\"proc-staff\"}"),
            client.post("/task/" + receipt.getId() + "/delegate", "{\"userId\":\"proc-staff\"}"),
            client.post("/task/" + receipt.getId() + "/identity-links", "{\"userId\":\"proc-staff\",\"type\":\"candidate\"}"),
            client.put("/task/" + receipt.getId(), Http.json(Map.of("name", "x", "assignee", "proc-staff",
                "owner", "proc-staff"))));

        assertThat(replies).as("%s as %s", client, user)
            .allSatisfy(reply -> assertThat(reply.status()).as(reply.body()).isIn(403, 404));
      }
    }
    Task after = tasks.createTaskQuery().taskId(receipt.getId()).singleResult();
    assertThat(after.getAssignee()).isEqualTo("ga-staff");
    assertThat(after.getOwner()).isNull();
    assertThat(after.getName()).isEqualTo("受領を確認する");
    assertThat(tasks.getIdentityLinksForTask(receipt.getId())).noneMatch(link -> "proc-staff".equals(link.getUserId()));
  }

  @Test
  void anEmployeeCannotWriteItsVariablesOutsideTheFormOnEveryPath() {
    Task receipt = receipt(startAsEmployee());
    String instance = receipt.getProcessInstanceId();
    Map<String, Object> variables = runtime.getVariables(instance);
    String received = Http.json(Map.of("modifications", Map.of("received", Map.of("value", true))));

    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      List<Http.Reply> replies = List.of(
          client.put("/task/" + receipt.getId() + "/variables/received", "{\"value\":true}"),
          client.post("/task/" + receipt.getId() + "/variables", received),
          client.put("/task/" + receipt.getId() + "/localVariables/received", "{\"value\":true}"),
          client.put("/process-instance/" + instance + "/variables/received", "{\"value\":true}"),
          client.post("/process-instance/" + instance + "/variables", received),
          client.delete("/process-instance/" + instance + "/variables/item"),
          client.post("/execution/" + instance + "/localVariables", received));

      assertThat(replies).as("%s", client)
          .allSatisfy(reply -> assertThat(reply.status()).as(reply.body()).isIn(403, 404));
    }
    assertThat(runtime.getVariables(instance)).isEqualTo(variables);
    assertThat(tasks.getVariablesLocal(receipt.getId())).isEmpty();
  }

  @Test
  void theApplicantCompletesItsTaskWithTheForm() {
    Task receipt = receipt(startAsEmployee());

    Http.Reply completed = EngineClient.tasklist(port, "ga-staff").post("/task/" + receipt.getId() + "/submit-form",
        Http.variables(Map.of("received", true, "receiptNote", "箱に傷あり")));

    assertThat(completed.status()).as(completed.body()).isEqualTo(204);
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceId(receipt.getProcessInstanceId()).finished().count()).isEqualTo(1);
  }

  private String startAsEmployee() {
    Http.Reply started = EngineClient.basic(port, "ga-staff").post("/process-definition/key/" + KEY + "/start",
        Http.variables(loan()));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    return started.json().get("id").asText();
  }

  private Task receipt(String processInstanceId) {
    return tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey("confirmReceipt").singleResult();
  }

  private long instances() {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(KEY).count();
  }

  private static Map<String, Object> loan() {
    return Map.of("item", "ノートPC（資産番号 A-1024）", "kind", "pc", "quantity", 1,
        "returnOn", LocalDate.now().plusDays(14).toString(), "rulesRead", true);
  }

  private static String part(String boundary, String name, String filename, String content) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
        + (filename == null ? "" : "; filename=\"" + filename + "\"\r\nContent-Type: application/octet-stream")
        + "\r\n\r\n" + content + "\r\n";
  }

  private static String resource(String file) {
    try (InputStream in = NewProcessWithoutJavaTest.class.getResourceAsStream("/new-process/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
