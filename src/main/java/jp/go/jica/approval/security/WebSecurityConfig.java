package jp.go.jica.approval.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import jp.go.jica.approval.operations.MetricsScraper;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two chains: the platform's own {@code /api} (HTTP Basic against Camunda's identity service,
 * stateless), and the rest, where Camunda's webapps and engine REST authenticate themselves.
 * Profile sso adds single sign-on to both and to engine REST ({@link SingleSignOn}).
 */
@Configuration
class WebSecurityConfig {

  /** Engine REST (both spellings), the webapps' REST and the platform's own API. */
  private static final String[] REST_PATHS = {"/engine-rest/*", "/camunda/api/*", "/api/*"};

  @Bean
  @Order(1)
  SecurityFilterChain platformApi(HttpSecurity http, IdentityService identityService, CredentialCache credentials,
      ObjectProvider<SingleSignOn> sso) throws Exception {
    // The OpenAPI description of /api answers like /api: signed-in users only, 401 in the one error shape.
    http.securityMatcher("/api/**", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**")
        .addFilterBefore(new CamundaSessionAuthenticationFilter(identityService), BasicAuthenticationFilter.class)
        .authorizeHttpRequests(auth -> auth
            .requestMatchers("/api/admin/**").hasRole("ADMIN")
            .anyRequest().authenticated())
        .authenticationProvider(new CamundaIdentityAuthenticationProvider(credentials))
        .httpBasic(basic -> basic.authenticationEntryPoint(WebSecurityConfig::signInRequired))
        .exceptionHandling(handling -> handling.authenticationEntryPoint(WebSecurityConfig::signInRequired)
            .accessDeniedHandler(WebSecurityConfig::notAllowed))
        // Camunda's login already rotates the session id; signing a request in from that session must not
        // rotate it again on every call.
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
            .sessionFixation(fixation -> fixation.none()))
        // Stateless Basic authentication sends no cookie a forged request could ride on.
        .csrf(csrf -> csrf.disable());
    SingleSignOn signOn = sso.getIfAvailable();
    if (signOn != null) {
      signOn.platformApi(http);
    }
    return http.build();
  }

