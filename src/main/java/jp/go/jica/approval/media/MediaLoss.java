package jp.go.jica.approval.media;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.go.jica.approval.organization.ActingEmployee;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * 紛失 reported by the employee while the medium is out, not only at the return date: Art. 29 asks for the report
 * when the loss is noticed. The loss is the return report answered 紛失 (form {@code media-return}), so it takes the
 * process's own path to the CSIRT's evaluation: before the return date the report falls due now.
 */
@Service
class MediaLoss {

  static final String RETURN_TASK = "confirmReturn";
  static final String RETURN_DUE = "returnDue";
  static final String SITUATION_LABEL = "備考（紛失の場合は状況）";

  private final MediaLog log;
  private final TaskService tasks;
  private final ManagementService management;
  private final IdentityService identity;

  MediaLoss(MediaLog log, TaskService tasks, ManagementService management, IdentityService identity) {
    this.log = log;
    this.tasks = tasks;
    this.management = management;
    this.identity = identity;
  }

  /** Whether the carry-out is out now: waiting for its return date or for the return report. */
  boolean out(String processInstanceId) {
    return returnTask(processInstanceId).isPresent() || returnDate(processInstanceId).isPresent();
  }

  @Transactional
  Map<String, Object> report(String number, String person, Object situation) {
    MediaLog.Entry carryOut = log.byNumber(number).orElseThrow(() ->
        new ResponseStatusException(HttpStatus.NOT_FOUND, "記録番号「" + number + "」の持出しはありません"));
    if (!person.equals(carryOut.applicantId())) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "媒体の紛失は持ち出した本人だけが報告できます（本人以外はCSIRTへ直接報告してください。第29条）");
    }
    if (!(situation instanceof String text) || text.isBlank()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "「" + SITUATION_LABEL + "」を入力してください");
    }
    if (text.length() > 4000) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "「" + SITUATION_LABEL + "」は4000文字以内で入力してください");
    }
    String pid = carryOut.processInstanceId();
    if (!out(pid)) {
      throw new ResponseStatusException(HttpStatus.CONFLICT,
          "この持出しは現在「" + carryOut.status() + "」です（持出し中の媒体だけ紛失を報告できます）");
    }
    if (returnTask(pid).isEmpty()) {
      management.executeJob(returnDate(pid).orElseThrow().getId()); // the return report falls due now
    }
    Task task = returnTask(pid).orElseThrow();
    // The same answer as in Tasklist's return form, checked against that form like any completion.
    ActingEmployee.run(identity, person, () -> {
      tasks.complete(task.getId(), Map.of("returnResult", "lost", "informationErased", false, "returnNote", text.strip()));
      return null;
    });
    return Map.of("logNumber", number, "status", "紛失を報告しました。CSIRTが評価します");
  }

  private Optional<Task> returnTask(String pid) {
    return tasks.createTaskQuery().processInstanceId(pid).taskDefinitionKey(RETURN_TASK).list().stream().findFirst();
  }

  private Optional<Job> returnDate(String pid) {
    return management.createJobQuery().processInstanceId(pid).activityId(RETURN_DUE).list().stream().findFirst();
  }
}
