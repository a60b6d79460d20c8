package jp.go.jica.approval.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Tasklist's shared Japanese filters exist from the start and show each user their own tasks. */
class TasklistFiltersTest extends PlatformTest {

  @LocalServerPort int port;

  @Test
  void myTasksShowsTheApproverTheirRoutedTaskAndNothingToOthers() {
    Http http = new Http(port);
    String request = start("ga-staff", "sample-approval", Map.of("title", "フィルターの確認", "confidentiality", "1")).getId();
    Http.Reply filters = http.get("ga-chief", "/engine-rest/filter?resourceType=Task&maxResults=50");
    List<String> names = StreamSupport.stream(filters.json().spliterator(), false).map(f -> f.get("name").asText()).toList();
    assertThat(names).contains("自分のタスク", "期限切れ", "グループのタスク");
    String mine = StreamSupport.stream(filters.json().spliterator(), false)
        .filter(f -> f.get("name").asText().equals("自分のタスク")).findFirst().orElseThrow().get("id").asText();

    String chiefs = http.post("ga-chief", "/engine-rest/filter/" + mine + "/list?maxResults=1000", "{}").body();
    String staffs = http.post("ga-staff", "/engine-rest/filter/" + mine + "/list?maxResults=1000", "{}").body();

    assertThat(chiefs).contains(request);
    assertThat(staffs).doesNotContain(request);
  }

  @Test
  void everySharedFilterShowsTheRequestLineUnderEachTaskAndTheLineSaysWhichRequestItIs() {
    // Given a media carry-out waiting for ga-chief
    Http http = new Http(port);
    Map<String, Object> request = jp.go.jica.approval.media.MediaCarryOutProcessTest.carryOut("1", "2", "1");
    String instance = start("ga-staff", "media-carry-out", request).getId();

    // When ga-chief's Tasklist reads the shared filters
    Http.Reply filters = http.get("ga-chief", "/engine-rest/filter?resourceType=Task&maxResults=50");

    // Then each names the request variable as a list column, and the task's variable is its description
    for (String name : List.of("自分のタスク", "期限切れ", "グループのタスク")) {
      assertThat(StreamSupport.stream(filters.json().spliterator(), false).filter(f -> f.get("name").asText().equals(name))
          .findFirst().orElseThrow().get("properties").get("variables").toString()).as(name).contains("caseTitle", "申請");
    }
    org.camunda.bpm.engine.task.Task task = tasks.createTaskQuery().processInstanceId(instance).singleResult();
    String title = (String) tasks.getVariableLocal(task.getId(), "caseTitle");
    String number = runtime.createProcessInstanceQuery().processInstanceId(instance).singleResult().getBusinessKey();
    assertThat(title).startsWith(number + " 総務 花子：").isEqualTo(task.getDescription());
  }
}
