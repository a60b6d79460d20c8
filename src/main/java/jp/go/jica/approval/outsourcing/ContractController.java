package jp.go.jica.approval.outsourcing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.Administrators;
import jp.go.jica.approval.ledger.Column;
import jp.go.jica.approval.ledger.LedgerRows;
import jp.go.jica.approval.ledger.RegisterView;
import jp.go.jica.approval.ledger.VisibilityRule;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The contractor register for the department's people and the security office, and the events of a
 * running contract: a changed confirmation document (54-7), a subcontracting request (54-5), an
 * incident (55-1(3)), completion of the work (56), and the contractor's reports the department records:
 * periodic reports on the measures (55-2(2)) and reports of system changes (59-2), kept in the timeline.
 */
@RestController
class ContractController implements RegisterView {

  /** A kind of contract event: the message it correlates, its button, and the label of its text. */
  record EventKind(String message, String label, String textLabel, boolean textRequired) {
  }

  /** In the order the case page shows them. */
  static final Map<String, EventKind> EVENTS = new java.util.LinkedHashMap<>();

  static {
    EVENTS.put("confirmationDocument", new EventKind("outsourcingConfirmationDocument", "確認書の変更（新しい版）",
        "変更後の確認書の内容（第54条第7項）", true));
    EVENTS.put("subcontract", new EventKind("outsourcingSubcontractRequest", "再委託の申請", "再委託先と再委託する業務（第54条第5項）", true));
    EVENTS.put("incident", new EventKind("outsourcingIncident", "インシデントの報告", "インシデントの内容（第55条第1項第3号）", true));
    EVENTS.put("completed", new EventKind("outsourcingWorkCompleted", "業務の完了", "完了の連絡（任意）", false));
    EVENTS.put("report", new EventKind("outsourcingContractorReport", "委託先の定期報告", "報告の内容（第55条第2項第2号）", true));
    EVENTS.put("systemChange", new EventKind("outsourcingContractorReport", "委託先のシステム変更の報告",
        "変更の内容（第59条第2項）", true));
  }

  /** Reports are taken while the contract runs, suspended or not (Art. 55-2(2), 59-2). */
  private static final java.util.Set<String> REPORTING = java.util.Set.of(ContractRegister.UNDER_CONTRACT,
      ContractRegister.SUSPENDED);
  /** Work for the system and information given to the contractor, as outsourcing-start.form labels them. */
  private static final Map<String, String> SYSTEM_WORK = Map.of("none", "情報システムに関係しない",
      "construction", "情報システムの構築（第58条）", "operation", "情報システムの運用・保守（第59条）",
      "service", "業務委託サービス（システムの一部機能の提供、第60条）", "other", "その他の情報システム関連");
  private static final Map<String, String> INFORMATION_PROVIDED = Map.of("none", "提供しない",
      "protected", "要保護情報（要保全・要安定）を提供する", "confidential", "要機密情報を提供する");

  /** The department that runs a contract sees it; the security office and administrators see all. */
  static final VisibilityRule VISIBILITY = VisibilityRule.rows().withAllForSecurityOffice().withOwnDepartment();

  private static final List<Column> COLUMNS = List.of(
      Column.text("contractNumber", "契約番号"), Column.text("workDescription", "委託業務"),
      Column.text("departmentName", "部署"), Column.text("contractor", "委託先"), Column.text("status", "状態"),
      Column.option("systemWork", "情報システムとの関係", SYSTEM_WORK).csvOnly(),
      Column.option("informationProvided", "提供する情報", INFORMATION_PROVIDED).csvOnly(),
      Column.number("confidentiality", "機密性"), Column.date("periodFrom", "委託期間（開始）"),
      Column.date("periodTo", "委託期間（終了）"), Column.date("contractDate", "契約締結日").csvOnly(),
      Column.date("ndaDate", "NDA締結日").csvOnly(), Column.text("subcontractors", "再委託先"),
      Column.number("checks", "定期確認の回数").csvOnly(), Column.time("lastCheckAt", "最終確認"),
      Column.text("lastFinding", "直近の指摘事項"), Column.flag("suspended", "一時中断").csvOnly(),
      Column.text("incidentNumber", "インシデント番号"),
      Column.time("closedOutAt", "検収日時").csvOnly(), Column.text("entrustmentJudgement", "委託判断基準に照らした判断").csvOnly(),
      Column.text("proposalCompliance", "提案の仕様準拠").csvOnly(), Column.text("handlingProcedure", "情報の取扱手順").csvOnly(),
      Column.text("contractOwnerId", "委託契約の担当者").csvOnly(), Column.time("contractOwnerSince", "担当者の就任日時").csvOnly(),
      Column.text("serviceManagerId", "業務委託サービス管理者").csvOnly(),
      Column.time("serviceManagerSince", "管理者の就任日時").csvOnly());

  private final ContractRegister register;
  private final OrgChartService charts;
  private final RuntimeService runtime;

  ContractController(ContractRegister register, OrgChartService charts, RuntimeService runtime) {
    this.register = register;
    this.charts = charts;
    this.runtime = runtime;
  }

