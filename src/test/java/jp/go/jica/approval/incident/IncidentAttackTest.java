package jp.go.jica.approval.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Attacks on the incident response through both engine REST path forms and a Tasklist session: nobody outside the
 * CSIRT evaluates, claims, completes or rewrites an incident, nor reads another's incident through the API; and the
 * refused attempt changes nothing.
 */
class IncidentAttackTest extends PlatformTest {

  @LocalServerPort int port;

  @Test
  @DisplayName("第16条・第29条第2項: CSIRT以外（報告者本人を含む）は評価を引き受けも完了もできず、何も変わらない")
  void nobodyOutsideTheCsirtEvaluatesAnIncident() {
    // Given ga-staff's report waiting for the CSIRT head's evaluation
    ProcessInstance incident = start("ga-staff", "incident-response", IncidentResponseProcessTest.report("不審な通信"));
    Task evaluation = task(incident, "evaluateIncident");
    Map<String, Object> before = new HashMap<>(runtime.getVariables(incident.getId()));
    String body = Http.variables(IncidentResponseProcessTest.notAnIncident());

    for (String user : List.of("ga-staff", "proc-staff", "it-staff")) {
      for (EngineClient client : EngineClient.allPaths(port, user)) {
        // When someone else tries to claim, complete, submit the form or rewrite the case's variables
        Http.Reply claim = client.post("/task/" + evaluation.getId() + "/claim", Http.json(Map.of("userId", user)));
        Http.Reply complete = client.post("/task/" + evaluation.getId() + "/complete", body);
        Http.Reply submit = client.post("/task/" + evaluation.getId() + "/submit-form", body);
        Http.Reply rewrite = client.post("/process-instance/" + incident.getId() + "/variables",
            Http.json(Map.of("modifications", Http.variableValues(Map.of("incidentNumber", "IN-0000-00000",
                "responsibleIso", user, "incidentHandler", user)))));

        // Then every attempt is refused
        for (Http.Reply reply : List.of(claim, complete, submit, rewrite)) {
          assertThat(reply.status()).as("%s as %s: %s", client, user, reply.body()).isIn(400, 403, 404, 409);
        }
      }
    }

    // And nothing changed: the same task, holder, variables and register row
    Task still = task(incident, "evaluateIncident");
    assertThat(still.getId()).isEqualTo(evaluation.getId());
    assertThat(still.getAssignee()).isEqualTo("it-director");
    assertThat(runtime.getVariables(incident.getId())).isEqualTo(before);
    assertThat(jdbc.queryForObject("select status from apr_incident where process_instance_id = ?", String.class,
        incident.getId())).isEqualTo("評価待ち");
    assertThat(jdbc.queryForObject("select count(*) from apr_incident_event where process_instance_id = ?", Integer.class,
        incident.getId())).isEqualTo(1);
  }

  @Test
  @DisplayName("第29条第9項: 他人のインシデントは記録簿APIでもエンジンAPIでも読めない")
  void anotherEmployeesIncidentCannotBeRead() {
    ProcessInstance incident = start("ga-staff", "incident-response", IncidentResponseProcessTest.report("他人の報告"));
    String number = jdbc.queryForObject("select incident_number from apr_incident where process_instance_id = ?",
        String.class, incident.getId());
    Http http = new Http(port);

    for (String path : List.of("/api/incidents/" + number, "/api/incidents/" + number + "/timeline")) {
      assertThat(http.get("proc-staff", path).status()).as(path).isEqualTo(404);
    }
    assertThat(http.get("proc-staff", "/api/incidents").body()).doesNotContain(number);
    assertThat(http.get("proc-staff", "/api/incidents.csv").body()).doesNotContain(number);
    for (EngineClient client : EngineClient.allPaths(port, "proc-staff")) {
      Http.Reply variables = client.get("/process-instance/" + incident.getId() + "/variables");
      assertThat(variables.status()).as("%s", client).isIn(403, 404);
      Http.Reply history = client.get("/history/variable-instance?processInstanceId=" + incident.getId());
      assertThat(history.body()).as("%s", client).doesNotContain("他人の報告");
    }
  }
}
