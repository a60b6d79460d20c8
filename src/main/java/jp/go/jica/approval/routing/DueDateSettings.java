package jp.go.jica.approval.routing;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@code approval.due.*}: how long each step of each process may take before it is overdue, and when its holder
 * is reminded. A step's time is looked up most specific first: {@code processes.<key>.steps.<step>}, the
 * platform's default for that step, {@code processes.<key>.default}, the platform's default for that process,
 * then {@code default}. {@code P0D} switches the due date off for a process or step. The days of a duration
 * count working days (Saturdays, Sundays and {@code holidays} skipped, in Japan time) unless
 * {@code business-days} is false; its hours and minutes are clock time.
 */
@Component("dueDateSettings")
@ConfigurationProperties("approval.due")
public class DueDateSettings {

  /** Who else hears of an overdue step besides its holder. */
  public enum OverdueCopy { SUPERIOR, SECURITY_OFFICE, NONE }

  /**
   * The platform's defaults per process. Quick where the request waits on the decision to act (a carry-out on a
   * date, a device in use, a lost medium: Art. 29 速やかに); longer where the step is procurement work (cloud,
   * outsourcing) or a duty that waits on something outside the platform (a contract, a go-live).
   */
  private static final Map<String, Process> PLATFORM = Map.of(
      "media-carry-out", process("P2D", Map.of("sectionIsoPermission", "P1D")),
      // Art. 29-3 and 30-1 say 直ちに / 速やかに: hours, not days; the PPC's preliminary report within days (Art. 30-3).
      "incident-response", process("P2D", Map.ofEntries(Map.entry("evaluateIncident", "PT4H"),
          Map.entry("acknowledgeReport", "PT4H"), Map.entry("containIncident", "P1D"), Map.entry("checkSystems", "P2D"),
          Map.entry("notifyMofa", "PT4H"), Map.entry("notifyPolice", "P1D"), Map.entry("notifyPpc", "P3D"),
          Map.entry("investigateCause", "P10D"), Map.entry("confirmMeasures", "P5D"), Map.entry("shareLessons", "P10D"))),
      "byod-permission", process("P3D", Map.of()),
      "exception-measure", process("P5D", Map.of()),
      "exception-measure-report", process("P10D", Map.of()),
      "cloud-service-approval", process("P10D", Map.of("setUseRequirements", "P20D", "confirmGoLiveProcedures", "P30D",
          "reviewMeasures", "P20D", "nameSuccessor", "P5D")),
      "outsourcing-selection", process("P10D", Map.of("recordContract", "P30D", "checkContractorMeasures", "P20D",
          "decideSuspension", "P2D", "nameSuccessor", "P5D")),
      "rule-change", process("P5D", Map.of()));

  private Duration defaultDuration = Duration.ofDays(5);
  private boolean businessDays = true;
  private List<String> holidays = List.of();
  private Set<LocalDate> holidayDates = Set.of();
  private ZoneId zone = ZoneId.of("Asia/Tokyo");
  private Duration reminderBefore = Duration.ofDays(1);
  private OverdueCopy overdueCopy = OverdueCopy.SUPERIOR;
  private Duration escalationExtension = Duration.ZERO;
  private Map<String, Process> processes = new HashMap<>();

  /**
   * How long the step may take, or empty for none. {@code applicantsOwn}: the applicant's own step (revise, report,
   * acknowledge), which has a due date only where a step setting names it: the platform does not chase applicants
   * for their own requests, and their report steps have dates of their own in the BPMN.
   */
  Optional<Duration> durationOf(String processKey, String step, boolean applicantsOwn) {
    Process configured = processes.get(processKey);
    Process platform = PLATFORM.get(processKey);
    Duration duration = Optional.ofNullable(configured).map(p -> p.getSteps().get(step))
        .or(() -> Optional.ofNullable(platform).map(p -> p.getSteps().get(step)))
        .orElse(null);
    if (duration == null && !applicantsOwn) {
      duration = Optional.ofNullable(configured).map(Process::getDefault)
          .or(() -> Optional.ofNullable(platform).map(Process::getDefault))
          .orElse(defaultDuration);
    }
    return Optional.ofNullable(duration).filter(d -> !d.isZero() && !d.isNegative());
  }

  boolean isHoliday(LocalDate day) {
    return holidayDates.contains(day);
  }

  private static Process process(String defaultDuration, Map<String, String> steps) {
    Process process = new Process();
    process.setDefault(Duration.parse(defaultDuration));
    Map<String, Duration> durations = new HashMap<>();
    steps.forEach((step, duration) -> durations.put(step, Duration.parse(duration)));
    process.setSteps(durations);
    return process;
  }

  public Duration getDefault() {
    return defaultDuration;
  }

  public void setDefault(Duration value) {
    this.defaultDuration = value;
  }

  public boolean isBusinessDays() {
    return businessDays;
  }

  public void setBusinessDays(boolean businessDays) {
    this.businessDays = businessDays;
  }

  public List<String> getHolidays() {
    return holidays;
  }

  /** ISO dates (yyyy-mm-dd): a typo must stop the start-up, not shift every due date silently. */
  public void setHolidays(List<String> holidays) {
    this.holidayDates = holidays.stream().map(String::trim).map(LocalDate::parse).collect(Collectors.toSet());
    this.holidays = List.copyOf(holidays);
  }

  public ZoneId getZone() {
    return zone;
  }

  public void setZone(ZoneId zone) {
    this.zone = zone;
  }

  public Duration getReminderBefore() {
    return reminderBefore;
  }

  public void setReminderBefore(Duration reminderBefore) {
    this.reminderBefore = reminderBefore;
  }

  public OverdueCopy getOverdueCopy() {
    return overdueCopy;
  }

  public void setOverdueCopy(OverdueCopy overdueCopy) {
    this.overdueCopy = overdueCopy;
  }

  public Duration getEscalationExtension() {
    return escalationExtension;
  }

  public void setEscalationExtension(Duration escalationExtension) {
    this.escalationExtension = escalationExtension;
  }

  public Map<String, Process> getProcesses() {
    return processes;
  }

  public void setProcesses(Map<String, Process> processes) {
    this.processes = processes;
  }

  /** One process's settings: its default and its steps (user task ids). */
  public static class Process {

    @Nullable
    private Duration defaultDuration;
    private Map<String, Duration> steps = new HashMap<>();

    @Nullable
    public Duration getDefault() {
      return defaultDuration;
    }

    public void setDefault(@Nullable Duration value) {
      this.defaultDuration = value;
    }

    public Map<String, Duration> getSteps() {
      return steps;
    }

    public void setSteps(Map<String, Duration> steps) {
      this.steps = steps;
    }
  }
}
