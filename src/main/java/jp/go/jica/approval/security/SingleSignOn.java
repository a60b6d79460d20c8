package jp.go.jica.approval.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Profile {@code sso}: people sign in through the agency's OpenID Connect provider (authorization code flow), and the
 * agency's tools call engine REST and /api with the provider's bearer tokens. The employee id comes from one claim of
 * the token ({@code approval.sso.employee-id-claim}, default {@code preferred_username}) and is the Camunda user id;
 * who that person is (groups, administrator or not) comes from the org chart, never from the token. Someone the chart
 * does not know, or no longer knows, gets nothing.
 */
@Component
@Profile("sso")
class SingleSignOn {

  /** The client registration's id: Spring's login starts at /oauth2/authorization/sso. */
  static final String REGISTRATION = "sso";
  static final String LOGIN_START = "/oauth2/authorization/" + REGISTRATION;
  /** The webapps' logout (their logout link, rewritten by the sign-in script): ends the session and the provider's. */
  static final String LOGOUT = "/camunda/sso/logout";
  static final String SIGNED_OUT_PAGE = "/platform/sso/signed-out.html";
  static final String SIGN_IN_FAILED_PAGE = "/platform/sso/sign-in-failed.html";

  private final ProcessEngine engine;
  private final IdentityService identityService;
  private final ClientRegistrationRepository registrations;
  private final String employeeIdClaim;
  private final JwtDecoder tokens;
  private final String baseUrl;

