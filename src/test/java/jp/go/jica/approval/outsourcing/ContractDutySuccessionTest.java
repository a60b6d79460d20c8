package jp.go.jica.approval.outsourcing;

import static jp.go.jica.approval.outsourcing.OutsourcingSelectionProcessTest.ART_54;
import static jp.go.jica.approval.outsourcing.OutsourcingSelectionProcessTest.SELECTED;
import static jp.go.jica.approval.outsourcing.OutsourcingSelectionProcessTest.SERVICE_CONDITIONS;
import static jp.go.jica.approval.outsourcing.OutsourcingSelectionProcessTest.approve;
import static jp.go.jica.approval.outsourcing.OutsourcingSelectionProcessTest.contract;
import static jp.go.jica.approval.outsourcing.OutsourcingSelectionProcessTest.plain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Instant;
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
 * Art. 20-2 for the contractor register's named duties ({@code dutyHolderChange} of
 * {@code outsourcing-selection.bpmn}): a reload in which the contract owner or the 業務委託サービス管理者
 * left or moved has the responsible iso name a successor, and the duty follows the successor.
 */
class ContractDutySuccessionTest extends PlatformTest {

  @Autowired OrgChartService charts;

  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
  }

  @AfterEach
  void restoreTheChart() throws Exception {
    OutsourcingSelectionProcessTest.restoreDemoChart(charts);
  }

  @Test
  @DisplayName("第20条第2項: 委託契約の担当者が退職すると、部等の情報セキュリティ責任者が後任を指名し、登録簿・変数・タスクが後任に移る")
  void aLeavingContractOwnersDutyGoesToTheSuccessorTheDepartmentsIsoNamesArt20_2() throws Exception {
    // Given a contract of 総務部 run by ga-director, ga-chief recorded as related to the contractor, and a check due
    Map<String, Object> values = plain();
    values.put("parties", "ga-chief");
    ProcessInstance outsourcing = underContract(start("ga-staff", "outsourcing-selection", values), "ga-director");
    fire(outsourcing, "checkDue");
    assertThat(task(outsourcing, "checkContractorMeasures")).isAssignedTo("ga-director");
    Timestamp beforeReload = Timestamp.from(Instant.now());

    // When ga-director leaves and ga-successor becomes head and iso of 総務部
    reload(demoChart().replace("ga-director", "ga-successor"));

    // Then the department's new iso names the successor, from the chart and free of conflict on the case
    Task naming = task(outsourcing, "nameSuccessor");
    assertThat(naming).isAssignedTo("ga-successor");
    assertThat(tasks.getVariable(naming.getId(), "formerHolder")).isEqualTo("ga-director");
    assertRefused(() -> complete(naming, "ga-successor", Map.of("successor", "ga-director")),
        BadUserRequestException.class, "「ga-director」は現在の組織図にいません（第20条第2項）");
    assertRefused(() -> complete(naming, "ga-successor", Map.of("successor", "ga-chief")),
        BadUserRequestException.class, "第16条");
    complete(naming, "ga-successor", Map.of("successor", "ga-successor", "handOverNote", "定期確認の記録を引継ぎ"));

    Map<String, Object> row = register(outsourcing);
    assertThat(row).containsEntry("contract_owner_id", "ga-successor");
    assertThat((Timestamp) row.get("contract_owner_since")).isAfterOrEqualTo(beforeReload);
    assertThat(runtime.getVariable(outsourcing.getId(), "contractOwner")).isEqualTo("ga-successor");
    assertThat(jdbc.queryForList("select article || ' ' || recorded_by || ' ' || summary from apr_contract_event "
        + "where process_instance_id = ?", String.class, outsourcing.getId())).singleElement().asString()
        .startsWith("第20条第2項 ga-successor 委託契約の担当者").contains("ga-director", "定期確認の記録を引継ぎ");
    assertThat(outsourcing).hasPassedInOrder("dutyHolderLeft", "nameSuccessor", "handOverDuty", "successorNamed");
    // And the check the leaver held moved to the successor, who alone may now complete it
    Task check = task(outsourcing, "checkContractorMeasures");
    assertThat(check).isAssignedTo("ga-successor");
    assertThat(jdbc.queryForObject("select reason_code from apr_routing_decision where task_id = ? order by id desc limit 1",
        String.class, check.getId())).isEqualTo("SUCCESSOR");
    complete(check, "ga-successor", Map.of("findingFound", "no"));
    assertThat(mails(outsourcing)).contains("outsourcing/successor-needed:ga-successor",
        "outsourcing/duty-handed-over:ga-successor").doesNotContain("outsourcing/duty-handed-over:ga-director");
    // And the next duty of the contract is the successor's
    correlateCompleted(outsourcing);
    assertThat(task(outsourcing, "acceptanceInspection")).isAssignedTo("ga-successor");
  }

  @Test
  @DisplayName("第20条第2項: 契約締結の手順の途中で担当者が退職しても、指名された後任者が契約を締結し、削除されたアカウントに残らない")
  void aContractStepHeldByALeaverMovesToTheSuccessorArt20_2() throws Exception {
    // Given a contract waiting for ga-director to record it
    ProcessInstance outsourcing = start("ga-staff", "outsourcing-selection", plain());
    complete(task(outsourcing, "draftSpecification"), "ga-director", approve(ART_54));
    complete(task(outsourcing, "selectContractor"), "ga-director", SELECTED);
    assertThat(task(outsourcing, "recordContract")).isAssignedTo("ga-director");

    // When ga-director leaves and the department's new iso names ga-chief as successor
    reload(demoChart().replace("ga-director", "ga-successor"));
    complete(task(outsourcing, "nameSuccessor"), "ga-successor", Map.of("successor", "ga-chief"));

    // Then the contract step is ga-chief's, and the contract records ga-chief as its owner even after it is signed
    assertThat(task(outsourcing, "recordContract")).isAssignedTo("ga-chief");
    complete(task(outsourcing, "recordContract"), "ga-chief", contract("従事者と対策"));
    assertThat(register(outsourcing)).containsEntry("contract_owner_id", "ga-chief").containsEntry("status", "契約中");
    assertThat(runtime.getVariable(outsourcing.getId(), "contractOwner")).isEqualTo("ga-chief");
    assertThat(tasks.createTaskQuery().processInstanceId(outsourcing.getId()).taskAssignee("ga-director").count()).isZero();
  }

  @Test
  @DisplayName("第20条第2項: 業務委託サービス管理者が異動すると、統括情報セキュリティ責任者が後任を指名し、登録簿が現任者と就任日時を示す")
  void aMovedServiceManagerIsSucceededAsTheChiefIsoNamesArt20_2() throws Exception {
    // Given an approved 業務委託サービス whose manager is it-chief
    Map<String, Object> values = plain();
    values.put("systemWork", "service");
    ProcessInstance outsourcing = start("ga-staff", "outsourcing-selection", values);
    complete(task(outsourcing, "draftSpecification"), "ga-director", approve(ART_54));
    complete(task(outsourcing, "addSystemConditions"), "ga-director", SERVICE_CONDITIONS);
    complete(task(outsourcing, "selectContractor"), "ga-director", SELECTED);
    complete(task(outsourcing, "approveOutsourcingService"), "it-director", Map.of("decision", "approve",
        "decisionComment", "", "serviceManager", "it-chief"));
    complete(task(outsourcing, "recordContract"), "ga-director", contract("従事者と対策"));
    Timestamp beforeReload = Timestamp.from(Instant.now());

    // When it-chief moves to 総務課
    reload(demoChart().replace("section: it-security,   position: 情報セキュリティ課長",
        "section: ga-general,    position: 情報セキュリティ課長"));

    // Then the chief-iso, who named the manager (Art. 60-8), names the successor
    Task naming = task(outsourcing, "nameSuccessor");
    assertThat(naming).isAssignedTo("it-director");
    assertThat(tasks.getVariable(naming.getId(), "formerHolderName")).isEqualTo("情報 課長（異動）");
    complete(naming, "it-director", Map.of("successor", "it-staff"));

    Map<String, Object> row = register(outsourcing);
    assertThat(row).containsEntry("service_manager_id", "it-staff").containsEntry("contract_owner_id", "ga-director");
    assertThat((Timestamp) row.get("service_manager_since")).isAfterOrEqualTo(beforeReload);
    assertThat(runtime.getVariable(outsourcing.getId(), "serviceManager")).isEqualTo("it-staff");
    assertThat(mails(outsourcing)).contains("outsourcing/successor-needed:it-director",
        "outsourcing/duty-handed-over:it-staff", "outsourcing/duty-handed-over:it-chief");
  }

  @Test
  @DisplayName("第20条第2項: 職務の担当者が在職のままの異動のない契約と、終了した契約には後任指名のタスクを開かない")
  void contractsWhoseDutyHoldersStayOrThatAreClosedOpenNoSuccessorTask() throws Exception {
    // Given a running and a closed contract of 総務部
    ProcessInstance running = underContract(start("ga-staff", "outsourcing-selection", plain()), "ga-director");
    ProcessInstance closed = underContract(start("ga-staff", "outsourcing-selection", plain()), "ga-director");
    correlateCompleted(closed);
    complete(task(closed, "acceptanceInspection"), "ga-director", Map.of("measuresKeptWholePeriod", true,
        "informationReturned", true, "acceptanceNote", "消去証明を受領"));

    // When someone who holds no duty of them leaves
    reload(demoChart().replace("  - { id: proc-staff,", "  - { id: proc-gone,"));

    // Then nobody is asked to name a successor
    assertThat(task(running, "nameSuccessor")).isNull();
    assertThat(closed).isEnded();
    assertThat(register(running)).containsEntry("contract_owner_id", "ga-director");
  }

  // --- helpers -------------------------------------------------------------------------------

  ProcessInstance underContract(ProcessInstance outsourcing, String iso) {
    complete(task(outsourcing, "draftSpecification"), iso, approve(ART_54));
    complete(task(outsourcing, "selectContractor"), iso, SELECTED);
    complete(task(outsourcing, "recordContract"), iso, contract("従事者と対策"));
    return outsourcing;
  }

  void correlateCompleted(ProcessInstance outsourcing) {
    runtime.createMessageCorrelation("outsourcingWorkCompleted").processInstanceId(outsourcing.getId()).correlate();
  }

  void reload(String chart) throws Exception {
    Files.writeString(ORG_CHART, chart, StandardCharsets.UTF_8);
    charts.reload("test");
  }

  Map<String, Object> register(ProcessInstance outsourcing) {
    return jdbc.queryForMap("select * from apr_contract where process_instance_id = ?", outsourcing.getId());
  }
}
