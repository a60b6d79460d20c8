package jp.go.jica.approval.media;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.LedgerRows;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Role;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The carry-out log (own entries; the section-iso/iso their departments'; the security office all)
 * and the areas the chief-iso designates as other bodies' controlled areas (Art. 47-1 proviso).
 */
@RestController
class MediaController {

  private static final String[][] CSV_COLUMNS = {
      {"log_number", "記録番号"}, {"applicant_name", "申請者"}, {"department_name", "部署"}, {"media_kind", "媒体"},
      {"asset_number", "資産番号"}, {"confidentiality", "機密性"}, {"integrity", "完全性"}, {"availability", "可用性"},
      {"destination", "持出し先"}, {"designated_area_id", "指定区域"}, {"carry_out_on", "持出し日"},
      {"return_on", "返却予定日"}, {"permission", "許可"}, {"encrypted", "暗号化"}, {"designated_transport", "指定の運搬方法"},
      {"transport_method", "運搬方法"}, {"status", "状態"}, {"returned_at", "返却日時"}, {"lost", "紛失"},
      {"incident_number", "インシデント番号"}};

  private final MediaLog log;
  private final OrgChartService charts;
  private final MediaLoss loss;

  MediaController(MediaLog log, OrgChartService charts, MediaLoss loss) {
    this.log = log;
    this.charts = charts;
    this.loss = loss;
  }

  /** The employee reports the medium lost while it is out (Art. 29). Body: {@code returnNote}, the situation. */
  @PostMapping("/api/media/carry-outs/{number}/loss")
  Map<String, Object> lost(@PathVariable String number, @RequestBody(required = false) Map<String, Object> body,
      Authentication user) {
    return loss.report(number, user.getName(), body == null ? null : body.get("returnNote"));
  }

  @GetMapping("/api/media/carry-outs")
  List<Map<String, Object>> carryOuts(Authentication user) {
    return find(user).stream().map(LedgerRows::json).toList();
  }

  @GetMapping("/api/media/carry-outs.csv")
  ResponseEntity<byte[]> csv(Authentication user) {
    return LedgerRows.csv("media-carry-outs.csv", CSV_COLUMNS, find(user));
  }

  @GetMapping("/api/media/designated-areas")
  List<Map<String, Object>> areas() {
    return log.areas().stream().map(LedgerRows::json).toList();
  }

  /** Body: {@code name}, {@code organization}, {@code address}. The chief-iso only (Art. 143-3), not a platform administrator. */
  @PutMapping("/api/media/designated-areas/{id}")
  Map<String, Object> designate(@PathVariable String id, @RequestBody Map<String, String> body, Authentication user) {
    requireChiefIso(user);
    if (!id.matches("[A-Za-z0-9_-]{1,32}") || blank(body.get("name")) || blank(body.get("organization"))) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "区域コード（英数字32文字まで）、「name」（区域名）、「organization」（機関名）を指定してください");
    }
    log.designate(id, body.get("name"), body.get("organization"), body.get("address"), user.getName());
    return Map.of("id", id, "designatedBy", user.getName());
  }

  @DeleteMapping("/api/media/designated-areas/{id}")
  Map<String, Object> withdraw(@PathVariable String id, Authentication user) {
    requireChiefIso(user);
    if (!log.withdraw(id, user.getName())) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "区域コード「" + id + "」はありません");
    }
    return Map.of("id", id, "withdrawn", true);
  }

  @ExceptionHandler(ResponseStatusException.class)
  ResponseEntity<Map<String, String>> refused(ResponseStatusException e) {
    return ResponseEntity.status(e.getStatusCode()).body(Map.of("message", e.getReason() == null ? "" : e.getReason()));
  }

  private void requireChiefIso(Authentication user) {
    // the chief-iso's decision, which running the platform does not confer
    boolean chiefIso = charts.current().organizationHolder(Role.CHIEF_ISO).filter(user.getName()::equals).isPresent();
    if (!chiefIso) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN,
          "指定区域は統括情報セキュリティ責任者だけが変更できます（第143条第3項・第47条第1項ただし書）");
    }
  }

  private List<Map<String, Object>> find(Authentication user) {
    OrgChart chart = charts.current();
    String id = user.getName();
    boolean all = user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"))
        || chart.inSecurityOffice(id);
    return log.find(all, id, chart.departmentsWhereHolds(id, Role.SECTION_ISO, Role.ISO), 10_000);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