  /**
   * Actuator: health for everyone (components only for administrators), Prometheus metrics for administrators and
   * the scraper account, nothing else. HTTP Basic or the Camunda webapp session.
   */
  @Bean
  @Order(0)
  SecurityFilterChain actuator(HttpSecurity http, IdentityService identityService, CredentialCache credentials,
      MetricsScraper scraper) throws Exception {
    http.securityMatcher("/actuator/**")
        .addFilterBefore(new CamundaSessionAuthenticationFilter(identityService), BasicAuthenticationFilter.class)
        .authorizeHttpRequests(auth -> auth
            // the probes; a single component (/actuator/health/mailOutbox …) is for administrators
            .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness").permitAll()
            .requestMatchers("/actuator/prometheus").hasAnyRole("ADMIN", MetricsScraper.ROLE)
            .requestMatchers("/actuator/health/**").hasRole("ADMIN")
            .anyRequest().denyAll())
        .authenticationProvider(scraper.authenticationProvider())
        .authenticationProvider(new CamundaIdentityAuthenticationProvider(credentials))
        .httpBasic(basic -> basic.authenticationEntryPoint(WebSecurityConfig::signInRequired))
        .exceptionHandling(handling -> handling.authenticationEntryPoint(WebSecurityConfig::signInRequired)
            .accessDeniedHandler(WebSecurityConfig::notAllowed))
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
            .sessionFixation(fixation -> fixation.none()))
        .csrf(csrf -> csrf.disable());
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain webapps(HttpSecurity http, IdentityService identityService, ObjectProvider<SingleSignOn> sso)
      throws Exception {
    SingleSignOn signOn = sso.getIfAvailable();
    if (signOn != null) {
      // first, so its rules come before this chain's own
      signOn.webapps(http);
    }
    http.addFilterBefore(new CamundaSessionAuthenticationFilter(identityService), BasicAuthenticationFilter.class)
        .authorizeHttpRequests(auth -> auth
            // Camunda Admin's first-run setup creates an administrator when camunda-admin has no
            // member; it must never be reachable (known 7.24 issue without a Community fix).
            .requestMatchers("/camunda/api/admin/setup/**").denyAll()
            .requestMatchers("/camunda/**", "/engine-rest/**").permitAll()
            .requestMatchers("/", "/error", "/favicon.ico", "/actuator/health", "/actuator/health/**").permitAll()
            // The platform's own pages use the Camunda webapp login (same session); the editor is for administrators.
            .requestMatchers("/platform/editor/**").hasRole("ADMIN")
            .requestMatchers("/platform/**").authenticated()
            // the OpenAPI page of /api (springdoc), for signed-in users
            .requestMatchers("/swagger-ui.html", "/swagger-ui/**").authenticated()
            .anyRequest().denyAll())
        // The webapps carry Camunda's own CSRF filter; engine REST is stateless HTTP Basic.
        .csrf(csrf -> csrf.ignoringRequestMatchers("/camunda/**", "/engine-rest/**"))
        .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()))
        .sessionManagement(session -> session.sessionFixation(fixation -> fixation.none()))
        .exceptionHandling(handling -> handling.authenticationEntryPoint(signOn != null ? signOn.entryPoint()
            : new LoginUrlAuthenticationEntryPoint("/camunda/app/welcome/default/#!/login")));
    return http.build();
  }

  /** 401 on {@code /api} in the platform's error shape, with Basic's challenge as before. */
  private static void signInRequired(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    response.setHeader("WWW-Authenticate", "Basic realm=\"Realm\"");
    ErrorShape.write(response, HttpServletResponse.SC_UNAUTHORIZED, ErrorShape.clientError(HttpServletResponse.SC_UNAUTHORIZED,
        null, "ログインが必要です。ユーザー名とパスワード（または Tasklist へのログイン）を確認してください"));
  }

  /** 403 on {@code /api}: the administrators' functions say so, the others that the user may not do this. */
  private static void notAllowed(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    boolean admin = request.getRequestURI().startsWith(request.getContextPath() + "/api/admin/");
    ErrorShape.write(response, HttpServletResponse.SC_FORBIDDEN, ErrorShape.clientError(HttpServletResponse.SC_FORBIDDEN,
        null, admin ? "この機能はシステム管理者だけが使えます" : "この操作を行う権限がありません"));
  }

  /**
   * Engine REST authenticates every request (HTTP Basic, through the credential cache; under sso also the
   * provider's bearer tokens); authorization checks follow the user.
   */
  @Bean
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication(CredentialCache credentials,
      ObjectProvider<SingleSignOn> sso) {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter() {
          @Override
          public void init(FilterConfig config) {
            authenticationProvider = new CachedBasicAuthenticationProvider(credentials);
            SingleSignOn signOn = sso.getIfAvailable();
            if (signOn != null) {
              authenticationProvider = signOn.engineRest(authenticationProvider);
            }
          }
        });
    registration.addUrlPatterns("/engine-rest/*");
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
    return registration;
  }

  /**
   * Answers the Admin first-run setup API with 403 before any other filter sees it, so the answer
   * does not depend on Spring's error page or the webapp's own filters.
   */
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> setupBlock() {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"type\":\"AuthorizationException\",\"message\":"
            + "\"初期設定（管理者の作成）は無効です。管理者は組織図の administrators で指定します\"}");
      }
    });
    registration.addUrlPatterns("/camunda/api/admin/setup/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /**
   * Every error answer of the REST paths in one shape without internals; outermost, so it also sees what
   * the authentication filters and Spring Security answer.
   */
  @Bean
  FilterRegistrationBean<ErrorBodyFilter> errorBodies() {
    FilterRegistrationBean<ErrorBodyFilter> registration = new FilterRegistrationBean<>(new ErrorBodyFilter());
    registration.addUrlPatterns(REST_PATHS);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  /**
   * Size and shape limits on what REST requests carry. After the authentication of engine REST and /api, so a
   * stranger's body there is never read; the webapps authenticate in filters of their own, which come later.
   */
  @Bean
  FilterRegistrationBean<InputLimitFilter> inputLimits() {
    FilterRegistrationBean<InputLimitFilter> registration = new FilterRegistrationBean<>(new InputLimitFilter());
    registration.addUrlPatterns(REST_PATHS);
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 3);
    return registration;
  }

  /** Spring's /error answering in the same shape (it replaces Boot's BasicErrorController). */
  @Bean
  PlatformErrorController errorController(ErrorAttributes errorAttributes, ServerProperties server,
      ObjectProvider<ErrorViewResolver> views) {
    return new PlatformErrorController(errorAttributes, server.getError(), views.orderedStream().toList());
  }
}
