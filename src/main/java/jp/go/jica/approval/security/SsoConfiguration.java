package jp.go.jica.approval.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Camunda side of single sign-on (profile sso): the webapps take their user from Spring Security, and their
 * pages load the sign-in script that gives them the provider's login and logout.
 */
@Configuration
@Profile("sso")
class SsoConfiguration {

  /**
   * Camunda's container-based authentication on the webapps: after Spring Security's chain (which has signed the
   * person in through the provider and checked the org chart), before Camunda's own session filter.
   */
  @Bean
  FilterRegistrationBean<ContainerBasedAuthenticationFilter> webappContainerAuthentication(CamundaBpmProperties camunda) {
    FilterRegistrationBean<ContainerBasedAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ContainerBasedAuthenticationFilter() {
          @Override
          public void init(FilterConfig config) {
            authenticationProvider = new SpringSecurityAuthenticationProvider();
          }
        });
    String webapps = camunda.getWebapp().getApplicationPath();
    registration.addUrlPatterns(webapps + "/app/*", webapps + "/api/*");
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
    return registration;
  }

  /**
   * The webapps' {@code scripts/sign-in.js} (config.js loads it in every profile; the file in the webjar does nothing):
   * under sso, the script that sends the webapps' logout and login to the provider.
   */
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> webappSignInScript(CamundaBpmProperties camunda) throws IOException {
    String webapps = camunda.getWebapp().getApplicationPath();
    Pattern scriptPath = Pattern.compile(Pattern.quote(webapps) + "/app/(tasklist|cockpit|admin|welcome)/scripts/sign-in\\.js");
    String script;
    try (InputStream in = SsoConfiguration.class.getResourceAsStream("/sso/webapp-sign-in.js")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("__LOGOUT__", SingleSignOn.LOGOUT)
          .replace("__WEBAPPS__", webapps);
    }
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws jakarta.servlet.ServletException, IOException {
        if (!scriptPath.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches()) {
          chain.doFilter(request, response);
          return;
        }
        response.setContentType("text/javascript;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(script);
      }
    });
    registration.addUrlPatterns(webapps + "/app/*");
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 2);
    return registration;
  }
}
