package jp.go.jica.approval.ledger;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
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
        cells.add(cell(row.get(column[0])));
      }
      csv.append(String.join(",", cells)).append("\r\n");
    }
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .body(csv.toString().getBytes(StandardCharsets.UTF_8));
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
    String text = value.toString();
    if (!(value instanceof Number) && !text.isEmpty() && FORMULA_START.indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }
}
