package jp.go.jica.approval.deployment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
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

/**
 * The editor's API (administrators only, by the /api/admin path): the deployed definitions, their XML,
 * validation, deployment through the engine under the administrator's own identity, and the record.
 */
@RestController
class DeploymentController {

  static final String SOURCE = "platform-editor";

  private final RepositoryService repository;
  private final IdentityService identity;
  private final DefinitionValidator validator;
  private final DeploymentRecorder recorder;

  DeploymentController(RepositoryService repository, IdentityService identity, DefinitionValidator validator,
      DeploymentRecorder recorder) {
    this.repository = repository;
    this.identity = identity;
    this.validator = validator;
    this.recorder = recorder;
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
    row.put("fileName", resourceName == null ? null : resourceName.substring(resourceName.replace('\\', '/').lastIndexOf('/') + 1));
    row.put("deploymentId", deploymentId);
    return row;
  }

  @GetMapping(value = "/api/admin/definitions/{type}/{id}/xml", produces = MediaType.APPLICATION_XML_VALUE)
  ResponseEntity<byte[]> xml(@PathVariable String type, @PathVariable String id) throws IOException {
    InputStream model = switch (type) {
      case "process" -> repository.getProcessModel(id);
      case "decision" -> repository.getDecisionModel(id);
      default -> throw new IllegalArgumentException("type は process か decision です");
    };
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

  @PostMapping("/api/admin/deployments")
  ResponseEntity<Map<String, Object>> deploy(@RequestBody Edited edited, Authentication user) {
    List<String> errors = validator.problems(edited.resourceName(), edited.xml());
    if (!errors.isEmpty()) {
      return ResponseEntity.badRequest().body(Map.of("message", "検証エラー: " + String.join(" / ", errors), "errors", errors));
    }
    // The engine deploys as the administrator: its authorization checks apply and the record names them.
    identity.setAuthentication(user.getName(), identity.createGroupQuery().groupMember(user.getName()).list()
        .stream().map(Group::getId).toList());
    DeploymentWithDefinitions deployment;
    try {
      deployment = repository.createDeployment().name(edited.resourceName()).source(SOURCE)
          .addInputStream(edited.resourceName(), new ByteArrayInputStream(edited.xml().getBytes(StandardCharsets.UTF_8)))
          .deployWithResult();
    } finally {
      identity.clearAuthentication();
    }
    List<Map<String, Object>> definitions = new ArrayList<>();
    // The engine leaves a kind's list null when the deployment holds none of that kind.
    if (deployment.getDeployedProcessDefinitions() != null) {
      deployment.getDeployedProcessDefinitions().forEach(d -> definitions.add(Map.of("key", d.getKey(), "version", d.getVersion())));
    }
    if (deployment.getDeployedDecisionDefinitions() != null) {
      deployment.getDeployedDecisionDefinitions().forEach(d -> definitions.add(Map.of("key", d.getKey(), "version", d.getVersion())));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deploymentId", deployment.getId());
    body.put("deployedBy", user.getName());
    body.put("deployedAt", deployment.getDeploymentTime());
    body.put("definitions", definitions);
    return ResponseEntity.status(HttpStatus.CREATED).body(body);
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
      rows.add(row);
    }
    return rows;
  }

  /** The engine applied the deployment policy (the same one the validation applies) and refused; nothing was deployed. */
  @ExceptionHandler(DeploymentRefusedException.class)
  ResponseEntity<Map<String, Object>> policyRefused(DeploymentRefusedException e) {
    return ResponseEntity.badRequest().body(Map.of("message", e.getMessage(),
        "errors", e.violations().stream().map(PolicyViolation::getMessage).toList()));
  }

  /** The engine's parse message goes back to the administrator as it is; nothing was deployed. */
  @ExceptionHandler(org.camunda.bpm.engine.ParseException.class)
  ResponseEntity<Map<String, Object>> parseFailed(org.camunda.bpm.engine.ParseException e) {
    return ResponseEntity.badRequest().body(Map.of("message", "デプロイできません（エンジンの解析エラー）: " + e.getMessage()));
  }

  @ExceptionHandler({org.camunda.bpm.engine.ProcessEngineException.class, IllegalArgumentException.class})
  ResponseEntity<Map<String, Object>> refused(RuntimeException e) {
    return ResponseEntity.badRequest().body(Map.of("message", "デプロイできません: " + e.getMessage()));
  }
}
