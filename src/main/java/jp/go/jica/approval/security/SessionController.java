package jp.go.jica.approval.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.go.jica.approval.ledger.Administrators;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tells the platform's pages who is signed in and the CSRF token their changes must carry. */
@RestController
class SessionController {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final IdentityService identityService;

  SessionController(IdentityService identityService) {
    this.identityService = identityService;
  }

  @GetMapping("/api/session")
  Map<String, Object> session(Authentication authentication, HttpServletRequest request) {
    User user = identityService.createUserQuery().userId(authentication.getName()).singleResult();
    HttpSession session = request.getSession(false);
    if (session != null && CamundaSessionAuthenticationFilter.csrfToken(session) == null) {
      // Right after Camunda's login the session has no token until a webapp request sets one; set it here,
      // under Camunda's attribute, so the webapps and these pages share one token.
      session.setAttribute(CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME, newToken());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("userId", authentication.getName());
    body.put("name", user == null ? authentication.getName() : (user.getFirstName() + " " + user.getLastName()).trim());
    body.put("admin", Administrators.is(authentication));
    body.put("csrfToken", session == null ? null : CamundaSessionAuthenticationFilter.csrfToken(session));
    return body;
  }

  private static String newToken() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }
}
