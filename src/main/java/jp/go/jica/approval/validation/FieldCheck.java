package jp.go.jica.approval.validation;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * A process's own rules across fields (dates in order, what a classification demands), collected and
 * refused together with {@link BadUserRequestException}: the form keeps what was typed and REST
 * answers 400. What one field must be on its own (required, a choice, a format, a length) is the
 * deployed form's rule, checked before this by {@link FormContractPlugin}.
 */
public final class FieldCheck {

  private final Map<String, Object> values;
  private final List<String> errors = new ArrayList<>();

  private FieldCheck(Map<String, Object> values) {
    this.values = values;
  }

  /** Checks the variables visible from this execution or task. */
  public static FieldCheck of(VariableScope scope) {
    return new FieldCheck(scope.getVariables());
  }

  public static FieldCheck of(Map<String, Object> values) {
    return new FieldCheck(values);
  }

  /** A classification level (機密性 1-3, 完全性 1-2, 可用性 1-2); 1 when absent. */
  public int level(String key) {
    Object value = values.get(key);
    String text = value == null ? "" : value.toString().trim();
    return text.matches("[1-3]") ? Integer.parseInt(text) : 1;
  }

  /** A date (YYYY-MM-DD, or a date-time whose date part is used); null when blank or unreadable. */
  public LocalDate date(String key) {
    Object value = values.get(key);
    if (blank(value)) {
      return null;
    }
    String text = value.toString().trim();
    try {
      return LocalDate.parse(text.substring(0, Math.min(10, text.length())));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Reports {@code message} when {@code condition} holds. */
  public FieldCheck error(boolean condition, String message) {
    if (condition) {
      errors.add(message);
    }
    return this;
  }

  /**
   * Where the regulation asks for permission before the act, a request dated in the past is refused
   * ({@code label} names the date field).
   */
  public FieldCheck notBeforeToday(LocalDate date, String label, String why) {
    return error(date != null && date.isBefore(LocalDate.now()), "「" + label + "」が過ぎています。" + why);
  }

  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** Refuses the submission with every problem found, if any. */
  public void refuseIfAny(String prefix) {
    if (!errors.isEmpty()) {
      throw new BadUserRequestException(prefix + String.join(" ／ ", errors));
    }
  }

  public static boolean blank(Object value) {
    return value == null || value.toString().isBlank();
  }
}
