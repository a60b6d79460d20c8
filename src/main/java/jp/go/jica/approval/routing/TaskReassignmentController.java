package jp.go.jica.approval.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The one way to move a task to someone else (camunda-admin only, as all of {@code /api/admin}): body
 * {@code {"reason": "…", "assignee": "…"}}, the reason required, the assignee optional (without it the
 * task climbs from its holder as routing does).
 */
@RestController
class TaskReassignmentController {

  private final TaskReassignment reassignment;

  TaskReassignmentController(TaskReassignment reassignment) {
    this.reassignment = reassignment;
  }

  @PostMapping("/api/admin/tasks/{taskId}/reassign")
  Map<String, Object> reassign(@PathVariable String taskId, @RequestBody Map<String, Object> body,
      Authentication administrator) {
    Object reason = body.get("reason");
    if (!(reason instanceof String text) || text.isBlank()) {
      throw new TaskReassignment.Refused(HttpStatus.BAD_REQUEST, "「理由」（reason）を入力してください。"
          + "担当を変更する理由は記録され、新旧の担当者に通知されます");
    }
    if (text.length() > TaskReassignment.MAX_REASON) {
      throw new TaskReassignment.Refused(HttpStatus.BAD_REQUEST, "「理由」（reason）は "
          + TaskReassignment.MAX_REASON + " 文字以内で入力してください");
    }
    Object assignee = body.get("assignee");
    if (assignee != null && !(assignee instanceof String id && !id.isBlank())) {
      throw new TaskReassignment.Refused(HttpStatus.BAD_REQUEST, "「担当者」（assignee）は職員IDの文字列で指定するか、"
          + "省いてください（省くと上位者へ回付します）");
    }
    TaskReassignment.Outcome outcome = reassignment.reassign(taskId, administrator.getName(), text.trim(),
        assignee == null ? null : ((String) assignee).trim());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("taskId", outcome.taskId());
    answer.put("previousAssignee", outcome.previousAssignee());
    answer.put("assignee", outcome.assignee());
    answer.put("reasonCode", outcome.reasonCode());
    answer.put("reason", outcome.reason());
    return answer;
  }

  @ExceptionHandler(TaskReassignment.Refused.class)
  ResponseEntity<Map<String, String>> refused(TaskReassignment.Refused e) {
    return ResponseEntity.status(e.status()).body(Map.of("message", e.getMessage()));
  }
}
