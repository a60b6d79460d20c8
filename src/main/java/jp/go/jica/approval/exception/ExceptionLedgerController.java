package jp.go.jica.approval.exception;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.Column;
import jp.go.jica.approval.ledger.LedgerRows;
import jp.go.jica.approval.ledger.RegisterView;
import jp.go.jica.approval.ledger.VisibilityRule;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Role;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
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
class ExceptionLedgerController implements RegisterView {

  /**
   * The chief-iso, the CISO and administrators see every entry; authorizers and isos their departments'
   * entries; everyone their own and those they decided.
   */
  static final VisibilityRule VISIBILITY = VisibilityRule.rows().withAllFor(Role.CHIEF_ISO, Role.CISO)
      .withDepartmentsWhere(Role.EXCEPTION_AUTHORIZER, Role.ISO).withPeopleIn("applicant_id", "authorizer_id");

  private static final List<Column> COLUMNS = List.of(
      Column.text("ledgerNumber", "台帳番号"), Column.text("applicantName", "申請者"), Column.text("departmentName", "部署"),
      Column.text("ruleReference", "対象規定"), Column.date("periodFrom", "適用期間（開始）"),
      Column.date("periodTo", "適用期間（終了）"), Column.number("confidentiality", "機密性"),
      Column.number("integrity", "完全性").csvOnly(), Column.number("availability", "可用性").csvOnly(),
      Column.option("postFacto", "申請区分", Map.of("true", "事後届出", "false", "通常申請")),
      Column.text("status", "状態"), Column.text("conditions", "条件"), Column.text("authorizerName", "許可権限者"),
      Column.text("escalationReason", "回付の理由"), Column.time("decidedAt", "判断日時"),
      Column.number("versions", "版数").csvOnly(), Column.text("renewalOf", "更新元").csvOnly(),
      Column.number("renewalCount", "更新回数").csvOnly());

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

  @Override
  public List<Map<String, Object>> rows(Authentication user) {
    return find(user, new ExceptionLedger.LedgerFilter(null, null, null, null, null), 500).stream()
        .map(LedgerRows::json).toList();
  }

  @Override
  public String key() {
    return "exceptions";
  }

  @Override
  public String title() {
    return "例外措置台帳";
  }

  @Override
  public int order() {
    return 10;
  }

  @Override
  public String path() {
    return "/api/exceptions/ledger";
  }

  @Override
  public List<String> filters() {
    return List.of("status");
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @GetMapping(value = "/api/exceptions/ledger.csv")
  ResponseEntity<byte[]> csv(Authentication user, @RequestParam(required = false) String status,
      @RequestParam(required = false) String department, @RequestParam(required = false) String applicant,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    List<Map<String, Object>> rows = find(user, new ExceptionLedger.LedgerFilter(status, department, applicant,
        from, to), 10_000).stream().map(LedgerRows::json).toList();
    return LedgerRows.csv("exception-ledger.csv", COLUMNS, rows);
  }

  private List<Map<String, Object>> find(Authentication user, ExceptionLedger.LedgerFilter filter, int limit) {
    VisibilityRule.Visibility visibility = VISIBILITY.of(user, charts.current());
    if (filter.department() != null && !visibility.seesDepartment(filter.department())
        && !(filter.applicant() != null && filter.applicant().equals(user.getName()))) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN,
          "部署「" + filter.department() + "」の例外措置台帳を閲覧する権限がありません（統括情報セキュリティ責任者・許可権限者のみ）");
    }
    return ledger.find(filter, visibility, Math.min(Math.max(limit, 1), 10_000));
  }
}
