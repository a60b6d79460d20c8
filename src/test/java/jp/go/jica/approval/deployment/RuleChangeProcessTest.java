package jp.go.jica.approval.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code rule-change.bpmn}: a change from the editor is a 変更申請 the chief-iso approves before it is deployed
 * (Art. 20-1, 143-3), deployed exactly as stored after the validation and the policy ran again; a routing
 * change is reported to the CISO (Art. 20-1, 24-1); the proposer never decides their own change (Art. 16).
 */
public class RuleChangeProcessTest extends PlatformTest {

  static final String CHIEF_ISO = "it-director";
  static final String NOTE = "組織改正に合わせて手順を見直す";

  /** A small new process the engine and the policy accept. */
  public static String probe(String key) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://jica.go.jp/approval">
          <bpmn:process id="KEY" name="変更申請の確認用" isExecutable="true" camunda:historyTimeToLive="30">
            <bpmn:startEvent id="start" name="開始" />
            <bpmn:endEvent id="done" name="終了" />
            <bpmn:sequenceFlow id="s1" sourceRef="start" targetRef="done" />
          </bpmn:process>
        </bpmn:definitions>
        """.replace("KEY", key);
  }

  /** Within the editor's validation and the policy, but a gateway whose only flow has a condition: only the engine refuses it. */
  static String onlyTheEngineRefuses(String key) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://jica.go.jp/approval">
          <bpmn:process id="KEY" isExecutable="true" camunda:historyTimeToLive="30">
            <bpmn:startEvent id="start" />
            <bpmn:exclusiveGateway id="decide" />
            <bpmn:endEvent id="done" />
            <bpmn:sequenceFlow id="s1" sourceRef="start" targetRef="decide" />
            <bpmn:sequenceFlow id="when" sourceRef="decide" targetRef="done">
              <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${true}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
          </bpmn:process>
        </bpmn:definitions>
        """.replace("KEY", key);
  }

  @Autowired RuleChanges changes;
  @LocalServerPort int port;

  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
  }

  @AfterEach
  void restoreTheRoutingRules() throws Exception {
    // Later tests in this JVM expect the routing of the repository's file.
    engine.getRepositoryService().createDeployment().name("approval-routing.dmn")
        .addString("approval-routing.dmn", Files.readString(Path.of("bpmn", "approval-routing.dmn"))).deploy();
  }

  @Test
  @DisplayName("第20条第1項・第143条第3項: 統括情報セキュリティ責任者が承認した変更申請だけが、保存した内容のままデプロイされる")
  void anApprovedChangeIsDeployedExactlyAsStoredAndRecordedWithProposerAndApprover() throws Exception {
    ProcessInstance change = propose("admin", "rule-change-probe.bpmn", probe("rule-change-probe"));
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("rule-change-probe").count())
        .as("nothing deployed while the change waits").isZero();
    Task approval = task(change, "approveRuleChange");
    assertThat(approval).isAssignedTo(CHIEF_ISO);
    assertThat(tasks.getVariable(approval.getId(), "routingArticle")).isEqualTo("第20条第1項");
    assertThat((String) runtime.getVariable(change.getId(), "ruleChangeSummary")).contains("新しい定義ファイル: rule-change-probe.bpmn");
    assertThat((String) runtime.getVariable(change.getId(), "ruleChangeDiff")).contains("+  <bpmn:process camunda:historyTimeToLive=\"30\" id=\"rule-change-probe\"");
    assertDeployedForm(approval, "rule-change-approval");

    complete(approval, CHIEF_ISO, Map.of("decision", "approve", "decisionComment", ""));

    assertThat(change).hasPassedInOrder("approveRuleChange", "deployRuleChange", "deploymentSucceeded", "routingChanged")
        .hasPassed("changeDeployed").isEnded();
    var definition = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("rule-change-probe")
        .singleResult();
    assertThat(read(engine.getRepositoryService().getResourceAsStream(definition.getDeploymentId(), "rule-change-probe.bpmn")))
        .isEqualTo(probe("rule-change-probe"));
    Map<String, Object> row = row(change);
    assertThat(row).containsEntry("status", RuleChanges.DEPLOYED).containsEntry("decided_by", CHIEF_ISO)
        .containsEntry("deployment_id", definition.getDeploymentId());
    assertThat(jdbc.queryForMap("select deployed_by, approved_by, proposed_by, source from apr_deployment_log"
        + " where deployment_id = ?", definition.getDeploymentId())).containsEntry("DEPLOYED_BY", "admin")
        .containsEntry("PROPOSED_BY", "admin").containsEntry("APPROVED_BY", CHIEF_ISO).containsEntry("SOURCE", "platform-editor");
    assertThat(mails(change)).as("a procedure change is not a routing change").noneMatch(m -> m.startsWith("deployment/rule-change-ciso"));
  }

  @Test
  @DisplayName("取下げ: 判断前の変更申請を申請者が取り下げると、何もデプロイされず「取下げ」と記録される")
  void aProposalWithdrawnBeforeTheDecisionDeploysNothing() {
    long deployments = engine.getRepositoryService().createDeploymentQuery().count();
    ProcessInstance change = propose("admin", "rule-change-withdrawn.bpmn", probe("rule-change-withdrawn"));

    Http.Reply reply = new Http(port).post("admin", "/api/cases/" + change.getId() + "/withdraw",
        Http.json(Map.of("reason", "別の変更にまとめるため")));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(change).isEnded();
    assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(deployments);
    assertThat(row(change)).containsEntry("status", RuleChanges.WITHDRAWN);
    assertThat(RuleChanges.statusText(RuleChanges.WITHDRAWN)).isEqualTo("取下げ");
    assertThat(mails(change)).contains("cases/withdrawn:" + CHIEF_ISO);
  }

  @Test
  @DisplayName("第20条第1項: 却下された変更申請は何もデプロイせず、申請者にコメントつきで通知する")
  void aRejectedChangeDeploysNothingAndTellsTheProposerWhy() {
    long deployments = engine.getRepositoryService().createDeploymentQuery().count();
    ProcessInstance change = propose("admin", "rule-change-rejected.bpmn", probe("rule-change-rejected"));

    complete(task(change, "approveRuleChange"), CHIEF_ISO, Map.of("decision", "reject", "decisionComment", "影響範囲の説明が不足"));

    assertThat(change).hasPassed("recordRejection", "changeRejected").hasNotPassed("deployRuleChange").isEnded();
    assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(deployments);
    assertThat(row(change)).containsEntry("status", RuleChanges.REJECTED).containsEntry("decision_comment", "影響範囲の説明が不足");
    assertThat(mails(change)).contains("deployment/rule-change-rejected:admin");
    assertThat(jdbc.queryForObject("select body from apr_mail_outbox where process_instance_id = ? and template = ?",
        String.class, change.getId(), "deployment/rule-change-rejected")).contains("影響範囲の説明が不足", NOTE);
  }

  @Test
  @DisplayName("第16条第2項: 統括情報セキュリティ責任者自身の変更申請は本人が承認できず、上位者へ回付される")
  void theChiefIsosOwnChangeClimbsToTheSuperior() {
    identity.createMembership(CHIEF_ISO, "camunda-admin");
    try {
      ProcessInstance change = propose(CHIEF_ISO, "rule-change-own.bpmn", probe("rule-change-own"));

      Task approval = task(change, "approveRuleChange");
      assertThat(approval.getAssignee()).isNotEqualTo(CHIEF_ISO).isEqualTo("ciso");
      assertThat((String) tasks.getVariable(approval.getId(), "routingReason")).startsWith("第16条第2項");
      assertRefused(() -> complete(approval, CHIEF_ISO, Map.of("decision", "approve", "decisionComment", "")),
          AuthorizationException.class, "第16条第1項");
      complete(approval, "ciso", Map.of("decision", "approve", "decisionComment", ""));
      assertThat(row(change)).containsEntry("status", RuleChanges.DEPLOYED).containsEntry("decided_by", "ciso");
    } finally {
      identity.deleteMembership(CHIEF_ISO, "camunda-admin");
    }
  }

  @Test
  @DisplayName("第24条第1項・第20条第1項: ルーティング規則（DMN）の変更はデプロイ時に最高情報セキュリティ責任者へ報告され、次の申請から効く")
  void aRoutingChangeIsReportedToTheCisoAndRoutesTheNextRequest() throws Exception {
    String routing = Files.readString(Path.of("bpmn", "approval-routing.dmn"));
    String changed = routing.replace("<outputEntry id=\"mediaSectionIsoRole\"><text>\"section-iso\"</text></outputEntry>",
        "<outputEntry id=\"mediaSectionIsoRole\"><text>\"iso\"</text></outputEntry>");
    assertThat(changed).isNotEqualTo(routing);

    ProcessInstance change = propose("admin", "approval-routing.dmn", changed);
    String summary = (String) runtime.getVariable(change.getId(), "ruleChangeSummary");
    assertThat(summary).contains("規則を変更: mediaSectionIso（", "\"section-iso\" → \"iso\"");
    assertThat(assigneeOfANewCarryOut()).as("not in force before the approval").isEqualTo("ga-chief");
    complete(task(change, "approveRuleChange"), CHIEF_ISO, Map.of("decision", "approve", "decisionComment", ""));

    assertThat(change).hasPassedInOrder("deployRuleChange", "routingChanged", "reportToCiso").hasPassed("routingChangeDeployed");
    assertThat(mails(change)).contains("deployment/rule-change-ciso:ciso");
    assertThat(jdbc.queryForObject("select body from apr_mail_outbox where process_instance_id = ? and template = ?",
        String.class, change.getId(), "deployment/rule-change-ciso")).contains("mediaSectionIso（", NOTE, "第24条第1項");
    assertThat(assigneeOfANewCarryOut()).as("the next request follows the new rule").isEqualTo("ga-director");
  }

  @Test
  @DisplayName("第20条第1項: 承認後のデプロイで検証・方針に反した変更は拒否され、何もデプロイせず申請者と承認者に通知する")
  void aChangeThatFailsAtDeploymentIsRefusedReportedAndDeploysNothing() {
    long deployments = engine.getRepositoryService().createDeploymentQuery().count();
    ProcessInstance unparseable = propose("admin", "rule-change-broken.bpmn", onlyTheEngineRefuses("rule-change-broken"));
    ProcessInstance tampered = propose("admin", "rule-change-tampered.bpmn", probe("rule-change-tampered"));
    // The stored resource is what is deployed: changed behind the case's back, the policy at deployment refuses it.
    jdbc.update("update apr_rule_change set resource_xml = ? where process_instance_id = ?",
        probe("rule-change-tampered").replace("<bpmn:endEvent id=\"done\" name=\"終了\" />",
            "<bpmn:serviceTask id=\"done\" name=\"終了\" camunda:class=\"org.example.Evil\" />"), tampered.getId());

    complete(task(unparseable, "approveRuleChange"), CHIEF_ISO, Map.of("decision", "approve", "decisionComment", ""));
    complete(task(tampered, "approveRuleChange"), CHIEF_ISO, Map.of("decision", "approve", "decisionComment", ""));

    for (ProcessInstance change : new ProcessInstance[] {unparseable, tampered}) {
      assertThat(change).hasPassedInOrder("deployRuleChange", "deploymentSucceeded", "notifyRefused", "changeRefused").isEnded();
      assertThat(row(change)).containsEntry("status", RuleChanges.REFUSED);
      assertThat(mails(change)).contains("deployment/rule-change-refused:admin", "deployment/rule-change-refused:" + CHIEF_ISO);
    }
    assertThat((String) row(unparseable).get("refusal")).contains("エンジンの解析エラー", "decide");
    assertThat((String) row(tampered).get("refusal")).contains("camunda:class");
    assertThat(engine.getRepositoryService().createDeploymentQuery().count()).as("nothing half-deployed").isEqualTo(deployments);
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKeyIn("rule-change-broken",
        "rule-change-tampered").count()).isZero();
  }

  @Test
  @DisplayName("第20条第1項: 説明のない変更・変更のない申請・検証に反する変更は申請として受け付けない")
  void aChangeWithoutNoteWithoutDifferenceOrFailingValidationIsNotProposed() throws Exception {
    assertRefused(() -> changes.propose("admin", "rule-change-nonote.bpmn", probe("rule-change-nonote"), " "),
        RuleChanges.Refused.class, "「変更内容の説明」を入力してください");
    String routing = Files.readString(Path.of("bpmn", "approval-routing.dmn"));
    assertRefused(() -> changes.propose("admin", "approval-routing.dmn", routing, NOTE), RuleChanges.Refused.class,
        "変更がありません");
    // The editor writes the file in its own layout: only what changed counts.
    assertRefused(() -> changes.propose("admin", "approval-routing.dmn", routing.replace("\" />", "\"/>")
        .replace("<rule ", "<rule\n        "), NOTE), RuleChanges.Refused.class, "変更がありません");
    assertRefused(() -> changes.propose("admin", "other-name.bpmn", probe("rule-change-misnamed"), NOTE),
        RuleChanges.Refused.class, "プロセスID");
    assertThat(jdbc.queryForObject("select count(*) from apr_rule_change where resource_name in"
        + " ('rule-change-nonote.bpmn', 'other-name.bpmn')", Long.class)).isZero();
  }

  private ProcessInstance propose(String user, String resourceName, String xml) {
    Map<String, Object> proposal = changes.propose(user, resourceName, xml, NOTE);
    assertThat(proposal).containsEntry("status", RuleChanges.PROPOSED).containsEntry("statusText", "申請中");
    return runtime.createProcessInstanceQuery().processInstanceId((String) proposal.get("processInstanceId")).singleResult();
  }

  private Map<String, Object> row(ProcessInstance change) {
    long id = ((Number) jdbc.queryForObject("select id from apr_rule_change where process_instance_id = ?", Long.class,
        change.getId())).longValue();
    return changes.find(id).orElseThrow();
  }

  private String assigneeOfANewCarryOut() {
    ProcessInstance instance = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    return tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult().getAssignee();
  }
}
