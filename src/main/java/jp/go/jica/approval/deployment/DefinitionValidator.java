package jp.go.jica.approval.deployment;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.springframework.stereotype.Component;

/**
 * Checks an edited definition before it reaches the engine: a safe resource name, XML the model API
 * accepts, the platform's conventions (process id = file name, history time to live), for DMN
 * expressions the DMN engine can parse, the {@link DeploymentPolicy} the engine itself enforces
 * on every deployment (the same implementation, so the editor never calls valid what the engine refuses),
 * and the {@link ProcessWiring} (what the definition names exists; a DMN keeps what deployed processes use).
 */
@Component
class DefinitionValidator {

  private static final Pattern RESOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(bpmn|dmn)");
  private static final int MAX_SIZE = 2 * 1024 * 1024;

  private final DmnEngine dmnEngine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
  private final DeploymentPolicy policy;
  private final ProcessWiring wiring;

  DefinitionValidator(DeploymentPolicy policy, ProcessWiring wiring) {
    this.policy = policy;
    this.wiring = wiring;
  }

  List<String> problems(String resourceName, String xml) {
    List<String> problems = new ArrayList<>();
    if (resourceName == null || !RESOURCE_NAME.matcher(resourceName).matches()) {
      problems.add("リソース名: 英小文字・数字・ハイフンで .bpmn または .dmn で終わる名前にしてください");
      return problems;
    }
    if (xml == null || xml.isBlank()) {
      problems.add("XML: 内容がありません");
      return problems;
    }
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_SIZE) {
      problems.add("XML: 2MB を超えています");
      return problems;
    }
    String baseName = resourceName.substring(0, resourceName.lastIndexOf('.'));
    try {
      if (resourceName.endsWith(".bpmn")) {
        checkBpmn(Bpmn.readModelFromStream(new ByteArrayInputStream(bytes)), baseName, problems);
      } else {
        checkDmn(Dmn.readModelFromStream(new ByteArrayInputStream(bytes)), problems);
        dmnEngine.parseDecisionRequirementsGraph(new ByteArrayInputStream(bytes));
      }
      policy.check(resourceName, bytes).forEach(violation -> problems.add(violation.getMessage()));
      // Wired to what exists: beans, forms, decisions, routing rules, messages, timers (docs/wiring.md).
      problems.addAll(wiring.problems(resourceName, bytes));
    } catch (RuntimeException e) {
      problems.add("XML: " + e.getMessage() + (e.getCause() == null ? "" : "（" + e.getCause().getMessage() + "）"));
    }
    return problems;
  }

  private static void checkBpmn(BpmnModelInstance model, String baseName, List<String> problems) {
    var processes = model.getModelElementsByType(Process.class);
    if (processes.isEmpty()) {
      problems.add("プロセス: プロセスがありません");
    }
    for (Process process : processes) {
      if (processes.size() == 1 && !process.getId().equals(baseName)) {
        problems.add("プロセスID: ファイル名と同じ「" + baseName + "」にしてください（現在は「" + process.getId() + "」）");
      }
      if (process.getCamundaHistoryTimeToLiveString() == null || process.getCamundaHistoryTimeToLiveString().isBlank()) {
        problems.add("履歴保存期間（historyTimeToLive）: プロセス「" + process.getId() + "」に設定してください");
      }
    }
  }

  private static void checkDmn(DmnModelInstance model, List<String> problems) {
    var decisions = model.getModelElementsByType(Decision.class);
    if (decisions.isEmpty()) {
      problems.add("ディシジョン: ディシジョンがありません");
    }
    for (Decision decision : decisions) {
      if (decision.getCamundaHistoryTimeToLiveString() == null || decision.getCamundaHistoryTimeToLiveString().isBlank()) {
        problems.add("履歴保存期間（historyTimeToLive）: ディシジョン「" + decision.getId() + "」に設定してください");
      }
    }
  }
}
