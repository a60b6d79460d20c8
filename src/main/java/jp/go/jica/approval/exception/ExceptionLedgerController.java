package jp.go.jica.approval.exception;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Role;
import jp.go.jica.approval.organization.Unit;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The exception ledger over REST (JSON and CSV for Excel). The chief-iso, the CISO and
 * administrators see every entry; authorizers their departments' entries and those they decided;
 * everyone else only their own.
 */
@RestController
class ExceptionLedgerController {

  private static final List<String[]> CSV_COLUMNS = List.of(
      new String[] {"ledger_number", "台帳番号"}, new String[] {"applicant_name", "申請者"},
      new String[] {"department_name", "部署"}, new String[] {"rule_reference", "対象規定"},
      new String[] {"period_from", "適用期間（開始）"}, new String[] {"period_to", "適用期間（終了）"},
      new String[] {"confidentiality", "機密性"}, new String[] {"integrity", "完全性"},
      new String[] {"availability", "可用性"}, new String[] {"post_facto", "申請区分"},
      new String[] {"status", "状態"}, new String[] {"conditions", "条件"},
      new String[] {"authorizer_name", "許可権限者"}, new String[] {"escalation_reason", "回付の理由"},
      new String[] {"decided_at", "判断日時"}, new String[] {"versions", "版数"},
      new String[] {"renewal_of", "更新元"}, new String[] {"renewal_count", "更新回数"});

  private final ExceptionLedger ledger;
  private final OrgChartService charts;

  ExceptionLedgerController(ExceptionLedger ledger, OrgChartService charts) {
    this.ledger = ledger;
    this.charts = charts;
  }

  @GetMapping("/api/exceptions/ledger")
  List<Map<String, Object>> list(Authentication user, @RequestParam(required = false) String status,
      @RequestParam(required = false) String department, @RequestParam(required = false) String applicant,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
      @RequestParam(defaultValue = "500") int limit) {
    return find(user, new ExceptionLedger.LedgerFilter(status, department, applicant, from, to), limit).stream()
        .map(ExceptionLedgerController::camelCase).toList();
  }

  /** The same keys whatever the database reports (H2 upper case, PostgreSQL lower case). */
  private static Map<String, Object> camelCase(Map<String, Object> row) {
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    row.forEach((column, value) -> {
      StringBuilder key = new StringBuilder();
      boolean upper = false;
      for (char c : column.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
        if (c == '_') {
          upper = true;
        } else {
          key.append(upper ? Character.toUpperCase(c) : c);
          upper = false;
        }
      }
      json.put(key.toString(), value);
    });
    return json;
  }

  @GetMapping(value = "/api/exceptions/ledger.csv")
  ResponseEntity<byte[]> csv(Authentication user, @RequestParam(required = false) String status,
      @RequestParam(required = false) String department, @RequestParam(required = false) String applicant,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    List<Map<String, Object>> rows = find(user, new ExceptionLedger.LedgerFilter(status, department, applicant,
        from, to), 10_000);
    StringBuilder csv = new StringBuilder("\uFEFF"); // Excel on Japanese Windows reads UTF-8 only with a BOM
    csv.append(String.join(",", CSV_COLUMNS.stream().map(c -> c[1]).toList())).append("\r\n");
    for (Map<String, Object> row : rows) {
      List<String> cells = new ArrayList<>();
      for (String[] column : CSV_COLUMNS) {
        Object value = row.get(column[0]);
        if ("post_facto".equals(column[0])) {
          value = Boolean.TRUE.equals(value) ? "事後届出" : "通常申請";
        }
        cells.add(cell(value));
      }
      csv.append(String.join(",", cells)).append("\r\n");
    }
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"exception-ledger.csv\"")
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .body(csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  @ExceptionHandler(ResponseStatusException.class)
  ResponseEntity<Map<String, String>> refused(ResponseStatusException e) {
    return ResponseEntity.status(e.getStatusCode()).body(Map.of("message", e.getReason() == null ? "" : e.getReason()));
  }

  private List<Map<String, Object>> find(Authentication user, ExceptionLedger.LedgerFilter filter, int limit) {
    ExceptionLedger.Visibility visibility = visibility(user);
    if (!visibility.all() && filter.department() != null && !visibility.departments().contains(filter.department())
        && !(filter.applicant() != null && filter.applicant().equals(user.getName()))) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN,
          "部署「" + filter.department() + "」の例外措置台帳を閲覧する権限がありません（統括情報セキュリティ責任者・許可権限者のみ）");
    }
    return ledger.find(filter, visibility, Math.min(Math.max(limit, 1), 10_000));
  }

  private ExceptionLedger.Visibility visibility(Authentication user) {
    OrgChart chart = charts.current();
    String id = user.getName();
    boolean all = user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"))
        || chart.organizationHolder(Role.CHIEF_ISO).filter(id::equals).isPresent()
        || chart.organizationHolder(Role.CISO).filter(id::equals).isPresent();
    List<String> departments = new ArrayList<>();
    for (Unit unit : chart.units()) {
      if (!unit.isSection() && (chart.holds(id, Role.EXCEPTION_AUTHORIZER, unit.id()) || chart.holds(id, Role.ISO, unit.id()))) {
        departments.add(unit.id());
      }
    }
    return new ExceptionLedger.Visibility(all, id, departments);
  }

  private static String cell(Object value) {
    String text = value == null ? "" : value.toString();
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }
}
