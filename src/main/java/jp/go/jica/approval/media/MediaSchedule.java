package jp.go.jica.approval.media;

import java.time.ZoneId;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** The return date, read from the log so that no variable can postpone it. */
@Component("mediaSchedule")
public class MediaSchedule {

  private final MediaLog log;

  MediaSchedule(MediaLog log) {
    this.log = log;
  }

  /** The morning of the return date (09:00), when the employee reports the media back. */
  public Date returnDueAt(DelegateExecution execution) {
    return Date.from(log.returnOn(execution.getProcessInstanceId()).atTime(9, 0).atZone(ZoneId.systemDefault()).toInstant());
  }
}
