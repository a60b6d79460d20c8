package jp.go.jica.approval.ledger;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Turns register rows (JDBC maps) into the JSON and CSV the registers' REST endpoints answer with. */
public final class LedgerRows {

  /**
   * First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection: = + - @,
   * tab, carriage return), and their full-width forms, which Japanese input may turn into the same.
   */
  private static final String FORMULA_START = "=+-@\t\r＝＋－＠";

  /** The agency's clock and way of writing times, whatever the server's zone (issue 15). */
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");

  /**
   * The labels the forms and the registers page show for stored option keys, by register column: a CSV
   * says what the screen says, not the keys behind it.
   */
  private static final Map<String, Map<String, String>> LABELS = Map.of(
      "media_kind", Map.of("usb", "USBメモリ", "hdd", "外付けHDD/SSD", "optical", "光ディスク", "sd", "SDカード"),
      "permission", Map.of("section-iso", "課等情報セキュリティ責任者の許可", "record-only", "記録のみ（指定区域）",
          "none", "許可不要"),
      "device_kind", Map.of("pc", "パソコン", "smartphone", "スマートフォン", "tablet", "タブレット"),
      "system_work", Map.of("none", "情報システムに関係しない", "construction", "情報システムの構築（第58条）",
          "operation", "情報システムの運用・保守（第59条）", "service", "業務委託サービス（システムの一部機能の提供、第60条）",
          "other", "その他の情報システム関連"),
      "information_provided", Map.of("none", "提供しない", "protected", "要保護情報（要保全・要安定）を提供する",
          "confidential", "要機密情報を提供する"));

  /** A carry-out still out after its planned return date: the registers say so instead of 持出し中. */
  static final String CARRIED_OUT = "持出し中";
  static final String RETURN_OVERDUE = "返却期限超過";

  private LedgerRows() {
  }

  /**
   * Gives the row just inserted for the process instance its register number, {@code PREFIX-year-id}
   * (e.g. EX-2026-00042): readable, unique, and in the order of application.
   *
   * @param table and {@code numberColumn} are the register's own constants, never user input
   */
  public static String assignNumber(JdbcTemplate jdbc, String table, String numberColumn, String prefix,
      String processInstanceId) {
    long id = jdbc.queryForObject("select id from " + table + " where process_instance_id = ?", Long.class,
        processInstanceId);
    String number = String.format("%s-%d-%05d", prefix, LocalDate.now(ZoneId.systemDefault()).getYear(), id);
    jdbc.update("update " + table + " set " + numberColumn + " = ? where id = ?", number, id);
    return number;
  }

  /** camelCase keys whatever the database reports (H2 upper case, PostgreSQL lower case). */
  public static Map<String, Object> json(Map<String, Object> row) {
    Map<String, Object> json = new LinkedHashMap<>();
    row.forEach((column, value) -> {
      StringBuilder key = new StringBuilder();
      boolean upper = false;
      for (char c : column.toLowerCase(Locale.ROOT).toCharArray()) {
        if (c == '_') {
          upper = true;
        } else {
          key.append(upper ? Character.toUpperCase(c) : c);
          upper = false;
        }
      }
      json.put(key.toString(), value);
    });
    return json;
  }

  /**
   * A CSV download: UTF-8 with BOM (Excel on Japanese Windows reads UTF-8 only with it), CRLF,
   * every cell quoted and neutralised against formula injection ({@link #cell}).
   *
   * @param columns pairs of {column name, Japanese header}
   */
  public static ResponseEntity<byte[]> csv(String fileName, String[][] columns, List<Map<String, Object>> rows) {
    StringBuilder csv = new StringBuilder("\uFEFF");
    List<String> header = new ArrayList<>();
    for (String[] column : columns) {
      header.add(column[1]);
    }
    csv.append(String.join(",", header)).append("\r\n");
    for (Map<String, Object> row : rows) {
      List<String> cells = new ArrayList<>();
      for (String[] column : columns) {
        cells.add(cell(shown(column[0], row)));
      }
      csv.append(String.join(",", cells)).append("\r\n");
    }
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .body(csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** What the registers page shows for one column of a row: an option's label, an overdue return. */
  static Object shown(String column, Map<String, Object> row) {
    Object value = row.get(column);
    if ("status".equals(column) && CARRIED_OUT.equals(value) && row.get("return_on") != null
        && day(row.get("return_on")).isBefore(LocalDate.now(JAPAN))) {
      return RETURN_OVERDUE;
    }
    Map<String, String> labels = LABELS.get(column);
    return labels != null && value != null ? labels.getOrDefault(value.toString(), value.toString()) : value;
  }

  private static LocalDate day(Object value) {
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof LocalDate date) {
      return date;
    }
    String text = value.toString();
    return LocalDate.parse(text.substring(0, Math.min(10, text.length())));
  }

  /**
   * A date or time as the agency writes it: days as yyyy/MM/dd, moments in Japan time as yyyy/MM/dd HH:mm.
   * Anything else unchanged.
   */
  static Object written(Object value) {
    if (value instanceof java.sql.Date date) {
      return DAY.format(date.toLocalDate());
    }
    if (value instanceof LocalDate date) {
      return DAY.format(date);
    }
    if (value instanceof Timestamp time) {
      return TIME.format(time.toInstant().atZone(JAPAN));
    }
    if (value instanceof java.util.Date time) {
      return TIME.format(time.toInstant().atZone(JAPAN));
    }
    if (value instanceof Instant time) {
      return TIME.format(time.atZone(JAPAN));
    }
    if (value instanceof OffsetDateTime time) {
      return TIME.format(time.atZoneSameInstant(JAPAN));
    }
    if (value instanceof LocalDateTime time) {
      return TIME.format(time.atZone(ZoneId.systemDefault()).withZoneSameInstant(JAPAN));
    }
    return value;
  }

  /**
   * One CSV cell, following OWASP's rule for CSV injection: text beginning with a formula character
   * gets a leading single quote (shown as text, never evaluated), embedded double quotes are doubled
   * and the cell is always quoted. Numbers stay numbers: a negative number is not a formula.
   */
  static String cell(Object value) {
    if (value == null) {
      return "\"\"";
    }
    if (value instanceof Boolean flag) {
      value = flag ? "はい" : "いいえ"; // read by people in Excel, not by programs
    }
    value = written(value);
    String text = value.toString();
    if (!(value instanceof Number) && !text.isEmpty() && FORMULA_START.indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }
}
