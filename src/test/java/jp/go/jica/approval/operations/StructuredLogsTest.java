package jp.go.jica.approval.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The production log format (application-production.yml: ECS JSON lines) on the whole platform: each line is JSON,
 * carries the signed-in user and the case, and never a password, a token or what someone typed into a form.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTest extends PlatformTest {

  static final String PASSWORD = "Pw-MARKER-8c41";
  static final String TOKEN = "Tok-MARKER-5e27";
  static final String FORM_VALUE = "Form-MARKER-93ad";

  @LocalServerPort int port;
  @Autowired ConfigurableEnvironment environment;

  @Test
  void logLinesAreJsonWithUserAndCaseAndWithoutPasswordsTokensOrFormContents(CapturedOutput output) throws Exception {
    // Logback is set up once per JVM, by the first test context: switch it to production's format for this test
    StandardEnvironment production = new StandardEnvironment();
    production.merge(environment);
    production.getPropertySources().addFirst(new MapPropertySource("production-logging",
        Map.of("logging.structured.format.console", "ecs")));
    reinitializeLogging(production);
    try {
      logsOfAWorkingDay(output);
    } finally {
      reinitializeLogging(environment);
    }
  }

  private static void reinitializeLogging(ConfigurableEnvironment environment) {
    LoggingSystem logging = LoggingSystem.get(StructuredLogsTest.class.getClassLoader());
    logging.cleanUp();
    logging.beforeInitialize();
    logging.initialize(new LoggingInitializationContext(environment), null, null);
  }

  private void logsOfAWorkingDay(CapturedOutput output) throws Exception {
    int from = output.getOut().length();
    Http http = new Http(port);

    // Given wrong passwords at every door, a bearer token, and form values typed into a request and a decision
    http.get("ga-staff:" + PASSWORD, "/engine-rest/task?maxResults=1");
    http.get("no-such-user:" + PASSWORD, "/api/cases");
    http.get("prometheus:" + PASSWORD, "/actuator/prometheus");
    webappLogin("ga-general-chief", PASSWORD);
    bearer("/engine-rest/task?maxResults=1");
    bearer("/api/cases");
    Http.Reply started = http.post("ga-staff", "/engine-rest/process-definition/key/sample-approval/start",
        Http.variables(Map.of("title", FORM_VALUE, "confidentiality", "1")));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    String caseId = started.json().path("id").asText();
    String task = tasks.createTaskQuery().processInstanceId(caseId).singleResult().getId();
    // ga-staff may not decide their own request: refused, and the refusal is logged
    Http.Reply refused = http.post("ga-staff", "/engine-rest/task/" + task + "/complete",
        Http.variables(Map.of("decision", "approve", "decisionComment", FORM_VALUE)));
    assertThat(refused.status()).isBetween(400, 499);
    // an invalid decision value is refused by the form contract
    Http.Reply invalid = http.post("ga-chief", "/engine-rest/task/" + task + "/complete",
        Http.variables(Map.of("decision", FORM_VALUE, "decisionComment", FORM_VALUE)));
    assertThat(invalid.status()).isBetween(400, 499);
    // an administrator moves the step (logged with who did it), and the mail job fails with SMTP down
    http.post("admin", "/api/admin/tasks/" + task + "/reassign", "{\"reason\": \"" + FORM_VALUE + "\"}");
    for (int attempt = 0; attempt < 2; attempt++) {
      for (Job job : management.createJobQuery().processInstanceId(caseId).list()) {
        if ("approval-mail".equals(((JobEntity) job).getJobHandlerType())) {
          try {
            management.executeJob(job.getId());
          } catch (RuntimeException expected) {
            // SMTP is down in this test: the failure is what gets logged
          }
        }
      }
    }
    runtime.deleteProcessInstance(caseId, "structured log test done");

    // When the log lines written meanwhile are read
    String written = output.getOut().substring(from);
    List<JsonNode> lines = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : written.lines().filter(line -> !line.isBlank()).toList()) {
      assertThat(line).as("every log line is one JSON object").startsWith("{").endsWith("}");
      lines.add(json.readTree(line));
    }

    // Then they name the user and the case, and contain no password, token or form value
    assertThat(written).doesNotContain(PASSWORD, TOKEN, FORM_VALUE, Base64.getEncoder()
        .encodeToString(("ga-staff:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    assertThat(lines).anySatisfy(line -> assertThat(line.at("/user/name").asText()).isEqualTo("admin"));
    assertThat(lines).anySatisfy(line -> assertThat(line.at("/approval/caseId").asText()).isEqualTo(caseId));
    assertThat(lines).as("ga-staff's refused decision names who and which case").anySatisfy(line -> {
      assertThat(line.at("/user/name").asText()).isEqualTo("ga-staff");
      assertThat(line.at("/approval/caseId").asText()).isEqualTo(caseId);
      assertThat(line.path("message").asText()).startsWith("Refused 403");
    });
    assertThat(lines).as("the mail job's failure names the case").anySatisfy(line -> {
      assertThat(line.at("/approval/caseId").asText()).isEqualTo(caseId);
      assertThat(line.at("/log/logger").asText()).endsWith("MailJobHandler");
    });
    // And inside the engine's commands Camunda names the case with the same field (delegates' and listeners' lines)
    assertThat(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getLoggingContextProcessInstanceId()).isEqualTo("approval.caseId");
  }

  private void bearer(String path) throws IOException, InterruptedException {
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.discarding());
  }

  /** Camunda's webapp login form, as a browser posts it (with the CSRF token of a fresh session). */
  private void webappLogin(String user, String password) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String base = "http://localhost:" + port;
    String token = client.send(HttpRequest.newBuilder(URI.create(base + "/camunda/app/tasklist/default/")).GET().build(),
        HttpResponse.BodyHandlers.discarding()).headers().firstValue("X-XSRF-TOKEN").orElseThrow();
    client.send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/admin/auth/user/default/login/tasklist"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.discarding());
  }
}