  @GetMapping("/api/contracts")
  List<Map<String, Object>> search(Authentication user, @RequestParam(required = false) String q,
      @RequestParam(required = false) String status, @RequestParam(defaultValue = "200") int limit) {
    return find(user, q, status, Math.min(Math.max(limit, 1), 5000)).stream().map(LedgerRows::json).toList();
  }

  @Override
  public List<Map<String, Object>> rows(Authentication user) {
    return search(user, null, null, 200);
  }

  @Override
  public String key() {
    return "contracts";
  }

  @Override
  public String title() {
    return "委託先";
  }

  @Override
  public int order() {
    return 30;
  }

  @Override
  public String path() {
    return "/api/contracts";
  }

  @Override
  public List<String> filters() {
    return List.of("status", "q");
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @GetMapping("/api/contracts.csv")
  ResponseEntity<byte[]> csv(Authentication user, @RequestParam(required = false) String q,
      @RequestParam(required = false) String status) {
    return LedgerRows.csv("contracts.csv", COLUMNS, find(user, q, status, 10_000).stream().map(LedgerRows::json).toList());
  }

  /** The contract's timeline: contractor reports and duty hand-overs, oldest first. */
  @GetMapping("/api/contracts/{number}/timeline")
  List<Map<String, Object>> timeline(@PathVariable String number, Authentication user) {
    ContractRegister.Entry contract = register.byNumber(number).orElseThrow(() ->
        new ResponseStatusException(HttpStatus.NOT_FOUND, "契約番号「" + number + "」はありません"));
    if (!VISIBILITY.of(user, chart()).sees(contract.departmentId(), List.of())) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "この契約の経過は担当部署（" + contract.departmentName() + "）の職員と情報セキュリティ担当部署だけが見られます");
    }
    return register.timeline(contract.processInstanceId()).stream().map(LedgerRows::json).toList();
  }

  /** Body: {@code type} (confirmationDocument, subcontract, incident, completed, report, systemChange) and {@code text}. */
  @PostMapping("/api/contracts/{number}/events")
  Map<String, Object> event(@PathVariable String number, @RequestBody Map<String, String> body, Authentication user) {
    ContractRegister.Entry contract = register.byNumber(number).orElseThrow(() ->
        new ResponseStatusException(HttpStatus.NOT_FOUND, "契約番号「" + number + "」はありません"));
    if (!mayReport(contract, chart(), user.getName(), admin(user))) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "この契約の届出は担当部署（" + contract.departmentName() + "）の職員だけが行えます");
    }
    EventKind kind = EVENTS.get(body.getOrDefault("type", ""));
    if (kind == null) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "「届出の種類」（type）は confirmationDocument, subcontract, incident, completed, report, systemChange のいずれかです");
    }
    String message = kind.message();
    String text = body.get("text") == null ? "" : body.get("text");
    if (text.isBlank() && kind.textRequired()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "「" + kind.textLabel() + "」（text）を入力してください");
    }
    Map<String, Object> variables = new HashMap<>();
    switch (body.get("type")) {
      case "confirmationDocument" -> variables.put("confirmationDocument", text);
      case "subcontract" -> variables.put("subcontractor", text);
      case "incident" -> variables.put("incidentDescription", text);
      default -> { }
    }
    if (message.equals("outsourcingContractorReport")) {
      if (!reportsTaken(contract)) {
        throw new ResponseStatusException(HttpStatus.CONFLICT, "委託先の報告は契約期間中だけ記録できます（状態: " + contract.status() + "）");
      }
      // Each report is its own event subprocess instance: its text stays with it, never overwriting another's.
      runtime.createMessageCorrelation(message).processInstanceId(contract.processInstanceId())
          .setVariablesToTriggeredScope(Map.of("reportKind", "report".equals(body.get("type")) ? "periodic" : "systemChange",
              "reportText", text)).correlate();
      return Map.of("contractNumber", number, "accepted", body.get("type"));
    }
    try {
      runtime.createMessageCorrelation(message).processInstanceId(contract.processInstanceId())
          .setVariables(variables).correlate();
    } catch (org.camunda.bpm.engine.MismatchingMessageCorrelationException e) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "この契約は現在その届出を受け付けていません（状態: " + contract.status() + "）");
    }
    return Map.of("contractNumber", number, "accepted", body.get("type"));
  }

  /** The department that runs the contract (Art. 54-56) reports its events; an administrator may enter them. */
  static boolean mayReport(ContractRegister.Entry contract, OrgChart chart, String person, boolean administrator) {
    return administrator || chart.person(person).isPresent()
        && chart.departmentOf(person).id().equals(contract.departmentId());
  }

  /** Contractor reports are taken while the contract runs, suspended or not; the other events when the case awaits them. */
  static boolean reportsTaken(ContractRegister.Entry contract) {
    return REPORTING.contains(contract.status());
  }

  private List<Map<String, Object>> find(Authentication user, String q, String status, int limit) {
    return register.search(VISIBILITY.of(user, chart()), q, status, limit);
  }

  private static boolean admin(Authentication user) {
    return Administrators.is(user);
  }

  private OrgChart chart() {
    return charts.current();
  }
}
