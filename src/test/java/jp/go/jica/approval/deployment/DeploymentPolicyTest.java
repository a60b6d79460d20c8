package jp.go.jica.approval.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.el.StartProcessVariableScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The deployment policy from the administrator's side: every shipped definition passes it, and each
 * forbidden construct is refused on every way in — engine REST on both path forms, Tasklist's session
 * path and the browser editor — with a 400 naming the element, the attribute and the reason in
 * Japanese, and nothing deployed and nothing run.
 */
class DeploymentPolicyTest extends PlatformTest {

  /** Created by the Runtime.exec payload if it ever ran. */
  static final Path MARKER = Path.of("target", "deployment-policy-marker").toAbsolutePath();

  /** Reaches Runtime.exec from nothing but a string literal, and waits until the marker file exists. */
  static final String EXEC_PAYLOAD = "${''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null)"
      + ".exec('touch " + MARKER + "').waitFor()}";

  private static final Map<Integer, EngineClient> TASKLIST_SESSIONS = new ConcurrentHashMap<>();

  @LocalServerPort int port;
  @Autowired DeploymentPolicy policy;
  @Autowired RepositoryService repository;

  /** One construct the policy refuses: a resource holding it, the key it would deploy, what the refusal names. */
  record Forbidden(String name, String resource, String content, String key, String elementId, List<String> named) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Forbidden> forbiddenConstructs() {
    return Stream.of(
        bpmn("camunda:class on a service task", "policy-class", "runClass", List.of("camunda:class", "Java クラス"),
            "<bpmn:serviceTask id=\"runClass\" camunda:class=\"org.example.Evil\" />"),
        bpmn("class on a task listener", "policy-listener-class", "review", List.of("class=\"org.example.Evil\"", "Java クラス"),
            "<bpmn:userTask id=\"review\"><bpmn:extensionElements>"
                + "<camunda:taskListener class=\"org.example.Evil\" event=\"create\" /></bpmn:extensionElements></bpmn:userTask>"),
        bpmn("camunda:variableMappingClass on a call activity", "policy-mapping-class", "callOther",
            List.of("camunda:variableMappingClass", "Java クラス"),
            "<bpmn:callActivity id=\"callOther\" calledElement=\"sample-approval\" camunda:variableMappingClass=\"org.example.Evil\" />"),
        bpmn("a script task", "policy-script-task", "runScript", List.of("bpmn:scriptTask", "スクリプトタスク"),
            "<bpmn:scriptTask id=\"runScript\" scriptFormat=\"javascript\">"
                + "<bpmn:script>java.lang.Runtime.getRuntime().exec('touch x')</bpmn:script></bpmn:scriptTask>"),
        bpmn("camunda:script in an execution listener", "policy-listener-script", "finish",
            List.of("camunda:script", "スクリプトは使えません"),
            "<bpmn:endEvent id=\"finish\"><bpmn:extensionElements><camunda:executionListener event=\"start\">"
                + "<camunda:script scriptFormat=\"groovy\">'touch x'.execute()</camunda:script>"
                + "</camunda:executionListener></bpmn:extensionElements></bpmn:endEvent>"),
        bpmn("camunda:script in an input mapping", "policy-io-script", "mapped", List.of("camunda:script", "入出力マッピング"),
            "<bpmn:userTask id=\"mapped\"><bpmn:extensionElements><camunda:inputOutput>"
                + "<camunda:inputParameter name=\"x\"><camunda:script scriptFormat=\"javascript\">1</camunda:script>"
                + "</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:userTask>"),
        bpmn("a condition in a script language", "policy-script-condition", "byScript",
            List.of("language=\"groovy\"", "スクリプト言語"),
            "<bpmn:exclusiveGateway id=\"gate\" /><bpmn:endEvent id=\"end\" />"
                + "<bpmn:sequenceFlow id=\"byScript\" sourceRef=\"gate\" targetRef=\"end\">"
                + "<bpmn:conditionExpression xsi:type=\"bpmn:tFormalExpression\" language=\"groovy\">true</bpmn:conditionExpression>"
                + "</bpmn:sequenceFlow>"),
        bpmn("a script resource (camunda:resource)", "policy-resource", "byFile", List.of("camunda:resource", "外部リソース"),
            "<bpmn:exclusiveGateway id=\"gate\" /><bpmn:endEvent id=\"end\" />"
                + "<bpmn:sequenceFlow id=\"byFile\" sourceRef=\"gate\" targetRef=\"end\">"
                + "<bpmn:conditionExpression xsi:type=\"bpmn:tFormalExpression\" language=\"javascript\""
                + " camunda:resource=\"deployment://condition.js\" /></bpmn:sequenceFlow>"),
        bpmn("a connector", "policy-connector", "callOut", List.of("camunda:connector", "外部へ接続"),
            "<bpmn:serviceTask id=\"callOut\"><bpmn:extensionElements><camunda:connector>"
                + "<camunda:connectorId>http-connector</camunda:connectorId></camunda:connector>"
                + "</bpmn:extensionElements></bpmn:serviceTask>"),
        bpmn("an external task", "policy-external", "work", List.of("camunda:type=\"external\"", "外部タスク"),
            "<bpmn:serviceTask id=\"work\" camunda:type=\"external\" camunda:topic=\"evil\" />"),
        bpmn("an embedded HTML form (camunda:formKey)", "policy-form-key", "htmlForm", List.of("camunda:formKey", "camunda:formRef"),
            "<bpmn:userTask id=\"htmlForm\" camunda:formKey=\"embedded:deployment:evil.html\" />"),
        bpmn("a form field validator class", "policy-validator", "amount", List.of("name=\"validator\"", "独自のバリデーター"),
            "<bpmn:userTask id=\"validated\"><bpmn:extensionElements><camunda:formData>"
                + "<camunda:formField id=\"amount\" type=\"string\"><camunda:validation>"
                + "<camunda:constraint name=\"validator\" config=\"org.example.Evil\" /></camunda:validation>"
                + "</camunda:formField></camunda:formData></bpmn:extensionElements></bpmn:userTask>"),
        bpmn("a CMMN case called from BPMN", "policy-case", "callCase", List.of("camunda:caseRef", "CMMN"),
            "<bpmn:callActivity id=\"callCase\" camunda:caseRef=\"evil-case\" />"),
        bpmn("the engine reached through execution", "policy-engine", "engineCall",
            List.of("camunda:expression", "「getProcessEngineServices」", "メソッド呼出し「getProcessEngineServices(…)」"),
            "<bpmn:serviceTask id=\"engineCall\""
                + " camunda:expression=\"${execution.getProcessEngineServices().getRuntimeService()}\" />"),
        bpmn("a property of execution", "policy-engine-property", "engineProperty",
            List.of("camunda:assignee", "「execution」はエンジンのオブジェクト", "processEngine"),
            "<bpmn:userTask id=\"engineProperty\" camunda:assignee=\"${execution.processEngine.name}\" />"),
        bpmn("a Spring bean outside the platform", "policy-environment", "leak",
            List.of("camunda:assignee", "「environment」は基盤の業務Beanではない", "environment"),
            "<bpmn:userTask id=\"leak\" camunda:assignee=\"${environment.getProperty('spring.datasource.password')}\" />"),
        bpmn("an engine service bean", "policy-engine-bean", "engineBean",
            List.of("camunda:delegateExpression", "「runtimeService」", "org.camunda.bpm.engine.impl.RuntimeServiceImpl"),
            "<bpmn:serviceTask id=\"engineBean\" camunda:delegateExpression=\"${runtimeService}\" />"),
        bpmn("the engine's factory bean", "policy-engine-factory", "engineFactory",
            List.of("camunda:delegateExpression", "「processEngineFactoryBean」"),
            "<bpmn:serviceTask id=\"engineFactory\" camunda:delegateExpression=\"${processEngineFactoryBean}\" />"),
        bpmn("an infrastructure bean of the platform", "policy-infrastructure", "resync",
            List.of("camunda:delegateExpression", "「identitySynchronizer」", "IdentitySynchronizer"),
            "<bpmn:serviceTask id=\"resync\" camunda:delegateExpression=\"${identitySynchronizer}\" />"),
        bpmn("an expression in a user task's documentation (its description)", "policy-documentation", "described",
            List.of("bpmn:documentation", "「environment」"),
            "<bpmn:userTask id=\"described\"><bpmn:documentation>${environment.getProperty('spring.datasource.password')}"
                + "</bpmn:documentation></bpmn:userTask>"),
        bpmn("a method of a process variable", "policy-variable-method", "bytes",
            List.of("camunda:assignee", "メソッド呼出し「getBytes(…)」"),
            "<bpmn:userTask id=\"bytes\" camunda:assignee=\"${applicant.getBytes()}\" />"),
        bpmn("a property of a method's result", "policy-result-property", "resultProperty",
            List.of("メソッドの戻り値のプロパティ"),
            "<bpmn:userTask id=\"resultProperty\" camunda:assignee=\"${mediaSchedule.returnDueAt(execution).time}\" />"),
        bpmn("getClass on a platform bean", "policy-get-class", "classOfBean", List.of("bpmn:timeDuration", "「class」"),
            "<bpmn:intermediateCatchEvent id=\"classOfBean\"><bpmn:timerEventDefinition>"
                + "<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">${approvalRouter.class.classLoader}</bpmn:timeDuration>"
                + "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"),
        bpmn("a member name computed at run time", "policy-dynamic", "dynamic", List.of("角括弧"),
            "<bpmn:userTask id=\"dynamic\" camunda:assignee=\"${exceptionSettings[fieldName]}\" />"),
        bpmn("a setter of a platform bean", "policy-setter", "rewrite", List.of("setReviewReminder"),
            "<bpmn:serviceTask id=\"rewrite\" camunda:expression=\"${exceptionSettings.setReviewReminder('PT0S')}\" />"),
        bpmn("a function the engine does not provide", "policy-function", "func", List.of("関数「evil:run」"),
            "<bpmn:userTask id=\"func\" camunda:assignee=\"${evil:run()}\" />"),
        bpmn("an expression that cannot be parsed", "policy-unparseable", "when", List.of("を解析できません"),
            "<bpmn:userTask id=\"when\" camunda:assignee=\"${a == }\" />"),
        bpmn("Runtime.exec from a string literal", "policy-exec", "everyMinute", List.of("getClass", "forName", "invoke"),
            "<bpmn:startEvent id=\"everyMinute\"><bpmn:timerEventDefinition>"
                + "<bpmn:timeCycle xsi:type=\"bpmn:tFormalExpression\">" + EXEC_PAYLOAD + "</bpmn:timeCycle>"
                + "</bpmn:timerEventDefinition></bpmn:startEvent>"),
        new Forbidden("an import of an external definition", "policy-import.bpmn", """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://jica.go.jp/approval">
              <bpmn:import importType="http://www.w3.org/2001/XMLSchema" location="http://evil.example/x.xsd" namespace="x" />
              <bpmn:process id="policy-import" isExecutable="true" camunda:historyTimeToLive="30">
                <bpmn:startEvent id="start" />
              </bpmn:process>
            </bpmn:definitions>
            """, "policy-import", "defs", List.of("bpmn:import", "外部定義")),
        new Forbidden("a DOCTYPE with an external entity", "policy-xxe.bpmn", """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE definitions [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://jica.go.jp/approval">
              <bpmn:process id="policy-xxe" name="&secret;" isExecutable="true" camunda:historyTimeToLive="30">
                <bpmn:startEvent id="start" />
              </bpmn:process>
            </bpmn:definitions>
            """, "policy-xxe", null, List.of("DOCTYPE")),
        dmn("a DMN input in JavaScript", "policy-dmn-script", "inputScript", List.of("expressionLanguage=\"javascript\"", "FEEL"),
            "<inputExpression id=\"inputScript\" typeRef=\"string\" expressionLanguage=\"javascript\">"
                + "<text>java.lang.Runtime.getRuntime()</text></inputExpression>",
            "<outputEntry id=\"out\"><text>\"x\"</text></outputEntry>"),
        dmn("a DMN output in JUEL", "policy-dmn-juel", "outputJuel", List.of("expressionLanguage=\"juel\"", "FEEL"),
            "<inputExpression id=\"in\" typeRef=\"string\"><text>requestType</text></inputExpression>",
            "<outputEntry id=\"outputJuel\" expressionLanguage=\"juel\"><text>${processEngine.name}</text></outputEntry>"),
        new Forbidden("a CMMN resource", "policy-case.cmmn", """
            <?xml version="1.0" encoding="UTF-8"?>
            <cmmn:definitions xmlns:cmmn="http://www.omg.org/spec/CMMN/20151109/MODEL" id="d" targetNamespace="t">
              <cmmn:case id="policy-case"><cmmn:casePlanModel id="plan" /></cmmn:case>
            </cmmn:definitions>
            """, "policy-case", null, List.of("CMMN")),
        new Forbidden("a script file", "policy-condition.js", "java.lang.Runtime.getRuntime().exec('touch x')",
            "policy-condition", null, List.of("この種類のリソースはデプロイできません")),
        new Forbidden("an HTML form", "policy-form.html", "<form><script>alert(1)</script></form>",
            "policy-form", null, List.of("この種類のリソースはデプロイできません")),
        new Forbidden("a form with an iframe to another site", "policy-form.form", """
            {"id": "policy-form", "type": "default", "schemaVersion": 16,
             "components": [{"id": "frame", "type": "iframe", "url": "https://evil.example/phish"}]}
            """, "policy-form", "frame", List.of("type=\"iframe\"", "フォーム部品", "URL")));
  }

