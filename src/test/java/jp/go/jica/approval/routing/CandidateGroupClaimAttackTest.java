package jp.go.jica.approval.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Art. 16 for steps a BPMN offers to a group (candidate groups): no shipped process does it yet, so a
 * test-only process is deployed the way an administrator would. A member of the group claims a step
 * on the applicant's side freely; the applicant and whoever acted on that side cannot claim, or
 * complete without claiming, any other step of the case, on any path.
 */
class CandidateGroupClaimAttackTest extends PlatformTest {

  static final String KEY = "art16-candidate-claim";

  @LocalServerPort int port;

  @BeforeEach
  void deployTheGroupProcess() throws Exception {
    try (InputStream bpmn = getClass().getResourceAsStream("/art16/candidate-claim.bpmn.xml");
        InputStream form = getClass().getResourceAsStream("/art16/candidate-claim.form.json")) {
      engine.getRepositoryService().createDeployment().name(KEY).enableDuplicateFiltering(true)
          .addInputStream(KEY + ".bpmn", bpmn).addInputStream(KEY + ".form", form).deploy();
    }
  }

  @Test
  @DisplayName("第16条: 申請側の手順はグループの誰でも引き受けられ、引き受けて完了した人は申請側として記録される")
  void aStepOnTheApplicantsSideIsClaimedByAnyMemberWhoThenCountsAsActingForTheApplicant() {
    ProcessInstance request = requestBy("ga-staff");
    Task prepare = task(request, "prepareRequest");

    Http.Reply claim = EngineClient.tasklist(port, "ga-chief").post("/task/" + prepare.getId() + "/claim",
        "{\"userId\":\"ga-chief\"}");
    assertThat(claim.status()).isEqualTo(204);
    complete(task(request, "prepareRequest"), "ga-chief", Map.of());

    assertThat(jdbc.queryForList("select person_id from apr_case_actor where process_instance_id = ?", String.class,
        request.getId())).containsExactly("ga-chief");
    assertThat(task(request, "confirmRequest").getAssignee()).isNull();
  }

  @Test
  @DisplayName("第16条: 申請者本人は申請側でない手順をどの経路でも引き受けられず、何も変わらない")
  void theApplicantCannotClaimAStepOutsideTheApplicantsSideOnAnyPath() {
    assertRefusedOnEveryPath("ga-staff", "claim", "第16条", "申請者本人", "「依頼内容を確認する」を引き受けられません");
  }

  @Test
  @DisplayName("第16条: 申請側の手順を担当した人は申請側でない手順をどの経路でも引き受けられず、何も変わらない")
  void whoeverActedOnTheApplicantsSideCannotClaimTheNextStepOnAnyPath() {
    assertRefusedOnEveryPath("ga-chief", "claim", "第16条", "申請側の手順（依頼内容を整える）を担当");
  }

  @Test
  @DisplayName("第16条: 申請者本人は引き受けずに完了することもできない")
  void theApplicantCannotCompleteTheStepWithoutClaimingItEither() {
    assertRefusedOnEveryPath("ga-staff", "complete", "第16条", "完了できません");
  }

  @Test
  @DisplayName("第16条: 案件に関わっていないグループの人は引き受けて完了できる")
  void aMemberOutsideTheApplicantsSideClaimsAndCompletesTheStep() {
    ProcessInstance request = prepared(requestBy("ga-staff"), "ga-chief");
    Task confirm = task(request, "confirmRequest");

    Http.Reply claim = EngineClient.named(port, "ga-director").post("/task/" + confirm.getId() + "/claim",
        "{\"userId\":\"ga-director\"}");
    Http.Reply complete = EngineClient.named(port, "ga-director").post("/task/" + confirm.getId() + "/complete", "{}");

    assertThat(claim.status()).isEqualTo(204);
    assertThat(complete.status()).isEqualTo(204);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(request.getId()).count()).isZero();
  }

  /**
   * ga-staff applies and ga-chief prepares; then {@code user} tries to {@code action} (claim or complete) the
   * confirmation on every path: refused with {@code message}, and the task is as it was.
   */
  private void assertRefusedOnEveryPath(String user, String action, String... message) {
    ProcessInstance request = prepared(requestBy("ga-staff"), "ga-chief");
    Task confirm = task(request, "confirmRequest");
    List<IdentityLink> linksBefore = tasks.getIdentityLinksForTask(confirm.getId());

    for (EngineClient client : EngineClient.allPaths(port, user)) {
      Http.Reply reply = client.post("/task/" + confirm.getId() + "/" + action,
          action.equals("claim") ? "{\"userId\":\"" + user + "\"}" : "{}");

      assertThat(reply.status()).as("%s", client).isEqualTo(403);
      assertThat(reply.json().get("message").asText()).as("%s", client).contains(message);
    }
    assertUnchanged(confirm, linksBefore);
  }

  private void assertUnchanged(Task confirm, List<IdentityLink> linksBefore) {
    Task after = tasks.createTaskQuery().taskId(confirm.getId()).singleResult();
    assertThat(after).as("still open").isNotNull();
    assertThat(after.getAssignee()).isNull();
    assertThat(after.getOwner()).isNull();
    assertThat(tasks.getIdentityLinksForTask(confirm.getId())).extracting(IdentityLink::getType, IdentityLink::getGroupId,
        IdentityLink::getUserId).containsExactlyInAnyOrderElementsOf(linksBefore.stream()
        .map(link -> org.assertj.core.groups.Tuple.tuple(link.getType(), link.getGroupId(), link.getUserId())).toList());
    assertThat(jdbc.queryForObject("select count(*) from apr_routing_decision where task_id = ?", Integer.class,
        confirm.getId())).isZero();
  }

  /** Started by the platform on the applicant's behalf (the process is not one employees start). */
  private ProcessInstance requestBy(String applicant) {
    return runtime.startProcessInstanceByKey(KEY, Map.of("applicant", applicant));
  }

  private ProcessInstance prepared(ProcessInstance request, String preparer) {
    Task prepare = task(request, "prepareRequest");
    as(preparer, () -> {
      tasks.claim(prepare.getId(), preparer);
      tasks.complete(prepare.getId());
      return null;
    });
    return request;
  }
}
