package jp.go.jica.approval.cases;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.CaseWithdrawn;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** マイ申請 (the signed-in employee's requests) and one case with its timeline. */
@RestController
class CaseController {

  private final CaseQueries queries;
  private final Withdrawal withdrawal;

  CaseController(CaseQueries queries, Withdrawal withdrawal) {
    this.queries = queries;
    this.withdrawal = withdrawal;
  }

  @GetMapping("/api/my/requests")
  List<Map<String, Object>> myRequests(Authentication user) {
    return queries.requestsOf(user.getName());
  }

  /** 処理済み: what the signed-in person decided or completed as a step's holder. */
  @GetMapping("/api/my/decisions")
  List<Map<String, Object>> myDecisions(Authentication user) {
    return queries.decisionsOf(user.getName());
  }

  /** 404 alike for a case that does not exist and one the viewer may not see: no confirmation of its existence. */
  @GetMapping("/api/cases/{processInstanceId}")
  Map<String, Object> caseOf(@PathVariable String processInstanceId, Authentication user) {
    Map<String, Object> page = queries.caseFor(processInstanceId, user.getName()).orElseThrow(() -> new ResponseStatusException(
        HttpStatus.NOT_FOUND, "申請「" + processInstanceId + "」はありません（または閲覧する権限がありません）"));
    page.put("withdrawable", queries.isApplicant(processInstanceId, user.getName())
        && withdrawal.refusal(processInstanceId) == null);
    return page;
  }

  /** 取下げ by the applicant. Body: {@code reason}. */
  @PostMapping("/api/cases/{processInstanceId}/withdraw")
  ResponseEntity<Map<String, Object>> withdraw(@PathVariable String processInstanceId,
      @RequestBody(required = false) Map<String, Object> body, Authentication user) {
    Object reason = body == null ? null : body.get("reason");
    if (reason != null && !(reason instanceof String)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "「取下げの理由」は文字列で入力してください");
    }
    try {
      withdrawal.withdraw(processInstanceId, user.getName(), (String) reason);
    } catch (OptimisticLockingException decidedMeanwhile) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "この申請は取下げと同時に処理されました。画面を更新して状態を確認してください");
    }
    return ResponseEntity.ok(Map.of("id", processInstanceId, "status", CaseWithdrawn.STATUS));
  }
}
