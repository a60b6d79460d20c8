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

  /**
   * The rows of the register {@code table} the viewer may see, newest first. {@code table} is the register's own
   * constant, never a client's word.
   */
  public static List<Map<String, Object>> visible(JdbcTemplate jdbc, String table, VisibilityRule.Visibility visibility,
      int limit) {
    if (!table.matches("apr_[a-z_]+")) {
      throw new IllegalArgumentException("not a register table: " + table);
    }
    List<Object> args = new ArrayList<>();
    String sql = "select * from " + table + " where " + visibility.where(args) + " order by id desc limit ?";
    args.add(limit);
    return jdbc.queryForList(sql, args.toArray());
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
   * @param columns the register's columns, so that the CSV's headers are the page's
   * @param rows JSON rows ({@link #json}) keyed by the columns' keys
   */
  public static ResponseEntity<byte[]> csv(String fileName, List<Column> columns, List<Map<String, Object>> rows) {
    StringBuilder csv = new StringBuilder("\uFEFF");
    List<String> header = new ArrayList<>();
    for (Column column : columns) {
      header.add(column.label());
    }
    csv.append(String.join(",", header)).append("\r\n");
    for (Map<String, Object> row : rows) {
      List<String> cells = new ArrayList<>();
      for (Column column : columns) {
        cells.add(cell(shown(column, row)));
      }
      csv.append(String.join(",", cells)).append("\r\n");
    }
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .body(csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** What the registers page shows for one column of a row: an option's label, an overdue return. */
  static Object shown(Column column, Map<String, Object> row) {
    Object value = row.get(column.key());
    if ("status".equals(column.key()) && CARRIED_OUT.equals(value) && row.get("returnOn") != null
        && day(row.get("returnOn")).isBefore(LocalDate.now(JAPAN))) {
      return RETURN_OVERDUE;
    }
    return column.label(value);
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
