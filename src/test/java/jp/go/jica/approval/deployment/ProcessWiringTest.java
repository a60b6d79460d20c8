package jp.go.jica.approval.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The wiring check over the platform's own definitions (all clean) and over definitions broken one way each
 * (a misspelt bean, method or form, a missing form, routing rule, message name or decision, a bad timer, a DMN
 * change that drops what a deployed process uses): each is named by its element, in the test and in the editor.
 */
class ProcessWiringTest extends PlatformTest {

  @Autowired ProcessWiring wiring;
  @LocalServerPort int port;

  @Test
  void everyDefinitionInTheRepositoryIsWiredWhenDeployedTogether() throws IOException {
    // Given every BPMN, DMN and form of the repository, as the start-up deployment takes them
    Map<String, byte[]> all = new LinkedHashMap<>();
    for (Path folder : List.of(Path.of("bpmn"), Path.of("forms"))) {
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : files.sorted().toList()) {
          all.put(file.getFileName().toString(), Files.readAllBytes(file));
        }
      }
    }
    assertThat(all.keySet()).as("the repository's definitions").contains("approval-routing.dmn", "media-carry-out.bpmn",
        "approval-decision.form");

    // When they are checked together
    List<String> problems = wiring.problems(all);

    // Then nothing is miswired
    assertThat(problems).isEmpty();
  }

  @Test
  void everyDeployedProcessAndEveryDmnAloneIsWired() throws IOException {
    // Given the deployed latest version of each process of the repository, and each DMN file as the editor would send it
    List<String> keys;
    try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
      keys = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".bpmn"))
          .map(n -> n.substring(0, n.length() - ".bpmn".length())).toList();
    }
    assertThat(keys).hasSizeGreaterThanOrEqualTo(7);

    for (String key : keys) {
      ProcessDefinition deployed = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key)
          .latestVersion().singleResult();
      assertThat(deployed).as(key).isNotNull();
      byte[] xml;
      try (InputStream in = engine.getRepositoryService().getProcessModel(deployed.getId())) {
        xml = in.readAllBytes();
      }
      // When each is checked alone, against what is deployed
      // Then it is wired
      assertThat(wiring.problems(key + ".bpmn", xml)).as(key).isEmpty();
    }
    for (String dmn : List.of("approval-routing.dmn", "media-permission.dmn", "outsourcing-conditions.dmn")) {
      assertThat(wiring.problems(dmn, Files.readAllBytes(Path.of("bpmn", dmn)))).as(dmn).isEmpty();
    }
  }

  /** One miswired definition: what it is, its process key, its elements, and what the message must name. */
  record Miswired(String name, String key, String elements, List<String> named) {
    @Override
    public String toString() {
      return name;
    }

    String xml() {
      return process(key, elements);
    }
  }

  static Stream<Miswired> miswired() {
    return Stream.of(
        new Miswired("a misspelt delegate bean", "wiring-bean",
            "<bpmn:serviceTask id=\"notify\" name=\"申請者に知らせる\" camunda:delegateExpression=\"${notifyApplicnt}\" />",
            List.of("「申請者に知らせる」（notify）", "notifyApplicnt", "もしかして「notifyApplicant」")),
        new Miswired("a bean of the wrong type", "wiring-type",
            "<bpmn:serviceTask id=\"route\" name=\"回付する\" camunda:delegateExpression=\"${approvalRouter}\" />",
            List.of("「回付する」（route）", "approvalRouter", "JavaDelegate ではありません")),
        new Miswired("a task listener that is a delegate", "wiring-listener",
            "<bpmn:userTask id=\"check\" name=\"確認する\" camunda:formRef=\"approval-decision\" camunda:formRefBinding=\"latest\">"
                + "<bpmn:extensionElements><camunda:taskListener delegateExpression=\"${notifyApplicant}\" event=\"create\" />"
                + "</bpmn:extensionElements></bpmn:userTask>",
            List.of("「確認する」（check） のタスクリスナー", "notifyApplicant", "TaskListener ではありません")),
        new Miswired("a misspelt method", "wiring-method",
            "<bpmn:intermediateCatchEvent id=\"due\" name=\"返却期限\"><bpmn:timerEventDefinition>"
                + "<bpmn:timeDate xsi:type=\"bpmn:tFormalExpression\">${mediaSchedule.returnDueAtt(execution)}</bpmn:timeDate>"
                + "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>",
            List.of("「返却期限」（due）", "returnDueAtt", "もしかして「returnDueAt」")),
        new Miswired("a misspelt property", "wiring-property",
            "<bpmn:intermediateCatchEvent id=\"wait\" name=\"督促まで待つ\"><bpmn:timerEventDefinition>"
                + "<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">${mediaSettings.returnRemindr}</bpmn:timeDuration>"
                + "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>",
            List.of("「督促まで待つ」（wait）", "returnRemindr", "もしかして「returnReminder」")),
        new Miswired("a misspelt form", "wiring-form",
            "<bpmn:userTask id=\"decide\" name=\"判断する\" camunda:formRef=\"approval-decisoin\" camunda:formRefBinding=\"latest\" />",
            List.of("「判断する」（decide）", "approval-decisoin", "デプロイされていません", "もしかして「approval-decision」")),
        new Miswired("a user task without a form", "wiring-no-form",
            "<bpmn:userTask id=\"decide\" name=\"判断する\" />",
            List.of("「判断する」（decide）", "フォームがありません")),
        new Miswired("a routed task without a routing rule", "wiring-unrouted",
            "<bpmn:userTask id=\"approve\" name=\"承認する\" camunda:formRef=\"approval-decision\" camunda:formRefBinding=\"latest\">"
                + "<bpmn:extensionElements><camunda:taskListener delegateExpression=\"${approvalRouter}\" event=\"create\" />"
                + "</bpmn:extensionElements></bpmn:userTask>",
            List.of("「承認する」（approve）", "approval-routing", "wiring-unrouted", "規則がありません")),
        new Miswired("an unnamed message", "wiring-message",
            "<bpmn:intermediateCatchEvent id=\"report\" name=\"報告を受けた\">"
                + "<bpmn:messageEventDefinition messageRef=\"reportMessage\" /></bpmn:intermediateCatchEvent>",
            List.of("「報告を受けた」（report）", "reportMessage", "名前がありません")),
        new Miswired("a bad timer", "wiring-timer",
            "<bpmn:intermediateCatchEvent id=\"later\" name=\"一週間待つ\"><bpmn:timerEventDefinition>"
                + "<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P7X</bpmn:timeDuration>"
                + "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>",
            List.of("「一週間待つ」（later）", "P7X", "期間")),
        new Miswired("a timer on a misspelt settings bean", "wiring-timer-bean",
            "<bpmn:intermediateCatchEvent id=\"later\" name=\"一週間待つ\"><bpmn:timerEventDefinition>"
                + "<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">${mediaSetings.returnReminder}</bpmn:timeDuration>"
                + "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>",
            List.of("「一週間待つ」（later）", "mediaSetings", "もしかして「mediaSettings」")),
        new Miswired("a missing decision", "wiring-decision",
            "<bpmn:businessRuleTask id=\"rule\" name=\"許可の要否を決める\" camunda:decisionRef=\"media-permision\""
                + " camunda:resultVariable=\"r\" camunda:mapDecisionResult=\"singleResult\" />",
            List.of("「許可の要否を決める」（rule）", "media-permision", "もしかして「media-permission」")));
  }

  @ParameterizedTest(name = "{0} is named by its element")
  @MethodSource("miswired")
  void aMiswiredDefinitionIsNamedByItsElement(Miswired miswired) {
    // Given a process miswired one way
    // When it is checked as the editor sends it
    List<String> problems = wiring.problems(miswired.key() + ".bpmn", miswired.xml().getBytes(StandardCharsets.UTF_8));

    // Then exactly that is reported, naming the element
    assertThat(problems).as(miswired.name()).hasSize(1);
    assertThat(problems.get(0)).contains(miswired.named());
  }

  @Test
  void aRoutingChangeThatDropsARuleInUseIsRefused() throws IOException {
    // Given the routing table without the rule for the media carry-out's permission step, and a deployed process
    // whose routed step never had a rule (not this change's doing)
    String routing = Files.readString(Path.of("bpmn", "approval-routing.dmn"));
    String dropped = routing.replaceAll("(?s)<rule id=\"mediaSectionIso\">.*?</rule>", "");
    assertThat(dropped).isNotEqualTo(routing);
    Miswired unrouted = miswired().filter(m -> m.key().equals("wiring-unrouted")).findFirst().orElseThrow();
    String legacy = engine.getRepositoryService().createDeployment().name("wiring-legacy")
        .addString("wiring-legacy.bpmn", unrouted.xml().replace("wiring-unrouted", "wiring-legacy")).deploy().getId();
    try {
      // When the change, and the table unchanged, are checked
      List<String> problems = wiring.problems("approval-routing.dmn", dropped.getBytes(StandardCharsets.UTF_8));
      List<String> unchanged = wiring.problems("approval-routing.dmn", routing.getBytes(StandardCharsets.UTF_8));

      // Then only the deployed step that would lose its approver is named
      assertThat(problems).hasSize(1);
      assertThat(problems.get(0)).contains("「外部電磁的記録媒体の持出し」（media-carry-out）",
          "「媒体の持出しを許可する」（sectionIsoPermission）", "規則がありません");
      assertThat(unchanged).isEmpty();
    } finally {
      engine.getRepositoryService().deleteDeployment(legacy, true);
    }
  }

  @Test
  void aDmnChangeThatDropsADecisionInUseIsRefused() throws IOException {
    // Given the media permission table renamed, so the decision the media process calls is gone from its file
    String renamed = Files.readString(Path.of("bpmn", "media-permission.dmn"))
        .replace("<decision id=\"media-permission\"", "<decision id=\"media-permission-new\"");

    // When the change is checked
    List<String> problems = wiring.problems("media-permission.dmn", renamed.getBytes(StandardCharsets.UTF_8));

    // Then the deployed business rule task that calls it is named
    assertThat(problems).singleElement().asString().contains("（media-carry-out）", "media-permission", "なくなります");
  }

  @Test
  void theEditorsValidationRefusesAMisspeltBeanAndAMissingRoutingRule() {
    // Given the editor's validation endpoint
    Http http = new Http(port);
    Miswired bean = miswired().filter(m -> m.key().equals("wiring-bean")).findFirst().orElseThrow();
    Miswired unrouted = miswired().filter(m -> m.key().equals("wiring-unrouted")).findFirst().orElseThrow();

    for (Miswired miswired : List.of(bean, unrouted)) {
      // When the miswired process is validated and previewed as a 変更申請
      var validation = http.post("admin", "/api/admin/deployments/validation",
          Http.json(Map.of("resourceName", miswired.key() + ".bpmn", "xml", miswired.xml()))).json();
      var preview = http.post("admin", "/api/admin/rule-changes/preview",
          Http.json(Map.of("resourceName", miswired.key() + ".bpmn", "xml", miswired.xml()))).json();
      Http.Reply proposal = http.post("admin", "/api/admin/rule-changes",
          Http.json(Map.of("resourceName", miswired.key() + ".bpmn", "xml", miswired.xml(), "note", "配線の確認")));

      // Then each refuses with the element named, and nothing is proposed or deployed
      assertThat(validation.get("valid").asBoolean()).as(miswired.name()).isFalse();
      assertThat(validation.get("errors").toString()).as(miswired.name()).contains(miswired.named());
      assertThat(preview.get("valid").asBoolean()).as(miswired.name()).isFalse();
      assertThat(preview.get("errors").toString()).as(miswired.name()).contains(miswired.named().get(0));
      assertThat(proposal.status()).as(proposal.body()).isEqualTo(400);
      assertThat(proposal.body()).contains(miswired.named().get(0));
      assertThat(jdbc.queryForObject("select count(*) from apr_rule_change where resource_name = ?", Long.class,
          miswired.key() + ".bpmn")).isZero();
      assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(miswired.key()).count())
          .isZero();
    }
  }

  static String process(String key, String elements) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            id="defs" targetNamespace="http://jica.go.jp/approval">
          <bpmn:process id="%s" name="配線の確認" isExecutable="true" camunda:historyTimeToLive="30">
            <bpmn:startEvent id="start" name="開始" />
            %s
          </bpmn:process>
          <bpmn:message id="reportMessage" />
        </bpmn:definitions>
        """.formatted(key, elements);
  }
}
