package jp.go.jica.approval.exception;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.LedgerRows;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Role;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
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

  private static final String[][] CSV_COLUMNS = {
      {"ledger_number", "台帳番号"}, {"applicant_name", "申請者"},
      {"department_name", "部署"}, {"rule_reference", "対象規定"},
      {"period_from", "適用期間（開始）"}, {"period_to", "適用期間（終了）"},
      {"confidentiality", "機密性"}, {"integrity", "完全性"},
      {"availability", "可用性"}, {"post_facto", "申請区分"},
      {"status", "状態"}, {"conditions", "条件"},
      {"authorizer_name", "許可権限者"}, {"escalation_reason", "回付の理由"},
      {"decided_at", "判断日時"}, {"versions", "版数"},
      {"renewal_of", "更新元"}, {"renewal_count", "更新回数"}};

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
        .map(LedgerRows::json).toList();
  }

  @GetMapping(value = "/api/exceptions/ledger.csv")
  ResponseEntity<byte[]> csv(Authentication user, @RequestParam(required = false) String status,
      @RequestParam(required = false) String department, @RequestParam(required = false) String applicant,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    List<Map<String, Object>> rows = find(user, new ExceptionLedger.LedgerFilter(status, department, applicant,
        from, to), 10_000);
    for (Map<String, Object> row : rows) {
      row.put("post_facto", Boolean.TRUE.equals(row.get("post_facto")) ? "事後届出" : "通常申請");
    }
    return LedgerRows.csv("exception-ledger.csv", CSV_COLUMNS, rows);
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
    return new ExceptionLedger.Visibility(all, id, chart.departmentsWhereHolds(id, Role.EXCEPTION_AUTHORIZER, Role.ISO));
  }
}
