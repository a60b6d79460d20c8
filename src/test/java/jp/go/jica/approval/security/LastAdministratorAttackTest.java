package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An administrator (or a stolen administrator session) tries to leave the platform without one: removing
 * camunda-admin's last member, deleting that user or the group, through every engine REST path (both
 * spellings, encoded names, the webapps' session path as Camunda Admin uses it) and the Java API.
 */
class LastAdministratorAttackTest extends PlatformTest {

  private static final String DEPUTY = "last-admin-test-deputy";

  @LocalServerPort int port;
  @Autowired AuthorizationService authorizations;
  @Autowired OrgChartService charts;

  @AfterEach
  void restore() throws Exception {
    // Before the deputy goes and the chart is reloaded, so camunda-admin is never left to the deputy alone.
    if (identity.createUserQuery().userId("admin").count() == 1
        && identity.createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).userId("admin").count() == 0) {
      identity.createMembership("admin", Groups.CAMUNDA_ADMIN);
    }
    if (identity.createUserQuery().userId(DEPUTY).count() == 1) {
      identity.deleteUser(DEPUTY);
    }
    Files.writeString(ORG_CHART, demoChart(), StandardCharsets.UTF_8);
    charts.reload("test-cleanup");
    assertThat(administrators()).containsExactly("admin");
  }

  @Test
  void removingTheLastAdministratorIsRefusedOnEveryPathAndNothingChanges() {
    Map<String, Object> before = state();
    List<EngineClient> clients = new ArrayList<>(EngineClient.allPaths(port, "admin"));
    for (EngineClient client : clients) {
      assertRefused(client.delete("/group/camunda-admin/members/admin"), client + " membership");
      assertRefused(client.delete("/user/admin"), client + " user");
      assertRefused(client.delete("/group/camunda-admin"), client + " group");
    }
    // Spellings a URL filter does not recognise reach the engine, which decodes them.
    EngineClient named = EngineClient.named(port, "admin");
    assertRefused(named.delete("/group/camunda%2Dadmin/members/%61dmin"), "encoded membership");
    assertRefused(named.delete("/user/%61dmin"), "encoded user");
    assertRefused(named.delete("/group/camunda%2Dadmin"), "encoded group");

    assertRefused(() -> identity.deleteMembership("admin", Groups.CAMUNDA_ADMIN), AuthorizationException.class,
        "最後のメンバー");
    assertRefused(() -> identity.deleteUser("admin"), AuthorizationException.class, "最後のメンバー");
    assertRefused(() -> identity.deleteGroup(Groups.CAMUNDA_ADMIN), AuthorizationException.class, "最後のメンバー");

    assertThat(state()).as("nothing changed").isEqualTo(before);
    assertThat(new Http(port).get("admin", "/api/session").json().get("admin").asBoolean()).isTrue();
  }

  @Test
  void anotherAdministratorMayBeRemovedWhileOneRemains() {
    addDeputy();
    assertThat(EngineClient.named(port, "admin").delete("/group/camunda-admin/members/" + DEPUTY).status())
        .isEqualTo(204);
    identity.createMembership(DEPUTY, Groups.CAMUNDA_ADMIN);
    assertThat(EngineClient.tasklist(port, "admin").delete("/user/" + DEPUTY).status()).isEqualTo(204);

    assertThat(administrators()).containsExactly("admin");
  }

  @Test
  void twoAdministratorsRemovingEachOtherAtOnceLeaveOne() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 5; round++) {
        addDeputy();
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?> removeAdmin = pool.submit(() -> {
          start.await();
          identity.deleteMembership("admin", Groups.CAMUNDA_ADMIN);
          return null;
        });
        Future<?> removeDeputy = pool.submit(() -> {
          start.await();
          identity.deleteUser(DEPUTY);
          return null;
        });
        List<Throwable> losers = new ArrayList<>();
        for (Future<?> removal : List.of(removeAdmin, removeDeputy)) {
          try {
            removal.get();
          } catch (ExecutionException e) {
            losers.add(e.getCause());
          }
        }

        assertThat(administrators()).as("round %d", round).hasSize(1);
        // Refused when it saw the other removal committed; otherwise it lost Camunda's optimistic lock.
        assertThat(losers).as("round %d", round).singleElement()
            .isInstanceOfAny(AuthorizationException.class, OptimisticLockingException.class);
        restore();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theOrgChartHandsTheAdministratorRoleOverBecauseItAddsBeforeItRemoves() throws Exception {
    Files.writeString(ORG_CHART, demoChart().replace("administrators: [admin]", "administrators: [it-staff]"),
        StandardCharsets.UTF_8);

    assertThat(new Http(port).post("admin", "/api/admin/org-chart/reload", "").status()).isEqualTo(200);

    assertThat(administrators()).containsExactly("it-staff");
    assertThat(identity.createUserQuery().userId("admin").count()).as("still an employee").isEqualTo(1);
  }

  @Test
  void theOrgChartReplacesAnAdministratorWhoLeaves() throws Exception {
    Files.writeString(ORG_CHART, demoChart().replace("administrators: [admin]", "administrators: [it-staff]")
        .replaceAll("(?m)^  - \\{ id: admin, .*\\n", ""), StandardCharsets.UTF_8);

    assertThat(new Http(port).post("admin", "/api/admin/org-chart/reload", "").status()).isEqualTo(200);

    assertThat(administrators()).containsExactly("it-staff");
    assertThat(identity.createUserQuery().userId("admin").count()).as("the leaver's account is gone").isZero();
  }

  private void addDeputy() {
    if (identity.createUserQuery().userId(DEPUTY).count() == 0) {
      User deputy = identity.newUser(DEPUTY);
      deputy.setPassword("deputy-secret-1");
      identity.saveUser(deputy);
    }
    identity.createMembership(DEPUTY, Groups.CAMUNDA_ADMIN);
  }

  private static void assertRefused(Http.Reply reply, String what) {
    assertThat(reply.status()).as("%s: %s", what, reply.body()).isIn(403, 409);
    assertThat(reply.json().get("message").asText()).as(what).contains("最後のメンバー");
  }

  private List<String> administrators() {
    return identity.createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).list().stream().map(User::getId).toList();
  }

  /** Everything removing the last administrator would change. */
  private Map<String, Object> state() {
    Group group = identity.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).singleResult();
    return Map.of(
        "members", administrators(),
        "group", group.getName() + "/" + group.getType(),
        "adminGroups", identity.createGroupQuery().groupMember("admin").list().stream().map(Group::getId).sorted().toList(),
        "grants", authorizations.createAuthorizationQuery().groupIdIn(Groups.CAMUNDA_ADMIN).count(),
        "adminPassword", identity.checkPassword("admin", "demo"));
  }
}
