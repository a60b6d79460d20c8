package jp.go.jica.approval.media;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.Column;
import jp.go.jica.approval.ledger.LedgerRows;
import jp.go.jica.approval.ledger.RegisterView;
import jp.go.jica.approval.ledger.VisibilityRule;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Role;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
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
class MediaController implements RegisterView {

  /** Media kinds and permissions as media-start.form and the process label them. */
  static final Map<String, String> MEDIA_KINDS =
      Map.of("usb", "USBメモリ", "hdd", "外付けHDD/SSD", "optical", "光ディスク", "sd", "SDカード");
  static final Map<String, String> PERMISSIONS = Map.of("section-iso", "課等情報セキュリティ責任者の許可",
      "record-only", "記録のみ（指定区域）", "none", "許可不要");

  /** Own entries; the section-iso and iso their departments'; the security office and administrators all. */
  static final VisibilityRule VISIBILITY = VisibilityRule.rows().withAllForSecurityOffice()
      .withDepartmentsWhere(Role.SECTION_ISO, Role.ISO).withPeopleIn("applicant_id");

  private static final List<Column> COLUMNS = List.of(
      Column.text("logNumber", "記録番号"), Column.text("applicantName", "申請者"), Column.text("departmentName", "部署"),
      Column.option("mediaKind", "媒体", MEDIA_KINDS), Column.text("assetNumber", "資産番号"),
      Column.number("confidentiality", "機密性"), Column.number("integrity", "完全性").csvOnly(),
      Column.number("availability", "可用性").csvOnly(), Column.text("destination", "持出し先"),
      Column.text("designatedAreaId", "指定区域").csvOnly(), Column.date("carryOutOn", "持出し日"),
      Column.date("returnOn", "返却予定日"), Column.option("permission", "許可", PERMISSIONS),
      Column.flag("encrypted", "暗号化"), Column.text("designatedTransport", "指定の運搬方法").csvOnly(),
      Column.text("transportMethod", "運搬方法").csvOnly(), Column.text("status", "状態"),
      Column.time("returnedAt", "返却日時"), Column.flag("lost", "紛失"),
      Column.text("incidentNumber", "インシデント番号"));

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
  @Override
  public List<Map<String, Object>> rows(Authentication user) {
    return log.find(VISIBILITY.of(user, charts.current()), 10_000).stream().map(LedgerRows::json).toList();
  }

  @GetMapping("/api/media/carry-outs.csv")
  ResponseEntity<byte[]> csv(Authentication user) {
    return LedgerRows.csv("media-carry-outs.csv", COLUMNS, rows(user));
  }

  @Override
  public String key() {
    return "media";
  }

  @Override
  public String title() {
    return "外部電磁的記録媒体の持出し";
  }

  @Override
  public int order() {
    return 50;
  }

  @Override
  public String path() {
    return "/api/media/carry-outs";
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
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

  private void requireChiefIso(Authentication user) {
    // the chief-iso's decision, which running the platform does not confer
    boolean chiefIso = charts.current().organizationHolder(Role.CHIEF_ISO).filter(user.getName()::equals).isPresent();
    if (!chiefIso) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN,
          "指定区域は統括情報セキュリティ責任者だけが変更できます（第143条第3項・第47条第1項ただし書）");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
