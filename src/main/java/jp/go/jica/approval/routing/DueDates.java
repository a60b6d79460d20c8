package jp.go.jica.approval.routing;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Role;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The due date of every user task and the two engine jobs that remind its holder: shortly before it
 * ({@code due/reminder}) and when it passes ({@code due/overdue}, with a copy to the superior or the security
 * office). Listeners registered by {@link DueDatePlugin} call it, so no BPMN can leave a step without one.
 *
 * <p>Where the date comes from, first that applies: the BPMN's {@code camunda:dueDate}; the BPMN's own boundary
 * timers on the step (the last of them, when the process escalates; the BPMN then sends its own reminders, so the
 * platform adds none and both always agree); {@link DueDateSettings}. The date belongs to the step, not to its
 * holder: a reroute, a reassignment, a duty hand-over or an overdue escalation keeps it, and the jobs mail whoever
 * holds the step when they run. Only an escalation may extend it ({@code approval.due.escalation-extension}).
 */
@Component
class DueDates {

  /** Activity property: the applicant's own step ({@code camunda:assignee="${applicant}"}). */
  static final String APPLICANTS_OWN = "dueDateApplicantsOwn";
  static final String REMINDER = "reminder";
  static final String OVERDUE = "overdue";

  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");
  private static final Logger log = LoggerFactory.getLogger(DueDates.class);

  private final DueDateSettings settings;
  private final Notifications notifications;
  private final OrgChartService charts;
  private final RoutingService routing;
  private final ApplicationEventPublisher events;

  DueDates(DueDateSettings settings, Notifications notifications, OrgChartService charts, RoutingService routing,
      ApplicationEventPublisher events) {
    this.settings = settings;
    this.notifications = notifications;
    this.charts = charts;
    this.routing = routing;
    this.events = events;
  }

  /** Built-in create listener, after the BPMN's own listeners (one of which may have set a date). */
  void onCreate(DelegateTask task) {
    Optional<Date> bpmnTimers = lastBoundaryTimer(task);
    if (task.getDueDate() == null) {
      bpmnTimers.or(() -> fromSettings(task)).ifPresent(task::setDueDate);
    }
    if (task.getDueDate() != null && bpmnTimers.isEmpty()) {
      schedule(task.getId(), task.getDueDate());
    }
  }

  /** Built-in complete and delete listener: a step that ended is reminded of no more. */
  void onEnd(DelegateTask task) {
    cancel(task.getId());
  }

  /**
   * After an overdue escalation moved the task: the date stays, unless {@code escalation-extension} gives the new
   * holder that long from now (never shortening it).
   */
  void onEscalation(TaskEntity task) {
    Duration extension = settings.getEscalationExtension();
    if (extension.isZero() || extension.isNegative()) {
      return;
    }
    Instant extended = plus(ClockUtil.getCurrentTime().toInstant(), extension);
    if (task.getDueDate() != null && !extended.isAfter(task.getDueDate().toInstant())) {
      return;
    }
    task.setDueDate(Date.from(extended));
    cancel(task.getId());
    schedule(task.getId(), task.getDueDate());
  }

  /** What a due job does when it runs: mails the step's holder now (and, overdue, the copy), once. */
  void remind(TaskEntity task, String kind) {
    String holder = task.getAssignee();
    if (holder == null || task.isSuspended()) {
      return; // nobody holds it to be told, or nobody may act on it
    }
    Map<String, String> model = model(task, holder);
    if (REMINDER.equals(kind)) {
      // A reminder that ran late (a node was down) after the due date would only precede the overdue mail.
      if (task.getDueDate() != null && task.getDueDate().after(ClockUtil.getCurrentTime())) {
        notifications.send("due/reminder", holder, model, task.getProcessInstanceId());
      }
      return;
    }
    notifications.send("due/overdue", holder, model, task.getProcessInstanceId());
    Optional<String> copy = copyRecipient(task, holder);
    copy.ifPresent(recipient -> notifications.send("due/overdue-copy", recipient, model, task.getProcessInstanceId()));
    events.publishEvent(new StepOverdue(task.getProcessInstanceId(), task.getId(), task.getTaskDefinitionKey(),
        model.get("taskName"), holder, copy.orElse(null), task.getDueDate()));
  }

  /**
   * Who else is told: the holder's superior, or the chief-iso for the security office; in either case past
   * anyone in conflict on the case (the applicant, the applicant's side, parties) and never the holder (Art. 16-2).
   */
  private Optional<String> copyRecipient(TaskEntity task, String holder) {
    String intended = switch (settings.getOverdueCopy()) {
      case NONE -> null;
      // the holder as "intended" and "concerned": the routing climbs to the superior past conflicts
      case SUPERIOR -> holder;
      case SECURITY_OFFICE -> charts.current().organizationHolder(Role.CHIEF_ISO).orElse(holder);
    };
    if (intended == null || task.getExecution() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(routing.escalationRecipient(task.getExecution(), intended, holder))
          .filter(recipient -> !recipient.equals(holder));
    } catch (RoutingException nobodyFree) {
      log.warn("Overdue task {}: nobody free of conflict to copy: {}", task.getId(), nobodyFree.getMessage());
      return Optional.empty();
    }
  }

