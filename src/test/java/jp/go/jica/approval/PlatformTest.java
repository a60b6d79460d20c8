package jp.go.jica.approval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.jdbc.core.JdbcTemplate;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every test that needs the whole platform: real engine, real BPMN/DMN/forms, H2 in memory,
 * HTTP on a random port. Subclasses annotated {@link OnPostgres} run the same tests on PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class PlatformTest {

  /** One SMTP port per JVM, so H2 and PostgreSQL contexts talk to the same GreenMail. */
  public static final int SMTP_PORT = PlatformNode.freePort();
  /** A copy of the demo chart the tests may rewrite and reload. */
  public static final Path ORG_CHART = copyDemoChart();

  @DynamicPropertySource
  static void platformProperties(DynamicPropertyRegistry registry) {
    registry.add("test.smtp.port", () -> SMTP_PORT);
    registry.add("test.org-chart.location", () -> ORG_CHART.toUri().toString());
  }

  @Autowired protected IdentityService identity;
  @Autowired protected RuntimeService runtime;
  @Autowired protected TaskService tasks;
  @Autowired protected ProcessEngine engine;
  @Autowired protected ManagementService management;
  @Autowired protected JdbcTemplate jdbc;

  /** The open task {@code key} of the instance, or null. */
  protected Task task(ProcessInstance instance, String key) {
    return tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(key).singleResult();
  }

  /** Runs the timer job of {@code activityId} now, as the job executor would when it falls due. */
  protected void fire(ProcessInstance instance, String activityId) {
    Job job = management.createJobQuery().processInstanceId(instance.getId()).activityId(activityId).singleResult();
    Assertions.assertThat(job).as("timer job of %s", activityId).isNotNull();
    management.executeJob(job.getId());
  }

  /** The mails queued for the instance, as "template:recipient". */
  protected List<String> mails(ProcessInstance instance) {
    return jdbc.queryForList("select template || ':' || recipient_id from apr_mail_outbox where process_instance_id = ?",
        String.class, instance.getId());
  }

  /** Tasklist would open this form for the task: the deployed Camunda Form with that id. */
  protected void assertDeployedForm(Task task, String formId) throws IOException {
    Assertions.assertThat(read(engine.getFormService().getDeployedTaskForm(task.getId()))).contains("\"" + formId + "\"");
  }

  protected static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Starts a process as the user, as Tasklist's start form does. */
  protected ProcessInstance start(String user, String processKey, Map<String, Object> variables) {
    return as(user, () -> runtime.startProcessInstanceByKey(processKey, new HashMap<>(variables)));
  }

  /** Completes the task as the user with the variables a form would submit. */
  protected void complete(Task task, String user, Map<String, Object> variables) {
    as(user, () -> {
      tasks.complete(task.getId(), new HashMap<>(variables));
      return null;
    });
  }

  /** Runs as the user with their Camunda groups, as Tasklist and REST do. */
  protected <T> T as(String user, Supplier<T> action) {
    identity.setAuthentication(user, identity.createGroupQuery().groupMember(user).list().stream()
        .map(Group::getId).toList());
    try {
      return action.get();
    } finally {
      identity.clearAuthentication();
    }
  }

  /**
   * The engine refused with an exception of {@code type} (possibly wrapped by the engine's
   * listener invocation) whose message contains {@code message}.
   */
  public static void assertRefused(ThrowingCallable action, Class<? extends Throwable> type, String message) {
    Throwable thrown = Assertions.catchThrowable(action);
    Assertions.assertThat(thrown).as("refused").isNotNull();
    Throwable cause = thrown;
    while (cause != null && !type.isInstance(cause)) {
      cause = cause.getCause();
    }
    Assertions.assertThat(cause).as("cause of type %s in %s", type.getSimpleName(), thrown).isNotNull();
    Assertions.assertThat(cause.getMessage()).contains(message);
  }

  /** The demo chart as shipped, for tests that restore it after a reorganisation. */
  public static String demoChart() {
    try (InputStream in = PlatformTest.class.getResourceAsStream("/org/demo-org-chart.yml")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path copyDemoChart() {
    try {
      Path dir = Files.createDirectories(Path.of("target", "test-org-chart"));
      Path file = dir.resolve("org-chart.yml");
      try (InputStream in = PlatformTest.class.getResourceAsStream("/org/demo-org-chart.yml")) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
