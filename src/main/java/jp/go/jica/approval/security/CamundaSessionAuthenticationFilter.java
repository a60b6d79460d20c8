package jp.go.jica.approval.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in the platform's pages with the user's Camunda webapp login, so one login serves
 * Tasklist, the registers and the editor. A request that changes something must carry the
 * session's Camunda CSRF token in X-XSRF-TOKEN, since a cookie alone could be forged cross-site.
 */
class CamundaSessionAuthenticationFilter extends OncePerRequestFilter {

  static final String ENGINE = "default";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final IdentityService identityService;

  CamundaSessionAuthenticationFilter(IdentityService identityService) {
    this.identityService = identityService;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpSession session = request.getSession(false);
    UserAuthentication user = session == null ? null : camundaUser(session);
    if (user != null && request.getHeader("Authorization") == null) {
      if (!SAFE_METHODS.contains(request.getMethod()) && !tokenMatches(session, request)) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"message\":\"CSRFトークンがないか一致しません。画面を再読み込みしてください\"}");
        return;
      }
      // Groups are read now, not from the session's cache: a leaver or a moved person loses access at once.
      String userId = user.getIdentityId();
      if (identityService.createUserQuery().userId(userId).count() == 1) {
        SecurityContextHolder.getContext().setAuthentication(CamundaIdentityAuthenticationProvider.authenticated(userId,
            identityService.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList()));
      }
    }
    chain.doFilter(request, response);
  }

  static UserAuthentication camundaUser(HttpSession session) {
    Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
    if (authentications == null) {
      return null;
    }
    return authentications.getAuthenticationForProcessEngine(ENGINE) instanceof UserAuthentication user ? user : null;
  }

  static String csrfToken(HttpSession session) {
    Object token = session.getAttribute(CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME);
    return token == null ? null : token.toString();
  }

  private static boolean tokenMatches(HttpSession session, HttpServletRequest request) {
    String expected = csrfToken(session);
    String sent = request.getHeader(CsrfConstants.CSRF_TOKEN_HEADER_NAME);
    return expected != null && sent != null
        && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
  }
}
