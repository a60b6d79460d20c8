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
}
