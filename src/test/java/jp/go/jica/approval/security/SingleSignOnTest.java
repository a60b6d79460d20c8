package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.OidcProvider;
import jp.go.jica.approval.OnSso;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.byod.ByodPermissionProcessTest;
import jp.go.jica.approval.organization.OrgChartService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Profile sso against a real OpenID Connect provider: people sign in through the provider's login page and the org
 * chart decides who they are; the agency's tools call engine REST and /api with the provider's bearer tokens. Whoever
 * the chart does not know (a stranger, a leaver after the reload), an expired token and a token for another system get
 * nothing, on every way in, and nothing changes.
 */
@OnSso
class SingleSignOnTest extends PlatformTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String START = "/process-definition/key/sample-approval/start";

  @LocalServerPort int port;
  @Autowired OrgChartService charts;

  final OidcProvider provider = OidcProvider.shared();

  // --- people in a browser (the authorization code flow, followed as a browser follows it) ------------------------

  @Test
  void aChartMemberSignsInThroughTheProviderAndTheWebappsAndPagesKnowThemWithTheChartsGroups() throws Exception {
    // Given ga-chief at the provider's login page, reached by opening Tasklist
    Browser browser = new Browser();
    HttpResponse<String> loginPage = browser.get("/camunda/app/tasklist/default/");
    assertThat(loginPage.uri().toString()).startsWith(provider.issuer() + "/authorize");
    assertThat(loginPage.body()).contains("職員ID", "組織認証");
    String sessionBefore = browser.sessionId();

    // When they sign in there
    HttpResponse<String> tasklist = browser.signIn(loginPage, "ga-chief");

    // Then the session id changed at the sign-in (a session id planted before it is worth nothing)
    assertThat(sessionBefore).isNotNull();
    assertThat(browser.sessionId()).isNotEqualTo(sessionBefore);

    // And Tasklist opens, and Camunda and the platform's API know them with the chart's groups
    assertThat(tasklist.statusCode()).isEqualTo(200);
    assertThat(tasklist.uri().getPath()).isEqualTo("/camunda/app/tasklist/default/");
    JsonNode camundaUser = browser.json("/camunda/api/admin/auth/user/default");
    assertThat(camundaUser.get("userId").asText()).isEqualTo("ga-chief");
    assertThat(camundaUser.get("authorizedApps").toString()).contains("tasklist").doesNotContain("admin");
    assertThat(browser.get("/camunda/api/engine/engine/default/task/count").statusCode()).isEqualTo(200);
    JsonNode session = browser.json("/api/session");
    assertThat(session.get("userId").asText()).isEqualTo("ga-chief");
    assertThat(session.get("admin").asBoolean()).isFalse();
  }

  @Test
  void theAdministratorSignedInByTheProviderOpensTheEditorAndAnEmployeeDoesNot() throws Exception {
    // Given the administrator and an employee, each signed in through the provider
    Browser admin = new Browser();
    admin.signIn(admin.get("/platform/editor/index.html"), "admin");
    Browser employee = new Browser();
    employee.signIn(employee.get("/camunda/app/tasklist/default/"), "ga-staff");

    // When both open the editor, Then only the administrator (camunda-admin on the chart) gets it
    assertThat(admin.get("/platform/editor/index.html").statusCode()).isEqualTo(200);
    assertThat(admin.json("/api/session").get("admin").asBoolean()).isTrue();
    assertThat(employee.get("/platform/editor/index.html").statusCode()).isEqualTo(403);
  }

  @Test
  void someoneTheChartDoesNotKnowGetsAJapaneseRefusalAndNoCamundaAccess() throws Exception {
    // Given a person the provider knows but the org chart does not
    Browser browser = new Browser();

    // When they sign in through the provider
    HttpResponse<String> answer = browser.signIn(browser.get("/camunda/app/tasklist/default/"), "contractor-x");

    // Then they see the refusal in Japanese, and neither the webapps nor the API serve them afterwards
    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.body()).contains("組織図に登録されていません");
    assertThat(browser.get("/camunda/api/engine/engine/default/task/count").statusCode()).isEqualTo(401);
    assertThat(browser.get("/camunda/api/admin/auth/user/default").statusCode()).isEqualTo(401);
    assertThat(browser.get("/api/session").statusCode()).isEqualTo(401);
  }

  @Test
  void aLeaversLiveSessionEndsAtTheNextRequestAfterTheReload() throws Exception {
    // Given proc-staff signed in and working in Tasklist
    Browser browser = new Browser();
    browser.signIn(browser.get("/camunda/app/tasklist/default/"), "proc-staff");
    assertThat(browser.get("/camunda/api/engine/engine/default/task/count").statusCode()).isEqualTo(200);
    try {
      // When proc-staff leaves and the chart is reloaded
      ByodPermissionProcessTest.leaves(charts, "proc-staff");

      // Then the next request is refused in Japanese and the session is gone: Tasklist sends them to the provider
      HttpResponse<String> next = browser.get("/camunda/api/engine/engine/default/task/count");
      assertThat(next.statusCode()).isEqualTo(401);
      assertThat(next.body()).contains("組織図に登録されていない");
      assertThat(browser.get("/camunda/api/admin/auth/user/default").statusCode()).isEqualTo(401);
      assertThat(browser.get("/camunda/app/tasklist/default/").uri().toString()).startsWith(provider.issuer());
    } finally {
      ByodPermissionProcessTest.restoreChart(charts);
    }
  }

  @Test
  void camundasPasswordLoginIsClosedSoThereIsOneLogin() throws Exception {
    // Given a demo user with a password, and Camunda's login form's CSRF token
    HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    HttpResponse<String> welcome = client.send(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());

    // When they log in through Camunda's own login
    HttpResponse<String> login = client.send(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/tasklist"))
        .header("X-XSRF-TOKEN", welcome.headers().firstValue("X-XSRF-TOKEN").orElse(""))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=ga-staff&password=demo")).build(),
        HttpResponse.BodyHandlers.ofString());

    // Then it is refused and gives no session login
    assertThat(login.statusCode()).isIn(401, 403);
    assertThat(client.send(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default")).GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
  }

  @Test
  void theLogoutEndsTheSessionAndSendsTheBrowserToTheProvidersEndSession() throws Exception {
    // Given ga-staff signed in, with the webapps' CSRF token
    Browser browser = new Browser();
    browser.signIn(browser.get("/camunda/app/tasklist/default/"), "ga-staff");
    String token = browser.json("/api/session").get("csrfToken").asText();

    // When a request without the token asks for the logout, Then nothing ends
    assertThat(browser.post("/camunda/sso/logout", null).statusCode()).isNotEqualTo(200);
    assertThat(browser.get("/camunda/api/engine/engine/default/task/count").statusCode()).isEqualTo(200);

    // When the webapps' logout script asks with the token
    HttpResponse<String> logout = browser.post("/camunda/sso/logout", token);

    // Then the session is over and the browser is sent to the provider's end-session, which returns to the platform
    assertThat(logout.statusCode()).isEqualTo(200);
    String location = JSON.readTree(logout.body()).get("location").asText();
    assertThat(location).startsWith(provider.endSessionEndpoint()).contains("id_token_hint=")
        .contains("post_logout_redirect_uri=http://localhost:" + port + "/platform/sso/signed-out.html");
    assertThat(browser.get("/camunda/api/engine/engine/default/task/count").statusCode()).isEqualTo(401);
    HttpResponse<String> signedOut = browser.client.send(HttpRequest.newBuilder(URI.create(location)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(signedOut.uri().getPath()).isEqualTo("/platform/sso/signed-out.html");
    assertThat(signedOut.body()).contains("ログアウトしました");
  }

  // --- the agency's tools with bearer tokens ------------------------------------------------------------------------

  @Test
  void aChartMembersTokenServesOnBothEngineRestPathsAndTheApi() {
    String token = provider.token("ga-staff");

    for (String prefix : List.of("/engine-rest", "/engine-rest/engine/default")) {
      Http.Reply started = bearer(token, "POST", prefix + START, request("トークンで出す申請"));
      assertThat(started.status()).as(prefix).isEqualTo(200);
      assertThat(runtime.createProcessInstanceQuery().processInstanceId(started.json().get("id").asText()).count())
          .isEqualTo(1);
    }
    Http.Reply session = bearer(token, "GET", "/api/session", null);
    assertThat(session.status()).isEqualTo(200);
    assertThat(session.json().get("userId").asText()).isEqualTo("ga-staff");
  }

  @Test
  void aStrangersTokenAnExpiredTokenATokenForAnotherSystemAndAForgedTokenAreRefusedEverywhereAndChangeNothing() {
    Map<String, String> refused = Map.of(
        "a person not on the chart", provider.token("contractor-x"),
        "an expired token", provider.token("ga-staff", OidcProvider.CLIENT_ID, Duration.ofMinutes(-10)),
        "a token for another system", provider.token("ga-staff", "another-system", Duration.ofHours(1)),
        "a token of the administrator for another system", provider.token("admin", "another-system", Duration.ofHours(1)),
        "an expired token of the administrator", provider.token("admin", OidcProvider.CLIENT_ID, Duration.ofMinutes(-10)),
        "an employee's token rewritten to name the administrator", rewritten(provider.token("ga-staff"), "ga-staff", "admin"));
    refused.forEach((what, token) -> assertRefusedEverywhere(what, token));
  }

  @Test
  void aLeaversTokenIsRefusedOnceTheChartIsReloaded() throws Exception {
    // Given a valid token of proc-staff that works
    String token = provider.token("proc-staff");
    assertThat(bearer(token, "GET", "/engine-rest/task/count", null).status()).isEqualTo(200);
    try {
      // When proc-staff leaves and the chart is reloaded
      ByodPermissionProcessTest.leaves(charts, "proc-staff");

      // Then the same, still unexpired token gets nothing anywhere
      assertRefusedEverywhere("a leaver's token", token);
    } finally {
      ByodPermissionProcessTest.restoreChart(charts);
    }
  }

  @Test
  void httpBasicWithPasswordsIsOffUnderSso() {
    Http http = new Http(port);
    String title = "パスワードで出す申請 " + UUID.randomUUID();
    for (String prefix : List.of("/engine-rest", "/engine-rest/engine/default")) {
      assertThat(http.post("ga-staff", prefix + START, request(title)).status()).as(prefix).isEqualTo(401);
    }
    assertThat(http.get("admin", "/api/session").status()).isEqualTo(401);
    assertThat(http.post("admin", "/api/admin/org-chart/reload", "").status()).isEqualTo(401);
    assertThat(startedWithTitle(title)).isZero();
  }

  @Test
  void basicAuthenticationKeptForAdministratorsAdmitsOnlyAdministrators() {
    // Given the setting admins-only (kept for Camunda Modeler deployments) and disabled
    BasicAuthentication adminsOnly = new BasicAuthentication("admins-only", identity);
    BasicAuthentication disabled = new BasicAuthentication("disabled", identity);

    // Then only camunda-admin members' passwords are checked at all, and under disabled nobody's
    assertThat(adminsOnly.admits("admin")).isTrue();
    assertThat(adminsOnly.admits("ga-staff")).isFalse();
    assertThat(adminsOnly.admits("nobody")).isFalse();
    assertThat(disabled.admits("admin")).isFalse();
    assertThat(new BasicAuthentication("enabled", identity).admits("ga-staff")).isTrue();
  }

  // --- helpers -------------------------------------------------------------------------------------------------------

  /** The token starts nothing on either engine REST path, and /api (reads and an administrator's reload) refuses it. */
  private void assertRefusedEverywhere(String what, String token) {
    String title = "拒否されるべき申請 " + UUID.randomUUID();
    long reloads = jdbc.queryForObject("select count(*) from apr_org_chart_load", Long.class);
    for (String prefix : List.of("/engine-rest", "/engine-rest/engine/default")) {
      assertThat(bearer(token, "POST", prefix + START, request(title)).status()).as(what + " on " + prefix).isEqualTo(401);
      assertThat(bearer(token, "GET", prefix + "/task?maxResults=10", null).status()).as(what + " on " + prefix)
          .isEqualTo(401);
    }
    assertThat(bearer(token, "GET", "/api/session", null).status()).as(what + " on /api").isEqualTo(401);
    Http.Reply reload = bearer(token, "POST", "/api/admin/org-chart/reload", "");
    assertThat(reload.status()).as(what + " on /api/admin").isEqualTo(401);
    assertThat(reload.body()).contains("トークンが無効です");
    assertThat(startedWithTitle(title)).as(what + ": instances started").isZero();
    assertThat(jdbc.queryForObject("select count(*) from apr_org_chart_load", Long.class)).as(what + ": reloads")
        .isEqualTo(reloads);
  }

  /** The token with {@code from} replaced by {@code to} in its claims, the signature left as the provider made it. */
  private static String rewritten(String token, String from, String to) {
    String[] parts = token.split("\\.");
    String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String forged = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(claims.replace("\"" + from + "\"", "\"" + to + "\"").getBytes(StandardCharsets.UTF_8));
    assertThat(forged).isNotEqualTo(parts[1]);
    return parts[0] + "." + forged + "." + parts[2];
  }

  private long startedWithTitle(String title) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().variableValueEquals("title", title).count();
  }

  private static String request(String title) {
    return Http.variables(Map.of("title", title, "confidentiality", "1"));
  }

  private Http.Reply bearer(String token, String method, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Http.Reply(response.statusCode(), response.body());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /** A browser's cookies and redirects, without a browser: enough to walk the authorization code flow. */
  private final class Browser {
    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL)
        .build();

    String sessionId() {
      return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals("JSESSIONID"))
          .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      // a page as a browser asks for it (and has it remembered for after the login); REST as the webapps call it
      String accept = path.contains("/api/") ? "application/json" : "text/html";
      return client.send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws IOException, InterruptedException {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json")
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      return JSON.readTree(response.body());
    }

    HttpResponse<String> post(String path, String csrfToken) throws IOException, InterruptedException {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.noBody());
      if (csrfToken != null) {
        request.header("X-XSRF-TOKEN", csrfToken);
      }
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Submits the provider's login page as its script does: an opaque subject, the employee id in preferred_username. */
    HttpResponse<String> signIn(HttpResponse<String> loginPage, String employeeId) throws IOException, InterruptedException {
      assertThat(loginPage.uri().toString()).startsWith(provider.issuer());
      String form = "username=" + URLEncoder.encode("subject-" + employeeId, StandardCharsets.UTF_8) + "&claims="
          + URLEncoder.encode("{\"preferred_username\":\"" + employeeId + "\"}", StandardCharsets.UTF_8);
      return client.send(HttpRequest.newBuilder(loginPage.uri()).header("Content-Type", "application/x-www-form-urlencoded")
          .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