  private Map<String, String> model(TaskEntity task, String holder) {
    Map<String, String> model = new HashMap<>();
    ExecutionEntity execution = task.getExecution();
    String processName = execution == null ? null : execution.getProcessDefinition().getName();
    Object applicantName = task.getVariable("applicantName");
    model.put("processName", processName == null ? "" : processName);
    model.put("taskName", task.getName() == null ? task.getTaskDefinitionKey() : task.getName());
    model.put("applicantName", applicantName == null ? "" : applicantName.toString());
    model.put("due", shown(task.getDueDate()));
    model.put("holderName", charts.current().person(holder).map(p -> p.name() + "（" + p.position() + "）").orElse(holder));
    model.put("link", notifications.tasklistLink(task.getId()));
    return model;
  }

  /** The date as Japanese staff read it: Japan time (the setting's zone), minutes. */
  String shown(Date date) {
    return SHOWN.format(date.toInstant().atZone(settings.getZone()));
  }

  private Optional<Date> fromSettings(DelegateTask task) {
    if (!(task.getExecution() instanceof ExecutionEntity execution)) {
      return Optional.empty();
    }
    ActivityImpl activity = execution.getProcessDefinition().findActivity(task.getTaskDefinitionKey());
    boolean applicantsOwn = activity != null && Boolean.TRUE.equals(activity.getProperty(APPLICANTS_OWN));
    Instant created = (task.getCreateTime() == null ? ClockUtil.getCurrentTime() : task.getCreateTime()).toInstant();
    return settings.durationOf(execution.getProcessDefinition().getKey(), task.getTaskDefinitionKey(), applicantsOwn)
        .map(duration -> Date.from(plus(created, duration)));
  }

  /**
   * The last boundary timer the BPMN attached to this step. The engine creates those timers with the step's
   * execution, before the task, so they are in that execution's jobs (not yet in the database) here.
   */
  private static Optional<Date> lastBoundaryTimer(DelegateTask task) {
    if (!(task.getExecution() instanceof ExecutionEntity execution)) {
      return Optional.empty();
    }
    return execution.getJobs().stream().filter(TimerEntity.class::isInstance).filter(job -> {
      ActivityImpl event = job.getActivityId() == null ? null
          : execution.getProcessDefinition().findActivity(job.getActivityId());
      return event != null && event.getEventScope() != null
          && task.getTaskDefinitionKey().equals(event.getEventScope().getId());
    }).map(JobEntity::getDuedate).filter(Objects::nonNull).max(Date::compareTo);
  }

  /** Queues the step's reminder (if it still lies ahead) and its overdue job, as engine timer jobs. */
  private void schedule(String taskId, Date due) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    Duration before = settings.getReminderBefore();
    if (!before.isZero() && !before.isNegative()) {
      Instant reminder = minus(due.toInstant(), before);
      // A reminder at (or before) the assignment would only repeat the assignment mail.
      if (reminder.isAfter(now)) {
        DueJobHandler.schedule(taskId, REMINDER, Date.from(reminder));
      }
    }
    DueJobHandler.schedule(taskId, OVERDUE, due);
  }

  private static void cancel(String taskId) {
    CommandContext command = Context.getCommandContext();
    for (String kind : List.of(REMINDER, OVERDUE)) {
      command.getJobManager().findJobsByConfiguration(DueJobHandler.TYPE,
          new DueJobHandler.Configuration(taskId, kind).toCanonicalString(), null).forEach(JobEntity::delete);
    }
  }

  /** {@code start} plus the duration: its days as working days (if so set), its hours and minutes as clock time. */
  Instant plus(Instant start, Duration duration) {
    return shift(start, duration, 1);
  }

  Instant minus(Instant start, Duration duration) {
    return shift(start, duration, -1);
  }

  private Instant shift(Instant start, Duration duration, int direction) {
    long days = duration.toDays();
    Duration rest = duration.minusDays(days);
    ZonedDateTime time = start.atZone(settings.getZone());
    if (!settings.isBusinessDays()) {
      time = time.plusDays(direction * days);
    } else {
      for (long counted = 0; counted < days; counted++) {
        time = time.plusDays(direction);
        while (!workingDay(time)) {
          time = time.plusDays(direction);
        }
      }
    }
    return (direction > 0 ? time.plus(rest) : time.minus(rest)).toInstant();
  }

  private boolean workingDay(ZonedDateTime time) {
    DayOfWeek day = time.getDayOfWeek();
    return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !settings.isHoliday(time.toLocalDate());
  }
}
