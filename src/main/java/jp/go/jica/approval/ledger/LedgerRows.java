package jp.go.jica.approval.ledger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Turns register rows (JDBC maps) into the JSON and CSV the registers' REST endpoints answer with. */
public final class LedgerRows {

  private LedgerRows() {
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
   * every cell quoted.
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
        Object value = row.get(column[0]);
        if (value instanceof Boolean flag) {
          value = flag ? "はい" : "いいえ"; // read by people in Excel, not by programs
        }
        cells.add("\"" + (value == null ? "" : value.toString().replace("\"", "\"\"")) + "\"");
      }
      csv.append(String.join(",", cells)).append("\r\n");
    }
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .body(csv.toString().getBytes(StandardCharsets.UTF_8));
  }
}
