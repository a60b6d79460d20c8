package jp.go.jica.approval.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Period;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.byod.ByodPermissionProcessTest;
import jp.go.jica.approval.exception.ExceptionMeasureProcessTest;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * The registers' retention: a line goes only when its case ended longer ago than its register's retention, never
 * while the case runs, and not at all for a register without one (the default: kept for ever).
 */
class RegisterRetentionTest extends PlatformTest {

  @LocalServerPort int port;
  @Autowired RegisterRetention retention;
  @Autowired ScheduledTaskHolder scheduled;

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  @Test
  void aLineGoesOnlyOnceItsCaseEndedLongerAgoThanItsRegistersRetention() {
    // Given, eleven years ago, an exception request and a BYOD request that were withdrawn, and an exception
    // request that is still open
    Http http = new Http(port);
    ZonedDateTime now = ZonedDateTime.now();
    ClockUtil.setCurrentTime(Date.from(now.minusYears(11).toInstant()));
    ProcessInstance oldException = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());
    ProcessInstance stillOpen = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());
    ProcessInstance oldByod = start("ga-staff", "byod-permission", ByodPermissionProcessTest.publicInformation());
    withdraw(http, oldException);
    withdraw(http, oldByod);
    ClockUtil.reset();
    // and one withdrawn today
    ProcessInstance recent = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());
    withdraw(http, recent);

    // Then each end is recorded when it happened, and an open case has none
    assertThat(endedAt(oldException)).isBefore(now.minusYears(10).toInstant());
    assertThat(endedAt(recent)).isAfter(now.minusDays(1).toInstant());
    assertThat(jdbc.queryForObject("select count(*) from apr_case_end where process_instance_id = ?", Integer.class,
        stillOpen.getId())).isZero();
    // And (an end from before the platform recorded them) one end is known only to Camunda's history
    jdbc.update("delete from apr_case_end where process_instance_id = ?", oldException.getId());

    // When the purge runs with a retention of ten years for the exception register only
    Map<String, Integer> deleted = retention.purge(now, Map.of("exceptions", Period.ofYears(10)));

    // Then the old exception's lines are gone, its end taken from the history
    assertThat(deleted.get("exceptions")).isGreaterThanOrEqualTo(1);
    assertThat(lines("apr_exception_ledger", oldException)).isZero();
    assertThat(lines("apr_exception_version", oldException)).isZero();
    assertThat(endedAt(oldException)).isBefore(now.minusYears(10).toInstant());
    // And the open one started as long ago, the recent one and the BYOD register without a retention keep theirs
    assertThat(lines("apr_exception_ledger", stillOpen)).isEqualTo(1);
    assertThat(lines("apr_exception_ledger", recent)).isEqualTo(1);
    assertThat(lines("apr_byod_permit", oldByod)).isEqualTo(1);
    assertThat(deleted).doesNotContainKey("byod");

    // When one retention for all registers is set
    retention.purge(now, Map.of(RegisterRetention.ALL, Period.ofYears(10)));

    // Then the old BYOD line goes too, and still nothing of a running or recent case
    assertThat(lines("apr_byod_permit", oldByod)).isZero();
    assertThat(lines("apr_exception_ledger", stillOpen)).isEqualTo(1);
    assertThat(lines("apr_exception_ledger", recent)).isEqualTo(1);
    // And the register still answers
    assertThat(http.get("ga-staff", "/api/exceptions/ledger").status()).isEqualTo(200);
  }

  @Test
  void withoutARetentionNothingIsEverDeleted() {
    // Given the shipped settings (no retention) and a case withdrawn eleven years ago
    Http http = new Http(port);
    ClockUtil.setCurrentTime(Date.from(ZonedDateTime.now().minusYears(11).toInstant()));
    ProcessInstance old = start("ga-staff", "byod-permission", ByodPermissionProcessTest.publicInformation());
    withdraw(http, old);
    ClockUtil.reset();

    // When the nightly purge runs with what is configured
    assertThat(retention.configured()).isEmpty();
    Map<String, Integer> deleted = retention.purge(ZonedDateTime.now(), retention.configured());

    // Then nothing is deleted
    assertThat(deleted).isEmpty();
    assertThat(lines("apr_byod_permit", old)).isEqualTo(1);
  }

  @Test
  void thePurgeRunsEveryNightAtTheStartOfTheCleanupWindow() {
    // When the scheduled tasks of the platform are listed
    // Then one runs daily at the window start (approval.history-cleanup.window-start, 22:00)
    assertThat(scheduled.getScheduledTasks()).map(ScheduledTask::getTask)
        .filteredOn(CronTask.class::isInstance).map(task -> ((CronTask) task).getExpression())
        .containsOnlyOnce("0 0 22 * * *");
  }

  @Test
  void aRetentionForNoRegisterOrThatIsNoPeriodIsRefused() {
    // When the settings name a register that does not exist, or give something that is no positive ISO period
    // Then the platform refuses them (at start), and a blank value means kept for ever
    assertThatThrownBy(() -> RegisterRetention.parse(Map.of("ledgers", "P10Y"))).hasMessageContaining("no such register");
    assertThatThrownBy(() -> RegisterRetention.parse(Map.of("byod", "10 years"))).hasMessageContaining("ISO period");
    assertThatThrownBy(() -> RegisterRetention.parse(Map.of("byod", "P0D"))).hasMessageContaining("positive");
    assertThat(RegisterRetention.parse(Map.of("all", "P30Y", "byod", "P5Y", "media", " ")))
        .isEqualTo(Map.of("all", Period.ofYears(30), "byod", Period.ofYears(5)));
  }

  private void withdraw(Http http, ProcessInstance instance) {
    Http.Reply reply = http.post("ga-staff", "/api/cases/" + instance.getId() + "/withdraw",
        Http.json(Map.of("reason", "保存期間の試験のため")));
    assertThat(reply.status()).as(reply.body()).isBetween(200, 204);
  }

  private java.time.Instant endedAt(ProcessInstance instance) {
    return jdbc.queryForObject("select ended_at from apr_case_end where process_instance_id = ?",
        java.sql.Timestamp.class, instance.getId()).toInstant();
  }

  private int lines(String table, ProcessInstance instance) {
    return jdbc.queryForObject("select count(*) from " + table + " where process_instance_id = ?", Integer.class,
        instance.getId());
  }
}
