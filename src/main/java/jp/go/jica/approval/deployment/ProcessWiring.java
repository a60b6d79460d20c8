package jp.go.jica.approval.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.beans.PropertyDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.calendar.CycleBusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.DueDateBusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.DurationBusinessCalendar;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityBehavior;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.impl.juel.AstBracket;
import org.camunda.bpm.impl.juel.AstDot;
import org.camunda.bpm.impl.juel.AstEval;
import org.camunda.bpm.impl.juel.AstIdentifier;
import org.camunda.bpm.impl.juel.AstMethod;
import org.camunda.bpm.impl.juel.AstNode;
import org.camunda.bpm.impl.juel.AstNumber;
import org.camunda.bpm.impl.juel.AstProperty;
import org.camunda.bpm.impl.juel.AstString;
import org.camunda.bpm.impl.juel.Builder;
import org.camunda.bpm.impl.juel.Node;
import org.camunda.bpm.impl.juel.TreeBuilderException;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.CatchEvent;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.SendTask;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * The wiring of process definitions to what the platform has: every bean an expression, delegate or listener
 * names exists (of the right type, with the method or property named), every form, decision and message a
 * step needs exists, every step the platform routes has a rule in its routing table, every timer resolves.
 * Checked against the resources deployed together and what is deployed already, before deployment (the
 * editor, through {@link DefinitionValidator}) and over every deployed process (ProcessWiringTest).
 * docs/wiring.md says what is checked and what cannot be.
 */
