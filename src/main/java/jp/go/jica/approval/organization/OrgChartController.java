package jp.go.jica.approval.organization;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading the chart in force, and the administrator's reload after a reorganisation. */
@RestController
class OrgChartController {

  private final OrgChartService charts;

  OrgChartController(OrgChartService charts) {
    this.charts = charts;
  }

  @GetMapping("/api/org-chart")
  Map<String, Object> current() {
    OrgChart chart = charts.current();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("organization", chart.organizationName());
    body.put("checksum", chart.checksum());
    body.put("units", chart.units().stream().map(u -> Map.of(
        "id", u.id(), "name", u.name(), "kind", u.kind().name(), "head", u.headId(),
        "roles", roleMap(u.roleHolders()))).toList());
    body.put("people", chart.people().stream().map(p -> Map.of(
        "id", p.id(), "name", p.name(), "section", p.sectionId(), "position", p.position(),
        "superior", chart.superiorOf(p.id()).orElse(""))).toList());
    return body;
  }

  @PostMapping("/api/admin/org-chart/reload")
  Map<String, Object> reload(Principal principal) {
    OrgChart chart = charts.reload(principal.getName());
    return Map.of("status", "LOADED", "checksum", chart.checksum(),
        "people", chart.people().size(), "units", chart.units().size());
  }

  @GetMapping("/api/admin/org-chart/history")
  List<OrgChartService.ChartLoad> history(@RequestParam(defaultValue = "20") int limit) {
    return charts.history(Math.min(Math.max(limit, 1), 200));
  }

  @ExceptionHandler(OrgChartException.class)
  ResponseEntity<Map<String, Object>> refused(OrgChartException e) {
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_ENTITY).body(Map.of(
        "status", "REFUSED",
        "message", "組織図は読み込まれませんでした。現在の組織図が引き続き有効です。",
        "errors", e.errors()));
  }

  private static Map<String, String> roleMap(Map<Role, String> holders) {
    Map<String, String> map = new LinkedHashMap<>();
    holders.forEach((role, holder) -> map.put(role.key(), holder));
    return map;
  }
}
