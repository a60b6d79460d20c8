package jp.go.jica.approval.cloud;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.LedgerRows;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.ExceptionHandler;
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
class CloudServiceController {

  static final String TERMINATION_MESSAGE = "cloudServiceTermination";
  private static final String[][] CSV_COLUMNS = {
      {"registry_number", "登録番号"}, {"service_name", "サービス名"}, {"provider", "提供者"},
      {"status", "状態"}, {"department_name", "部署"}, {"confidentiality", "機密性"},
      {"integrity", "完全性"}, {"availability", "可用性"}, {"data_locations", "データの保存場所"},
      {"ismap_number", "ISMAP登録番号"}, {"period_from", "利用期間（開始）"}, {"period_to", "利用期間（終了）"},
      {"cloud_manager_name", "クラウドサービス管理者"}, {"cloud_manager_since", "クラウドサービス管理者（就任）"},
      {"cloud_manager_named_by", "クラウドサービス管理者の指名者"}, {"authorizer_name", "許可権限者"},
      {"approved_at", "承認日時"}, {"use_judged_at", "利用判断基準による検討（第62条第1項）"},
      {"procurement_documents", "調達仕様書・契約書（第63条）"}, {"use_requirements_at", "利用に係る要件の策定（第66条）"},
      {"build_measures_at", "導入・構築時の措置の記録（第67条第1項）"}, {"system_ledger_id", "情報システム台帳の番号"},
      {"system_ledger_revision", "情報システム台帳の版"}, {"system_ledger_updated_at", "情報システム台帳の更新（第68条第2項）"},
      {"system_ledger_change", "情報システム台帳の直近の変更"}, {"go_live_at", "運用開始"}, {"last_review_at", "最終確認"},
      {"ended_at", "利用終了"}};

  private final CloudRegistry registry;
  private final RuntimeService runtime;

  CloudServiceController(CloudRegistry registry, RuntimeService runtime) {
    this.registry = registry;
    this.runtime = runtime;
  }

  @GetMapping("/api/cloud-services")
  List<Map<String, Object>> search(@RequestParam(required = false) String q,
      @RequestParam(required = false) String status, @RequestParam(required = false) String department,
      @RequestParam(defaultValue = "200") int limit) {
    return registry.search(q, status, department, Math.min(Math.max(limit, 1), 5000)).stream()
        .map(LedgerRows::json).toList();
  }

  @GetMapping("/api/cloud-services.csv")
  ResponseEntity<byte[]> csv(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
      @RequestParam(required = false) String department) {
    return LedgerRows.csv("cloud-services.csv", CSV_COLUMNS, registry.search(q, status, department, 10_000));
  }

  /** The cloud-manager (or an administrator) ends the use of a service in use (Art. 65-3, 69). */
  @PostMapping("/api/cloud-services/{number}/termination")
  @Transactional
  Map<String, Object> terminate(@PathVariable String number, Authentication user) {
    Map<String, Object> service = registry.byNumber(number).orElseThrow(() ->
        new ResponseStatusException(HttpStatus.NOT_FOUND, "登録番号「" + number + "」のクラウドサービスはありません"));
    boolean admin = user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
    if (!mayTerminate(service, user.getName(), admin)) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN,
          "利用終了の手続はこのサービスのクラウドサービス管理者（" + service.get("cloud_manager_name") + "）だけが開始できます");
    }
    if (!CloudRegistry.IN_USE.equals(service.get("status"))) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "「" + service.get("status") + "」のサービスは終了手続を開始できません（運用中のみ）");
    }
    runtime.createMessageCorrelation(TERMINATION_MESSAGE)
        .processInstanceId((String) service.get("process_instance_id")).correlate();
    registry.setStatus((String) service.get("process_instance_id"), CloudRegistry.TERMINATING, null);
    return Map.of("registryNumber", number, "status", "利用終了の手続を開始しました");
  }

  /** Art. 69: the service's cloud-manager ends its use; an administrator may start it for them. */
  static boolean mayTerminate(Map<String, Object> service, String person, boolean administrator) {
    return administrator || person.equals(service.get("cloud_manager_id"));
  }

  @ExceptionHandler(ResponseStatusException.class)
  ResponseEntity<Map<String, String>> refused(ResponseStatusException e) {
    return ResponseEntity.status(e.getStatusCode()).body(Map.of("message", e.getReason() == null ? "" : e.getReason()));
  }
}
