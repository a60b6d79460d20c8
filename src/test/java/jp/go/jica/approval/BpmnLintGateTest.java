package jp.go.jica.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's lint gate (src/main/frontend/lint-bpmn.mjs, run by the bpmn-lint execution) with the real
 * bpmnlint and the repository's .bpmnlintrc: it fails on a warning as on an error, and bpmn/ passes it.
 */
class BpmnLintGateTest {

  /** A request whose approval has two incoming flows and no merge gateway: bpmnlint's fake-join warning. */
  private static final String FAKE_JOIN = """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="fakeJoinDefinitions" targetNamespace="http://jica.go.jp/approval">
        <bpmn:process id="fake-join" name="合流ゲートウェイのない承認" isExecutable="true">
          <bpmn:startEvent id="requested" name="申請した"><bpmn:outgoing>toApprove</bpmn:outgoing></bpmn:startEvent>
          <bpmn:userTask id="approve" name="承認する">
            <bpmn:incoming>toApprove</bpmn:incoming>
            <bpmn:incoming>conflict</bpmn:incoming>
            <bpmn:outgoing>toDecided</bpmn:outgoing>
          </bpmn:userTask>
          <bpmn:exclusiveGateway id="decided" name="判断は？" default="conflict">
            <bpmn:incoming>toDecided</bpmn:incoming>
            <bpmn:outgoing>approved</bpmn:outgoing>
            <bpmn:outgoing>conflict</bpmn:outgoing>
          </bpmn:exclusiveGateway>
          <bpmn:endEvent id="done" name="承認された"><bpmn:incoming>approved</bpmn:incoming></bpmn:endEvent>
          <bpmn:sequenceFlow id="toApprove" sourceRef="requested" targetRef="approve" />
          <bpmn:sequenceFlow id="toDecided" sourceRef="approve" targetRef="decided" />
          <bpmn:sequenceFlow id="approved" name="承認" sourceRef="decided" targetRef="done">
            <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${decision == 'approve'}</bpmn:conditionExpression>
          </bpmn:sequenceFlow>
          <bpmn:sequenceFlow id="conflict" name="利益相反の申告" sourceRef="decided" targetRef="approve" />
        </bpmn:process>
        <bpmndi:BPMNDiagram id="fakeJoinDiagram">
          <bpmndi:BPMNPlane id="fakeJoinPlane" bpmnElement="fake-join">
            <bpmndi:BPMNShape id="requested_di" bpmnElement="requested"><dc:Bounds x="100" y="200" width="36" height="36" /></bpmndi:BPMNShape>
            <bpmndi:BPMNShape id="approve_di" bpmnElement="approve"><dc:Bounds x="200" y="178" width="100" height="80" /></bpmndi:BPMNShape>
            <bpmndi:BPMNShape id="decided_di" bpmnElement="decided" isMarkerVisible="true"><dc:Bounds x="360" y="193" width="50" height="50" /></bpmndi:BPMNShape>
            <bpmndi:BPMNShape id="done_di" bpmnElement="done"><dc:Bounds x="470" y="200" width="36" height="36" /></bpmndi:BPMNShape>
            <bpmndi:BPMNEdge id="toApprove_di" bpmnElement="toApprove"><di:waypoint x="136" y="218" /><di:waypoint x="200" y="218" /></bpmndi:BPMNEdge>
            <bpmndi:BPMNEdge id="toDecided_di" bpmnElement="toDecided"><di:waypoint x="300" y="218" /><di:waypoint x="360" y="218" /></bpmndi:BPMNEdge>
            <bpmndi:BPMNEdge id="approved_di" bpmnElement="approved"><di:waypoint x="410" y="218" /><di:waypoint x="470" y="218" /></bpmndi:BPMNEdge>
            <bpmndi:BPMNEdge id="conflict_di" bpmnElement="conflict"><di:waypoint x="385" y="193" /><di:waypoint x="385" y="140" /><di:waypoint x="250" y="140" /><di:waypoint x="250" y="178" /></bpmndi:BPMNEdge>
          </bpmndi:BPMNPlane>
        </bpmndi:BPMNDiagram>
      </bpmn:definitions>
      """;

  @Test
  @DisplayName("The lint gate refuses a BPMN with a fake join (a warning) and names the element and the rule")
  void theGateRefusesAFakeJoinAndNamesTheRule(@TempDir Path dir) throws Exception {
    // Given a folder with a clean process, which the gate passes
    Files.copy(Path.of("bpmn", "rule-change.bpmn"), dir.resolve("rule-change.bpmn"));
    Lint clean = lint(dir.toString());
    assertThat(clean.exitCode()).as(clean.output()).isZero();
    assertThat(clean.output()).contains("1 file(s) clean");

    // When a process whose approval is entered by two flows without a merge gateway is added
    Files.writeString(dir.resolve("fake-join.bpmn"), FAKE_JOIN.strip(), StandardCharsets.UTF_8);
    Lint refused = lint(dir.toString());

    // Then the gate fails, naming the file, the element and the rule, though fake-join is only a warning
    assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
    assertThat(refused.output())
        .contains("fake-join.bpmn:approve (承認する):fake-join:Incoming flows do not join [warn]")
        .contains("0 error(s), 1 warning(s) in 2 file(s)")
        .doesNotContain("rule-change.bpmn:");
  }

  @Test
  @DisplayName("Every BPMN in bpmn/ passes bpmnlint:recommended with no error and no warning")
  void everyBpmnInTheRepositoryPassesTheGate() throws Exception {
    // Given the repository's processes and .bpmnlintrc, when the gate runs as the build runs it (no arguments)
    Lint lint = lint();

    // Then it passes
    assertThat(lint.output()).contains("bpmnlint (bpmnlint:recommended): ").contains("file(s) clean");
    assertThat(lint.exitCode()).as(lint.output()).isZero();
  }

  private record Lint(int exitCode, String output) {
  }

  private static Lint lint(String... targets) throws IOException, InterruptedException {
    var command = new java.util.ArrayList<>(java.util.List.of("node", "src/main/frontend/lint-bpmn.mjs"));
    command.addAll(java.util.List.of(targets));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the linter finished").isTrue();
    return new Lint(process.exitValue(), output);
  }
}