  @Test
  void everyShippedDefinitionPassesThePolicyAndWasDeployedAtStart() throws IOException {
    List<Path> shipped = new ArrayList<>();
    for (String folder : List.of("bpmn", "forms", "src/test/resources/bpmn", "src/test/resources/forms")) {
      try (Stream<Path> files = Files.list(Path.of(folder))) {
        files.filter(Files::isRegularFile).forEach(shipped::add);
      }
    }
    assertThat(shipped).hasSizeGreaterThan(40);

    for (Path file : shipped) {
      assertThat(policy.check(file.getFileName().toString(), Files.readAllBytes(file))).as(file.toString()).isEmpty();
    }
    // The start-up scan went through the engine-side policy: every shipped process is there.
    for (Path file : shipped) {
      String name = file.getFileName().toString();
      if (name.endsWith(".bpmn")) {
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(name.replace(".bpmn", "")).count())
            .as(name).isPositive();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forbiddenConstructs")
  void eachForbiddenConstructIsRefusedOnEveryPathAndNothingIsDeployed(Forbidden forbidden) {
    long deployments = repository.createDeploymentQuery().count();

    for (Way path : adminPaths()) {
      Http.Reply reply = deploy(path, forbidden.name(), forbidden.resource(), forbidden.content());

      assertThat(reply.status()).as("%s via %s: %s", forbidden, path, reply.body()).isEqualTo(400);
      JsonNode body = reply.json();
      assertThat(body.get("message").asText()).as(path.toString()).contains("デプロイメント方針に反する")
          .contains(forbidden.named());
      if (forbidden.elementId() != null) {
        assertThat(body.get("message").asText()).contains("要素「" + forbidden.elementId() + "」");
        assertThat(body.at("/details/" + forbidden.resource().replace("/", "~1") + "/errors").findValuesAsText("mainElementId"))
            .as(path.toString()).contains(forbidden.elementId());
      }
    }
    if (forbidden.resource().endsWith(".bpmn") || forbidden.resource().endsWith(".dmn")) {
      Http http = new Http(port);
      String edited = Http.json(Map.of("resourceName", forbidden.resource(), "xml", forbidden.content()));
      JsonNode validation = http.post("admin", "/api/admin/deployments/validation", edited).json();
      assertThat(validation.get("valid").asBoolean()).as("the editor's validator").isFalse();
      List<String> errors = new ArrayList<>();
      validation.get("errors").forEach(error -> errors.add(error.asText()));
      assertThat(String.join("\n", errors)).contains(forbidden.named());
      Http.Reply fromEditor = http.post("admin", "/api/admin/rule-changes", Http.json(Map.of("resourceName",
          forbidden.resource(), "xml", forbidden.content(), "note", "方針の確認")));
      assertThat(fromEditor.status()).as(fromEditor.body()).isEqualTo(400);
      assertThat(fromEditor.json().get("message").asText()).contains(forbidden.named());
    }

    assertThat(repository.createDeploymentQuery().count()).as("nothing deployed").isEqualTo(deployments);
    assertThat(repository.createDeploymentQuery().deploymentName(forbidden.name()).count()).isZero();
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(forbidden.key()).count()).isZero();
    assertThat(repository.createDecisionDefinitionQuery().decisionDefinitionKey(forbidden.key()).count()).isZero();
    assertThat(MARKER).as("nothing ran").doesNotExist();
  }

  @Test
  void theRuntimeExecPayloadIsLiveButItsDeploymentRunsNothing() throws IOException {
    // The payload is real: evaluated by the engine's own expression manager it runs the command.
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    configuration.getCommandExecutorTxRequired().execute(command -> configuration.getExpressionManager()
        .createExpression(EXEC_PAYLOAD).getValue(StartProcessVariableScope.getSharedInstance()));
    assertThat(MARKER).exists();
    Files.delete(MARKER);

    // A timer start event evaluates its cycle while deploying: without the policy, deploying would run it.
    Forbidden exec = forbiddenConstructs().filter(f -> f.key().equals("policy-exec")).findFirst().orElseThrow();
    for (Way path : adminPaths()) {
      assertThat(deploy(path, exec.name(), exec.resource(), exec.content()).status()).isEqualTo(400);
    }
    assertThat(new Http(port).post("admin", "/api/admin/rule-changes",
        Http.json(Map.of("resourceName", exec.resource(), "xml", exec.content(), "note", "方針の確認"))).status()).isEqualTo(400);

    assertThat(MARKER).as("the command never ran").doesNotExist();
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("policy-exec").count()).isZero();
  }

