package jp.go.jica.approval.incident;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.LedgerRows;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Role;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.ExceptionHandler;
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
class IncidentController {

  private static final String[][] CSV_COLUMNS = {
      {"incident_number", "インシデント番号"}, {"title", "件名"}, {"status", "状態"}, {"reporter_name", "報告者"},
      {"noticed_on", "気付いた日"}, {"created_at", "報告日時"}, {"what_happened", "発生した事象"},
      {"systems_involved", "関係する情報システム"}, {"information_involved", "関係する情報"}, {"confidentiality", "機密性"},
      {"personal_information", "個人情報（報告時）"}, {"cyber_attack_reported", "サイバー攻撃の可能性（報告時）"},
      {"source_number", "起因する案件"}, {"assessment", "評価"}, {"evaluated_by", "評価者"}, {"evaluation_note", "評価の理由"},
      {"responsible_department_id", "対処部署"}, {"responsible_iso", "情報セキュリティ責任者"}, {"caused_by", "原因となった職員"},
      {"cyber_attack_suspected", "サイバー攻撃の疑い"}, {"personal_information_leaked", "個人情報の漏えい"},
      {"ciso_reported_at", "CISOへの報告日時"}, {"cause", "原因"}, {"prevention_proposal", "再発防止策"},
      {"measures_ordered", "指示された措置"}, {"lessons", "教訓"}, {"closed_at", "完了日時"}};
  /** The report's fields as the start form labels them (Art. 29-1), with their length limits. */
  private static final Map<String, Object[]> REPORT_FIELDS = new LinkedHashMap<>();

  static {
    REPORT_FIELDS.put("incidentTitle", new Object[] {"件名", 200, true});
    REPORT_FIELDS.put("whatHappened", new Object[] {"発生した事象（何が起きたか）", 4000, true});
    REPORT_FIELDS.put("systemsInvolved", new Object[] {"関係する情報システム", 2000, false});
    REPORT_FIELDS.put("informationInvolved", new Object[] {"関係する情報", 2000, false});
    REPORT_FIELDS.put("actionsTaken", new Object[] {"既に行った対応", 4000, false});
  }

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
  List<Map<String, Object>> incidents(Authentication user) {
    return register.find(seesAll(user), user.getName(), 10_000).stream().map(LedgerRows::json).toList();
  }

  @GetMapping("/api/incidents.csv")
  ResponseEntity<byte[]> csv(Authentication user) {
    return LedgerRows.csv("incidents.csv", CSV_COLUMNS, register.find(seesAll(user), user.getName(), 10_000));
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
    Map<String, Object> variables = reportVariables(body == null ? Map.of() : body);
    List<String> groups = identity.createGroupQuery().groupMember(user.getName()).list().stream().map(Group::getId).toList();
    identity.setAuthentication(user.getName(), groups);
    try {
      var started = runtime.startProcessInstanceByKey(IncidentStart.PROCESS_KEY, variables);
      return Map.of("incidentNumber", runtime.getVariable(started.getId(), "incidentNumber"),
          "processInstanceId", started.getId());
    } finally {
      identity.clearAuthentication();
    }
  }

  @ExceptionHandler(ResponseStatusException.class)
  ResponseEntity<Map<String, String>> refused(ResponseStatusException e) {
    return ResponseEntity.status(e.getStatusCode()).body(Map.of("message", e.getReason() == null ? "" : e.getReason()));
  }

  private static Map<String, Object> reportVariables(Map<String, Object> body) {
    Map<String, Object> variables = new HashMap<>();
    for (var field : REPORT_FIELDS.entrySet()) {
      Object value = body.get(field.getKey());
      String label = (String) field.getValue()[0];
      if (value != null && !(value instanceof String)) {
        throw bad("「" + label + "」は文字列で指定してください");
      }
      String text = value == null ? "" : ((String) value).strip();
      if ((Boolean) field.getValue()[2] && text.isEmpty()) {
        throw bad("「" + label + "」を入力してください");
      }
      if (text.length() > (Integer) field.getValue()[1]) {
        throw bad("「" + label + "」は" + field.getValue()[1] + "文字以内で入力してください");
      }
      variables.put(field.getKey(), text);
    }
    Object noticed = body.get("noticedOn");
    try {
      LocalDate date = LocalDate.parse(String.valueOf(noticed).substring(0, Math.min(10, String.valueOf(noticed).length())));
      if (date.isAfter(LocalDate.now())) {
        throw bad("「気付いた日」に未来の日付は指定できません");
      }
      variables.put("noticedOn", date.toString());
    } catch (java.time.format.DateTimeParseException e) {
      throw bad("「気付いた日」を yyyy-mm-dd の日付で指定してください");
    }
    String level = String.valueOf(body.get("confidentiality"));
    if (!level.matches("[1-3]")) {
      throw bad("「関係する情報の格付（機密性）」は 1、2、3 のいずれかです");
    }
    variables.put("confidentiality", level);
    Object personal = body.get("personalInformation");
    if (!List.of("yes", "no", "unknown").contains(personal)) {
      throw bad("「個人情報が含まれるか」は yes、no、unknown のいずれかです");
    }
    variables.put("personalInformation", personal);
    Object attack = body.getOrDefault("cyberAttackReported", false);
    if (!(attack instanceof Boolean)) {
      throw bad("「サイバー攻撃の可能性がある」は true または false です");
    }
    variables.put("cyberAttackReported", attack);
    return variables;
  }

  private Map<String, Object> visible(String number, Authentication user) {
    Map<String, Object> row = register.byNumber(number).orElseThrow(() ->
        new ResponseStatusException(HttpStatus.NOT_FOUND, "インシデント番号「" + number + "」はありません"));
    String id = user.getName();
    if (!seesAll(user) && !id.equals(row.get("reporter_id")) && !id.equals(row.get("responsible_iso"))) {
      // the same answer as for a number that does not exist: others' incidents are not even confirmed
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "インシデント番号「" + number + "」はありません");
    }
    return row;
  }

  private boolean seesAll(Authentication user) {
    OrgChart chart = charts.current();
    String id = user.getName();
    return user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN")) || csirt(chart, id)
        || chart.organizationHolder(Role.CISO).filter(id::equals).isPresent()
        || chart.organizationHolder(Role.CHIEF_ISO).filter(id::equals).isPresent();
  }

  /** The CSIRT: the security office (情報システム部, the 報告窓口 of Art. 29-1) and the csirt-head. */
  static boolean csirt(OrgChart chart, String id) {
    return chart.inSecurityOffice(id) || chart.organizationHolder(Role.CSIRT_HEAD).filter(id::equals).isPresent();
  }

  private static ResponseStatusException bad(String message) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
  }
}
