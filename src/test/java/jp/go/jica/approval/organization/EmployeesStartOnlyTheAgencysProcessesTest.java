package jp.go.jica.approval.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Start authorizations per process key: employees start the processes the setting declares (the
 * agency's five, plus the tests' sample approval in the test profile) and get 403 on every path for
 * any other: the timer-started report, or a process an administrator has just deployed.
 */
class EmployeesStartOnlyTheAgencysProcessesTest extends PlatformTest {

  static final List<String> AGENCY_PROCESSES = List.of("exception-measure", "outsourcing-selection",
      "cloud-service-approval", "byod-permission", "media-carry-out", "incident-response");

  @LocalServerPort int port;
  @Autowired AuthorizationService authorizations;
  @Autowired IdentitySynchronizer synchronizer;
  @Autowired OrgChartService charts;
  @Autowired IdentitySynchronizer.StartableProcesses startable;

  @Test
  void theAgencysProcessesAreTheDefaultAndTheTestProfileAddsTheSampleApproval() {
    IdentitySynchronizer.StartableProcesses defaults = new Binder(new MapConfigurationPropertySource())
        .bindOrCreate("approval.security", IdentitySynchronizer.StartableProcesses.class);

    assertThat(defaults.startableProcesses()).as("the default in code").containsExactlyElementsOf(AGENCY_PROCESSES);
    assertThat(startable.startableProcesses()).containsExactlyInAnyOrderElementsOf(declared());
  }

  @Test
  void tasklistOffersAnEmployeeExactlyTheDeclaredProcesses() {
    for (EngineClient path : EngineClient.allPaths(port, "ga-staff")) {
      Http.Reply offered = path.get("/process-definition?latestVersion=true&active=true&startableInTasklist=true"
          + "&startablePermissionCheck=true&maxResults=50");

      assertThat(offered.status()).as(path.toString()).isEqualTo(200);
      assertThat(offered.json().findValuesAsText("key")).as(path.toString()).containsExactlyInAnyOrderElementsOf(declared());
    }
  }

  @Test
  void anEmployeeStartsADeclaredProcessOnEveryPath() {
    for (EngineClient path : EngineClient.allPaths(port, "ga-staff")) {
      Http.Reply started = path.post("/process-definition/key/media-carry-out/start",
          Http.variables(MediaCarryOutProcessTest.carryOut("1", "1", "1")));

      assertThat(started.status()).as("%s: %s", path, started.body()).isEqualTo(200);
    }
  }

  @Test
  void theTimerStartedReportIsRefusedToEmployeesOnEveryPath() {
    assertRefusedToEmployeesAndNothingStarts("exception-measure-report");
  }

  @Test
  void aProcessAnAdministratorHasJustDeployedIsRefusedToEmployeesOnEveryPath() {
    engine.getRepositoryService().createDeployment().name("fresh").addString("fresh-process.bpmn", """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://jica.go.jp/approval">
          <bpmn:process id="fresh-process" isExecutable="true" camunda:historyTimeToLive="30">
            <bpmn:startEvent id="start" /><bpmn:userTask id="wait" /><bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="s1" sourceRef="start" targetRef="wait" />
            <bpmn:sequenceFlow id="s2" sourceRef="wait" targetRef="end" />
          </bpmn:process>
        </bpmn:definitions>
        """).deploy();

    assertRefusedToEmployeesAndNothingStarts("fresh-process");
  }

  @Test
  void theFormerStartGrantOnEveryProcessAndUndeclaredGrantsAreRemovedOnSync() {
    // A database from before: employees could start anything ("*"), and someone granted the report.
    for (String resourceId : List.of(Authorization.ANY, "exception-measure-report")) {
      Authorization old = authorizations.createAuthorizationQuery().groupIdIn(IdentitySynchronizer.EMPLOYEES)
          .resourceType(Resources.PROCESS_DEFINITION).resourceId(resourceId).singleResult();
      if (old == null) {
        old = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        old.setGroupId(IdentitySynchronizer.EMPLOYEES);
        old.setResource(Resources.PROCESS_DEFINITION);
        old.setResourceId(resourceId);
      }
      old.addPermission(Permissions.READ);
      old.addPermission(Permissions.CREATE_INSTANCE);
      authorizations.saveAuthorization(old);
    }
    try {
      assertThat(mayStart("exception-measure-report")).as("the old grants work before the sync").isTrue();
      assertThat(mayStart("any-other-process")).isTrue();
    } finally {
      synchronizer.sync(charts.current());
    }

    assertThat(mayStart("any-other-process")).isFalse();
    assertThat(mayStart("exception-measure-report")).isFalse();
    assertThat(mayStart("media-carry-out")).isTrue();
    List<String> startableKeys = new ArrayList<>();
    for (Authorization grant : authorizations.createAuthorizationQuery().groupIdIn(IdentitySynchronizer.EMPLOYEES)
        .resourceType(Resources.PROCESS_DEFINITION).list()) {
      if (grant.getResourceId().equals(Authorization.ANY)) {
        assertThat(grant.isPermissionGranted(Permissions.READ)).as("every model stays readable").isTrue();
        assertThat(grant.isPermissionGranted(Permissions.CREATE_INSTANCE)).as("the start grant on *").isFalse();
      } else {
        assertThat(grant.isPermissionGranted(Permissions.CREATE_INSTANCE)).as(grant.getResourceId()).isTrue();
        startableKeys.add(grant.getResourceId());
      }
    }
    assertThat(startableKeys).containsExactlyInAnyOrderElementsOf(declared());
    assertRefusedToEmployeesAndNothingStarts("exception-measure-report");
  }

  /** Start by key, by id and by form submission, through every path: 403 each time, and no instance. */
  private void assertRefusedToEmployeesAndNothingStarts(String key) {
    ProcessDefinition definition = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(key).latestVersion().singleResult();
    long instances = engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(key).count();

    for (EngineClient path : EngineClient.allPaths(port, "ga-staff")) {
      for (String start : List.of("/process-definition/key/" + key + "/start", "/process-definition/key/" + key + "/submit-form",
          "/process-definition/" + definition.getId() + "/start", "/process-definition/" + definition.getId() + "/submit-form")) {
        Http.Reply refused = path.post(start, Http.variables(Map.of("title", "x")));

        assertThat(refused.status()).as("%s %s: %s", path, start, refused.body()).isEqualTo(403);
        assertThat(refused.json().get("type").asText()).isEqualTo("AuthorizationException");
      }
    }
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(key).count())
        .as("nothing started").isEqualTo(instances);
  }

  private boolean mayStart(String key) {
    List<String> groups = identity.createGroupQuery().groupMember("ga-staff").list().stream().map(Group::getId).toList();
    return authorizations.isUserAuthorized("ga-staff", groups, Permissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION, key);
  }

  private static List<String> declared() {
    List<String> all = new ArrayList<>(AGENCY_PROCESSES);
    all.add("sample-approval");
    return all;
  }
}
