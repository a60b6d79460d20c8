package jp.go.jica.approval.operations;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.lang.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who and which case a log line is about, as MDC fields the structured (JSON) log carries: {@code user.name} for every
 * request, {@code approval.caseId} (the process instance id every register and page uses) for requests about a case
 * and inside the engine's commands, there also {@code approval.recordNumber}, {@code approval.process} and
 * {@code approval.step}. Only ids: never a value someone typed.
 */
@Configuration(proxyBeanMethods = false)
class LoggingContext {

  // Dotted keys: the ECS format nests them ({"user":{"name":…}}, {"approval":{"caseId":…}}); ECS's own "user.name",
  // and the platform's under "approval" so that nothing collides with an ECS field such as "process".
  static final String USER = "user.name";
  static final String CASE = "approval.caseId";

  private static final String ID = "([0-9a-fA-F-]{36})(?:/|$)";
  private static final Pattern CASE_PATH = Pattern.compile("^(?:/api/cases/|/engine-rest(?:/engine/default)?/"
      + "(?:process-instance|history/process-instance)/|/camunda/api/engine/engine/default/process-instance/)" + ID);
  private static final Pattern TASK_PATH = Pattern.compile(
      "^(?:/engine-rest(?:/engine/default)?|/camunda/api/engine/engine/default|/api(?:/admin)?)/tasks?/" + ID);

  /** Camunda's own MDC keys, renamed to the platform's words; the engine sets them while a command runs. */
  @Bean
  AbstractProcessEnginePlugin loggingContextPlugin() {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setLoggingContextProcessInstanceId(CASE);
        configuration.setLoggingContextBusinessKey("approval.recordNumber");
        configuration.setLoggingContextProcessDefinitionKey("approval.process");
        configuration.setLoggingContextActivityId("approval.step");
      }

      @Override
      @SuppressWarnings({"rawtypes", "unchecked"})
      public void postInit(ProcessEngineConfigurationImpl configuration) {
        // Camunda names the case only during its own operations on an execution; the platform's job handlers
        // (mail, due-date reminders) run outside them, so their lines get the case here.
        List<JobHandler> platformHandlers = configuration.getCustomJobHandlers();
        if (platformHandlers != null) {
          configuration.getJobHandlers().replaceAll((type, handler) ->
              platformHandlers.contains(handler) ? new CaseLoggingJobHandler(handler) : handler);
        }
      }
    };
  }

  /** Puts the job's case into the MDC while the job runs, and restores what was there. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private record CaseLoggingJobHandler(JobHandler delegate) implements JobHandler {

    @Override
    public String getType() {
      return delegate.getType();
    }

    @Override
    public void execute(JobHandlerConfiguration configuration, @Nullable ExecutionEntity execution,
        CommandContext commandContext, @Nullable String tenantId) {
      String previous = MDC.get(CASE);
      // a mail job belongs to a case without an execution: the job itself names the case
      JobEntity job = commandContext.getCurrentJob();
      String caseId = execution != null ? execution.getProcessInstanceId() : job != null ? job.getProcessInstanceId() : null;
      if (caseId != null) {
        MDC.put(CASE, caseId);
      }
      try {
        delegate.execute(configuration, execution, commandContext, tenantId);
      } finally {
        if (previous == null) {
          MDC.remove(CASE);
        } else {
          MDC.put(CASE, previous);
        }
      }
    }

    @Override
    public JobHandlerConfiguration newConfiguration(String canonicalString) {
      return delegate.newConfiguration(canonicalString);
    }

    @Override
    public void onDelete(JobHandlerConfiguration configuration, JobEntity jobEntity) {
      delegate.onDelete(configuration, jobEntity);
    }
  }

  /**
   * Outermost: clears what {@link #requestLoggingContext} put, after every filter (including the error body filter,
   * which logs refusals on the way out) has written its lines.
   */
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> requestLoggingContextEnd() {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        try {
          chain.doFilter(request, response);
        } finally {
          MDC.remove(USER);
          MDC.remove(CASE);
        }
      }
    });
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /**
   * After Spring Security and engine REST's authentication (DEFAULT_FILTER_ORDER and + 1), so the user is known; a
   * webapp session's user is read from the session, since the webapps sign in later in their own filters. The case is
   * the one the path names: a case page, a process instance, or a task's process instance.
   */
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> requestLoggingContext(IdentityService identityService,
      JdbcTemplate jdbc) {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        String user = user(request, identityService);
        if (user != null) {
          MDC.put(USER, user);
        }
        String caseId = caseId(request.getRequestURI().substring(request.getContextPath().length()), jdbc);
        if (caseId != null) {
          MDC.put(CASE, caseId);
        }
        chain.doFilter(request, response);
      }
    });
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 2);
    return registration;
  }

  /** Ids only, so nothing a caller made up is logged (a path segment must look like an id). */
  @Nullable
  static String caseId(String path, JdbcTemplate jdbc) {
    Matcher matcher = CASE_PATH.matcher(path);
    if (matcher.find()) {
      return matcher.group(1);
    }
    matcher = TASK_PATH.matcher(path);
    if (matcher.find()) {
      List<String> instance = jdbc.queryForList("select proc_inst_id_ from act_ru_task where id_ = ?", String.class,
          matcher.group(1));
      return instance.isEmpty() ? null : instance.get(0);
    }
    return null;
  }

  @Nullable
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
