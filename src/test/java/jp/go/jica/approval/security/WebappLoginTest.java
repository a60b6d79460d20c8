package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Demo users log into the Camunda webapps through Camunda's own login with its CSRF token, and
 * the chart's groups decide which webapp each may open.
 */
class WebappLoginTest extends PlatformTest {

  @LocalServerPort int port;

  @Test
  void anEmployeeLogsIntoTasklistButNotCockpit() throws Exception {
    assertThat(login("ga-staff", "tasklist")).isEqualTo(200);
    assertThat(login("ga-staff", "cockpit")).as("no cockpit access for employees").isEqualTo(403);
  }

  @Test
  void theSecurityOfficeLogsIntoCockpitAndReadsEveryRequest() throws Exception {
    assertThat(login("it-staff", "cockpit")).isEqualTo(200);
    Http http = new Http(port);
    String id = http.post("ga-staff", "/engine-rest/process-definition/key/sample-approval/start",
        Http.variables(Map.of("title", "監査される申請", "confidentiality", "1"))).json().get("id").asText();

    assertThat(http.get("it-staff", "/engine-rest/process-instance?maxResults=10&processInstanceIds=" + id).json())
        .hasSize(1);
    assertThat(http.get("it-staff", "/engine-rest/history/process-instance?maxResults=10&processInstanceIds=" + id)
        .json()).hasSize(1);
    assertThat(http.get("proc-staff", "/engine-rest/history/process-instance?maxResults=10&processInstanceIds=" + id)
        .json()).isEmpty();
  }

  @Test
  void theAdministratorLogsIntoAdmin() throws Exception {
    assertThat(login("admin", "admin")).isEqualTo(200);
  }

  /** Camunda's webapp login: fetch the page for the session and CSRF token, then post the form. */
  int login(String user, String app) throws Exception {
    HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String base = "http://localhost:" + port;
    HttpResponse<String> page = client.send(HttpRequest.newBuilder(
        URI.create(base + "/camunda/app/" + app + "/default/")).GET().build(), HttpResponse.BodyHandlers.ofString());
    String token = page.headers().firstValue("X-XSRF-TOKEN").orElseThrow();
    assertThat(page.headers().allValues("Set-Cookie")).as("session cookie flags")
        .anySatisfy(cookie -> assertThat(cookie).startsWith("JSESSIONID=").contains("HttpOnly").contains("SameSite=Lax"));
    String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=demo";
    return client.send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/admin/auth/user/default/login/" + app))
        .header("X-XSRF-TOKEN", token).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