@Component
class ProcessWiring {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessWiring.class);

  /** The task listener that routes a step by the routing table (routing.ApprovalRouter). */
  static final String ROUTER = "approvalRouter";
  /** The routing table every process uses unless it names another (routing.RoutingService.DECISION_KEY). */
  static final String ROUTING_DECISION = "approval-routing";
  /** The process extension property naming another routing table (routing.RoutingService.DECISION_PROPERTY). */
  static final String ROUTING_PROPERTY = "routingDecision";
  /** The routing table's inputs that say which process and step a rule is for. */
  static final String REQUEST_TYPE_INPUT = "requestType";
  static final String STEP_INPUT = "step";

  private static final Builder PARSER = new Builder(Builder.Feature.METHOD_INVOCATIONS, Builder.Feature.VARARGS);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BPMN_MODEL = DeploymentPolicy.BPMN_MODEL;

  private final ConfigurableListableBeanFactory beans;
  private final PlatformBeans platformBeans;
  private final ProcessEngine engine;
  private final JdbcTemplate jdbc;
  private volatile List<String> platformBeanNames;

  ProcessWiring(ConfigurableListableBeanFactory beans, PlatformBeans platformBeans, ProcessEngine engine,
      JdbcTemplate jdbc) {
    this.beans = beans;
    this.platformBeans = platformBeans;
    this.engine = engine;
    this.jdbc = jdbc;
  }

  /**
   * The wiring problems of resources deployed together (resource name → content), against what is deployed:
   * one Japanese sentence each, naming the element by its name and id. Resources that do not parse are
   * left to the other checks.
   */
  List<String> problems(Map<String, byte[]> resources) {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    // The check reads every deployed definition and grant, whoever asks (an administrator, or the approver
    // whose approval deploys a 変更申請).
    List<String> problems = configuration.getCommandExecutorTxRequired().execute(context ->
        context.runWithoutAuthorization(() -> new Check(resources).run()));
    if (!problems.isEmpty()) {
      LOG.info("Wiring problems in {}: {}", resources.keySet(), problems);
    }
    return problems;
  }

  /** The problems of one resource deployed alone, as the editor deploys. */
  List<String> problems(String resourceName, byte[] content) {
    return problems(Map.of(resourceName, content));
  }

  /** One check of one set of resources: what they contain, and the deployed definitions they meet. */
  private final class Check {
    final Set<String> problems = new LinkedHashSet<>();
    final Map<String, BpmnModelInstance> processes = new LinkedHashMap<>();
    final Map<String, DmnModelInstance> decisionFiles = new LinkedHashMap<>();
    final Set<String> formIds = new LinkedHashSet<>();
    final Map<String, byte[]> sources;
    final Map<String, Optional<Decision>> decisions = new HashMap<>();
    final Map<String, Optional<Decision>> deployedDecisions = new HashMap<>();
    final RepositoryService repository = engine.getRepositoryService();

    Check(Map<String, byte[]> resources) {
      sources = resources;
      resources.forEach((name, content) -> {
        try {
          switch (DeploymentPolicy.Kind.of(name)) {
            case BPMN -> processes.put(name, Bpmn.readModelFromStream(new ByteArrayInputStream(content)));
            case DMN -> decisionFiles.put(RuleChanges.fileName(name), Dmn.readModelFromStream(new ByteArrayInputStream(content)));
            case FORM -> {
              JsonNode form = JSON.readTree(content);
              if (form != null && form.path("id").isTextual()) {
                formIds.add(form.get("id").asText());
              }
            }
            default -> {
              // other kinds are the policy's business
            }
          }
        } catch (RuntimeException | IOException unreadable) {
          // Reported by the model and policy checks; nothing to wire.
        }
      });
    }

    List<String> run() {
      processes.forEach((name, model) -> checkProcessFile(name, model));
      if (!decisionFiles.isEmpty()) {
        checkDeployedProcessesKeepTheirDecisions();
      }
      return List.copyOf(problems);
    }

    // ---- one BPMN file -------------------------------------------------------------------------------

    void checkProcessFile(String resourceName, BpmnModelInstance model) {
      checkExpressions(resourceName);
      checkDelegates(model);
      checkForms(model);
      checkRouting(model, null);
      checkMessages(model);
      checkTimers(model);
      checkDecisionRefs(model, null);
    }

    /** Every expression in the file: the beans' methods and properties it names exist. */
    void checkExpressions(String resourceName) {
      Element root = domOf(sources.get(resourceName));
      if (root != null) {
        walk(root);
      }
    }

    private void walk(Element element) {
      if (element.getNamespaceURI() != null && element.getNamespaceURI().matches(".*/(DI|DC)/?")) {
        return;
      }
      String where = domLabel(element);
      NamedNodeMap attributes = element.getAttributes();
      for (int i = 0; i < attributes.getLength(); i++) {
        String value = attributes.item(i).getNodeValue();
        if (ExpressionRules.isExpression(value)) {
          checkMembers(where, value);
        }
      }
      StringBuilder text = new StringBuilder();
      for (org.w3c.dom.Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
        if (child.getNodeType() == org.w3c.dom.Node.TEXT_NODE || child.getNodeType() == org.w3c.dom.Node.CDATA_SECTION_NODE) {
          text.append(child.getNodeValue());
        } else if (child instanceof Element childElement) {
          walk(childElement);
        }
      }
      if (ExpressionRules.isExpression(text.toString())) {
        checkMembers(where, text.toString().trim());
      }
    }

    /** The element's label: the nearest enclosing element with an id, by its name and id. */
    private String domLabel(Element element) {
      for (org.w3c.dom.Node node = element; node instanceof Element e; node = node.getParentNode()) {
        String id = e.getAttribute("id");
        if (!id.isEmpty() && BPMN_MODEL.equals(e.getNamespaceURI())) {
          return labelOf(e.getAttribute("name"), id);
        }
      }
      return "定義";
    }

    void checkMembers(String where, String text) {
      Node root;
      try {
        root = PARSER.build(text).getRoot();
      } catch (TreeBuilderException e) {
        return; // the policy names unparseable expressions
      }
      visit(root, where, text);
    }

    private void visit(Node node, String where, String text) {
      if (node instanceof AstMethod) {
        AstProperty target = (AstProperty) node.getChild(0);
        if (target.getChild(0) instanceof AstIdentifier bean && beans.containsBean(bean.getName())) {
          String name = member(target);
          int arity = node.getChild(1).getCardinality();
          Class<?> type = beanType(bean.getName());
          if (name != null && type != null && !Map.class.isAssignableFrom(type) && method(type, name, arity).isEmpty()) {
            problems.add(where + ": 式「" + oneLine(text) + "」の Bean「" + bean.getName() + "」に引数 " + arity
                + " 個のメソッド「" + name + "」がありません" + hint(name, methodNames(type)));
          }
        } else {
          visit(target.getChild(0), where, text);
        }
        visit(node.getChild(1), where, text);
        return;
      }
      if (node instanceof AstProperty property && property.getChild(0) instanceof AstIdentifier bean
          && beans.containsBean(bean.getName())) {
        String name = member(property);
        Class<?> type = beanType(bean.getName());
        if (name != null && type != null && !Map.class.isAssignableFrom(type) && getter(type, name).isEmpty()) {
          problems.add(where + ": 式「" + oneLine(text) + "」の Bean「" + bean.getName() + "」にプロパティ「" + name
              + "」がありません" + hint(name, propertyNames(type)));
        }
      }
      for (int i = 0; i < node.getCardinality(); i++) {
        visit(node.getChild(i), where, text);
      }
    }

    /** Delegates and listeners named by {@code ${bean}} are beans of the interface the engine calls. */
    void checkDelegates(BpmnModelInstance model) {
      List<Class<?>> activity = List.of(JavaDelegate.class, ActivityBehavior.class);
      for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
        checkDelegate(label(task), task.getCamundaDelegateExpression(), activity, "JavaDelegate");
      }
      for (SendTask task : model.getModelElementsByType(SendTask.class)) {
        checkDelegate(label(task), task.getCamundaDelegateExpression(), activity, "JavaDelegate");
      }
      for (BusinessRuleTask task : model.getModelElementsByType(BusinessRuleTask.class)) {
        checkDelegate(label(task), task.getCamundaDelegateExpression(), activity, "JavaDelegate");
      }
      for (MessageEventDefinition definition : model.getModelElementsByType(MessageEventDefinition.class)) {
        checkDelegate(label(definition.getParentElement()), definition.getCamundaDelegateExpression(), activity,
            "JavaDelegate");
      }
      for (CamundaExecutionListener listener : model.getModelElementsByType(CamundaExecutionListener.class)) {
        checkDelegate(label(owner(listener)) + " の実行リスナー", listener.getCamundaDelegateExpression(),
            List.of(ExecutionListener.class, JavaDelegate.class), "ExecutionListener");
      }
      for (CamundaTaskListener listener : model.getModelElementsByType(CamundaTaskListener.class)) {
        checkDelegate(label(owner(listener)) + " のタスクリスナー", listener.getCamundaDelegateExpression(),
            List.of(TaskListener.class), "TaskListener");
      }
    }

    private void checkDelegate(String where, String expression, List<Class<?>> accepted, String expected) {
      if (expression == null || expression.isBlank()) {
        return;
      }
      Node root;
      try {
        root = PARSER.build(expression).getRoot();
      } catch (TreeBuilderException e) {
        return;
      }
      Node body = root instanceof AstEval eval ? eval.getChild(0) : null;
      if (body instanceof AstIdentifier identifier) {
        String name = identifier.getName();
        if (!beans.containsBean(name)) {
          problems.add(where + ": delegateExpression「" + oneLine(expression) + "」の Bean「" + name + "」がありません"
              + hint(name, platformBeanNames()));
          return;
        }
        Class<?> type = beanType(name);
        if (type != null && accepted.stream().noneMatch(a -> a.isAssignableFrom(type))) {
          problems.add(where + ": Bean「" + name + "」は " + expected + " ではありません（" + type.getSimpleName()
              + "）。このリスナー・タスクには " + expected + " の Bean を指定してください");
        }
        return;
      }
      Class<?> type = staticType(body);
      if (type != null && type != Object.class && accepted.stream().noneMatch(a -> a.isAssignableFrom(type))) {
        problems.add(where + ": delegateExpression「" + oneLine(expression) + "」の値は " + expected + " ではありません（"
            + type.getSimpleName() + "）");
      }
    }

    /** User tasks and the start events employees use have a form, and each form named exists. */
    void checkForms(BpmnModelInstance model) {
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        if (blank(task.getCamundaFormRef())) {
          problems.add(label(task) + ": フォームがありません。camunda:formRef で Camunda Forms のフォームを指定してください");
        } else {
          checkFormRef(label(task), task.getCamundaFormRef(), task.getCamundaFormRefBinding(), task.getCamundaFormRefVersion());
        }
      }
      for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
        if (!blank(start.getCamundaFormRef())) {
          checkFormRef(label(start), start.getCamundaFormRef(), start.getCamundaFormRefBinding(),
              start.getCamundaFormRefVersion());
        } else if (start.getParentElement() instanceof Process process && start.getEventDefinitions().isEmpty()
            && startableByPeople(process.getId())) {
          problems.add(label(start) + ": 職員が開始するプロセス「" + process.getId() + "」の開始イベントにフォームがありません。"
              + "camunda:formRef で開始フォームを指定してください");
        }
      }
    }

    private void checkFormRef(String where, String ref, String binding, String version) {
      if (ExpressionRules.isExpression(ref)) {
        return; // decided at run time
      }
      if (formIds.contains(ref)) {
        return;
      }
      String effective = blank(binding) ? "latest" : binding;
      switch (effective) {
        case "deployment" -> problems.add(where + ": フォーム「" + ref + "」が同じデプロイにありません（formRefBinding=\"deployment\"）。"
            + "エディタは1ファイルずつデプロイするため formRefBinding=\"latest\" にしてください" + hint(ref, deployedFormIds()));
        case "version" -> {
          Integer number = parseInt(version);
          if (number != null && count("select count(*) from ACT_RE_CAMFORMDEF where KEY_ = ? and VERSION_ = ?", ref, number) == 0) {
            problems.add(where + ": フォーム「" + ref + "」の版 " + version + " はデプロイされていません" + hint(ref, deployedFormIds()));
          }
        }
        default -> {
          if (count("select count(*) from ACT_RE_CAMFORMDEF where KEY_ = ?", ref) == 0) {
            problems.add(where + ": フォーム「" + ref + "」はデプロイされていません" + hint(ref, deployedFormIds()));
          }
        }
      }
    }

    /** Whether anyone holds a grant to start the process (employees from Tasklist; a process only the platform starts has none). */
    private boolean startableByPeople(String processKey) {
      AuthorizationService authorizations = engine.getAuthorizationService();
      return authorizations.createAuthorizationQuery().authorizationType(Authorization.AUTH_TYPE_GRANT)
          .resourceType(Resources.PROCESS_DEFINITION).resourceId(processKey)
          .hasPermission(Permissions.CREATE_INSTANCE).count() > 0;
    }

    /**
     * Every step routed by the {@value #ROUTER} listener has a rule for its process and task in the routing
     * table. With {@code ofProcess} (a deployed process, labelled so), only what a candidate DMN takes away is reported.
     */
    void checkRouting(BpmnModelInstance model, String ofProcess) {
      for (Process process : model.getModelElementsByType(Process.class)) {
        String decisionKey = routingDecision(process);
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
          if (processOf(task) != process || !isRouted(task)) {
            continue;
          }
          String where = ofProcess == null ? label(task) : ofProcess + " の " + label(task);
          Optional<Decision> decision = decision(decisionKey);
          if (decision.isEmpty()) {
            if (ofProcess == null || wasInCandidateFile(decisionKey)) {
              problems.add(where + ": ルーティングの表「" + decisionKey + "」が" + (ofProcess == null ? "デプロイされていません"
                  : "この変更でなくなります（デプロイ済みのプロセスが使っています）"));
            }
            continue;
          }
          if (ofProcess != null && !isCandidate(decisionKey)) {
            continue;
          }
          String missing = ruleFor(decision.get(), process.getId(), task.getId());
          // For a deployed process, only the rule this change takes away: a step already without one is not its doing.
          if (missing != null && (ofProcess == null || deployedDecision(decisionKey)
              .map(deployed -> ruleFor(deployed, process.getId(), task.getId()) == null).orElse(false))) {
            problems.add(where + ": " + missing);
          }
        }
      }
    }

    private boolean isRouted(UserTask task) {
      return listeners(task, CamundaTaskListener.class).stream().map(CamundaTaskListener::getCamundaDelegateExpression)
          .anyMatch(expression -> expression != null && expression.replaceAll("\\s", "").matches("[$#]\\{" + ROUTER + "}"));
    }

    /** Null when the table has a rule for the process and step, else why not. */
    private String ruleFor(Decision decision, String processKey, String taskId) {
      if (!(decision.getExpression() instanceof DecisionTable table)) {
        return "ルーティングの表「" + decision.getId() + "」が決定表ではありません";
      }
      List<Input> inputs = new ArrayList<>(table.getInputs());
      int typeColumn = column(inputs, REQUEST_TYPE_INPUT);
      int stepColumn = column(inputs, STEP_INPUT);
      if (typeColumn < 0 || stepColumn < 0) {
        return "ルーティングの表「" + decision.getId() + "」に入力 " + REQUEST_TYPE_INPUT + "・" + STEP_INPUT + " がありません";
      }
      for (Rule rule : table.getRules()) {
        List<org.camunda.bpm.model.dmn.instance.InputEntry> entries = new ArrayList<>(rule.getInputEntries());
        if (entries.size() == inputs.size() && matches(entries.get(typeColumn), processKey)
            && matches(entries.get(stepColumn), taskId)) {
          return null;
        }
      }
      return "ルーティングの表「" + decision.getId() + "」に申請種別「" + processKey + "」・手順「" + taskId
          + "」の規則がありません（この手順の担当者を決められません）。規則を追加してください";
    }

    private int column(List<Input> inputs, String variable) {
      for (int i = 0; i < inputs.size(); i++) {
        Input input = inputs.get(i);
        String text = input.getInputExpression() == null || input.getInputExpression().getText() == null ? ""
            : input.getInputExpression().getText().getTextContent().trim();
        if (variable.equals(text)) {
          return i;
        }
      }
      return -1;
    }

    private boolean matches(org.camunda.bpm.model.dmn.instance.InputEntry entry, String value) {
      String test = entry.getText() == null ? "" : entry.getText().getTextContent().trim();
      if (test.isEmpty() || test.equals("-")) {
        return true;
      }
      try {
        FeelEngine feel = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
            .getDmnEngineConfiguration().getFeelEngine();
        return feel.evaluateSimpleUnaryTests(test, "cellInput",
            Variables.createVariables().putValue("cellInput", value).asVariableContext());
      } catch (RuntimeException notForThisValue) {
        return false;
      }
    }

    /** Catch events and receive tasks wait for a message with a name. */
    void checkMessages(BpmnModelInstance model) {
      for (MessageEventDefinition definition : model.getModelElementsByType(MessageEventDefinition.class)) {
        if (definition.getParentElement() instanceof CatchEvent event) {
          checkMessage(label(event), definition.getMessage());
        }
      }
      for (ReceiveTask task : model.getModelElementsByType(ReceiveTask.class)) {
        checkMessage(label(task), task.getMessage());
      }
    }

    private void checkMessage(String where, Message message) {
      if (message == null) {
        problems.add(where + ": 待つメッセージが指定されていません（messageRef）");
      } else if (blank(message.getName())) {
        problems.add(where + ": メッセージ「" + message.getId() + "」に名前がありません（名前で受信します）");
      }
    }

    /** Each timer has one date, duration or cycle: valid ISO 8601 (or cron), or an expression on a platform bean. */
    void checkTimers(BpmnModelInstance model) {
      for (TimerEventDefinition timer : model.getModelElementsByType(TimerEventDefinition.class)) {
        String where = label(timer.getParentElement());
        Map<String, ModelElementInstance> given = new LinkedHashMap<>();
        given.put(DueDateBusinessCalendar.NAME, timer.getTimeDate());
        given.put(DurationBusinessCalendar.NAME, timer.getTimeDuration());
        given.put(CycleBusinessCalendar.NAME, timer.getTimeCycle());
        given.values().removeIf(e -> e == null || blank(e.getTextContent()));
        if (given.size() != 1) {
          problems.add(where + ": タイマーには日時（timeDate）・期間（timeDuration）・周期（timeCycle）のどれか1つを書いてください");
          continue;
        }
        var entry = given.entrySet().iterator().next();
        checkTimer(where, entry.getKey(), entry.getValue().getTextContent().trim());
      }
    }

    private void checkTimer(String where, String calendar, String text) {
      if (!ExpressionRules.isExpression(text)) {
        String invalid = invalidTimer(calendar, text);
        if (invalid != null) {
          problems.add(where + ": タイマー「" + text + "」は" + kind(calendar) + "として読めません（" + invalid + "）");
        }
        return;
      }
      Node root;
      try {
        root = PARSER.build(text).getRoot();
      } catch (TreeBuilderException e) {
        return;
      }
      Node body = root instanceof AstEval eval ? eval.getChild(0) : null;
      Node target = body instanceof AstMethod ? body.getChild(0) : body;
      if (!(target instanceof AstProperty property && property.getChild(0) instanceof AstIdentifier bean)
          || !platformBeans.isPlatformBean(bean.getName())) {
        String name = target instanceof AstProperty p && p.getChild(0) instanceof AstIdentifier i ? i.getName()
            : body instanceof AstIdentifier i ? i.getName() : null;
        problems.add(where + ": タイマーの式「" + text + "」は基盤の設定・日程の Bean（例 ${exceptionSettings.reviewReminder}）を"
            + "参照してください" + (name == null ? "" : "（「" + name + "」は Bean ではありません" + hint(name, platformBeanNames()) + "）"));
        return;
      }
      if (body instanceof AstMethod) {
        return; // computed from the case at run time; the method's existence is checked with the expressions
      }
      String name = member(property);
      Class<?> type = beanType(bean.getName());
      Optional<Method> getter = name == null || type == null ? Optional.empty() : getter(type, name);
      if (getter.isEmpty()) {
        return; // named by the expression check
      }
      Object value;
      try {
        value = getter.get().invoke(beans.getBean(bean.getName()));
      } catch (ReflectiveOperationException | RuntimeException unreadable) {
        return;
      }
      if (value == null) {
        problems.add(where + ": タイマーの式「" + text + "」の値が設定されていません");
      } else if (!(value instanceof Date)) {
        String invalid = invalidTimer(calendar, value.toString());
        if (invalid != null) {
          problems.add(where + ": タイマーの式「" + text + "」の値「" + value + "」は" + kind(calendar) + "として読めません（"
              + invalid + "）");
        }
      }
    }

    /** Null when the engine's business calendar reads the text, else the reason. */
    private String invalidTimer(String calendar, String text) {
      try {
        Object due = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getBusinessCalendarManager()
            .getBusinessCalendar(calendar).resolveDuedate(text);
        return due == null && !calendar.equals(CycleBusinessCalendar.NAME) ? "日時になりません" : null;
      } catch (RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage());
      }
    }

    private String kind(String calendar) {
      return switch (calendar) {
        case "dueDate" -> "日時（ISO 8601）";
        case "duration" -> "期間（ISO 8601、例 P7D）";
        default -> "周期（ISO 8601 の R/… か cron）";
      };
    }

    /** Business rule tasks name a decision that is deployed or deployed with them. */
    void checkDecisionRefs(BpmnModelInstance model, String ofProcess) {
      for (BusinessRuleTask task : model.getModelElementsByType(BusinessRuleTask.class)) {
        String ref = task.getCamundaDecisionRef();
        if (blank(ref) || ExpressionRules.isExpression(ref)) {
          continue;
        }
        String where = ofProcess == null ? label(task) : ofProcess + " の " + label(task);
        if (ofProcess == null) {
          if ("deployment".equals(task.getCamundaDecisionRefBinding()) && !isCandidate(ref)) {
            problems.add(where + ": ディシジョン「" + ref + "」が同じデプロイにありません（decisionRefBinding=\"deployment\"）");
          } else if (decision(ref).isEmpty()) {
            problems.add(where + ": ディシジョン「" + ref + "」はデプロイされていません" + hint(ref, deployedDecisionKeys()));
          }
        } else if (decision(ref).isEmpty() && wasInCandidateFile(ref)) {
          problems.add(where + ": ディシジョン「" + ref + "」がこの変更でなくなります（デプロイ済みのプロセスが使っています）");
        }
      }
    }

    // ---- DMN changes ---------------------------------------------------------------------------------

    /** A changed DMN keeps every decision and routing rule the deployed processes (not redeployed with it) use. */
    void checkDeployedProcessesKeepTheirDecisions() {
      Set<String> redeployed = new LinkedHashSet<>();
      processes.values().forEach(model -> model.getModelElementsByType(Process.class).forEach(p -> redeployed.add(p.getId())));
      for (ProcessDefinition definition : repository.createProcessDefinitionQuery().latestVersion().list()) {
        if (redeployed.contains(definition.getKey())) {
          continue;
        }
        BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
        String ofProcess = "プロセス" + labelOf(definition.getName(), definition.getKey());
        checkRouting(model, ofProcess);
        checkDecisionRefs(model, ofProcess);
      }
    }

    // ---- what exists ---------------------------------------------------------------------------------

    /** The decision as it would be after this deployment: from the candidate DMN, else the deployed latest version. */
    Optional<Decision> decision(String key) {
      return decisions.computeIfAbsent(key, this::lookUpDecision);
    }

    private Optional<Decision> lookUpDecision(String key) {
      for (DmnModelInstance model : decisionFiles.values()) {
        if (model.getModelElementById(key) instanceof Decision decision) {
          return Optional.of(decision);
        }
      }
      DecisionDefinition deployed = repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).latestVersion()
          .singleResult();
      if (deployed == null || decisionFiles.containsKey(RuleChanges.fileName(deployed.getResourceName()))) {
        // Not deployed, or from a file this deployment replaces without it.
        return Optional.empty();
      }
      return deployedDecision(key);
    }

    /** The decision's latest deployed version, whatever this deployment changes. */
    Optional<Decision> deployedDecision(String key) {
      return deployedDecisions.computeIfAbsent(key, this::readDeployedDecision);
    }

    private Optional<Decision> readDeployedDecision(String key) {
      DecisionDefinition deployed = repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).latestVersion()
          .singleResult();
      if (deployed == null) {
        return Optional.empty();
      }
      try (var xml = repository.getDecisionModel(deployed.getId())) {
        return Dmn.readModelFromStream(xml).getModelElementById(key) instanceof Decision decision
            ? Optional.of(decision) : Optional.empty();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private boolean isCandidate(String decisionKey) {
      return decisionFiles.values().stream().anyMatch(model -> model.getModelElementById(decisionKey) instanceof Decision);
    }

    private boolean wasInCandidateFile(String decisionKey) {
      DecisionDefinition deployed = repository.createDecisionDefinitionQuery().decisionDefinitionKey(decisionKey)
          .latestVersion().singleResult();
      return deployed != null && decisionFiles.containsKey(RuleChanges.fileName(deployed.getResourceName()));
    }

    private List<String> deployedDecisionKeys() {
      return repository.createDecisionDefinitionQuery().latestVersion().list().stream().map(DecisionDefinition::getKey).toList();
    }

    private List<String> deployedFormIds() {
      List<String> ids = new ArrayList<>(jdbc.queryForList("select distinct KEY_ from ACT_RE_CAMFORMDEF", String.class));
      ids.addAll(formIds);
      return ids;
    }

    private long count(String sql, Object... arguments) {
      Long count = jdbc.queryForObject(sql, Long.class, arguments);
      return count == null ? 0 : count;
    }
  }

  // ---- beans ---------------------------------------------------------------------------------------------

  private Class<?> beanType(String name) {
    // false: asking must not instantiate a FactoryBean early.
    Class<?> type = beans.getType(name, false);
    return type == null ? null : ClassUtils.getUserClass(type);
  }

  private List<String> platformBeanNames() {
    List<String> names = platformBeanNames;
    if (names == null) {
      names = Arrays.stream(beans.getBeanDefinitionNames()).filter(platformBeans::isPlatformBean).toList();
      platformBeanNames = names;
    }
    return names;
  }

  /** The type an expression's value has when it is a bean's method or property; null when not known. */
  private Class<?> staticType(Node body) {
    Node target = body instanceof AstMethod ? body.getChild(0) : body;
    if (target instanceof AstProperty property && property.getChild(0) instanceof AstIdentifier bean
        && beans.containsBean(bean.getName())) {
      Class<?> type = beanType(bean.getName());
      String name = member(property);
      if (type == null || name == null) {
        return null;
      }
      Optional<Method> method = body instanceof AstMethod ? method(type, name, body.getChild(1).getCardinality())
          : getter(type, name);
      return method.map(Method::getReturnType).orElse(null);
    }
    return null;
  }

  private static Optional<Method> method(Class<?> type, String name, int arity) {
    return Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(name))
        .filter(m -> m.getParameterCount() == arity || (m.isVarArgs() && arity >= m.getParameterCount() - 1))
        .findFirst();
  }

  private static Optional<Method> getter(Class<?> type, String name) {
    PropertyDescriptor descriptor = BeanUtils.getPropertyDescriptor(type, name);
    return Optional.ofNullable(descriptor == null ? null : descriptor.getReadMethod());
  }

  private static List<String> methodNames(Class<?> type) {
    return Arrays.stream(type.getMethods()).filter(m -> m.getDeclaringClass() != Object.class)
        .filter(m -> !Modifier.isStatic(m.getModifiers())).map(Method::getName).distinct().toList();
  }

  private static List<String> propertyNames(Class<?> type) {
    return Arrays.stream(BeanUtils.getPropertyDescriptors(type)).filter(d -> d.getReadMethod() != null)
        .map(PropertyDescriptor::getName).filter(n -> !n.equals("class")).toList();
  }

  /** The member a property or method names, or null when it is computed at run time. */
  private static String member(AstProperty property) {
    if (property instanceof AstDot) {
      // AstDot keeps its name in a protected field; toString() is ". " + name.
      return property.toString().substring(2);
    }
    if (property instanceof AstBracket && (property.getChild(1) instanceof AstString
        || property.getChild(1) instanceof AstNumber)) {
      return String.valueOf(((AstNode) property.getChild(1)).eval(null, null));
    }
    return null;
  }

  // ---- names and hints -----------------------------------------------------------------------------------

  /** 「name」（id）, or 「id」 for an element without a name. */
  static String labelOf(String name, String id) {
    return name == null || name.isBlank() ? "「" + id + "」" : "「" + oneLine(name) + "」（" + id + "）";
  }

  private static String label(ModelElementInstance element) {
    for (ModelElementInstance e = element; e != null; e = e.getParentElement()) {
      if (e instanceof BaseElement base && base.getId() != null) {
        return labelOf(e.getAttributeValue("name"), base.getId());
      }
    }
    return "定義";
  }

  /** The flow element or process a listener belongs to (listener → extensionElements → owner). */
  private static ModelElementInstance owner(ModelElementInstance listener) {
    ModelElementInstance parent = listener.getParentElement();
    return parent instanceof ExtensionElements ? parent.getParentElement() : parent;
  }

  private static Process processOf(ModelElementInstance element) {
    for (ModelElementInstance e = element; e != null; e = e.getParentElement()) {
      if (e instanceof Process process) {
        return process;
      }
    }
    return null;
  }

  private static <T extends ModelElementInstance> List<T> listeners(BaseElement element, Class<T> type) {
    ExtensionElements extensions = element.getExtensionElements();
    return extensions == null ? List.of() : extensions.getElementsQuery().filterByType(type).list();
  }

  /** The routing table the process names ({@value #ROUTING_PROPERTY}), else the agency's. */
  private static String routingDecision(Process process) {
    return listeners(process, CamundaProperties.class).stream().flatMap(p -> p.getCamundaProperties().stream())
        .filter(p -> ROUTING_PROPERTY.equals(p.getCamundaName())).map(CamundaProperty::getCamundaValue)
        .filter(v -> v != null && !v.isBlank()).findFirst().orElse(ROUTING_DECISION);
  }

  /** " もしかして「x」" for the nearest known name within a few typing mistakes, else "". */
  static String hint(String wrong, Collection<String> known) {
    int allowed = Math.max(2, wrong.length() / 3);
    return known.stream().distinct().filter(k -> !k.equals(wrong))
        .map(k -> Map.entry(k, distance(wrong.toLowerCase(), k.toLowerCase())))
        .filter(e -> e.getValue() <= allowed).min(Comparator.comparingInt(Map.Entry<String, Integer>::getValue))
        .map(e -> "。もしかして「" + e.getKey() + "」").orElse("");
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  private static Integer parseInt(String text) {
    try {
      return text == null ? null : Integer.valueOf(text.trim());
    } catch (NumberFormatException expression) {
      return null;
    }
  }

  /** The file's DOM with DTDs off: it shows every attribute, also those the model API does not model. */
  private static Element domOf(byte[] xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
    } catch (Exception unreadable) {
      return null;
    }
  }
}
