package jp.go.jica.approval.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code approval.due.*} as an administrator writes it, and the working-day arithmetic of the due dates. */
class DueDateSettingsTest {

  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  @Test
  void aStepSettingWinsOverThePlatformsStepAndTheProcessDefaultsAndPZeroDSwitchesAStepOff() {
    DueDateSettings settings = bind(Map.of(
        "approval.due.default", "P4D",
        "approval.due.processes.media-carry-out.steps.sectionIsoPermission", "PT4H",
        "approval.due.processes.byod-permission.default", "P1D",
        "approval.due.processes.byod-permission.steps.acknowledgeErasure", "P0D",
        "approval.due.processes.my-process.steps.reviseRequest", "P10D"));

    assertThat(settings.durationOf("media-carry-out", "sectionIsoPermission", false)).contains(Duration.ofHours(4));
    assertThat(settings.durationOf("incident-response", "containIncident", false)).as("the platform's step default")
        .contains(Duration.ofDays(1));
    assertThat(settings.durationOf("incident-response", "notifyMofa", false)).as("a notification's own due date")
        .contains(Duration.ofHours(4));
    assertThat(settings.durationOf("media-carry-out", "confirmLeaverReturn", false)).contains(Duration.ofDays(2));
    assertThat(settings.durationOf("byod-permission", "deviceManagerReview", false)).contains(Duration.ofDays(1));
    assertThat(settings.durationOf("byod-permission", "acknowledgeErasure", false)).isEmpty();
    assertThat(settings.durationOf("my-process", "reviewRequest", false)).contains(Duration.ofDays(4));
    assertThat(settings.durationOf("my-process", "reviseRequest", true)).as("an applicant's step named by a setting")
        .contains(Duration.ofDays(10));
    assertThat(settings.durationOf("my-process", "confirmReturn", true)).isEqualTo(Optional.empty());
  }

  @Test
  void aHolidayThatIsNoDateStopsTheStartUp() {
    assertThatThrownBy(() -> bind(Map.of("approval.due.holidays", "2027-13-01"))).isInstanceOf(BindException.class);
  }

  @Test
  void workingDaysSkipTheWeekendAndTheListedHolidaysInJapanTime() {
    DueDateSettings settings = bind(Map.of("approval.due.holidays", "2027-01-11"));
    DueDates dueDates = new DueDates(settings, null, null, null, null);
    // Friday 2027-01-08 23:30 in Japan is still Friday 14:30 UTC: Japan's calendar counts
    Instant friday = LocalDateTime.of(2027, 1, 8, 23, 30).atZone(JAPAN).toInstant();

    assertThat(dueDates.plus(friday, Duration.ofDays(1)))
        .as("Saturday, Sunday and the holiday Monday (成人の日) skipped")
        .isEqualTo(LocalDateTime.of(2027, 1, 12, 23, 30).atZone(JAPAN).toInstant());
    assertThat(dueDates.plus(friday, Duration.parse("PT3H"))).isEqualTo(friday.plusSeconds(3 * 3600));
    assertThat(dueDates.minus(LocalDateTime.of(2027, 1, 12, 10, 0).atZone(JAPAN).toInstant(), Duration.ofDays(1)))
        .as("the reminder a working day before a Tuesday due date")
        .isEqualTo(LocalDateTime.of(2027, 1, 8, 10, 0).atZone(JAPAN).toInstant());
  }

  @Test
  void withoutWorkingDaysADayIsACalendarDay() {
    DueDateSettings settings = bind(Map.of("approval.due.business-days", "false"));
    Instant friday = LocalDateTime.of(2027, 1, 8, 10, 0).atZone(JAPAN).toInstant();

    assertThat(new DueDates(settings, null, null, null, null).plus(friday, Duration.ofDays(1)))
        .isEqualTo(LocalDateTime.of(2027, 1, 9, 10, 0).atZone(JAPAN).toInstant());
  }

  static DueDateSettings bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("approval.due", DueDateSettings.class);
  }
}
