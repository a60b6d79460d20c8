package jp.go.jica.approval.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every process's withdrawal tests assert (取下げ): at an undecided step the request ends cleanly, no task
 * stays open, every line of the register says 取下げ and the holders and applicant are mailed; once decided or
 * in force it is refused and nothing changes.
 */
public abstract class WithdrawalCheck extends PlatformTest {

  @LocalServerPort protected int port;
  protected Http http;

  @BeforeEach
  void withdrawalClient() {
    http = new Http(port);
    BpmnAwareTests.init(engine);
  }

  protected Http.Reply withdraw(String user, ProcessInstance instance, String reason) {
    return http.post(user, "/api/cases/" + instance.getId() + "/withdraw", Http.json(Map.of("reason", reason)));
  }

  /** Withdraws the request waiting at {@code step} as its applicant and checks the clean end. */
  protected void assertWithdrawnAt(ProcessInstance instance, String step, String registerTable) {
    assertThat(instance).isWaitingAt(step);
    String applicant = (String) runtime.getVariable(instance.getId(), "applicant");
    List<String> holders = tasks.createTaskQuery().processInstanceId(instance.getId()).list().stream()
        .map(Task::getAssignee).filter(holder -> holder != null && !holder.equals(applicant)).toList();
    assertThat(http.get(applicant, "/api/cases/" + instance.getId()).json().get("withdrawable").asBoolean())
        .as("offered at %s", step).isTrue();

    Http.Reply reply = withdraw(applicant, instance, step + "で取り下げる");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(instance).isEnded();
    assertThat(tasks.createTaskQuery().processInstanceId(instance.getId()).count()).as("open tasks").isZero();
    assertThat(jdbc.queryForList("select status from " + registerTable + " where process_instance_id = ?", String.class,
        instance.getId())).as("register").isNotEmpty().allMatch("取下げ"::equals);
    assertThat(mails(instance)).contains("cases/withdrawn-applicant:" + applicant);
    holders.forEach(holder -> assertThat(mails(instance)).contains("cases/withdrawn:" + holder));
  }

  /** The decided (or in force) request refuses withdrawal with 409 and stays as it was. */
  protected void assertNotWithdrawable(ProcessInstance instance, String registerTable) {
    String applicant = (String) runtime.getVariable(instance.getId(), "applicant");
    List<String> statuses = jdbc.queryForList("select status from " + registerTable + " where process_instance_id = ?",
        String.class, instance.getId());
    long open = tasks.createTaskQuery().processInstanceId(instance.getId()).count();

    Http.Reply refused = withdraw(applicant, instance, "判断の後で取り下げる");

    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().get("message").asText()).contains("取り下げられません");
    assertThat(instance).isNotEnded();
    assertThat(tasks.createTaskQuery().processInstanceId(instance.getId()).count()).isEqualTo(open);
    assertThat(jdbc.queryForList("select status from " + registerTable + " where process_instance_id = ?", String.class,
        instance.getId())).isEqualTo(statuses).doesNotContain("取下げ");
    assertThat(mails(instance)).noneMatch(mail -> mail.startsWith("cases/withdrawn"));
    assertThat(http.get(applicant, "/api/cases/" + instance.getId()).json().get("withdrawable").asBoolean()).isFalse();
  }
}
