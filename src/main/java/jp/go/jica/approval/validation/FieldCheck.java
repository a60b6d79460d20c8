package jp.go.jica.approval.validation;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Collects the problems of one submission, each naming its field's Japanese label, and refuses them
 * together with {@link BadUserRequestException}: the form keeps what was typed and REST answers 400.
 */
public final class FieldCheck {

  private final VariableScope values;
  private final List<String> errors = new ArrayList<>();

  private FieldCheck(VariableScope values) {
    this.values = values;
  }

  /** Checks the variables visible from this execution or task. */
  public static FieldCheck of(VariableScope values) {
    return new FieldCheck(values);
  }

  /** Each pair is {variable, label}; a blank one is reported as missing. */
  public FieldCheck required(String[][] fields) {
    for (String[] field : fields) {
      if (blank(values.getVariable(field[0]))) {
        errors.add("「" + field[1] + "」を入力してください");
      }
    }
    return this;
  }

  /** A classification level 1..max (機密性 1-3, 完全性 1-2, 可用性 1-2); 1 when invalid. */
  public int level(String key, String label, int max) {
    Object value = values.getVariable(key);
    String text = value == null ? "" : value.toString().trim();
    if (!text.matches("[1-" + max + "]")) {
      errors.add("「" + label + "」は1〜" + max + "で選択してください");
      return 1;
    }
    return Integer.parseInt(text);
  }

  /** A date (YYYY-MM-DD, or a date-time whose date part is used); null when blank or invalid. */
  public LocalDate date(String key, String label) {
    Object value = values.getVariable(key);
    if (blank(value)) {
      return null;
    }
    String text = value.toString().trim();
    try {
      return LocalDate.parse(text.substring(0, Math.min(10, text.length())));
    } catch (DateTimeParseException e) {
      errors.add("「" + label + "」は日付（YYYY-MM-DD）で入力してください");
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
