package jp.go.jica.approval.outsourcing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.LedgerRows;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
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
class ContractController {

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
  private static final String[][] CSV_COLUMNS = {
      {"contract_number", "契約番号"}, {"work_description", "委託業務"}, {"department_name", "部署"},
      {"contractor", "委託先"}, {"status", "状態"}, {"system_work", "情報システムとの関係"},
      {"information_provided", "提供する情報"}, {"confidentiality", "機密性"}, {"period_from", "委託期間（開始）"},
      {"period_to", "委託期間（終了）"}, {"contract_date", "契約締結日"}, {"nda_date", "NDA締結日"},
      {"subcontractors", "再委託先"}, {"checks", "定期確認の回数"}, {"last_check_at", "最終確認"},
      {"last_finding", "直近の指摘事項"}, {"suspended", "一時中断"}, {"incident_number", "インシデント番号"}, {"closed_out_at", "検収日時"},
      {"entrustment_judgement", "委託判断基準に照らした判断"}, {"proposal_compliance", "提案の仕様準拠"},
      {"handling_procedure", "情報の取扱手順"}, {"contract_owner_id", "委託契約の担当者"},
      {"contract_owner_since", "担当者の就任日時"}, {"service_manager_id", "業務委託サービス管理者"},
      {"service_manager_since", "管理者の就任日時"}};

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

  @GetMapping("/api/contracts.csv")
  ResponseEntity<byte[]> csv(Authentication user, @RequestParam(required = false) String q,
      @RequestParam(required = false) String status) {
    return LedgerRows.csv("contracts.csv", CSV_COLUMNS, find(user, q, status, 10_000));
  }

  /** The contract's timeline: contractor reports and duty hand-overs, oldest first. */
  @GetMapping("/api/contracts/{number}/timeline")
  List<Map<String, Object>> timeline(@PathVariable String number, Authentication user) {
    Map<String, Object> contract = register.byNumber(number).orElseThrow(() ->
        new ResponseStatusException(HttpStatus.NOT_FOUND, "契約番号「" + number + "」はありません"));
    OrgChart chart = chart();
    if (!admin(user) && !chart.inSecurityOffice(user.getName())
        && !chart.departmentOf(user.getName()).id().equals(contract.get("department_id"))) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "この契約の経過は担当部署（" + contract.get("department_name") + "）の職員と情報セキュリティ担当部署だけが見られます");
    }
    return register.timeline((String) contract.get("process_instance_id")).stream().map(LedgerRows::json).toList();
  }

  /** Body: {@code type} (confirmationDocument, subcontract, incident, completed, report, systemChange) and {@code text}. */
  @PostMapping("/api/contracts/{number}/events")
  Map<String, Object> event(@PathVariable String number, @RequestBody Map<String, String> body, Authentication user) {
    Map<String, Object> contract = register.byNumber(number).orElseThrow(() ->
        new ResponseStatusException(HttpStatus.NOT_FOUND, "契約番号「" + number + "」はありません"));
    if (!mayReport(contract, chart(), user.getName(), admin(user))) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "この契約の届出は担当部署（" + contract.get("department_name") + "）の職員だけが行えます");
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
        throw new ResponseStatusException(HttpStatus.CONFLICT, "委託先の報告は契約期間中だけ記録できます（状態: " + contract.get("status") + "）");
      }
      // Each report is its own event subprocess instance: its text stays with it, never overwriting another's.
      runtime.createMessageCorrelation(message).processInstanceId((String) contract.get("process_instance_id"))
          .setVariablesToTriggeredScope(Map.of("reportKind", "report".equals(body.get("type")) ? "periodic" : "systemChange",
              "reportText", text)).correlate();
      return Map.of("contractNumber", number, "accepted", body.get("type"));
    }
    try {
      runtime.createMessageCorrelation(message).processInstanceId((String) contract.get("process_instance_id"))
          .setVariables(variables).correlate();
    } catch (org.camunda.bpm.engine.MismatchingMessageCorrelationException e) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "この契約は現在その届出を受け付けていません（状態: " + contract.get("status") + "）");
    }
    return Map.of("contractNumber", number, "accepted", body.get("type"));
  }

  /** The department that runs the contract (Art. 54-56) reports its events; an administrator may enter them. */
  static boolean mayReport(Map<String, Object> contract, OrgChart chart, String person, boolean administrator) {
    return administrator || chart.person(person).isPresent()
        && chart.departmentOf(person).id().equals(contract.get("department_id"));
  }

  /** Contractor reports are taken while the contract runs, suspended or not; the other events when the case awaits them. */
  static boolean reportsTaken(Map<String, Object> contract) {
    return REPORTING.contains((String) contract.get("status"));
  }

  @ExceptionHandler(ResponseStatusException.class)
  ResponseEntity<Map<String, String>> refused(ResponseStatusException e) {
    return ResponseEntity.status(e.getStatusCode()).body(Map.of("message", e.getReason() == null ? "" : e.getReason()));
  }

  private List<Map<String, Object>> find(Authentication user, String q, String status, int limit) {
    OrgChart chart = chart();
    boolean all = admin(user) || chart.inSecurityOffice(user.getName());
    return register.search(q, status, List.of(chart.departmentOf(user.getName()).id()), all, limit);
  }

  private static boolean admin(Authentication user) {
    return user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
  }

  private OrgChart chart() {
    return charts.current();
  }
}
