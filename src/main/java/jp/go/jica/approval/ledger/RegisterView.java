package jp.go.jica.approval.ledger;

import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;

/**
 * A register as the registers page shows it: its tab, its columns and the rows a user may see. Each
 * register's controller implements it; {@link RegisterPage} lists them at {@code GET /api/registers}, and
 * the page builds its tabs and table headers from that list.
 *
 * <h2>Adding a register</h2>
 * <ol>
 *   <li>Keep the rows in one table of your package with a {@code department_id} column and the people who
 *       must see their own rows (e.g. {@code applicant_id}).</li>
 *   <li>Say who sees which rows once, as a {@link VisibilityRule} constant, and select with
 *       {@code rule.of(user, chart).where(args)} in every query that lists rows (list, detail, CSV).</li>
 *   <li>Let the controller implement this interface: {@link #key()} (the tab's id, e.g. {@code incidents}),
 *       {@link #title()}, {@link #order()} (after the five registers: 60 and up), {@link #path()} (the JSON
 *       list; the CSV is the same path with {@code .csv}), {@link #columns()} (JSON keys in camelCase, as
 *       {@link LedgerRows#json} writes the table's columns) and {@link #rows}.</li>
 *   <li>Answer the CSV with {@code LedgerRows.csv(fileName, columns(), rows)}: its headers are the page's.</li>
 *   <li>Add its tables to {@link RegisterRetention#TABLES} (details first), so that the agency's retention
 *       reaches its lines; the platform refuses to start with a register missing there.</li>
 *   <li>Refuse with {@code ResponseStatusException} and a Japanese reason; {@code PlatformApiErrors} answers
 *       it (no {@code @ExceptionHandler} of your own). Check administrators with {@link Administrators#is}.</li>
 * </ol>
 */
public interface RegisterView {

  /** The tab's id and the page's {@code ?register=} parameter, e.g. {@code media}. */
  String key();

  /** The tab's Japanese title. */
  String title();

  /** Where the tab stands: lower first. */
  int order();

  /** The JSON list of rows; {@code path() + ".csv"} is its CSV. */
  String path();

  /** The query parameters the list and the CSV filter on (of {@code status}, {@code q}); none by default. */
  default List<String> filters() {
    return List.of();
  }

  /** Every column, in order: those {@link Column#onPage()} in the page's table, all in the CSV. */
  List<Column> columns();

  /** Whether the page offers the register to {@code user} at all; the rows say what they may see in it. */
  default boolean visibleTo(Authentication user) {
    return true;
  }

  /** The rows {@code user} may see, newest first, as JSON with the columns' keys. */
  List<Map<String, Object>> rows(Authentication user);
}
