package jp.go.jica.approval.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Locale;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.springframework.stereotype.Component;

/**
 * The deployment policy: what a BPMN, DMN or form may contain on this platform. Deployments are code
 * (expressions, listeners and scripts run inside the engine), so everything the platform's own
 * definitions do not need is refused: scripts, Java classes named in the model, expressions reaching
 * beyond the platform's business beans and process variables, external resources and tasks, DMN in
 * another language than FEEL, CMMN and other resource kinds. {@link DeploymentPolicyPlugin} applies it
 * to every deployment inside the engine; {@link DefinitionValidator} applies it in the editor.
 * docs/deployment-policy.md lists each rule and why.
 */
@Component
class DeploymentPolicy {

  static final String BPMN_MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  /** Camunda's extension namespace; the engine still reads the Activiti one as its alias. */
  static final Set<String> ENGINE_EXTENSIONS = Set.of("http://camunda.org/schema/1.0/bpmn", "http://activiti.org/bpmn");
  /** Every namespace by which DMN names FEEL (as the DMN engine compares them): the only expression language allowed. */
  static final Set<String> FEEL = Set.of("http://www.omg.org/spec/FEEL/20140401",
      "http://www.omg.org/spec/DMN/20180521/FEEL/", "https://www.omg.org/spec/DMN/20191111/FEEL/",
      "https://www.omg.org/spec/DMN/20211108/FEEL/", "https://www.omg.org/spec/DMN/20230324/FEEL/");
  /** Camunda Forms components the platform's forms are made of (no html, iframe, image, file or button). */
  static final Set<String> FORM_COMPONENTS = Set.of("default", "text", "textfield", "textarea", "number", "checkbox",
      "checklist", "radio", "select", "taglist", "datetime", "group", "separator", "spacer");

  private static final Set<String> CLASS_ATTRIBUTES = Set.of("class", "variableMappingClass", "formHandlerClass");
  private static final Set<String> CMMN_ATTRIBUTES = Set.of("caseRef", "caseBinding", "caseVersion", "caseVersionTag",
      "caseTenantId");
  private static final Pattern DIAGRAM_NAMESPACE = Pattern.compile(".*/(DI|DC|DMNDI)/?");
  private static final Pattern URL = Pattern.compile("(?i)\\b(https?|ftps?|file|javascript|vbscript|data):");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExpressionRules expressions;

  DeploymentPolicy(PlatformBeans beans) {
    this.expressions = new ExpressionRules(beans);
  }

  /** The kinds of resource the engine treats by name (the deployers' suffixes); the rest are refused. */
  enum Kind {
    BPMN, DMN, FORM, CMMN, OTHER;

    static Kind of(String resourceName) {
      // Case-sensitive like the engine's deployers: "x.BPMN" is not parsed as BPMN, so it is an "other" resource.
      if (resourceName.endsWith(".bpmn") || resourceName.endsWith(".bpmn20.xml")) {
        return BPMN;
      }
      if (resourceName.endsWith(".dmn") || resourceName.endsWith(".dmn11.xml")) {
        return DMN;
      }
      if (resourceName.endsWith(".form")) {
        return FORM;
      }
      if (resourceName.endsWith(".cmmn") || resourceName.endsWith(".cmmn10.xml") || resourceName.endsWith(".cmmn11.xml")) {
        return CMMN;
      }
      return OTHER;
    }
  }

  /** Every violation of the policy in one resource, in document order; empty when it may be deployed. */
  List<PolicyViolation> check(String resourceName, byte[] content) {
    Findings findings = new Findings(resourceName);
    switch (Kind.of(resourceName)) {
      case BPMN, DMN -> checkXml(content, Kind.of(resourceName), findings);
      case FORM -> checkForm(content, findings);
      case CMMN -> findings.add(null, null, "CMMN は使えません（基盤はケース管理を使いません）", 0, 0);
      case OTHER -> findings.add(null, null, "この種類のリソースはデプロイできません。デプロイできるのは .bpmn・.dmn・.form だけです"
          + "（スクリプト・HTML フォーム・画像などの外部リソースは使えません）", 0, 0);
    }
    return findings.violations;
  }

  /** Collects the violations of one resource. */
  private static final class Findings {
    final String resource;
    final List<PolicyViolation> violations = new ArrayList<>();

    Findings(String resource) {
      this.resource = resource;
    }

    void add(String elementId, String where, String reason, int line, int column) {
      violations.add(new PolicyViolation(resource, elementId, where, reason, line, column));
    }

    void add(Element element, String where, String reason) {
      add(element.id, where, reason, element.line, element.column);
    }
  }

