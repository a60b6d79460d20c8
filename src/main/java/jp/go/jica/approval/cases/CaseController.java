package jp.go.jica.approval.cases;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** マイ申請 (the signed-in employee's requests) and one case with its timeline. */
@RestController
class CaseController {

  private final CaseQueries queries;

  CaseController(CaseQueries queries) {
    this.queries = queries;
  }

  @GetMapping("/api/my/requests")
  List<Map<String, Object>> myRequests(Authentication user) {
    return queries.requestsOf(user.getName());
  }

  /** 404 alike for a case that does not exist and one the viewer may not see: no confirmation of its existence. */
  @GetMapping("/api/cases/{processInstanceId}")
  Map<String, Object> caseOf(@PathVariable String processInstanceId, Authentication user) {
    return queries.caseFor(processInstanceId, user.getName()).orElseThrow(() -> new ResponseStatusException(
        HttpStatus.NOT_FOUND, "申請「" + processInstanceId + "」はありません（または閲覧する権限がありません）"));
  }
}
