package jp.go.jica.approval.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** The picker's search over the chart: what it matches, in which order, and how many at most. */
class PeopleSearchTest {

  @Test
  void aSearchMatchesNameWithoutItsSpaceSectionAndDepartmentAndListsAnExactIdFirst() throws IOException {
    OrgChart chart = OrgChartParser.parse(demo());

    assertThat(PeopleController.matches(chart, "総務花子")).extracting(PeopleController.Match::id).containsExactly("ga-staff");
    assertThat(PeopleController.matches(chart, "総務課")).extracting(PeopleController.Match::id).contains("ga-chief", "ga-staff");
    assertThat(PeopleController.matches(chart, "総務部")).extracting(PeopleController.Match::id).contains("ga-director", "ga-staff");
    assertThat(PeopleController.matches(chart, "GA-CHIEF").get(0)).isEqualTo(new PeopleController.Match("ga-chief", "総務 課長", "総務課"));
  }

  @Test
  void aSearchListsAtMostTwentyPeople() throws IOException {
    StringBuilder more = new StringBuilder(demo());
    for (int i = 0; i < 30; i++) {
      more.append("  - { id: temp-").append(i).append(", name: 臨時 職員").append(i)
          .append(", email: temp-").append(i).append("@example.go.jp, section: ga-general, position: 職員 }\n");
    }
    OrgChart chart = OrgChartParser.parse(more.toString());

    List<PeopleController.Match> found = PeopleController.matches(chart, "臨時");

    assertThat(found).hasSize(PeopleController.LIMIT).hasSize(20);
  }

  private static String demo() throws IOException {
    return new ClassPathResource("org/demo-org-chart.yml").getContentAsString(StandardCharsets.UTF_8);
  }
}
