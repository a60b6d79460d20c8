package jp.go.jica.approval.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;

/** Engine REST's HTTP Basic, checked through the {@link CredentialCache} and answering with groups and tenants. */
class CachedBasicAuthenticationProvider implements AuthenticationProvider {

  private final CredentialCache cache;

  CachedBasicAuthenticationProvider(CredentialCache cache) {
    this.cache = cache;
  }

  @Override
  public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return AuthenticationResult.unsuccessful();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return AuthenticationResult.unsuccessful();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return AuthenticationResult.unsuccessful();
    }
    String user = decoded.substring(0, colon);
    return cache.check(user, decoded.substring(colon + 1)).map(identity -> {
      AuthenticationResult result = AuthenticationResult.successful(identity.userId());
      result.setGroups(identity.groups());
      result.setTenants(identity.tenants());
      return result;
    }).orElseGet(() -> AuthenticationResult.unsuccessful(user));
  }

  @Override
  public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
    response.setHeader("WWW-Authenticate", "Basic realm=\"" + engine.getName() + "\"");
  }
}
