package jp.go.jica.approval.organization;

import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Finding people on the chart in force for a form's people field (the Tasklist picker of 案件の当事者): id,
 * name and section only. Any signed-in employee may search, so nothing is answered that the picker does not
 * show (no mail addresses, no roles), and a search never lists the whole chart.
 */
@RestController
class PeopleController {

  static final int LIMIT = 20;

  private final OrgChartService charts;

  PeopleController(OrgChartService charts) {
    this.charts = charts;
  }

  record Match(String id, String name, String unit) {
  }

  @GetMapping("/api/people")
  List<Match> search(@RequestParam(defaultValue = "") String q) {
    String query = normal(q);
    if (query.isEmpty()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "検索する氏名・所属・職員IDを1文字以上入力してください");
    }
    return matches(charts.current(), query);
  }

  /** At most {@link #LIMIT} people whose id, name, section or department contains {@code query}; exact ids first. */
  static List<Match> matches(OrgChart chart, String q) {
    String query = normal(q);
    return chart.people().stream()
        .map(p -> new Match(p.id(), p.name(), chart.unit(p.sectionId()).map(Unit::name).orElse("")))
        .filter(m -> normal(m.id()).contains(query) || normal(m.name()).contains(query)
            || normal(m.unit()).contains(query) || normal(departmentName(chart, m.id())).contains(query))
        .sorted(java.util.Comparator.comparing((Match m) -> !normal(m.id()).equals(query)).thenComparing(Match::id))
        .limit(LIMIT)
        .toList();
  }

  private static String departmentName(OrgChart chart, String personId) {
    Unit department = chart.departmentOf(personId);
    return department == null ? "" : department.name();
  }

  /** Case and spaces (half- and full-width) do not matter: 「山田太郎」 finds 「山田 太郎」. */
  private static String normal(String text) {
    return text == null ? "" : text.replaceAll("[\\s　]+", "").toLowerCase(Locale.ROOT);
  }
}
