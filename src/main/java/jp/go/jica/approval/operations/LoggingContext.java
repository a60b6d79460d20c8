package jp.go.jica.approval.operations;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who and which case a log line is about, as MDC fields the structured (JSON) log carries: {@code user} for every
 * request, and inside the engine's commands {@code caseId} (the process instance id every register and page uses),
 * {@code businessKey}, {@code process} and {@code step}. Only ids: never a value someone typed.
 */
@Configuration(proxyBeanMethods = false)
class LoggingContext {

  static final String USER = "user";

  /** Camunda's own MDC keys, renamed to the platform's words; the engine sets them while a command runs. */
  @Bean
  AbstractProcessEnginePlugin loggingContextPlugin() {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setLoggingContextProcessInstanceId("caseId");
        configuration.setLoggingContextBusinessKey("businessKey");
        configuration.setLoggingContextProcessDefinitionKey("process");
        configuration.setLoggingContextActivityId("step");
      }
    };
  }

  /**
   * After Spring Security and engine REST's authentication (both run at DEFAULT_FILTER_ORDER and + 1), so the user is
   * known; a webapp session's user is read from the session, since the webapps sign in later in their own filters.
   */
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> userLoggingContext(IdentityService identityService) {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        String user = user(request, identityService);
        if (user != null) {
          MDC.put(USER, user);
        }
        try {
          chain.doFilter(request, response);
        } finally {
          MDC.remove(USER);
        }
      }
    });
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 2);
    return registration;
  }

  private static String user(HttpServletRequest request, IdentityService identityService) {
    org.springframework.security.core.Authentication spring = SecurityContextHolder.getContext().getAuthentication();
    if (spring != null && spring.isAuthenticated() && !(spring instanceof AnonymousAuthenticationToken)) {
      return spring.getName();
    }
    Authentication engine = identityService.getCurrentAuthentication();
    if (engine != null) {
      return engine.getUserId();
    }
    HttpSession session = request.getSession(false);
    if (session != null) {
      Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
      if (authentications != null
          && authentications.getAuthenticationForProcessEngine("default") instanceof UserAuthentication webapp) {
        return webapp.getIdentityId();
      }
    }
    return null;
  }
}
