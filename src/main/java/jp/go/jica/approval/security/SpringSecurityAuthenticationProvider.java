package jp.go.jica.approval.security;

import jakarta.servlet.http.HttpServletRequest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The Camunda webapps' user under profile sso: whoever Spring Security signed in through the provider (Camunda's
 * container-based authentication). The membership filter has already turned away anyone the org chart does not know;
 * Camunda reads groups and tenants from the chart itself.
 */
class SpringSecurityAuthenticationProvider extends ContainerBasedAuthenticationProvider {

  @Override
  public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || authentication instanceof AnonymousAuthenticationToken
        || !authentication.isAuthenticated() || authentication.getName() == null || authentication.getName().isBlank()) {
      return AuthenticationResult.unsuccessful();
    }
    return AuthenticationResult.successful(authentication.getName());
  }
}
