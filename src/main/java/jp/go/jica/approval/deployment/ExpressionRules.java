package jp.go.jica.approval.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.camunda.bpm.impl.juel.AstBracket;
import org.camunda.bpm.impl.juel.AstDot;
import org.camunda.bpm.impl.juel.AstFunction;
import org.camunda.bpm.impl.juel.AstIdentifier;
import org.camunda.bpm.impl.juel.AstMethod;
import org.camunda.bpm.impl.juel.AstNumber;
import org.camunda.bpm.impl.juel.AstProperty;
import org.camunda.bpm.impl.juel.AstString;
import org.camunda.bpm.impl.juel.Builder;
import org.camunda.bpm.impl.juel.Node;
import org.camunda.bpm.impl.juel.TreeBuilderException;

/**
 * The expression rules of the deployment policy, applied to the syntax tree Camunda's own JUEL parser
 * builds (not to the text, which spelling tricks such as {@code ['getC'+'lass']} or spaces would pass):
 * names are platform beans or process variables; methods are called on platform beans only; no member
 * reaches classes, reflection, the engine or the runtime environment.
 */
final class ExpressionRules {

  /** The engine's parser with the engine's features (JEE6 profile: method invocations, varargs). */
  private static final Builder PARSER = new Builder(Builder.Feature.METHOD_INVOCATIONS, Builder.Feature.VARARGS);

  /** What Camunda's VariableScopeElResolver puts beside the variables: usable as an argument, never opened. */
  static final Set<String> ENGINE_OBJECTS = Set.of("execution", "task", "externalTask", "caseExecution",
      "authenticatedUserId");

  /** The functions the engine registers (CommandContextFunctions, DateTimeFunctions). */
  static final Set<String> FUNCTIONS = Set.of("now", "dateTime", "currentUser", "currentUserGroups");

  /** Parts of a member name that lead to classes, reflection, the engine or the environment. */
  private static final List<String> FORBIDDEN_PARTS = List.of("class", "loader", "reflect", "forname", "newinstance",
      "declared", "processengine", "runtime", "beanfactory", "applicationcontext", "environment", "securitymanager");

  /** Whole member names (without get/is) of the same kind, and Object's monitor and lifecycle methods. */
  private static final Set<String> FORBIDDEN_NAMES = Set.of("invoke", "exec", "exit", "halt", "load", "loadlibrary",
      "module", "protectiondomain", "thread", "currentthread", "systemproperties", "systemenvironment", "properties",
      "methods", "fields", "constructors", "wait", "notify", "notifyall", "clone", "finalize");

  private final PlatformBeans beans;

  ExpressionRules(PlatformBeans beans) {
    this.beans = beans;
  }

  /** Whether the text is evaluated as an expression by the engine (it holds {@code ${…}} or {@code #{…}}). */
  static boolean isExpression(String text) {
    return text.contains("${") || text.contains("#{");
  }

  /** Why the expression text breaks the rules, one reason per finding; empty when it is allowed. */
  List<String> problems(String text) {
    // One line in messages and in the log, whatever line breaks the element text had.
    String shown = text.replaceAll("\\s+", " ").trim();
    Node root;
    try {
      root = PARSER.build(text).getRoot();
    } catch (TreeBuilderException e) {
      return List.of("式「" + shown + "」を解析できません（" + e.getMessage().replaceAll("\\s+", " ") + "）");
    }
    List<String> reasons = new ArrayList<>();
    visit(root, reasons);
    return reasons.stream().distinct().map(reason -> "式「" + shown + "」: " + reason).toList();
  }

  private void visit(Node node, List<String> reasons) {
    if (node instanceof AstMethod) {
      AstProperty target = (AstProperty) node.getChild(0);
      String name = member(target, reasons);
      Node base = target.getChild(0);
      if (!(base instanceof AstIdentifier bean && beans.isPlatformBean(bean.getName()))) {
        reasons.add("メソッド呼出し「" + (name == null ? "…" : name) + "(…)」は基盤の業務Beanに対してだけ書けます"
            + "（プロセス変数や戻り値のメソッドは呼べません）");
      } else if (name != null && name.matches("set[A-Z].*")) {
        reasons.add("「" + name + "」は基盤のBeanの設定や状態を書き換えるため使えません");
      }
      visit(base, reasons);
      visit(node.getChild(1), reasons);
      return;
    }
    if (node instanceof AstProperty property) {
      member(property, reasons);
      Node base = property.getChild(0);
      if (base instanceof AstIdentifier object && ENGINE_OBJECTS.contains(object.getName())) {
        reasons.add("「" + object.getName() + "」はエンジンのオブジェクトです。中身は参照できません（基盤のBeanへ引数として渡すことだけができます）");
      }
      if (base instanceof AstMethod) {
        // What a bean method returns may be anything (a service, a connection): its getters are not followed.
        reasons.add("メソッドの戻り値のプロパティは参照できません");
      }
      for (int i = 0; i < property.getCardinality(); i++) {
        visit(property.getChild(i), reasons);
      }
      return;
    }
    if (node instanceof AstIdentifier identifier) {
      String refusal = beans.refusal(identifier.getName());
      if (refusal != null) {
        reasons.add(refusal);
      }
      return;
    }
    if (node instanceof AstFunction function && !FUNCTIONS.contains(function.getName())) {
      reasons.add("関数「" + function.getName() + "」は使えません（使えるのは " + String.join(", ", FUNCTIONS.stream().sorted().toList())
          + "）");
    }
    for (int i = 0; i < node.getCardinality(); i++) {
      visit(node.getChild(i), reasons);
    }
  }

  /** The member a property or method names, or null (and a reason) when it is computed at run time. */
  private static String member(AstProperty property, List<String> reasons) {
    String name;
    if (property instanceof AstDot) {
      // AstDot keeps its name in a protected field; toString() is ". " + name.
      name = property.toString().substring(2);
    } else if (property instanceof AstBracket && (property.getChild(1) instanceof AstString
        || property.getChild(1) instanceof AstNumber)) {
      name = String.valueOf(((org.camunda.bpm.impl.juel.AstNode) property.getChild(1)).eval(null, null));
    } else {
      reasons.add("角括弧の中は文字列か数値の定数にしてください（実行時に決まる名前は検査できません）");
      return null;
    }
    if (isForbidden(name)) {
      reasons.add("「" + name + "」はクラス・リフレクション・エンジン・実行環境に届くため使えません");
    }
    return name;
  }

  static boolean isForbidden(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    String bare = name.matches("(get|is)[A-Z].*") ? name.replaceFirst("^(get|is)", "").toLowerCase(Locale.ROOT) : lower;
    return FORBIDDEN_PARTS.stream().anyMatch(lower::contains) || FORBIDDEN_NAMES.contains(lower)
        || FORBIDDEN_NAMES.contains(bare) || name.matches(".*Services?");
  }
}
