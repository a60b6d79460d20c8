package jp.go.jica.approval.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.util.Map;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Art. 20-2 for the cloud-manager, a duty named in the registry: an org chart reload in which the
 * cloud-manager of a live service left or moved opens the naming of a successor for the isso of the
 * owning department; the registry then shows who holds the duty and since when.
 */
class CloudManagerSuccessionTest extends PlatformTest {

  private static final String GA_STAFF = "  - { id: ga-staff,          name: 総務 花子,     email: ga-staff@example.go.jp,          "
      + "section: ga-general,    position: 職員 }\n";

  @Autowired OrgChartService charts;

  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
    assertThat(demoChart()).contains(GA_STAFF);
  }

  @AfterEach
  void restoreTheChart() throws Exception {
    reload(demoChart());
  }

  @Test
  @DisplayName("第20条第2項: クラウドサービス管理者が退職すると、所管部等の isso が後任を指名し、登録簿・変数・未完了の手順が後任に移る")
  void whenTheCloudManagerLeavesTheIssoNamesASuccessorWhoTakesOverTheDutyArt20_2() throws Exception {
    ProcessInstance service = inUseManagedByGaStaff("proc-chief");
    fire(service, "annualReviewDue");
    assertThat(task(service, "reviewMeasures")).isAssignedTo("ga-staff");
    Timestamp approved = (Timestamp) registry(service).get("cloud_manager_since");
    assertThat(approved).isNotNull();
    assertThat(registry(service)).containsEntry("cloud_manager_named_by", "情報 部長");

    reload(demoChart().replace(GA_STAFF, ""));

    Task naming = task(service, "nameSuccessor");
    assertThat(naming).as("the successor step is open").isNotNull().isAssignedTo("ga-director");
    assertThat(runtime.getVariable(service.getId(), "formerCloudManager")).isEqualTo("ga-staff");
    assertThat((String) runtime.getVariable(service.getId(), "successionReason")).contains("退職", "第20条第2項");
    assertThat(mails(service)).contains("cloud/successor-needed:ga-director");
    assertRefused(() -> complete(naming, "ga-director", Map.of("successor", "ga-staff")), BadUserRequestException.class,
        "組織図にいません");
    assertRefused(() -> complete(naming, "ga-director", Map.of("successor", "proc-chief")), BadUserRequestException.class,
        "第16条");
    assertRefused(() -> complete(naming, "ga-director", Map.of("successionNote", "引継ぎ")), BadUserRequestException.class,
        "「後任のクラウドサービス管理者（職員ID）」");

    complete(naming, "ga-director", Map.of("successor", "ga-device-manager", "successionNote", "管理者アカウントを移管済み"));

    assertThat(service).hasPassedInOrder("cloudManagerLeft", "requestSuccessor", "nameSuccessor", "recordSuccession",
        "successorNamed").isWaitingAt("reviewMeasures");
    Map<String, Object> registered = registry(service);
    assertThat(registered).containsEntry("cloud_manager_id", "ga-device-manager")
        .containsEntry("cloud_manager_name", "端末 管理").containsEntry("cloud_manager_named_by", "総務 部長");
    assertThat((Timestamp) registered.get("cloud_manager_since")).isAfter(approved);
    assertThat(runtime.getVariable(service.getId(), "cloudManager")).isEqualTo("ga-device-manager");
    assertThat(mails(service)).contains("cloud/successor-named:ga-device-manager");
    assertThat(task(service, "reviewMeasures")).as("handed over").isAssignedTo("ga-device-manager");

    // The next duty goes to the successor.
    complete(task(service, "reviewMeasures"), "ga-device-manager", Map.of("measuresHold", "yes"));
    fire(service, "annualReviewDue");
    assertThat(task(service, "reviewMeasures")).isAssignedTo("ga-device-manager");
  }

  @Test
  @DisplayName("第20条第2項: 異動したクラウドサービス管理者にも後任の指名が開き、在職のままの管理者のサービスと再度の読込では開かない")
  void aMoverIsReplacedTooWhileServicesOfManagersInPostAreLeftAloneArt20_2() throws Exception {
    ProcessInstance moved = inUseManagedByGaStaff("");
    ProcessInstance untouched = start("ga-staff", "cloud-service-approval", CloudServiceApprovalProcessTest.confidential());
    approveAndGoLive(untouched, "ga-chief");
    String moving = demoChart().replace(GA_STAFF, GA_STAFF.replace("ga-general,  ", "proc-contract,"));

    reload(moving);
    reload(demoChart());

    assertThat(tasks.createTaskQuery().processInstanceId(moved.getId()).taskDefinitionKey("nameSuccessor").count())
        .as("one open step, not one per reload").isEqualTo(1);
    assertThat(task(moved, "nameSuccessor")).isAssignedTo("ga-director");
    assertThat((String) runtime.getVariable(moved.getId(), "successionReason")).contains("異動（契約課へ）");
    assertThat(task(untouched, "nameSuccessor")).isNull();
    assertThat(registry(untouched)).containsEntry("cloud_manager_id", "ga-chief");
  }

  private ProcessInstance inUseManagedByGaStaff(String parties) {
    Map<String, Object> values = CloudServiceApprovalProcessTest.confidential();
    values.put("parties", parties);
    ProcessInstance service = start("ga-chief", "cloud-service-approval", values);
    approveAndGoLive(service, "ga-staff");
    return service;
  }

  private void approveAndGoLive(ProcessInstance service, String manager) {
    complete(task(service, "setSecurityRequirements"), "ga-director", CloudServiceApprovalProcessTest.REQUIREMENTS_SET);
    complete(task(service, "reviewCloudUse"), "it-director", Map.of("decision", "approve", "decisionComment", "",
        "cloudManager", manager));
    complete(task(service, "setUseRequirements"), manager, CloudServiceApprovalProcessTest.USE_REQUIREMENTS_SET);
    complete(task(service, "registerInSystemLedger"), manager, Map.of("systemLedgerId", "SYS-20"));
    complete(task(service, "confirmGoLiveProcedures"), manager, CloudServiceApprovalProcessTest.PROCEDURES_READY);
  }

  private void reload(String chart) throws Exception {
    Files.writeString(ORG_CHART, chart, StandardCharsets.UTF_8);
    charts.reload("admin");
  }

  private Map<String, Object> registry(ProcessInstance service) {
    return jdbc.queryForMap("select * from apr_cloud_service where process_instance_id = ?", service.getId());
  }
}
