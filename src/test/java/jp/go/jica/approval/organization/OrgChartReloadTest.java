package jp.go.jica.approval.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.exception.ExceptionMeasureProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An administrator reloads the chart after a reorganisation (Art. 20-2): invalid charts change
 * nothing, valid ones move accounts, groups and open approval tasks.
 */
class OrgChartReloadTest extends PlatformTest {

  @LocalServerPort int port;
  @Autowired OrgChartService charts;
  @Autowired AuthorizationService authorizations;
  @Autowired JdbcTemplate jdbc;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @AfterEach
  void restoreDemoChart() throws Exception {
    Files.writeString(ORG_CHART, demoChart(), StandardCharsets.UTF_8);
    charts.reload("test-cleanup");
  }

  @Test
  void anInvalidChartIsRefusedAndThePreviousChartStaysInForce() throws Exception {
    String before = charts.current().checksum();
    write(demoChart().replace("section: ph-general,    position: 所員 }", "section: ph-nowhere,    position: 所員 }"));

    Http.Reply reply = http.post("admin", "/api/admin/org-chart/reload", "");

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.json().get("errors").get(0).asText()).matches("\\d+行目: .*").contains("ph-staff", "ph-nowhere");
    assertThat(reply.json().get("message").asText()).contains("現在の組織図が引き続き有効");
    assertThat(http.get("ga-staff", "/api/org-chart").json().get("checksum").asText()).isEqualTo(before);
    assertThat(identity.createUserQuery().userId("ph-staff").count()).isEqualTo(1);
    assertThat(http.get("admin", "/api/admin/org-chart/history?limit=1").json().get(0).get("outcome").asText())
        .isEqualTo("REFUSED");
  }

  @Test
  void onlyAnAdministratorMayReload() {
    assertThat(http.post(null, "/api/admin/org-chart/reload", "").status()).isEqualTo(401);
    assertThat(http.post("ga-staff", "/api/admin/org-chart/reload", "").status()).isEqualTo(403);
    assertThat(http.post("admin", "/api/admin/org-chart/reload", "").status()).isEqualTo(200);
  }

  @Test
  void aReorganisationMovesOpenApprovalsAccountsAndGroups() throws Exception {
    identity.setAuthentication("ga-staff", List.of("employees"));
    String request;
    try {
      request = runtime.startProcessInstanceByKey("sample-approval",
          new HashMap<>(Map.of("title", "異動前の申請", "confidentiality", "1"))).getId();
    } finally {
      identity.clearAuthentication();
    }
    String task = tasks.createTaskQuery().processInstanceId(request).singleResult().getId();
    assertThat(tasks.createTaskQuery().taskId(task).singleResult().getAssignee()).isEqualTo("ga-chief");

    write(demoChart()
        .replace("roles: { section-iso: ga-chief }", "roles: { section-iso: ga-device-manager }")
        .replace("  - { id: proc-staff,", "  - { id: ga-newcomer,       name: 新人 四郎,     email: ga-newcomer@example.go.jp,       section: ga-general,    position: 職員 }\n  - { id: proc-gone,"));
    assertThat(http.post("admin", "/api/admin/org-chart/reload", "").status()).isEqualTo(200);

    assertThat(tasks.createTaskQuery().taskId(task).singleResult().getAssignee()).isEqualTo("ga-device-manager");
    Map<String, Object> routing = jdbc.queryForMap("select reason_code, reason from apr_routing_decision "
        + "where task_id = ? order by id desc limit 1", task);
    assertThat(routing.values()).anySatisfy(v -> assertThat(v).isEqualTo("REORGANISED"));
    assertThat(routing.values()).anySatisfy(v -> assertThat(v.toString()).contains("第20条第2項", "ga-chief"));
    assertThat(jdbc.queryForList("select template from apr_mail_outbox where process_instance_id = ? "
        + "and recipient_id = 'ga-device-manager'", String.class, request)).containsExactly("task-rerouted");
    assertThat(jdbc.queryForList("select template from apr_mail_outbox where process_instance_id = ? "
        + "and recipient_id = 'ga-chief'", String.class, request)).as("the mover is told too")
        .contains("task-rerouted-away");
    assertThat(authorizations.createAuthorizationQuery().userIdIn("ga-chief").resourceType(Resources.TASK)
        .resourceId(task).count()).as("the predecessor's rights on the task are taken back").isZero();

    assertThat(identity.checkPassword("ga-newcomer", "demo")).isTrue();
    assertThat(identity.createUserQuery().memberOfGroup("employees").userId("ga-newcomer").count()).isEqualTo(1);
    assertThat(identity.createUserQuery().userId("proc-staff").count()).as("a leaver's account is removed").isZero();
    assertThat(identity.createUserQuery().memberOfGroup("role-section-iso").list()).extracting(u -> u.getId())
        .contains("ga-device-manager").doesNotContain("ga-chief");
    assertThat(identity.createUserQuery().memberOfGroup("camunda-admin").userId("admin").count()).isEqualTo(1);
  }

  @Test
  void aReviewEscalatedBecauseItWasOverdueStaysEscalatedAfterAReorganisationArt20() throws Exception {
    ProcessInstance application = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());
    fire(application, "reviewOverdue");
    Task review = task(application, "reviewApplication");
    assertThat(review.getAssignee()).isEqualTo("exec-admin");

    // When an unrelated reorganisation is loaded
    write(demoChart().replace("  - { id: proc-staff,", "  - { id: ga-newcomer,       name: 新人 四郎,     "
        + "email: ga-newcomer@example.go.jp,       section: ga-general,    position: 職員 }\n  - { id: proc-staff,"));
    assertThat(http.post("admin", "/api/admin/org-chart/reload", "").status()).isEqualTo(200);

    // Then the review does not go back to the reviewer who let it lapse
    assertThat(tasks.createTaskQuery().taskId(review.getId()).singleResult().getAssignee()).isEqualTo("exec-admin");
    assertThat(jdbc.queryForObject("select reason_code from apr_routing_decision where task_id = ? order by id desc "
        + "limit 1", String.class, review.getId())).isEqualTo("OVERDUE");
  }

  @Test
  void anAdministratorsReassignmentStaysWhileItsHolderIsInPostAndMovesWhenTheyLeaveArt20() throws Exception {
    ProcessInstance request = start("ga-staff", "sample-approval", Map.of("title", "異動と担当変更", "confidentiality", "1"));
    Task review = task(request, "reviewRequest");
    assertThat(http.post("admin", "/api/admin/tasks/" + review.getId() + "/reassign",
        Http.json(Map.of("reason", "長期休暇のため", "assignee", "ga-director"))).status()).isEqualTo(200);

    // When a reorganisation that leaves ga-director in post is loaded
    write(demoChart().replace("roles: { section-iso: ga-chief }", "roles: { section-iso: ga-device-manager }"));
    assertThat(http.post("admin", "/api/admin/org-chart/reload", "").status()).isEqualTo(200);

    // Then the administrator's move stands
    assertThat(tasks.createTaskQuery().taskId(review.getId()).singleResult().getAssignee()).isEqualTo("ga-director");

    // When a later reorganisation replaces ga-director by a successor
    write(demoChart().replace("roles: { section-iso: ga-chief }", "roles: { section-iso: ga-device-manager }")
        .replace("ga-director", "ga-successor"));
    assertThat(http.post("admin", "/api/admin/org-chart/reload", "").status()).isEqualTo(200);

    // Then the task follows the rules again
    assertThat(tasks.createTaskQuery().taskId(review.getId()).singleResult().getAssignee()).isEqualTo("ga-device-manager");
  }

  void write(String chart) throws Exception {
    Files.writeString(ORG_CHART, chart, StandardCharsets.UTF_8);
  }
}