  @Test
  void everyViolationOfOneDeploymentIsNamedAtOnce() {
    String twoResources = "policy-two";
    Http.Reply reply = deploy(adminPaths().get(0), twoResources, "policy-two.bpmn",
        bpmnXml("policy-two", "<bpmn:serviceTask id=\"first\" camunda:class=\"org.example.Evil\" />"
            + "<bpmn:scriptTask id=\"second\" scriptFormat=\"groovy\"><bpmn:script>1</bpmn:script></bpmn:scriptTask>"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).contains("（2件", "要素「first」", "要素「second」");
  }

  @Test
  void whatThePlatformsOwnDefinitionsUseStillDeploys() {
    String allowed = bpmnXml("policy-allowed", """
        <bpmn:userTask id="approve" camunda:assignee="${applicant}" camunda:formRef="approval-decision"
            camunda:formRefBinding="latest">
          <bpmn:extensionElements>
            <camunda:taskListener delegateExpression="${approvalRouter}" event="create" />
            <camunda:inputOutput><camunda:inputParameter name="stage">review</camunda:inputParameter></camunda:inputOutput>
          </bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:boundaryEvent id="reminder" attachedToRef="approve" cancelActivity="false">
          <bpmn:timerEventDefinition>
            <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${exceptionSettings.reviewReminder}</bpmn:timeDuration>
          </bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:intermediateCatchEvent id="due">
          <bpmn:timerEventDefinition>
            <bpmn:timeDate xsi:type="bpmn:tFormalExpression">${mediaSchedule.returnDueAt(execution)}</bpmn:timeDate>
          </bpmn:timerEventDefinition>
        </bpmn:intermediateCatchEvent>
        <bpmn:serviceTask id="notify" camunda:delegateExpression="${notifyApplicant}" />
        <bpmn:exclusiveGateway id="gate" default="otherwise" />
        <bpmn:endEvent id="end" />
        <bpmn:sequenceFlow id="otherwise" sourceRef="gate" targetRef="end" />
        <bpmn:sequenceFlow id="approved" sourceRef="gate" targetRef="end">
          <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${decision == 'approve' and mediaRule.permission == 'section-iso' and now() != null and currentUser() != 'x'}</bpmn:conditionExpression>
        </bpmn:sequenceFlow>
        """);

    for (Way path : adminPaths()) {
      Http.Reply reply = deploy(path, "policy-allowed", "policy-allowed.bpmn", allowed);
      assertThat(reply.status()).as("%s: %s", path, reply.body()).isEqualTo(200);
    }
    // The editor's validation finds no policy violation either; its wiring check asks only for the routing rule this
    // probe's routed step lacks (a real process adds one to approval-routing.dmn).
    JsonNode validation = new Http(port).post("admin", "/api/admin/deployments/validation",
        Http.json(Map.of("resourceName", "policy-allowed.bpmn", "xml", allowed))).json();
    assertThat(validation.get("errors")).hasSize(1);
    assertThat(validation.get("errors").get(0).asText()).contains("「approve」", "policy-allowed", "規則がありません");
    repository.createDeploymentQuery().deploymentName("policy-allowed").list()
        .forEach(d -> repository.deleteDeployment(d.getId(), true));
  }

  /** One way an administrator's deployment comes in. */
  record Way(String name, BiFunction<String, String, Http.Reply> post) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Basic on both spellings of engine REST, and Tasklist's session path with its CSRF token. */
  private List<Way> adminPaths() {
    Http http = new Http(port);
    EngineClient.SessionClient session = (EngineClient.SessionClient) TASKLIST_SESSIONS.computeIfAbsent(port,
        p -> EngineClient.tasklist(p, "admin"));
    return List.of(
        new Way("/engine-rest", (type, body) -> http.postBytes("admin", "/engine-rest/deployment/create", type,
            body.getBytes(StandardCharsets.UTF_8))),
        new Way("/engine-rest/engine/default", (type, body) -> http.postBytes("admin",
            "/engine-rest/engine/default/deployment/create", type, body.getBytes(StandardCharsets.UTF_8))),
        new Way("/camunda/api/engine (Tasklist session)", (type, body) -> session.postRaw(
            "/camunda/api/engine/engine/default/deployment/create", type, body)));
  }

  /** {@code POST …/deployment/create} as Camunda Modeler sends it, through the given way. */
  static Http.Reply deploy(Way way, String deploymentName, String resource, String content) {
    String boundary = "----policy" + System.nanoTime();
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\n" + deploymentName
        + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-source\"\r\n\r\nCamunda Modeler\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"" + resource + "\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
    return way.post().apply("multipart/form-data; boundary=" + boundary, body);
  }

  static Forbidden bpmn(String name, String key, String elementId, List<String> named, String elements) {
    return new Forbidden(name, key + ".bpmn", bpmnXml(key, elements), key, elementId, named);
  }

  static String bpmnXml(String key, String elements) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            id="defs" targetNamespace="http://jica.go.jp/approval">
          <bpmn:process id="%s" isExecutable="true" camunda:historyTimeToLive="30">
            <bpmn:startEvent id="start" />
            %s
          </bpmn:process>
        </bpmn:definitions>
        """.formatted(key, elements);
  }

  static Forbidden dmn(String name, String key, String elementId, List<String> named, String input, String output) {
    String xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:camunda="http://camunda.org/schema/1.0/dmn"
            id="defs" name="policy" namespace="http://jica.go.jp/approval">
          <decision id="%s" name="policy" camunda:historyTimeToLive="30">
            <decisionTable id="table">
              <input id="input" label="in">%s</input>
              <output id="output" name="out" typeRef="string" />
              <rule id="rule"><inputEntry id="entry"><text></text></inputEntry>%s</rule>
            </decisionTable>
          </decision>
        </definitions>
        """.formatted(key, input, output);
    return new Forbidden(name, key + ".dmn", xml, key, elementId, named);
  }
}