  /** An element as the scan met it: its names, attributes, the id of the nearest element with one, its position. */
  private record Element(String namespace, String prefix, String local, List<Attribute> attributes, String id,
      int line, int column, StringBuilder text) {

    String qname() {
      return DeploymentPolicy.qname(prefix, local);
    }

    boolean isEngineExtension() {
      return ENGINE_EXTENSIONS.contains(namespace);
    }

    boolean isBpmn() {
      return BPMN_MODEL.equals(namespace);
    }

    String attribute(String name) {
      return attributes.stream().filter(a -> a.namespace.isEmpty() && a.local.equals(name)).map(Attribute::value)
          .findFirst().orElse(null);
    }
  }

  private record Attribute(String namespace, String prefix, String local, String value) {
    String qname() {
      return DeploymentPolicy.qname(prefix, local);
    }
  }

  /** The name as the author wrote it (camunda:class, bpmn:scriptTask), so the message points at their text. */
  private static String qname(String prefix, String local) {
    return prefix.isEmpty() ? local : prefix + ":" + local;
  }

  private void checkXml(byte[] content, Kind kind, Findings findings) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    // No DTD and no external entities: the policy's own read must not be an XXE hole.
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    Deque<Element> open = new ArrayDeque<>();
    XMLStreamReader xml = null;
    try {
      xml = factory.createXMLStreamReader(new ByteArrayInputStream(content));
      while (xml.hasNext()) {
        int event = xml.next();
        switch (event) {
          case XMLStreamConstants.DTD -> findings.add(null, "DOCTYPE", "DOCTYPE 宣言は使えません（外部実体の参照を防ぐため）",
              xml.getLocation().getLineNumber(), xml.getLocation().getColumnNumber());
          case XMLStreamConstants.START_ELEMENT -> {
            Element element = element(xml, open.peek());
            open.push(element);
            if (!isDiagram(element)) {
              if (kind == Kind.BPMN) {
                checkBpmnElement(element, findings);
              } else {
                checkDmnElement(element, findings);
              }
            }
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            if (!open.isEmpty()) {
              open.peek().text.append(xml.getText());
            }
          }
          case XMLStreamConstants.END_ELEMENT -> {
            Element element = open.pop();
            String text = element.text.toString().trim();
            // Documentation too: a user task's documentation becomes its description, an expression.
            if (kind == Kind.BPMN && !text.isEmpty() && !isDiagram(element)) {
              checkExpression(element, element.qname(), text, findings);
            }
          }
          default -> {
            // comments, processing instructions and whitespace run nothing
          }
        }
      }
    } catch (XMLStreamException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
      findings.add(open.isEmpty() ? null : open.peek().id, null, "XML として読めません（" + e.getMessage() + "）", line, 0);
    } finally {
      close(xml);
    }
  }

  private static Element element(XMLStreamReader xml, Element parent) {
    List<Attribute> attributes = new ArrayList<>();
    String id = null;
    for (int i = 0; i < xml.getAttributeCount(); i++) {
      Attribute attribute = new Attribute(nonNull(xml.getAttributeNamespace(i)), nonNull(xml.getAttributePrefix(i)),
          xml.getAttributeLocalName(i), xml.getAttributeValue(i));
      attributes.add(attribute);
      if (attribute.namespace.isEmpty() && attribute.local.equals("id")) {
        id = attribute.value;
      }
    }
    return new Element(nonNull(xml.getNamespaceURI()), nonNull(xml.getPrefix()), xml.getLocalName(), attributes,
        id != null ? id : parent == null ? null : parent.id, xml.getLocation().getLineNumber(),
        xml.getLocation().getColumnNumber(), new StringBuilder());
  }

  private void checkBpmnElement(Element element, Findings findings) {
    String local = element.local;
    if (element.isBpmn() && local.equals("scriptTask")) {
      findings.add(element, element.qname(), "スクリプトタスクは使えません（サーバー上で任意のコードを実行できるため）");
    }
    if (element.isEngineExtension() && local.equals("script")) {
      findings.add(element, element.qname(), "スクリプトは使えません（リスナー・入出力マッピングを含め、サーバー上で任意のコードを実行できるため）");
    }
    if (element.isEngineExtension() && local.equals("connector")) {
      findings.add(element, element.qname(), "コネクタ（camunda:connector）は使えません（エンジンから外部へ接続するため）");
    }
    if (element.isBpmn() && local.equals("import")) {
      findings.add(element, element.qname(), "外部定義の import は使えません（外部リソース）");
    }
    if (element.isEngineExtension() && local.equals("constraint") && "validator".equals(element.attribute("name"))) {
      findings.add(element, element.qname() + " name=\"validator\"",
          "独自のバリデーター（クラス名の指定）は使えません（任意のクラスを生成できるため）");
    }
    for (Attribute attribute : element.attributes) {
      boolean qualified = ENGINE_EXTENSIONS.contains(attribute.namespace);
      // The engine reads listener and field attributes unqualified on its own elements (<camunda:taskListener class=…>).
      boolean engineAttribute = qualified || (attribute.namespace.isEmpty() && element.isEngineExtension());
      String name = attribute.local;
      String where = attribute.qname() + "=\"" + abbreviate(attribute.value) + "\"";
      if (engineAttribute && CLASS_ATTRIBUTES.contains(name)) {
        findings.add(element, where, "Java クラスの直接指定は使えません（任意のクラスを実行できるため）。"
            + "基盤の業務Beanを delegateExpression=\"${Bean名}\" で指定してください");
      }
      if (engineAttribute && name.equals("resource")) {
        findings.add(element, where, "外部リソース（スクリプトファイルなど）は使えません");
      }
      if (qualified && (name.equals("type") || name.equals("topic"))) {
        findings.add(element, where, "外部タスクは使えません（基盤は外部ワーカーを使いません）");
      }
      if (qualified && name.equals("formKey")) {
        findings.add(element, where, "camunda:formKey（埋め込み HTML フォーム・外部フォーム）は使えません。"
            + "Camunda Forms を camunda:formRef で指定してください");
      }
      if (qualified && CMMN_ATTRIBUTES.contains(name)) {
        findings.add(element, where, "CMMN のケースは使えません");
      }
      // Conditions (sequence flows, conditional events) in a script language; script tasks are refused whole above.
      if (attribute.namespace.isEmpty() && element.isBpmn() && name.equals("language")) {
        findings.add(element, where, "スクリプト言語の式は使えません。条件は ${…} の式で書いてください");
      }
      checkExpression(element, attribute.qname(), attribute.value, findings);
    }
  }

  private void checkExpression(Element element, String where, String text, Findings findings) {
    if (ExpressionRules.isExpression(text)) {
      expressions.problems(text).forEach(reason -> findings.add(element, where, reason));
    }
  }

  private static void checkDmnElement(Element element, Findings findings) {
    if (element.local.equals("import")) {
      findings.add(element, element.qname(), "外部定義の import は使えません（外部リソース）");
    }
    for (Attribute attribute : element.attributes) {
      if (attribute.namespace.isEmpty() && attribute.local.equals("expressionLanguage") && !isFeel(attribute.value)) {
        findings.add(element, attribute.qname() + "=\"" + abbreviate(attribute.value) + "\"",
            "DMN の式言語は FEEL だけです（JUEL・スクリプト言語はエンジン内で任意のコードや Bean に届くため）");
      }
    }
  }

  /** As the DMN engine decides it (ExpressionEvaluationHandler.isFeelExpressionLanguage). */
  static boolean isFeel(String language) {
    return FEEL.contains(language) || language.toLowerCase(Locale.ROOT).equals("feel");
  }

  private static void checkForm(byte[] content, Findings findings) {
    JsonNode form;
    try {
      form = JSON.readTree(content);
    } catch (IOException e) {
      String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
      findings.add(null, null, "フォームの JSON として読めません（" + reason + "）", 0, 0);
      return;
    }
    if (form == null || !form.isObject() || !form.path("id").isTextual()) {
      findings.add(null, null, "フォームには文字列の \"id\" が必要です（camunda:formRef が参照します）", 0, 0);
      return;
    }
    checkFormNode(form, form.get("id").asText(), null, findings);
  }

  /** Walks the form's JSON: every component's type, every text for URLs. */
  private static void checkFormNode(JsonNode node, String componentId, String field, Findings findings) {
    if (node.isTextual()) {
      if (URL.matcher(node.asText()).find()) {
        findings.add(componentId, field, "URL（外部リソース）は使えません: " + abbreviate(node.asText()), 0, 0);
      }
    } else if (node.isObject()) {
      String id = node.path("id").isTextual() ? node.get("id").asText() : node.path("key").asText(componentId);
      JsonNode type = node.get("type");
      if (type != null && type.isTextual() && !FORM_COMPONENTS.contains(type.asText())) {
        findings.add(id, "type=\"" + type.asText() + "\"", "このフォーム部品は使えません（使えるのは "
            + String.join(", ", FORM_COMPONENTS.stream().sorted().toList()) + "）", 0, 0);
      }
      node.fields().forEachRemaining(child -> checkFormNode(child.getValue(), id, child.getKey(), findings));
    } else if (node.isArray()) {
      node.forEach(item -> checkFormNode(item, componentId, field, findings));
    }
  }

  private static boolean isDiagram(Element element) {
    return DIAGRAM_NAMESPACE.matcher(element.namespace).matches();
  }

  private static String abbreviate(String value) {
    String oneLine = value.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }

  private static void close(XMLStreamReader xml) {
    if (xml != null) {
      try {
        xml.close();
      } catch (XMLStreamException ignored) {
        // nothing was held open beyond the byte array
      }
    }
  }
}
