package jp.go.jica.approval.deployment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.go.jica.approval.organization.ActingEmployee;
import jp.go.jica.approval.validation.PlatformSubmission;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jp.go.jica.approval.ledger.CaseWithdrawn;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * 変更申請: a change of a BPMN or DMN made in the editor is stored as a proposal (the exact resource, the
 * administrator's note, the diff against the deployed version) and decided in the process {@code rule-change};
 * only an approved proposal is deployed, and exactly as stored (Art. 20-1, 24-1, 143-3).
 */
@Service
class RuleChanges {

  static final String PROCESS_KEY = "rule-change";
  static final String ID_VARIABLE = "ruleChangeId";
  static final String PROPOSED = "PROPOSED";
  static final String DEPLOYED = "DEPLOYED";
  static final String REJECTED = "REJECTED";
  static final String REFUSED = "REFUSED";
  static final String WITHDRAWN = "WITHDRAWN";
  /** A process variable holds at most 4000 characters; the full diff stays in the table and the editor. */
  static final int SHOWN_DIFF = 3500;

  private static final Logger LOG = LoggerFactory.getLogger(RuleChanges.class);

  private final JdbcTemplate jdbc;
  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final IdentityService identity;
  private final DefinitionValidator validator;
  private final TransactionTemplate transaction;
  private final ProcessEngine engine;

  RuleChanges(JdbcTemplate jdbc, RepositoryService repository, RuntimeService runtime, IdentityService identity,
      DefinitionValidator validator, TransactionTemplate transaction, ProcessEngine engine) {
    this.jdbc = jdbc;
    this.repository = repository;
    this.runtime = runtime;
    this.identity = identity;
    this.validator = validator;
    this.transaction = transaction;
    this.engine = engine;
  }

  /** What the administrator sees before proposing: validation, the deployed version it replaces, the diff. */
  record Preview(List<String> errors, String baseDefinitionId, String diff, List<String> summary, boolean routingChange) {
    String summaryText() {
      return summary.isEmpty() ? "（規則の変更なし）" : String.join("\n", summary);
    }
  }

  /** A proposal refused before it was stored (400, message in Japanese). */
  static class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> errors;

    Refused(String message, List<String> errors) {
      super(message);
      this.errors = errors;
    }

    List<String> errors() {
      return errors;
    }
  }

  Preview preview(String resourceName, String xml) {
    List<String> errors = validator.problems(resourceName, xml);
    if (!errors.isEmpty()) {
      return new Preview(errors, null, "", List.of(), resourceName != null && resourceName.endsWith(".dmn"));
    }
    Optional<Deployed> deployed = deployed(resourceName);
    String before = deployed.map(Deployed::xml).orElse("");
    String diff = LineDiff.of(before, xml);
    List<String> summary = new ArrayList<>();
    boolean dmn = resourceName.endsWith(".dmn");
    if (deployed.isEmpty()) {
      summary.add("新しい定義ファイル: " + resourceName);
    }
    if (dmn) {
      summary.addAll(RuleSummary.of(deployed.map(Deployed::xml).orElse(null), xml));
    }
    int[] counts = LineDiff.counts(diff);
    summary.add("XML: " + counts[0] + "行削除、" + counts[1] + "行追加");
    return new Preview(List.of(), deployed.map(Deployed::definitionId).orElse(null), diff, summary, dmn);
  }

  /**
   * Stores the proposal and starts its approval, in one transaction (no stored proposal without its case).
   * The start runs as the administrator: the case's applicant is the proposer.
   */
  Map<String, Object> propose(String user, String resourceName, String xml, String note) {
    if (note == null || note.isBlank()) {
      throw new Refused("「変更内容の説明」を入力してください（変更申請には説明が必要です）", List.of("変更内容の説明"));
    }
    if (note.length() > 4000) {
      throw new Refused("「変更内容の説明」は4000文字以内にしてください", List.of("変更内容の説明"));
    }
    Preview preview = preview(resourceName, xml);
    if (!preview.errors().isEmpty()) {
      throw new Refused("検証エラー: " + String.join(" / ", preview.errors()), preview.errors());
    }
    if (preview.diff().isEmpty()) {
      throw new Refused("デプロイ済みの版から変更がありません", List.of());
    }
    return transaction.execute(status -> {
      GeneratedKeyHolder key = new GeneratedKeyHolder();
      jdbc.update(connection -> {
        PreparedStatement insert = connection.prepareStatement("insert into apr_rule_change (resource_name, resource_xml,"
            + " base_definition_id, routing_change, change_note, diff_summary, diff_text, status, proposed_by, proposed_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
        insert.setString(1, resourceName);
        insert.setString(2, xml);
        insert.setString(3, preview.baseDefinitionId());
        insert.setBoolean(4, preview.routingChange());
        insert.setString(5, note.strip());
        insert.setString(6, truncate(preview.summaryText(), 8000));
        insert.setString(7, preview.diff());
        insert.setString(8, PROPOSED);
        insert.setString(9, user);
        insert.setTimestamp(10, Timestamp.from(Instant.now()));
        return insert;
      }, key);
      long id = key.getKey().longValue();
      // The variables are the platform's (the stored proposal's number), not a form's.
      ProcessInstance instance = ActingEmployee.run(identity, user, () -> PlatformSubmission.run(
          () -> runtime.startProcessInstanceByKey(PROCESS_KEY, "RC-" + id, Map.of(ID_VARIABLE, id))));
      Map<String, Object> row = new LinkedHashMap<>(view(find(id).orElseThrow()));
      row.put("processInstanceId", instance.getId());
      return row;
    });
  }

  Optional<Map<String, Object>> find(long id) {
    return jdbc.queryForList("select * from apr_rule_change where id = ?", id).stream().findFirst().map(RuleChanges::lower);
  }

  List<Map<String, Object>> recent(int limit) {
    return jdbc.queryForList("select * from apr_rule_change order by id desc fetch first " + limit + " rows only").stream()
        .map(RuleChanges::lower).map(RuleChanges::view).toList();
  }

  /** The process started for proposal {@code id} by {@code user}: the case is linked once, only to its proposer's proposal. */
  Map<String, Object> link(long id, String user, String processInstanceId) {
    Map<String, Object> row = find(id).orElseThrow(() -> new IllegalArgumentException("変更申請 " + id + " はありません"));
    if (!row.get("proposed_by").equals(user) || row.get("process_instance_id") != null || !PROPOSED.equals(row.get("status"))) {
      throw new org.camunda.bpm.engine.AuthorizationException("変更申請 " + id + " は利用者「" + user
          + "」が提出した未処理の申請ではありません。変更申請はエディターから提出します");
    }
    jdbc.update("update apr_rule_change set process_instance_id = ? where id = ?", processInstanceId, id);
    return row;
  }

  void rejected(long id, String decidedBy, String comment) {
    jdbc.update("update apr_rule_change set status = ?, decided_by = ?, decided_at = ?, decision_comment = ? where id = ?",
        REJECTED, decidedBy, Timestamp.from(Instant.now()), comment, id);
  }

  /**
   * Deploys the approved proposal exactly as stored, after the editor's validation and the deployment policy
   * have checked it again. The deployment runs in its own transaction: it commits whole or not at all, and a
   * refusal leaves the case free to end with its notice. Returns the refusal, empty when deployed.
   */
  Optional<String> deployApproved(long id, String approver, String comment) {
    Map<String, Object> row = find(id).orElseThrow();
    String resourceName = (String) row.get("resource_name");
    String xml = (String) row.get("resource_xml");
    String proposer = (String) row.get("proposed_by");
    List<String> problems = validator.problems(resourceName, xml);
    String refusal;
    if (problems.isEmpty()) {
      try {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        String deploymentId = configuration.getCommandExecutorTxRequiresNew().execute(command -> {
          DeploymentRecorder.APPROVED.set(new DeploymentRecorder.ApprovedChange(id, proposer, approver));
          try {
            // The approval is the authority for this deployment, whoever the approver's engine rights are.
            return command.runWithoutAuthorization(() -> repository.createDeployment().name(resourceName)
                .source(DeploymentController.SOURCE)
                .addInputStream(resourceName, new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .deploy().getId());
          } finally {
            DeploymentRecorder.APPROVED.remove();
          }
        });
        jdbc.update("update apr_rule_change set status = ?, decided_by = ?, decided_at = ?, decision_comment = ?,"
            + " deployment_id = ? where id = ?", DEPLOYED, approver, Timestamp.from(Instant.now()), comment, deploymentId, id);
        return Optional.empty();
      } catch (RuntimeException e) {
        refusal = refusalOf(e);
      }
    } else {
      refusal = "検証エラー: " + String.join(" / ", problems);
    }
    refuse(id, approver, comment, refusal);
    return Optional.of(refusal);
  }

  void refuse(long id, String approver, String comment, String refusal) {
    LOG.warn("Rule change {} approved by {} was not deployed: {}", id, approver, refusal);
    jdbc.update("update apr_rule_change set status = ?, decided_by = ?, decided_at = ?, decision_comment = ?, refusal = ?"
        + " where id = ?", REFUSED, approver, Timestamp.from(Instant.now()), comment, truncate(refusal, 8000), id);
  }

  /** The policy's own message when it refused, else the engine's (a parse error), as the editor showed them. */
  private static String refusalOf(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof DeploymentRefusedException refused) {
        return refused.getMessage();
      }
    }
    return "デプロイできません（エンジンの解析エラー）: " + e.getMessage();
  }

  /** The row for the editor: status in Japanese, the full diff only where asked for. */
  static Map<String, Object> view(Map<String, Object> row) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", row.get("id"));
    view.put("resourceName", row.get("resource_name"));
    view.put("status", row.get("status"));
    view.put("statusText", statusText((String) row.get("status")));
    view.put("note", row.get("change_note"));
    view.put("summary", row.get("diff_summary"));
    view.put("routingChange", row.get("routing_change"));
    view.put("proposedBy", row.get("proposed_by"));
    view.put("proposedAt", String.valueOf(row.get("proposed_at")));
    view.put("decidedBy", row.get("decided_by"));
    view.put("decidedAt", row.get("decided_at") == null ? null : String.valueOf(row.get("decided_at")));
    view.put("decisionComment", row.get("decision_comment"));
    view.put("deploymentId", row.get("deployment_id"));
    view.put("refusal", row.get("refusal"));
    view.put("processInstanceId", row.get("process_instance_id"));
    return view;
  }

  /** A proposal its administrator withdrew (取下げ) before the chief-iso decided: nothing is deployed. */
  @EventListener
  void onWithdrawn(CaseWithdrawn event) {
    if (PROCESS_KEY.equals(event.processKey())) {
      jdbc.update("update apr_rule_change set status = ? where process_instance_id = ? and status = ?", WITHDRAWN,
          event.processInstanceId(), PROPOSED);
    }
  }

  static String statusText(String status) {
    return switch (status) {
      case PROPOSED -> "申請中";
      case DEPLOYED -> "承認済み・デプロイ済み";
      case REJECTED -> "却下";
      case REFUSED -> "承認後にデプロイを拒否（何もデプロイしていません）";
      case WITHDRAWN -> CaseWithdrawn.STATUS;
      default -> status;
    };
  }

  static String shownDiff(String diff) {
    return diff.length() <= SHOWN_DIFF ? diff
        : diff.substring(0, SHOWN_DIFF) + "\n…（以下省略。全文はエディターの変更申請一覧で確認できます）";
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }

  /** Column names as the editor and the delegates read them, whatever case the database reports. */
  private static Map<String, Object> lower(Map<String, Object> row) {
    Map<String, Object> lower = new LinkedHashMap<>();
    row.forEach((column, value) -> lower.put(column.toLowerCase(java.util.Locale.ROOT), value instanceof java.sql.Clob clob
        ? clobText(clob) : value));
    return lower;
  }

  private static String clobText(java.sql.Clob clob) {
    try {
      return clob.getSubString(1, (int) clob.length());
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Deployed(String definitionId, String xml) {
  }

  /** The latest deployed definition from the file {@code resourceName} (matched by file name), with its XML. */
  private Optional<Deployed> deployed(String resourceName) {
    for (ProcessDefinition d : repository.createProcessDefinitionQuery().latestVersion().list()) {
      if (fileName(d.getResourceName()).equals(resourceName)) {
        return Optional.of(new Deployed(d.getId(), read(repository.getProcessModel(d.getId()))));
      }
    }
    for (DecisionDefinition d : repository.createDecisionDefinitionQuery().latestVersion().list()) {
      if (fileName(d.getResourceName()).equals(resourceName)) {
        return Optional.of(new Deployed(d.getId(), read(repository.getDecisionModel(d.getId()))));
      }
    }
    return Optional.empty();
  }

  static String fileName(String resourceName) {
    return resourceName == null ? "" : resourceName.substring(resourceName.replace('\\', '/').lastIndexOf('/') + 1);
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
