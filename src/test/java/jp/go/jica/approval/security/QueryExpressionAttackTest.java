package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 12, item 1: an outsider's JUEL in task queries and filters ({@code Runtime.exec} as an employee,
 * a stored filter that runs when anyone lists it). Every way in is tried, and a marker file that the
 * command would create proves nothing ran.
 */
class QueryExpressionAttackTest extends PlatformTest {

  private static final String REFUSED = "タスク検索・フィルターで使える式は";

  @LocalServerPort int port;
  Path marker;
  Http http;

  @BeforeEach
  void marker() throws IOException {
    marker = Files.createDirectories(Path.of("target", "query-expression-attack")).toAbsolutePath()
        .resolve("executed-" + UUID.randomUUID());
    http = new Http(port);
  }

  @AfterEach
  void nothingRan() throws InterruptedException {
    // Runtime.exec starts the command asynchronously: give it time to show up if it was started.
    Thread.sleep(300);
    assertThat(marker).as("the attack's command ran").doesNotExist();
  }

  /** What an outsider sends: JUEL that runs a shell command creating the marker file. */
  String exec() {
    return "${''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null).exec('touch " + marker + "')}";
  }

  /** The same as first reported (JUEL cannot call getRuntime() on a Class, but it must be refused all the same). */
  String reported() {
    return "${''.getClass().forName('java.lang.Runtime').getRuntime().exec('touch " + marker + "')}";
  }

  String orQuery(String expression) {
    return Http.json(Map.of("orQueries", List.of(Map.of("assigneeExpression", expression))));
  }

  @Test
  void theAttackRunsACommandWhenEvaluatedOutsideAQuery() throws Exception {
    // The control: the same payload evaluated by the engine's expression manager in an ordinary command
    // does create the marker, so the marker's absence in the other tests means the guard stopped it.
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    configuration.getCommandExecutorTxRequired()
        .execute(context -> configuration.getExpressionManager().createExpression(exec()).getValue(null));
    for (int i = 0; i < 50 && !Files.exists(marker); i++) {
      Thread.sleep(100);
    }
    assertThat(marker).exists();
    Files.delete(marker);
  }

