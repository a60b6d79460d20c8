package jp.go.jica.approval.byod;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.Column;
import jp.go.jica.approval.ledger.LedgerRows;
import jp.go.jica.approval.ledger.RegisterView;
import jp.go.jica.approval.ledger.VisibilityRule;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Role;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The CISO's Art. 94 switch (read by anyone, changed by the CISO alone, with a reason, at run time), the
 * permit register, and the employee's report that the purpose is complete.
 */
@RestController
class ByodController implements RegisterView {

  static final String PURPOSE_COMPLETED = "byodPurposeCompleted";
  /** Device kinds as byod-start.form labels them. */
  static final Map<String, String> DEVICE_KINDS = Map.of("pc", "パソコン", "smartphone", "スマートフォン", "tablet", "タブレット");

  /** Own permits; device-managers and isos their departments'; the security office and administrators all. */
  static final VisibilityRule VISIBILITY = VisibilityRule.rows().withAllForSecurityOffice()
      .withDepartmentsWhere(Role.DEVICE_MANAGER, Role.ISO).withPeopleIn("applicant_id");

  private static final List<Column> COLUMNS = List.of(
      Column.text("permitNumber", "許可番号"), Column.text("applicantName", "申請者"), Column.text("departmentName", "部署"),
      Column.option("deviceKind", "端末", DEVICE_KINDS), Column.text("osVersion", "OS"),
      Column.text("deviceOwner", "所有者").csvOnly(), Column.number("confidentiality", "機密性"),
      Column.number("integrity", "完全性").csvOnly(), Column.number("availability", "可用性").csvOnly(),
      Column.flag("internalNetwork", "内部ネットワーク接続"), Column.date("periodFrom", "許可期間（開始）"),
      Column.date("periodTo", "許可期間（終了）"), Column.text("status", "状態"),
      Column.text("deviceManagerDecidedBy", "端末管理責任者の判断者").csvOnly(),
      Column.text("sectionIsoDecidedBy", "課等情報セキュリティ責任者の判断者").csvOnly(),
      Column.text("issoDecidedBy", "情報システムセキュリティ責任者の判断者").csvOnly(),
      Column.time("procedureAcknowledgedAt", "利用手順の確認日時").csvOnly(), Column.flag("erased", "情報消去").csvOnly(),
      Column.time("erasedAt", "消去確認日時"));

  private final ByodRegister register;
  private final ByodSwitch byodSwitch;
  private final OrgChartService charts;
  private final RuntimeService runtime;

  ByodController(ByodRegister register, ByodSwitch byodSwitch, OrgChartService charts, RuntimeService runtime) {
    this.register = register;
    this.byodSwitch = byodSwitch;
    this.charts = charts;
    this.runtime = runtime;
  }

  @GetMapping("/api/byod/allowed")
  Map<String, Object> allowed() {
    return Map.of("allowed", byodSwitch.allowed());
  }

  /** The body of a change of the switch: the CISO's decision and why. */
  record SwitchChange(Boolean allowed, String reason) {
  }

  /**
   * The CISO's decision (Art. 94): running the platform does not confer it, so the former administrators'
   * path answers the same refusal to them. A body that is no such change is refused before anyone's rights
   * are looked at; either way nothing changes.
   */
  @PutMapping({"/api/byod/allowed", "/api/admin/byod/allowed"})
  Map<String, Object> setAllowed(@RequestBody SwitchChange body, Authentication user) {
    if (!byodSwitch.isCiso(user.getName())) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN,
          "機構支給以外の端末の利用の可否は、最高情報セキュリティ責任者だけが変更できます（第94条）");
    }
    if (body.allowed() == null) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "「allowed」（true / false）を指定してください");
    }
    if (body.reason() == null || body.reason().isBlank() || body.reason().length() > 4000) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "「reason」（判断の理由、4000文字まで）を入力してください（第94条）");
    }
    return byodSwitch.change(body.allowed(), user.getName(), body.reason().strip());
  }

  /** Every change of the switch: who decided, why and when, newest first. */
  @GetMapping("/api/byod/allowed/history")
  List<Map<String, Object>> history() {
    return register.switchChanges(1000).stream().map(LedgerRows::json).toList();
  }

  @GetMapping("/api/byod/permits")
  @Override
  public List<Map<String, Object>> rows(Authentication user) {
    return register.find(VISIBILITY.of(user, charts.current()), 10_000).stream().map(LedgerRows::json).toList();
  }

  @GetMapping("/api/byod/permits.csv")
  ResponseEntity<byte[]> csv(Authentication user) {
    return LedgerRows.csv("byod-permits.csv", COLUMNS, rows(user));
  }

  @Override
  public String key() {
    return "byod";
  }

  @Override
  public String title() {
    return "BYOD許可";
  }

  @Override
  public int order() {
    return 40;
  }

  @Override
  public String path() {
    return "/api/byod/permits";
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  /** The permit holder reports the purpose complete: the erasure confirmation is due now (Art. 97-4). */
  @PostMapping("/api/byod/permits/{number}/completion")
  Map<String, Object> completed(@PathVariable String number, Authentication user) {
    ByodRegister.Entry permit = register.byNumber(number).orElseThrow(() ->
        new ResponseStatusException(HttpStatus.NOT_FOUND, "許可番号「" + number + "」はありません"));
    if (!user.getName().equals(permit.applicantId())) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "目的の完了は許可を受けた本人だけが報告できます");
    }
    try {
      runtime.createMessageCorrelation(PURPOSE_COMPLETED)
          .processInstanceId(permit.processInstanceId()).correlate();
    } catch (MismatchingMessageCorrelationException e) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "この許可は現在「" + permit.status() + "」です（許可中のみ報告できます）");
    }
    return Map.of("permitNumber", number, "status", "消去の報告をしてください");
  }
}
