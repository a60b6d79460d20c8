package jp.go.jica.approval.ledger;

import java.util.Map;

/**
 * One column of a register: its JSON key, its Japanese label (the table header and the CSV header alike),
 * its type ({@code text}, {@code number}, {@code date}, {@code time}, {@code flag} or {@code option}), the
 * labels of its stored option keys, and whether the registers page shows it (the CSV has every column).
 */
public record Column(String key, String label, String type, Map<String, String> options, boolean onPage) {

  public static Column text(String key, String label) {
    return new Column(key, label, "text", Map.of(), true);
  }

  public static Column number(String key, String label) {
    return new Column(key, label, "number", Map.of(), true);
  }

  /** A day (yyyy/MM/dd). */
  public static Column date(String key, String label) {
    return new Column(key, label, "date", Map.of(), true);
  }

  /** A moment, written in Japan time (yyyy/MM/dd HH:mm). */
  public static Column time(String key, String label) {
    return new Column(key, label, "time", Map.of(), true);
  }

  /** Yes or no (はい / いいえ). */
  public static Column flag(String key, String label) {
    return new Column(key, label, "flag", Map.of(), true);
  }

  /** A stored key shown as its label, as the form that captured it labels it ({@code "true"}/{@code "false"} for flags). */
  public static Column option(String key, String label, Map<String, String> options) {
    return new Column(key, label, "option", Map.copyOf(options), true);
  }

  /** The same column in the CSV only, not in the page's table. */
  public Column csvOnly() {
    return new Column(key, label, type, options, false);
  }

  /** What a cell shows for a stored value: its option label, or the value itself. */
  Object label(Object value) {
    return value == null ? null : options.isEmpty() ? value : options.getOrDefault(value.toString(), value.toString());
  }
}