  @Test
  void anExpressionInAnOrQueryIsRefusedOnEveryPath() {
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      for (String expression : List.of(exec(), reported(), "#{''.getClass().forName('java.lang.Runtime')}",
          "${currentUser()}${1+1}", "${currentUser().concat('x')}")) {
        for (String path : List.of("/task?maxResults=10", "/task/count")) {
          Http.Reply reply = client.post(path, orQuery(expression));
          assertThat(reply.status()).as("%s %s %s", client, path, expression).isEqualTo(400);
          assertThat(reply.json().get("message").asText()).as("%s %s", client, path).contains(REFUSED);
        }
      }
    }
  }

  @Test
  void everySpellingOfTheTaskPathIsRefusedOrReachesNothing() {
    EngineClient.SessionClient tasklist = (EngineClient.SessionClient) EngineClient.tasklist(port, "ga-staff");
    List<Http.Reply> reachedTheEngine = List.of(
        http.post("ga-staff", "/engine-rest/task/?maxResults=10", orQuery(exec())),
        http.post("ga-staff", "/engine-rest/task/count/", orQuery(exec())),
        http.post("ga-staff", "/engine-rest/engine/default/task/?maxResults=10", orQuery(exec())),
        http.post("ga-staff", "/engine-rest/engine/default/task/count/", orQuery(exec())),
        tasklist.postRaw("/camunda/api/engine/engine/default/task/count/", "application/json", orQuery(exec())),
        tasklist.postRaw("/camunda/api/engine/engine/default/task/?maxResults=10", "application/json", orQuery(exec())));
    for (Http.Reply reply : reachedTheEngine) {
      assertThat(reply.status()).as(reply.body()).isEqualTo(400);
      assertThat(reply.json().get("message").asText()).contains(REFUSED);
    }
    List<Http.Reply> otherSpellings = List.of(
        http.post("ga-staff", "/engine-rest/%74ask?maxResults=10", orQuery(exec())),
        http.post("ga-staff", "/engine-rest/TASK?maxResults=10", orQuery(exec())),
        http.post("ga-staff", "/engine-rest/Task/Count", orQuery(exec())),
        http.post("ga-staff", "/engine-rest/engine/DEFAULT/task/count", orQuery(exec())),
        http.post("ga-staff", "/engine-rest/engine/default/%74ask/count", orQuery(exec())),
        tasklist.postRaw("/camunda/api/engine/engine/default/TASK/count", "application/json", orQuery(exec())));
    for (Http.Reply reply : otherSpellings) {
      // whatever Jersey makes of the spelling, it is refused and never a server error
      assertThat(reply.status()).as(reply.body()).isIn(400, 404);
    }
  }

  @Test
  void aTopLevelExpressionInAnAdHocQueryIsRefusedInJapanese() {
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      Http.Reply body = client.post("/task/count", Http.json(Map.of("assigneeExpression", exec())));
      Http.Reply parameter = client.get("/task/count?assigneeExpression=%24%7B1%2B1%7D");
      assertThat(body.status()).as("%s", client).isEqualTo(400);
      assertThat(body.json().get("message").asText()).contains(REFUSED);
      assertThat(parameter.status()).as("%s", client).isEqualTo(400);
      assertThat(parameter.json().get("message").asText()).contains(REFUSED);
    }
  }

  @Test
  void anExpressionInTheExtendingQueryOfAFilterIsRefusedOnEveryPath() {
    String myTasks = filterId("自分のタスク");
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      for (String path : List.of("/filter/" + myTasks + "/list?maxResults=10", "/filter/" + myTasks + "/count")) {
        Http.Reply inOr = client.post(path, orQuery(exec()));
        Http.Reply topLevel = client.post(path, Http.json(Map.of("assigneeExpression", exec())));
        assertThat(inOr.status()).as("%s %s", client, path).isEqualTo(400);
        assertThat(inOr.json().get("message").asText()).contains(REFUSED);
        assertThat(topLevel.status()).as("%s %s", client, path).isEqualTo(400);
        assertThat(topLevel.json().get("message").asText()).contains(REFUSED);
      }
    }
  }

  @Test
  void aFilterCarryingAnExpressionCannotBeStoredByAnyoneEvenAnAdministrator() {
    FilterService filters = engine.getFilterService();
    long before = filters.createFilterQuery().count();
    String myTasks = filterId("自分のタスク");
    String storedQuery = http.get("admin", "/engine-rest/filter/" + myTasks).json().get("query").toString();
    for (EngineClient client : EngineClient.allPaths(port, "admin")) {
      for (String query : List.of(orQuery(exec()), Http.json(Map.of("assigneeExpression", exec())),
          Http.json(Map.of("candidateGroupsExpression", "#{''.getClass()}")))) {
        String filter = "{\"resourceType\":\"Task\",\"name\":\"攻撃\",\"query\":" + query + "}";
        Http.Reply created = client.post("/filter/create", filter);
        Http.Reply updated = client.put("/filter/" + myTasks, filter);
        assertThat(created.status()).as("%s create %s", client, query).isEqualTo(400);
        assertThat(created.json().get("message").asText()).contains(REFUSED);
        assertThat(updated.status()).as("%s update %s", client, query).isEqualTo(400);
        assertThat(updated.json().get("message").asText()).contains(REFUSED);
      }
    }
    // and through the Java API
    Filter attack = filters.newTaskFilter("攻撃").setQuery(tasks.createTaskQuery().or().taskAssigneeExpression(exec()).endOr());
    assertRefused(() -> as("admin", () -> filters.saveFilter(attack)), BadUserRequestException.class, REFUSED);

    assertThat(filters.createFilterQuery().count()).isEqualTo(before);
    assertThat(filters.createFilterQuery().filterName("攻撃").count()).isZero();
    assertThat(http.get("admin", "/engine-rest/filter/" + myTasks).json().get("query").toString()).isEqualTo(storedQuery);
  }

  @Test
  void aFilterStoredWithAnExpressionBeforeTheGuardIsRefusedWhenAnEmployeeListsIt() {
    // A filter saved before this platform refused such filters (or written straight into the database).
    FilterService filters = engine.getFilterService();
    Filter legacy = filters.saveFilter(filters.newTaskFilter("旧フィルター").setQuery(tasks.createTaskQuery().taskName("x")));
    Authorization read = engine.getAuthorizationService().createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    read.setUserId("ga-staff");
    read.setResource(Resources.FILTER);
    read.setResourceId(legacy.getId());
    read.addPermission(Permissions.READ);
    engine.getAuthorizationService().saveAuthorization(read);
    jdbc.update("update act_ru_filter set query_ = ? where id_ = ?", orQuery(exec()), legacy.getId());
    try {
      for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
        for (Http.Reply reply : List.of(client.get("/filter/" + legacy.getId() + "/list?maxResults=10"),
            client.get("/filter/" + legacy.getId() + "/count"), client.post("/filter/" + legacy.getId() + "/count", "{}"))) {
          assertThat(reply.status()).as("%s %s", client, reply.body()).isEqualTo(400);
          assertThat(reply.json().get("message").asText()).contains(REFUSED);
        }
      }
      assertRefused(() -> as("ga-staff", () -> filters.listPage(legacy.getId(), 0, 10)), BadUserRequestException.class,
          REFUSED);
    } finally {
      filters.deleteFilter(legacy.getId());
    }
  }

  @Test
  void theJavaApiRefusesTheSameQueries() {
    assertRefused(() -> as("ga-staff", () -> tasks.createTaskQuery().or().taskAssigneeExpression(exec()).endOr()
        .listPage(0, 10)), BadUserRequestException.class, REFUSED);
    assertRefused(() -> as("ga-staff", () -> tasks.createTaskQuery().or().taskCandidateGroupInExpression(exec()).endOr()
        .count()), BadUserRequestException.class, REFUSED);
  }

  @Test
  void theExpressionsTasklistFiltersNeedStillWork() {
    String request = start("ga-staff", "sample-approval", Map.of("title", "式の確認", "confidentiality", "1")).getId();
    for (EngineClient client : EngineClient.allPaths(port, "ga-chief")) {
      Http.Reply mine = client.post("/task?maxResults=1000", orQuery("${currentUser()}"));
      Http.Reply due = client.post("/task/count", Http.json(Map.of("orQueries", List.of(
          Map.of("dueBeforeExpression", "${dateTime().plusDays(2).toDate()}"),
          Map.of("dueAfterExpression", "${now()}"),
          Map.of("candidateGroupsExpression", "${currentUserGroups()}")))));
      Http.Reply listed = client.post("/filter/" + filterId("自分のタスク") + "/list?maxResults=1000", "{}");
      Http.Reply overdue = client.get("/filter/" + filterId("期限切れ") + "/count");
      assertThat(mine.status()).as("%s %s", client, mine.body()).isEqualTo(200);
      assertThat(mine.body()).contains(request);
      assertThat(due.status()).as("%s %s", client, due.body()).isEqualTo(200);
      assertThat(listed.status()).as("%s", client).isEqualTo(200);
      assertThat(listed.body()).contains(request);
      assertThat(overdue.status()).as("%s", client).isEqualTo(200);
    }
    Http.Reply saved = http.post("admin", "/engine-rest/filter/create", "{\"resourceType\":\"Task\",\"name\":\"今週期限\","
        + "\"query\":" + Http.json(Map.of("orQueries", List.of(Map.of("assigneeExpression", "${currentUser()}"),
            Map.of("dueBeforeExpression", "${dateTime().withTimeAtStartOfDay().plusWeeks(1).toDate()}")))) + "}");
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    engine.getFilterService().deleteFilter(saved.json().get("id").asText());
  }

  String filterId(String name) {
    return StreamSupport.stream(http.get("admin", "/engine-rest/filter?resourceType=Task&maxResults=50").json().spliterator(), false)
        .filter(f -> f.get("name").asText().equals(name)).findFirst().orElseThrow().get("id").asText();
  }
}
