package jp.go.jica.approval.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Mail through a real SMTP server (GreenMail): sent after the engine transaction by the mail job,
 * retried across an SMTP outage, and raised as an incident when it keeps failing.
 */
class MailDeliveryTest extends PlatformTest {

  @Autowired ManagementService management;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

  GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  @AfterEach
  void stopSmtp() {
    smtp.stop();
  }

  @Test
  void theAssigneeAndThenTheApplicantGetJapaneseMailWithATasklistLink() throws Exception {
    smtp.start();
    String request = apply("ga-staff");

    runMailJobs(request);
    MimeMessage assigned = smtp.getReceivedMessages()[0];
    assertThat(assigned.getAllRecipients()[0].toString()).isEqualTo("ga-chief@example.go.jp");
    assertThat(assigned.getSubject()).isEqualTo("【承認依頼】サンプル承認申請（テスト用）（申請者: 総務 花子）");
    assertThat(assigned.getContent().toString()).contains("総務 課長 様", "課等情報セキュリティ責任者",
        "/camunda/app/tasklist/default/#/?task=");

    decide(request, "approve");
    runMailJobs(request);
    MimeMessage decided = smtp.getReceivedMessages()[1];
    assertThat(decided.getAllRecipients()[0].toString()).isEqualTo("ga-staff@example.go.jp");
    assertThat(decided.getSubject()).isEqualTo("【承認】サンプル承認申請（テスト用）");
    assertThat(smtp.getReceivedMessages()).hasSize(2);
  }

  @Test
  void everyMailCarriesItsOutboxRowAsMessageIdSoAResentCopyShowsOnce() throws Exception {
    smtp.start();
    String request = apply("ga-staff");

    runMailJobs(request);

    String outboxId = jdbc.queryForObject("select id from apr_mail_outbox where process_instance_id = ?",
        String.class, request);
    assertThat(smtp.getReceivedMessages()[0].getMessageID()).isEqualTo(MailJobHandler.messageId(outboxId));
  }

  @Test
  void anSmtpOutageLosesNeitherTheDecisionNorTheMail() throws Exception {
    String request = apply("ga-staff");

    assertThatCode(() -> runMailJobs(request)).as("nothing listens on the SMTP port yet")
        .doesNotThrowAnyException();
    assertThat(status(request)).containsExactly("RETRYING");
    assertThat(tasks.createTaskQuery().processInstanceId(request).singleResult().getAssignee())
        .as("the routed task is untouched by the outage").isEqualTo("ga-chief");
    Job retry = management.createJobQuery().processInstanceId(request).singleResult();
    assertThat(retry.getDuedate()).as("retry waits for the configured delay").isInTheFuture();

    smtp.start();
    management.executeJob(retry.getId());

    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(status(request)).containsExactly("SENT");
  }

  @Test
  void aMailThatKeepsFailingBecomesAnIncidentAnOperatorCanRetry() {
    String request = apply("ga-staff");

    runMailJobsIgnoringFailures(request);
    runMailJobsIgnoringFailures(request);

    assertThat(status(request)).containsExactly("FAILED");
    Job failed = management.createJobQuery().processInstanceId(request).withException().singleResult();
    assertThat(failed.getExceptionMessage()).contains("メール送信に失敗しました（2回）");
    assertThat(runtime.createIncidentQuery().configuration(failed.getId()).count()).isEqualTo(1);

    smtp.start();
    management.setJobRetries(failed.getId(), 1);
    management.executeJob(failed.getId());
    assertThat(status(request)).containsExactly("SENT");
    assertThat(runtime.createIncidentQuery().configuration(failed.getId()).count()).isZero();
  }

  @Test
  @DisplayName("第47条: 申請者は持出しの許可を記録番号・要約・運搬方法の指定・開ける申請の詳細へのリンク付きのメールで受け取る")
  void theApplicantReceivesTheCarryOutApprovalWithNumberSummaryTransportAndAWorkingCaseLinkArt47() throws Exception {
    // Given a confidentiality-3 carry-out by ga-staff and a running SMTP server
    smtp.start();
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("3", "1", "1"));

    // When ga-chief permits it with a designated transport and the mail jobs run
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "approve", "decisionComment", "",
        "encryptionConfirmed", true, "designatedTransport", "施錠したケースに入れ手持ちで運搬する"));
    runMailJobs(media.getId());

    // Then ga-staff's mail says which request, what it is and how to carry it, and links a case page they can open
    MimeMessage approved = Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> subject(m).startsWith("【承認】")).findFirst().orElseThrow();
    assertThat(approved.getAllRecipients()[0].toString()).isEqualTo("ga-staff@example.go.jp");
    String recordNumber = runtime.createProcessInstanceQuery().processInstanceId(media.getId()).singleResult().getBusinessKey();
    assertThat(approved.getSubject()).contains(recordNumber);
    String body = approved.getContent().toString();
    assertThat(body).contains("USBメモリでの説明会資料の持出し", "運搬方法の指定: 施錠したケースに入れ手持ちで運搬する",
        "/platform/cases/case.html?id=" + media.getId());
    assertThat(new Http(port).get("ga-staff", "/api/cases/" + media.getId()).status()).isEqualTo(200);
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  String apply(String applicant) {
    identity.setAuthentication(applicant, List.of("employees"));
    try {
      return runtime.startProcessInstanceByKey("sample-approval",
          new HashMap<>(Map.of("title", "メール確認", "confidentiality", "1"))).getId();
    } finally {
      identity.clearAuthentication();
    }
  }

  void decide(String request, String decision) {
    String task = tasks.createTaskQuery().processInstanceId(request).singleResult().getId();
    tasks.complete(task, Map.of("decision", decision, "decisionComment", ""));
  }

  void runMailJobs(String request) {
    for (Job job : management.createJobQuery().processInstanceId(request).executable().list()) {
      management.executeJob(job.getId());
    }
  }

  void runMailJobsIgnoringFailures(String request) {
    for (Job job : management.createJobQuery().processInstanceId(request).list()) {
      try {
        management.executeJob(job.getId());
      } catch (RuntimeException expected) {
        // the last attempt fails the job on purpose, so the engine raises the incident
      }
    }
  }

  List<String> status(String request) {
    return jdbc.queryForList("select status from apr_mail_outbox where process_instance_id = ?", String.class,
        request);
  }
}
