package jp.go.jica.approval.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 19: "my tasks" checks each own task against its grant ({@link OwnTasksAuthorization}) instead of
 * joining all of the user's grants; it must still show a user their own tasks only, on every engine path.
 */
class OwnTasksQueryTest extends PlatformTest {

  @LocalServerPort int port;
  @Autowired AuthorizationService authorizations;

  @Test
  void myTasksListsAndCountsTheSignedInUsersOwnTasksAndNoOneElsesOnEveryPath() {
    // Given a request waiting for ga-chief
    Http http = new Http(port);
    String request = start("ga-staff", "sample-approval", Map.of("title", "自分のタスクの確認", "confidentiality", "1")).getId();
    Task task = tasks.createTaskQuery().processInstanceId(request).singleResult();
    assertThat(task.getAssignee()).isEqualTo("ga-chief");
    String myTasks = filterId(http, "自分のタスク");
    long chiefs = readableBy("ga-chief");
    long procChiefs = readableBy("proc-chief");
    int grants = grantsOn(task.getId()).size();

    for (EngineClient chief : EngineClient.allPaths(port, "ga-chief")) {
      // When ga-chief lists and counts "my tasks" and asks for their own tasks directly
      // Then they see this task and exactly as many tasks as they hold
      assertThat(chief.post("/filter/" + myTasks + "/list?maxResults=1000", "{}").body()).as("%s", chief).contains(task.getId());
      assertThat(count(chief.post("/filter/" + myTasks + "/count", "{}"))).as("%s", chief).isEqualTo(chiefs);
      assertThat(count(chief.get("/task/count?assignee=ga-chief"))).as("%s", chief).isEqualTo(chiefs);
    }
    for (EngineClient other : EngineClient.allPaths(port, "proc-chief")) {
      // When another employee lists "my tasks" and asks for ga-chief's tasks by name, by query string and by body
      // Then they see none of ga-chief's tasks, and their own count is theirs
      assertThat(other.post("/filter/" + myTasks + "/list?maxResults=1000", "{}").body()).as("%s", other)
          .doesNotContain(task.getId());
      assertThat(count(other.post("/filter/" + myTasks + "/count", "{}"))).as("%s", other).isEqualTo(procChiefs);
      assertThat(other.get("/task?maxResults=1000&assignee=ga-chief").json()).as("%s", other).isEmpty();
      assertThat(count(other.get("/task/count?assignee=ga-chief"))).as("%s", other).isZero();
      assertThat(other.post("/task?maxResults=1000", "{\"assignee\":\"ga-chief\"}").json()).as("%s", other).isEmpty();
      assertThat(count(other.post("/task/count", "{\"assignee\":\"ga-chief\"}"))).as("%s", other).isZero();
      assertThat(other.post("/task?maxResults=1000", "{\"assignee\":\"proc-chief\",\"orQueries\":[{\"assignee\":\"ga-chief\"}]}")
          .body()).as("%s", other).doesNotContain(task.getId());
    }

    // And nothing changed: the task is ga-chief's with the same grants
    assertThat(tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee()).isEqualTo("ga-chief");
    assertThat(grantsOn(task.getId())).hasSize(grants);
  }

  @Test
  void anOwnTaskWhoseGrantIsGoneLeavesTheHoldersListAndCountOnEveryPath() {
    // Given two requests waiting for ga-chief
    Http http = new Http(port);
    String myTasks = filterId(http, "自分のタスク");
    Task kept = tasks.createTaskQuery().processInstanceId(start("ga-staff", "sample-approval",
        Map.of("title", "権限のあるタスク", "confidentiality", "1")).getId()).singleResult();
    Task ungranted = tasks.createTaskQuery().processInstanceId(start("ga-staff", "sample-approval",
        Map.of("title", "権限を削除したタスク", "confidentiality", "1")).getId()).singleResult();
    long readable = readableBy("ga-chief");

    // When ga-chief's grants on one of them are deleted (ga-chief stays its assignee)
    List<Authorization> removed = grantsOn(ungranted.getId());
    removed.forEach(grant -> authorizations.deleteAuthorization(grant.getId()));
    try {
      for (EngineClient chief : EngineClient.allPaths(port, "ga-chief")) {
        // Then ga-chief's own list and count leave it out: being the assignee is not a right to read it
        String listed = chief.post("/filter/" + myTasks + "/list?maxResults=1000", "{}").body();
        assertThat(listed).as("%s", chief).contains(kept.getId()).doesNotContain(ungranted.getId());
        assertThat(count(chief.post("/filter/" + myTasks + "/count", "{}"))).as("%s", chief).isEqualTo(readable - 1);
        assertThat(count(chief.get("/task/count?assignee=ga-chief"))).as("%s", chief).isEqualTo(readable - 1);
      }
    } finally {
      for (Authorization grant : removed) {
        Authorization restored = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        restored.setUserId(grant.getUserId());
        restored.setResourceType(grant.getResourceType());
        restored.setResourceId(grant.getResourceId());
        restored.setPermissions(grant.getPermissions(Permissions.values()));
        authorizations.saveAuthorization(restored);
      }
    }
  }

  /** ga-chief's open tasks the engine's own single-task check lets them read (another path than the query's SQL). */
  private long readableBy(String user) {
    List<String> groups = identity.createGroupQuery().groupMember(user).list().stream().map(g -> g.getId()).toList();
    return tasks.createTaskQuery().taskAssignee(user).list().stream()
        .filter(t -> authorizations.isUserAuthorized(user, groups, Permissions.READ, Resources.TASK, t.getId())).count();
  }

  private List<Authorization> grantsOn(String taskId) {
    return authorizations.createAuthorizationQuery().resourceType(Resources.TASK).resourceId(taskId).list();
  }

  private static long count(Http.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().get("count").asLong();
  }

  private static String filterId(Http http, String name) {
    return StreamSupport.stream(http.get("admin", "/engine-rest/filter?resourceType=Task&maxResults=50").json().spliterator(), false)
        .filter(f -> f.get("name").asText().equals(name)).findFirst().orElseThrow().get("id").asText();
  }
}
