package jp.go.jica.approval.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;

/**
 * Engine REST under profile sso: a bearer token of the agency's provider names the employee (groups and tenants from
 * the org chart); without one, HTTP Basic as the basic-auth setting allows. An invalid token is refused, never passed
 * on to Basic.
 */
class BearerTokenEngineAuthentication implements AuthenticationProvider {

  private final SingleSignOn signOn;
  private final AuthenticationProvider basic;

  BearerTokenEngineAuthentication(SingleSignOn signOn, AuthenticationProvider basic) {
    this.signOn = signOn;
    this.basic = basic;
  }

  @Override
  public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return basic.extractAuthenticatedUser(request, engine);
    }
    return signOn.employeeOf(header.substring(7).trim()).map(userId -> {
      AuthenticationResult result = AuthenticationResult.successful(userId);
      result.setGroups(signOn.groups(userId));
      result.setTenants(signOn.tenants(userId));
      return result;
    }).orElseGet(AuthenticationResult::unsuccessful);
  }

  @Override
  public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
    response.setHeader("WWW-Authenticate", "Bearer realm=\"" + engine.getName() + "\"");
  }
}
