package jp.go.jica.approval.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The editor's API (administrators only, by the /api/admin path): the deployed definitions, their XML,
 * validation, the 変更申請 (proposal with diff and note; deployed only after the chief-iso's approval in the
 * process rule-change), the proposals' state and the deployment record.
 */
@RestController
class DeploymentController {

  static final String SOURCE = "platform-editor";
  private static final Pattern JAPANESE = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]");

  private final RepositoryService repository;
  private final TaskService tasks;
  private final DefinitionValidator validator;
  private final DeploymentRecorder recorder;
  private final RuleChanges changes;
  private final OrgChartService charts;

  DeploymentController(RepositoryService repository, TaskService tasks, DefinitionValidator validator,
      DeploymentRecorder recorder, RuleChanges changes, OrgChartService charts) {
    this.repository = repository;
    this.tasks = tasks;
    this.validator = validator;
    this.recorder = recorder;
    this.changes = changes;
    this.charts = charts;
  }

  record Edited(String resourceName, String xml) {
  }

  @GetMapping("/api/admin/definitions")
  List<Map<String, Object>> definitions() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ProcessDefinition d : repository.createProcessDefinitionQuery().latestVersion()
        .orderByProcessDefinitionKey().asc().list()) {
      rows.add(row("process", d.getId(), d.getKey(), d.getName(), d.getVersion(), d.getResourceName(), d.getDeploymentId()));
    }
    for (DecisionDefinition d : repository.createDecisionDefinitionQuery().latestVersion()
        .orderByDecisionDefinitionKey().asc().list()) {
      rows.add(row("decision", d.getId(), d.getKey(), d.getName(), d.getVersion(), d.getResourceName(), d.getDeploymentId()));
    }
    return rows;
  }

  private static Map<String, Object> row(String type, String id, String key, String name, int version,
      String resourceName, String deploymentId) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("type", type);
    row.put("id", id);
    row.put("key", key);
    row.put("name", name);
    row.put("version", version);
    row.put("resourceName", resourceName);
    // The start-up scan names resources by their path on disk; the editor deploys under the file name.
    row.put("fileName", resourceName == null ? null : RuleChanges.fileName(resourceName));
    row.put("deploymentId", deploymentId);
    return row;
  }

  @GetMapping(value = "/api/admin/definitions/{type}/{id}/xml", produces = MediaType.APPLICATION_XML_VALUE)
  ResponseEntity<byte[]> xml(@PathVariable String type, @PathVariable String id) throws IOException {
    InputStream model;
    try {
      model = switch (type) {
        case "process" -> repository.getProcessModel(id);
        case "decision" -> repository.getDecisionModel(id);
        default -> throw new IllegalArgumentException("type は process か decision です");
      };
    } catch (NullValueException | NotFoundException unknown) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "定義 ID「" + id + "」はデプロイされていません");
    }
    try (model) {
      return ResponseEntity.ok().contentType(new MediaType("application", "xml", StandardCharsets.UTF_8))
          .body(model.readAllBytes());
    }
  }

  @PostMapping("/api/admin/deployments/validation")
  Map<String, Object> validate(@RequestBody Edited edited) {
    List<String> errors = validator.problems(edited.resourceName(), edited.xml());
    return Map.of("valid", errors.isEmpty(), "errors", errors);
  }

  /** What proposing this edit would change: validation, the diff against the deployed version, changed rules. */
  @PostMapping("/api/admin/rule-changes/preview")
  Map<String, Object> preview(@RequestBody Edited edited) {
    RuleChanges.Preview preview = changes.preview(edited.resourceName(), edited.xml());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("valid", preview.errors().isEmpty());
    body.put("errors", preview.errors());
    body.put("baseDefinitionId", preview.baseDefinitionId());
    body.put("diff", preview.diff());
    body.put("summary", preview.summary());
    body.put("routingChange", preview.routingChange());
    return body;
  }

  /**
   * The editor's "deploy": a 変更申請. Nothing is deployed here; the proposal is stored and its approval by the
   * chief-iso starts (process rule-change). The answer names who decides it.
   */
  @PostMapping("/api/admin/rule-changes")
  ResponseEntity<Map<String, Object>> propose(@RequestBody Proposal proposal, Authentication user) {
    Map<String, Object> body = new LinkedHashMap<>(changes.propose(user.getName(), proposal.resourceName(), proposal.xml(),
        proposal.note()));
    Task approval = tasks.createTaskQuery().processInstanceId((String) body.get("processInstanceId")).singleResult();
    body.put("approver", approval == null ? null : approval.getAssignee());
    body.put("approverName", approval == null ? null : charts.current().person(approval.getAssignee())
        .map(p -> p.name()).orElse(approval.getAssignee()));
    return ResponseEntity.status(HttpStatus.CREATED).body(body);
  }

  record Proposal(String resourceName, String xml, String note) {
  }

  @GetMapping("/api/admin/rule-changes")
  List<Map<String, Object>> proposals() {
    return changes.recent(50);
  }

  @GetMapping("/api/admin/rule-changes/{id}")
  Map<String, Object> proposal(@PathVariable String id) {
    // an id that is no number names no proposal either: 404 alike
    Optional<Map<String, Object>> found = id.matches("\\d{1,18}") ? changes.find(Long.parseLong(id)) : Optional.empty();
    Map<String, Object> row = found.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "変更申請 " + id + " はありません"));
    Map<String, Object> body = new LinkedHashMap<>(RuleChanges.view(row));
    body.put("diff", row.get("diff_text"));
    return body;
  }

  @ExceptionHandler(RuleChanges.Refused.class)
  ResponseEntity<Map<String, Object>> proposalRefused(RuleChanges.Refused e) {
    return ResponseEntity.badRequest().body(Map.of("message", e.getMessage(), "errors", e.errors()));
  }

  @GetMapping("/api/admin/deployments")
  List<Map<String, Object>> history() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> r : recorder.recent(50)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("deploymentId", r.get("deployment_id"));
      row.put("name", r.get("deployment_name"));
      row.put("source", r.get("source"));
      row.put("resources", r.get("resources"));
      row.put("deployedBy", r.get("deployed_by"));
      row.put("deployedAt", String.valueOf(r.get("deployed_at")));
      row.put("ruleChangeId", r.get("rule_change_id"));
      row.put("proposedBy", r.get("proposed_by"));
      row.put("approvedBy", r.get("approved_by"));
      rows.add(row);
    }
    return rows;
  }

  /** A routing that finds nobody free of conflict, an unknown type or proposal: nothing was stored or deployed. */
  @ExceptionHandler({org.camunda.bpm.engine.ProcessEngineException.class, IllegalArgumentException.class})
  ResponseEntity<Map<String, Object>> refused(RuntimeException e) {
    // the platform's own refusals are Japanese; an engine's English text would tell the client about the insides
    String reason = e.getMessage() != null && JAPANESE.matcher(e.getMessage()).find() ? ": " + e.getMessage() : "";
    return ResponseEntity.badRequest().body(Map.of("message", "受け付けられません" + reason));
  }
}
