package jp.go.jica.approval.cloud;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.Administrators;
import jp.go.jica.approval.ledger.Column;
import jp.go.jica.approval.ledger.LedgerRows;
import jp.go.jica.approval.ledger.RegisterView;
import jp.go.jica.approval.ledger.VisibilityRule;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The approved-service registry for every employee (Art. 145-8: nobody may use an unapproved
 * service, so anyone may look), and the cloud-manager's request to end a service's use.
 */
@RestController
class CloudServiceController implements RegisterView {

  static final String TERMINATION_MESSAGE = "cloudServiceTermination";
  /** Art. 145-8: nobody may use an unapproved service, so every employee sees every service. */
  static final VisibilityRule VISIBILITY = VisibilityRule.everyone();

  private static final List<Column> COLUMNS = List.of(
      Column.text("registryNumber", "登録番号"), Column.text("serviceName", "サービス名"), Column.text("provider", "提供者"),
      Column.text("status", "状態"), Column.text("departmentName", "部署"), Column.number("confidentiality", "機密性"),
      Column.number("integrity", "完全性").csvOnly(), Column.number("availability", "可用性").csvOnly(),
      Column.text("dataLocations", "データの保存場所"), Column.text("ismapNumber", "ISMAP登録番号"),
      Column.date("periodFrom", "利用期間（開始）"), Column.date("periodTo", "利用期間（終了）"),
      Column.text("cloudManagerName", "クラウドサービス管理者"), Column.time("cloudManagerSince", "クラウドサービス管理者（就任）"),
      Column.text("cloudManagerNamedBy", "クラウドサービス管理者の指名者").csvOnly(), Column.text("authorizerName", "許可権限者"),
      Column.time("approvedAt", "承認日時"), Column.time("useJudgedAt", "利用判断基準による検討（第62条第1項）").csvOnly(),
      Column.text("procurementDocuments", "調達仕様書・契約書（第63条）").csvOnly(),
      Column.time("useRequirementsAt", "利用に係る要件の策定（第66条）").csvOnly(),
      Column.time("buildMeasuresAt", "導入・構築時の措置の記録（第67条第1項）").csvOnly(),
      Column.text("systemLedgerId", "情報システム台帳の番号"), Column.number("systemLedgerRevision", "情報システム台帳の版"),
      Column.time("systemLedgerUpdatedAt", "情報システム台帳の更新（第68条第2項）"),
      Column.text("systemLedgerChange", "情報システム台帳の直近の変更").csvOnly(), Column.time("goLiveAt", "運用開始").csvOnly(),
      Column.time("lastReviewAt", "最終確認").csvOnly(), Column.time("endedAt", "利用終了").csvOnly());

  private final CloudRegistry registry;
  private final RuntimeService runtime;
  private final OrgChartService charts;

  CloudServiceController(CloudRegistry registry, RuntimeService runtime, OrgChartService charts) {
    this.registry = registry;
    this.runtime = runtime;
    this.charts = charts;
  }

  @GetMapping("/api/cloud-services")
  List<Map<String, Object>> search(Authentication user, @RequestParam(required = false) String q,
      @RequestParam(required = false) String status, @RequestParam(required = false) String department,
      @RequestParam(defaultValue = "200") int limit) {
    return registry.search(VISIBILITY.of(user, charts.current()), q, status, department, Math.min(Math.max(limit, 1), 5000))
        .stream().map(LedgerRows::json).toList();
  }

  @Override
  public List<Map<String, Object>> rows(Authentication user) {
    return search(user, null, null, null, 200);
  }

  @Override
  public String key() {
    return "cloud";
  }

  @Override
  public String title() {
    return "クラウドサービス";
  }

  @Override
  public int order() {
    return 20;
  }

  @Override
  public String path() {
    return "/api/cloud-services";
  }

  @Override
  public List<String> filters() {
    return List.of("status", "q");
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @GetMapping("/api/cloud-services.csv")
  ResponseEntity<byte[]> csv(Authentication user, @RequestParam(required = false) String q,
      @RequestParam(required = false) String status, @RequestParam(required = false) String department) {
    return LedgerRows.csv("cloud-services.csv", COLUMNS, registry.search(VISIBILITY.of(user, charts.current()), q, status,
        department, 10_000).stream().map(LedgerRows::json).toList());
  }

  /** The cloud-manager (or an administrator) ends the use of a service in use (Art. 65-3, 69). */
  @PostMapping("/api/cloud-services/{number}/termination")
  @Transactional
  Map<String, Object> terminate(@PathVariable String number, Authentication user) {
    CloudRegistry.Entry service = registry.byNumber(number).orElseThrow(() ->
        new ResponseStatusException(HttpStatus.NOT_FOUND, "登録番号「" + number + "」のクラウドサービスはありません"));
    boolean admin = Administrators.is(user);
    if (!mayTerminate(service, user.getName(), admin)) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN,
          "利用終了の手続はこのサービスのクラウドサービス管理者（" + service.cloudManagerName() + "）だけが開始できます");
    }
    if (!CloudRegistry.IN_USE.equals(service.status())) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "「" + service.status() + "」のサービスは終了手続を開始できません（運用中のみ）");
    }
    runtime.createMessageCorrelation(TERMINATION_MESSAGE)
        .processInstanceId(service.processInstanceId()).correlate();
    registry.recordStatus(service.processInstanceId(), CloudRegistry.TERMINATING);
    return Map.of("registryNumber", number, "status", "利用終了の手続を開始しました");
  }

  /** Art. 69: the service's cloud-manager ends its use; an administrator may start it for them. */
  static boolean mayTerminate(CloudRegistry.Entry service, String person, boolean administrator) {
    return administrator || person.equals(service.cloudManagerId());
  }
}
