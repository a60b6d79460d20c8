package jp.go.jica.approval.deployment;

import java.util.Set;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.MethodMetadata;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;

/**
 * The Spring beans a process definition may name in an expression: the platform's business beans.
 *
 * <p>Camunda's Spring integration resolves any bean of the application context by name (the engine,
 * its services, the data source, the environment …), so the policy decides by where each bean comes
 * from, read from the context itself rather than from a list that would go stale:
 * <ul>
 * <li>a bean whose class is in a business module under {@code jp.go.jica.approval} (routing,
 *     notification, exception, cloud, outsourcing, byod, media, …), or</li>
 * <li>a delegate or listener ({@link JavaDelegate}, {@link ExecutionListener}, {@link TaskListener})
 *     declared by a {@code @Bean} method of such a module: the thin delegates are lambdas, whose type
 *     says nothing, and only these interfaces are accepted so that a module's {@code @Bean JdbcTemplate}
 *     would not count.</li>
 * </ul>
 * Excluded are the infrastructure modules (security, organization, deployment, tasklist: identities,
 * authorizations, deployments and filters are never a process step's business), controllers and
 * configuration classes (web entry points and wiring), engine plugins (they hold the engine
 * configuration), and the root package (the application class). The delegates of {@link RuleChangeDelegates}
 * (the steps of the 変更申請 process) are the one exception.
 */
@Component
class PlatformBeans {

  private static final String BASE_PACKAGE = "jp.go.jica.approval.";
  private static final Set<String> INFRASTRUCTURE = Set.of("security", "organization", "deployment", "tasklist");
  /**
   * The one exception: the steps of the platform's own 変更申請 process (rule-change.bpmn). They deploy only the
   * stored proposal of the case that runs them, after its approval; nothing else of this module is reachable.
   */
  private static final String RULE_CHANGE_STEPS = RuleChangeDelegates.class.getName();

  private final ConfigurableListableBeanFactory beans;

  PlatformBeans(ConfigurableListableBeanFactory beans) {
    this.beans = beans;
  }

  /** Whether {@code name} is a bean an expression may use. */
  boolean isPlatformBean(String name) {
    return beans.containsBean(name) && isBusinessBean(name, type(name));
  }

  /**
   * Why an expression may not name {@code name}, or null when it may: not a bean at all (then it is a
   * process variable) or a platform bean.
   */
  String refusal(String name) {
    if (!beans.containsBean(name)) {
      return null;
    }
    Class<?> type = type(name);
    if (isBusinessBean(name, type)) {
      return null;
    }
    return "「" + name + "」は基盤の業務Beanではない Spring Bean です（" + (type == null ? "型不明" : type.getName())
        + "）。式で使えるのは jp.go.jica.approval の業務Bean（security・organization・deployment・tasklist を除く）とプロセス変数だけです";
  }

  private Class<?> type(String name) {
    // false: asking must not instantiate a FactoryBean early (this runs while the engine starts).
    Class<?> type = beans.getType(name, false);
    return type == null ? null : ClassUtils.getUserClass(type);
  }

  private boolean isBusinessBean(String name, Class<?> type) {
    if (type == null) {
      return false;
    }
    if (isBusinessClass(type)) {
      return true;
    }
    boolean delegate = JavaDelegate.class.isAssignableFrom(type) || ExecutionListener.class.isAssignableFrom(type)
        || TaskListener.class.isAssignableFrom(type);
    String declaredBy = declaringClass(name);
    return delegate && (isBusinessModule(declaredBy) || RULE_CHANGE_STEPS.equals(declaredBy));
  }

  /** The class whose {@code @Bean} method declares the bean, or null for beans declared otherwise. */
  private String declaringClass(String name) {
    try {
      BeanDefinition definition = beans.getMergedBeanDefinition(name);
      MethodMetadata method = definition instanceof AnnotatedBeanDefinition annotated
          ? annotated.getFactoryMethodMetadata() : null;
      return method == null ? null : method.getDeclaringClassName();
    } catch (NoSuchBeanDefinitionException registeredAsInstance) {
      return null;
    }
  }

  static boolean isBusinessClass(Class<?> type) {
    return isBusinessModule(type.getName())
        && !AnnotatedElementUtils.hasAnnotation(type, Controller.class)
        && !AnnotatedElementUtils.hasAnnotation(type, Configuration.class)
        && !ProcessEnginePlugin.class.isAssignableFrom(type);
  }

  /** Whether the class name lies in a business module: below the base package, outside the infrastructure. */
  private static boolean isBusinessModule(String className) {
    if (className == null || !className.startsWith(BASE_PACKAGE)) {
      return false;
    }
    String rest = className.substring(BASE_PACKAGE.length());
    int dot = rest.indexOf('.');
    // No dot: a class of the root package itself (the application class).
    return dot > 0 && !INFRASTRUCTURE.contains(rest.substring(0, dot));
  }
}