  SingleSignOn(ProcessEngine engine, ClientRegistrationRepository registrations,
      @Value("${approval.sso.issuer}") String issuer, @Value("${approval.sso.audience}") String audience,
      @Value("${approval.sso.employee-id-claim:preferred_username}") String employeeIdClaim,
      @Value("${approval.sso.base-url:{baseUrl}}") String baseUrl) {
    this.baseUrl = baseUrl;
    this.engine = engine;
    this.identityService = engine.getIdentityService();
    this.registrations = registrations;
    this.employeeIdClaim = employeeIdClaim;
    // Keys are fetched on the first token, so the platform starts even while the provider is briefly away.
    this.tokens = new SupplierJwtDecoder(() -> {
      NimbusJwtDecoder decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(issuer);
      // Signature, expiry and issuer (Spring's defaults), and a token meant for this platform, not for another client.
      decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
          new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience))));
      return decoder;
    });
  }

  // --- the hooks WebSecurityConfig calls -------------------------------------------------------------------------

  /** /api: the provider's bearer tokens beside the session; an unknown or departed employee is 401. */
  void platformApi(HttpSecurity http) throws Exception {
    http.oauth2ResourceServer(server -> server
        .jwt(jwt -> jwt.decoder(tokens).jwtAuthenticationConverter(this::employee))
        .authenticationEntryPoint(SingleSignOn::tokenRefused));
  }

  /**
   * The webapps' chain: the provider's login for every webapp and page, its rules ahead of the chain's own (called
   * first); no password login through Camunda's form; one logout for everything.
   */
  void webapps(HttpSecurity http) throws Exception {
    SavedRequestAwareAuthenticationSuccessHandler afterLogin = new SavedRequestAwareAuthenticationSuccessHandler() {
      @Override
      public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
          Authentication authentication) throws jakarta.servlet.ServletException, IOException {
        // The chain keeps the session id (Camunda's own login rotates it); a sign-in through the provider must rotate
        // it, or a session id planted before the login would be signed in with it.
        request.changeSessionId();
        super.onAuthenticationSuccess(request, response, authentication);
      }
    };
    http.authorizeHttpRequests(auth -> auth
            // One login: Camunda's password form is closed, and the Admin setup stays closed as in the default chain.
            .requestMatchers("/camunda/api/admin/auth/user/*/login/**", "/camunda/api/admin/setup/**").denyAll()
            .requestMatchers("/camunda/**").authenticated()
            .requestMatchers(SIGNED_OUT_PAGE, SIGN_IN_FAILED_PAGE, "/platform/platform.css").permitAll())
        .oauth2Login(login -> login
            .loginPage(LOGIN_START)
            .successHandler(afterLogin)
            .failureUrl(SIGN_IN_FAILED_PAGE))
        .logout(logout -> logout
            .logoutRequestMatcher(this::isLogout)
            .logoutSuccessHandler(new ProviderLogout(registrations, baseUrl)))
        .addFilterBefore(new SsoMembershipFilter(this), LogoutFilter.class);
  }

  /** Pages go to the provider's login; the webapps' and the platform's REST calls get 401, which their pages handle. */
  AuthenticationEntryPoint entryPoint() {
    LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> entryPoints = new LinkedHashMap<>();
    entryPoints.put(SingleSignOn::isRest, (request, response, e) -> ErrorShape.write(response, HttpServletResponse.SC_UNAUTHORIZED,
        ErrorShape.clientError(HttpServletResponse.SC_UNAUTHORIZED, null, "ログインが必要です。画面を再読み込みしてください")));
    DelegatingAuthenticationEntryPoint entryPoint = new DelegatingAuthenticationEntryPoint(entryPoints);
    entryPoint.setDefaultEntryPoint(new LoginUrlAuthenticationEntryPoint(LOGIN_START));
    return entryPoint;
  }

  /** Engine REST: a bearer token of the provider, else what {@code basic} decides (the basic-auth setting). */
  org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider engineRest(
      org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider basic) {
    return new BearerTokenEngineAuthentication(this, basic);
  }

  /** The webapps' REST, the platform's API and engine REST: answered with 401, never sent to a login page. */
  static boolean isRest(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith("/camunda/api/") || path.startsWith("/api/") || path.startsWith("/engine-rest/");
  }

  // --- who the token or the login names ----------------------------------------------------------------------------

  /** The employee a bearer token names, if the org chart knows them. */
  Optional<String> employeeOf(String token) {
    try {
      Jwt jwt = tokens.decode(token);
      return Optional.ofNullable(jwt.getClaimAsString(employeeIdClaim)).filter(this::onChart);
    } catch (org.springframework.security.oauth2.jwt.JwtException invalid) {
      return Optional.empty();
    }
  }

  /** Whether the org chart (synchronised into Camunda's users) has this person now. */
  boolean onChart(String userId) {
    return userId != null && !userId.isBlank() && identityService.createUserQuery().userId(userId).count() == 1;
  }

  ProcessEngine engine() {
    return engine;
  }

  List<String> groups(String userId) {
    return identityService.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
  }

  List<String> tenants(String userId) {
    return identityService.createTenantQuery().userMember(userId).includingGroupsOfUser(true).list().stream()
        .map(Tenant::getId).toList();
  }

  /** /api's authentication for a token: the chart's person with the chart's groups, or 401. */
  private JwtAuthenticationToken employee(Jwt jwt) {
    String userId = jwt.getClaimAsString(employeeIdClaim);
    if (!onChart(userId)) {
      throw new InvalidBearerTokenException("The token's employee is not on the org chart");
    }
    return new JwtAuthenticationToken(jwt, CamundaIdentityAuthenticationProvider.authorities(groups(userId)), userId);
  }

  private static void tokenRefused(HttpServletRequest request, HttpServletResponse response,
      org.springframework.security.core.AuthenticationException e) throws IOException {
    response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    ErrorShape.write(response, HttpServletResponse.SC_UNAUTHORIZED, ErrorShape.clientError(
        HttpServletResponse.SC_UNAUTHORIZED, null,
        "トークンが無効です（期限切れ、別のシステム向け、または組織図にない職員のトークン）"));
  }

  /**
   * The logout request: a POST to {@link #LOGOUT} carrying the session's Camunda CSRF token, so another site cannot
   * sign a person out.
   */
  private boolean isLogout(HttpServletRequest request) {
    if (!HttpMethod.POST.matches(request.getMethod())
        || !(request.getContextPath() + LOGOUT).equals(request.getRequestURI())) {
      return false;
    }
    HttpSession session = request.getSession(false);
    String expected = session == null ? null : CamundaSessionAuthenticationFilter.csrfToken(session);
    String sent = request.getHeader(CsrfConstants.CSRF_TOKEN_HEADER_NAME);
    return expected != null && sent != null
        && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * After the session has ended: where the browser goes next, as JSON (the webapps log out by a script call) — the
   * provider's end-session address (RP-initiated logout, which then returns to the signed-out page), or the page.
   */
  private static final class ProviderLogout extends OidcClientInitiatedLogoutSuccessHandler {

    ProviderLogout(ClientRegistrationRepository registrations, String baseUrl) {
      super(registrations);
      setPostLogoutRedirectUri(baseUrl + SIGNED_OUT_PAGE);
      setDefaultTargetUrl(SIGNED_OUT_PAGE);
    }

    @Override
    public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
        throws IOException {
      String location = determineTargetUrl(request, response, authentication);
      response.setStatus(HttpServletResponse.SC_OK);
      response.setContentType("application/json;charset=UTF-8");
      response.getWriter().write(ErrorShape.JSON.writeValueAsString(java.util.Map.of("location", location)));
    }
  }
}
