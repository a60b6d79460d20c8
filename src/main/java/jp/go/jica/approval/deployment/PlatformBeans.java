package jp.go.jica.approval.deployment;

import java.util.Set;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;

/**
 * The Spring beans a process definition may name in an expression: the platform's business beans.
 *
 * <p>Camunda's Spring integration resolves any bean of the application context by name (the engine,
 * its services, the data source, the environment …), so the policy decides by the bean's class, read
 * from the context itself rather than from a list that would go stale: a class in a business module
 * under {@code jp.go.jica.approval} (routing, notification, exception, cloud, …). Excluded are the
 * infrastructure modules (security, organization, deployment, tasklist: identities, authorizations,
 * deployments and filters are never a process step's business), controllers and configuration
 * classes (web entry points and wiring), engine plugins (they hold the engine configuration), and
 * the root package (the application class).
 */
@Component
class PlatformBeans {

  private static final String BASE_PACKAGE = "jp.go.jica.approval.";
  private static final Set<String> INFRASTRUCTURE = Set.of("security", "organization", "deployment", "tasklist");

  private final ApplicationContext context;

  PlatformBeans(ApplicationContext context) {
    this.context = context;
  }

  /** Whether {@code name} is a bean an expression may call. */
  boolean isPlatformBean(String name) {
    return context.containsBean(name) && isBusinessClass(type(name));
  }

  /**
   * Why an expression may not name {@code name}, or null when it may: not a bean at all (then it is a
   * process variable) or a platform bean.
   */
  String refusal(String name) {
    if (!context.containsBean(name)) {
      return null;
    }
    Class<?> type = type(name);
    if (isBusinessClass(type)) {
      return null;
    }
    return "「" + name + "」は基盤の業務Beanではない Spring Bean です（" + (type == null ? "型不明" : type.getName())
        + "）。式で使えるのは jp.go.jica.approval の業務Bean（security・organization・deployment・tasklist を除く）とプロセス変数だけです";
  }

  private Class<?> type(String name) {
    // false: asking must not instantiate a FactoryBean early (this runs while the engine starts).
    Class<?> type = context.getType(name, false);
    return type == null ? null : ClassUtils.getUserClass(type);
  }

  static boolean isBusinessClass(Class<?> type) {
    if (type == null || !type.getName().startsWith(BASE_PACKAGE)) {
      return false;
    }
    String module = type.getPackageName().substring(Math.min(BASE_PACKAGE.length(), type.getPackageName().length()));
    if (module.isEmpty() || INFRASTRUCTURE.contains(module.split("\\.")[0])) {
      return false;
    }
    return !AnnotatedElementUtils.hasAnnotation(type, Controller.class)
        && !AnnotatedElementUtils.hasAnnotation(type, Configuration.class)
        && !ProcessEnginePlugin.class.isAssignableFrom(type);
  }
}
