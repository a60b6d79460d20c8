package jp.go.jica.approval.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request of a person signed in through the provider (profile sso): if the org chart does not know them (never
 * did, or they left at the last reload) the session ends here and they get a Japanese refusal; otherwise the platform's
 * pages get the Camunda session login the webapps get from {@code ContainerBasedAuthenticationFilter}, so /api (which
 * reads that login) serves them as well.
 */
class SsoMembershipFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(SsoMembershipFilter.class);

  private final SingleSignOn signOn;

  SsoMembershipFilter(SingleSignOn signOn) {
    this.signOn = signOn;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
    if (!(signedIn instanceof OAuth2AuthenticationToken login)) {
      chain.doFilter(request, response);
      return;
    }
    String userId = login.getName();
    if (!signOn.onChart(userId)) {
      log.warn("Signed in by the provider but not on the org chart: {}; session ended", userId);
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      SecurityContextHolder.clearContext();
      refuse(request, response);
      return;
    }
    // A context of this request only: later filters of the chain put the chart's groups into it, and must not change
    // the login the session keeps (the provider's, which the logout needs).
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(login);
    SecurityContextHolder.setContext(context);
    if (!request.getRequestURI().startsWith(request.getContextPath() + "/camunda/")) {
      camundaLogin(request, signOn.engine(), userId);
    }
    chain.doFilter(request, response);
  }

  /** The Camunda session login the webapps would make for this person (groups, tenants, apps from the chart now). */
  private static void camundaLogin(HttpServletRequest request, ProcessEngine engine, String userId) {
    Authentications authentications = AuthenticationUtil.getAuthsFromSession(request.getSession());
    org.camunda.bpm.webapp.impl.security.auth.Authentication current =
        authentications.getAuthenticationForProcessEngine(CamundaSessionAuthenticationFilter.ENGINE);
    if (current == null || !userId.equals(current.getIdentityId())) {
      UserAuthentication login = AuthenticationUtil.createAuthentication(engine, userId, null, null);
      if (login != null) {
        authentications.addOrReplace(login);
        AuthenticationUtil.updateSession(request.getSession(), authentications);
      }
    }
  }

  /** 401 in the error shape for REST calls; a Japanese page for everything a browser opens. */
  private static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (SingleSignOn.isRest(request)) {
      ErrorShape.write(response, HttpServletResponse.SC_UNAUTHORIZED, ErrorShape.clientError(
          HttpServletResponse.SC_UNAUTHORIZED, null, "組織図に登録されていないため、このシステムは利用できません"));
      return;
    }
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("text/html;charset=UTF-8");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write("""
        <!DOCTYPE html>
        <html lang="ja">
        <head><meta charset="UTF-8"><title>利用できません - 承認基盤</title>
        <link rel="stylesheet" href="/platform/platform.css"></head>
        <body>
        <header><h1>このシステムは利用できません（403）</h1></header>
        <main>
          <p id="refused">組織認証でログインしましたが、このアカウントは組織図に登録されていません（または退職・出向により\
        登録が外れました）。承認基盤を利用するには、所属の情報セキュリティ担当者に組織図への登録を依頼してください。</p>
        </main>
        </body>
        </html>
        """);
  }
}
