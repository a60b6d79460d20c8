package jp.go.jica.approval.cases;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.Administrators;
import jp.go.jica.approval.ledger.CaseActions;
import jp.go.jica.approval.ledger.CaseWithdrawn;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** マイ申請 (the signed-in employee's requests) and one case with its timeline. */
@RestController
class CaseController {

  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 200;

  private final CaseQueries queries;
  private final Withdrawal withdrawal;
  private final Recall recall;
  private final List<CaseActions> actions;

  CaseController(CaseQueries queries, Withdrawal withdrawal, Recall recall, List<CaseActions> actions) {
    this.queries = queries;
    this.withdrawal = withdrawal;
    this.recall = recall;
    this.actions = actions;
  }

  /** One page (page 0 first, {@code size} up to 200); the whole list's length in the header {@code X-Total-Count}. */
  @GetMapping("/api/my/requests")
  ResponseEntity<List<Map<String, Object>>> myRequests(Authentication user, @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
    checkPage(page, size);
    return paged(queries.requestsOf(user.getName(), page, size), page, size);
  }

  /** 処理済み: what the signed-in person decided or completed as a step's holder; paged like マイ申請. */
  @GetMapping("/api/my/decisions")
  ResponseEntity<List<Map<String, Object>>> myDecisions(Authentication user, @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
    checkPage(page, size);
    return paged(queries.decisionsOf(user.getName(), page, size), page, size);
  }

  private static void checkPage(int page, int size) {
    if (page < 0) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "「ページ」（page）は0以上で指定してください");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "「表示件数」（size）は1から" + MAX_PAGE_SIZE + "までで指定してください");
    }
  }

  private static ResponseEntity<List<Map<String, Object>>> paged(CaseQueries.Page rows, int page, int size) {
    return ResponseEntity.ok().header("X-Total-Count", String.valueOf(rows.total())).header("X-Page", String.valueOf(page))
        .header("X-Page-Size", String.valueOf(size)).body(rows.rows());
  }

  /** 404 alike for a case that does not exist and one the viewer may not see: no confirmation of its existence. */
  @GetMapping("/api/cases/{processInstanceId}")
  Map<String, Object> caseOf(@PathVariable String processInstanceId, Authentication user) {
    Map<String, Object> page = queries.caseFor(processInstanceId, user.getName()).orElseThrow(() -> new ResponseStatusException(
        HttpStatus.NOT_FOUND, "申請「" + processInstanceId + "」はありません（または閲覧する権限がありません）"));
    page.put("withdrawable", queries.isApplicant(processInstanceId, user.getName())
        && withdrawal.refusal(processInstanceId) == null);
    page.put("recallable", queries.isApplicant(processInstanceId, user.getName())
        && recall.applicantRefusal(processInstanceId) == null);
    // The viewer's own decisions on this case they may still recall (引戻し within the window).
    page.put("recallableDecisions", recall.recentDecisionsOf(user.getName()).stream()
        .filter(d -> processInstanceId.equals(d.get("processInstanceId")) && Boolean.TRUE.equals(d.get("recallable")))
        .toList());
    // Follow-up actions (目的完了, 利用終了, 紛失, contract events) as each process offers them to this viewer now.
    boolean administrator = Administrators.is(user);
    String processKey = queries.processKeyOf(processInstanceId).orElse("");
    page.put("actions", actions.stream()
        .flatMap(process -> process.actionsFor(processKey, processInstanceId, user.getName(), administrator).stream())
        .toList());
    return page;
  }

  /** 取下げ by the applicant. Body: {@code reason}. */
  @PostMapping("/api/cases/{processInstanceId}/withdraw")
  ResponseEntity<Map<String, Object>> withdraw(@PathVariable String processInstanceId,
      @RequestBody(required = false) Map<String, Object> body, Authentication user) {
    String reason = Reasons.of(body, "取下げの理由");
    try {
      withdrawal.withdraw(processInstanceId, user.getName(), reason);
    } catch (OptimisticLockingException decidedMeanwhile) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "この申請は取下げと同時に処理されました。画面を更新して状態を確認してください");
    }
    return ResponseEntity.ok(Map.of("id", processInstanceId, "status", CaseWithdrawn.STATUS));
  }

  /** 引戻し by the applicant: back to the revise step. Body: {@code reason}. */
  @PostMapping("/api/cases/{processInstanceId}/recall")
  ResponseEntity<Map<String, Object>> recall(@PathVariable String processInstanceId,
      @RequestBody(required = false) Map<String, Object> body, Authentication user) {
    String reason = Reasons.of(body, "引戻しの理由");
    try {
      recall.recallByApplicant(processInstanceId, user.getName(), reason);
    } catch (OptimisticLockingException decidedMeanwhile) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "この申請は引戻しと同時に処理されました。画面を更新して状態を確認してください");
    }
    return ResponseEntity.ok(Map.of("id", processInstanceId, "status", "引戻し"));
  }

  /** The signed-in person's decisions within the recall window on running cases, each with whether it can be recalled. */
  @GetMapping("/api/my/recallable-decisions")
  List<Map<String, Object>> recallableDecisions(Authentication user) {
    return recall.recentDecisionsOf(user.getName());
  }

  /** 引戻し by the authorizer of their own decision on task {@code taskId}. Body: {@code reason}. */
  @PostMapping("/api/my/decisions/{taskId}/recall")
  ResponseEntity<Map<String, Object>> recallDecision(@PathVariable String taskId,
      @RequestBody(required = false) Map<String, Object> body, Authentication user) {
    String reason = Reasons.of(body, "引戻しの理由");
    try {
      recall.recallByAuthorizer(taskId, user.getName(), reason);
    } catch (OptimisticLockingException actedMeanwhile) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "次の手順が引戻しと同時に処理されました。画面を更新して状態を確認してください");
    }
    return ResponseEntity.ok(Map.of("taskId", taskId, "status", "引戻し"));
  }
}
