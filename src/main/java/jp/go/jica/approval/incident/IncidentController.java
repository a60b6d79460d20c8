package jp.go.jica.approval.incident;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.Column;
import jp.go.jica.approval.ledger.LedgerRows;
import jp.go.jica.approval.ledger.RegisterView;
import jp.go.jica.approval.ledger.VisibilityRule;
import jp.go.jica.approval.organization.ActingEmployee;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Role;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The incident register (Art. 29-9): the CSIRT (the security office and the csirt-head), the CISO, the chief-iso and
 * administrators see every incident; a reporter and the responsible iso their own. The CSIRT's tools report
 * incidents with POST.
 */
@RestController
class IncidentController implements RegisterView {

  /** Personal information and the evaluation, as incident-start.form and incident-evaluation.form label them. */
  private static final Map<String, String> PERSONAL_INFORMATION = Map.of("yes", "含まれる", "no", "含まれない",
      "unknown", "分からない");
  private static final Map<String, String> ASSESSMENTS = Map.of("incident", "インシデントである",
      "notIncident", "インシデントではない");

  /**
   * The CSIRT (the security office and the csirt-head), the CISO, the chief-iso and administrators see every
   * incident; the reporter and the responsible iso their own.
   */
  static final VisibilityRule VISIBILITY = VisibilityRule.rows().withAllForSecurityOffice()
      .withAllFor(Role.CSIRT_HEAD, Role.CISO, Role.CHIEF_ISO).withPeopleIn("reporter_id", "responsible_iso");

  private static final List<Column> COLUMNS = List.of(
      Column.text("incidentNumber", "インシデント番号"), Column.text("title", "件名"), Column.text("status", "状態"),
      Column.text("reporterName", "報告者"), Column.date("noticedOn", "気付いた日"), Column.time("createdAt", "報告日時"),
      Column.text("whatHappened", "発生した事象").csvOnly(), Column.text("systemsInvolved", "関係する情報システム").csvOnly(),
      Column.text("informationInvolved", "関係する情報").csvOnly(), Column.number("confidentiality", "機密性"),
      Column.option("personalInformation", "個人情報（報告時）", PERSONAL_INFORMATION).csvOnly(),
      Column.flag("cyberAttackReported", "サイバー攻撃の可能性（報告時）").csvOnly(),
      Column.text("sourceNumber", "起因する案件"), Column.option("assessment", "評価", ASSESSMENTS),
      Column.text("evaluatedBy", "評価者").csvOnly(), Column.text("evaluationNote", "評価の理由").csvOnly(),
      Column.text("responsibleDepartmentId", "対処部署").csvOnly(), Column.text("responsibleIso", "情報セキュリティ責任者"),
      Column.text("causedBy", "原因となった職員").csvOnly(), Column.flag("cyberAttackSuspected", "サイバー攻撃の疑い").csvOnly(),
      Column.flag("personalInformationLeaked", "個人情報の漏えい").csvOnly(),
      Column.time("cisoReportedAt", "CISOへの報告日時"), Column.text("cause", "原因").csvOnly(),
      Column.text("preventionProposal", "再発防止策").csvOnly(), Column.text("measuresOrdered", "指示された措置").csvOnly(),
      Column.text("lessons", "教訓").csvOnly(), Column.time("closedAt", "完了日時"));
  private final IncidentRegister register;
  private final OrgChartService charts;
  private final RuntimeService runtime;
  private final IdentityService identity;

  IncidentController(IncidentRegister register, OrgChartService charts, RuntimeService runtime, IdentityService identity) {
    this.register = register;
    this.charts = charts;
    this.runtime = runtime;
    this.identity = identity;
  }

  @GetMapping("/api/incidents")
  @Override
  public List<Map<String, Object>> rows(Authentication user) {
    return register.find(VISIBILITY.of(user, charts.current()), 10_000).stream().map(LedgerRows::json).toList();
  }

  @GetMapping("/api/incidents.csv")
  ResponseEntity<byte[]> csv(Authentication user) {
    return LedgerRows.csv("incidents.csv", COLUMNS, rows(user));
  }

  @Override
  public String key() {
    return "incidents";
  }

  @Override
  public String title() {
    return "インシデント";
  }

  @Override
  public int order() {
    return 60;
  }

  @Override
  public String path() {
    return "/api/incidents";
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @GetMapping("/api/incidents/{number}")
  Map<String, Object> incident(@PathVariable String number, Authentication user) {
    Map<String, Object> row = visible(number, user);
    Map<String, Object> json = new LinkedHashMap<>(LedgerRows.json(row));
    json.put("timeline", register.events((String) row.get("process_instance_id")).stream().map(LedgerRows::json).toList());
    return json;
  }

  @GetMapping("/api/incidents/{number}/timeline")
  List<Map<String, Object>> timeline(@PathVariable String number, Authentication user) {
    return register.events((String) visible(number, user).get("process_instance_id")).stream().map(LedgerRows::json).toList();
  }

  /**
   * The CSIRT's own tools report an incident (Art. 29-1) as the authenticated CSIRT member. Body: the start form's
   * fields ({@code incidentTitle}, {@code whatHappened}, {@code noticedOn}, {@code confidentiality},
   * {@code personalInformation}, optional {@code cyberAttackReported}, {@code systemsInvolved},
   * {@code informationInvolved}, {@code actionsTaken}).
   */
  @PostMapping("/api/incidents")
  @Transactional
  Map<String, Object> report(@RequestBody(required = false) Map<String, Object> body, Authentication user) {
    if (!csirt(charts.current(), user.getName())) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "このAPIで報告できるのはCSIRT（情報システム部・CSIRT責任者）だけです。"
          + "職員は Tasklist の「情報セキュリティインシデントへの対処」から報告してください（第29条第1項）");
    }
    // The deployed start form is the contract here as in Tasklist: its refusals name the field by its label.
    Map<String, Object> variables = body == null ? Map.of() : body;
    return ActingEmployee.run(identity, user.getName(), () -> {
      var started = runtime.startProcessInstanceByKey(IncidentStart.PROCESS_KEY, variables);
      return Map.of("incidentNumber", runtime.getVariable(started.getId(), "incidentNumber"),
          "processInstanceId", started.getId());
    });
  }

  private Map<String, Object> visible(String number, Authentication user) {
    Map<String, Object> row = register.byNumber(number).orElse(null);
    if (row == null || !VISIBILITY.of(user, charts.current()).sees("",
        java.util.Arrays.asList((String) row.get("reporter_id"), (String) row.get("responsible_iso")))) {
      // the same answer as for a number that does not exist: others' incidents are not even confirmed
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "インシデント番号「" + number + "」はありません");
    }
    return row;
  }

  /** The CSIRT: the security office (情報システム部, the 報告窓口 of Art. 29-1) and the csirt-head. */
  static boolean csirt(OrgChart chart, String id) {
    return chart.inSecurityOffice(id) || chart.organizationHolder(Role.CSIRT_HEAD).filter(id::equals).isPresent();
  }

}
