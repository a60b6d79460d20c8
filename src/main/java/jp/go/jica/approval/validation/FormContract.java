package jp.go.jica.approval.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A deployed Camunda Form read as the server's contract for one start or one task completion: which
 * variables may be submitted and what each must satisfy (required, options, length, range, pattern,
 * date and number formats). What the browser checks before submitting, the server checks again here,
 * whatever the client; each problem names the field by its Japanese label.
 */
final class FormContract {

  /**
   * The longest text a field may hold when its form sets no shorter limit: Camunda keeps a string variable
   * in a 4,000-character column, and a longer one would fail in the database instead of at the form.
   */
  static final int COLUMN_LENGTH = 4000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TEXT = Set.of("textfield", "textarea");
  private static final Set<String> CHOICE = Set.of("select", "radio");
  private static final Set<String> MULTIPLE = Set.of("checklist", "taglist");
  /** Components that show something and submit nothing. */
  private static final Set<String> DISPLAY = Set.of("text", "html", "image", "spacer", "separator", "button", "iframe",
      "table", "documentPreview");

  record Field(String key, String label, String type, String subtype, boolean required, boolean disabled,
      Set<String> options, Integer minLength, Integer maxLength, BigDecimal min, BigDecimal max, Pattern pattern,
      Predicate<Map<String, Object>> hidden, boolean people) {
  }

  /** How a people field's ids are written: separated by commas, 読点 or spaces (as routing reads them). */
  private static final Pattern PEOPLE_SEPARATOR = Pattern.compile("[,、\\s]+");

  /** A {@code conditional.hide} expression of this form that the server cannot read (see {@link HideCondition}). */
  record UnreadableCondition(String key, String expression) {
  }

  private final Map<String, Field> fields;
  private final List<UnreadableCondition> unreadable;

  private FormContract(Map<String, Field> fields, List<UnreadableCondition> unreadable) {
    this.fields = fields;
    this.unreadable = unreadable;
  }

  /** Conditions the server treats as "always shown" because they are outside the FEEL subset it reads. */
  List<UnreadableCondition> unreadableConditions() {
    return unreadable;
  }

  static FormContract parse(String json) {
    try {
      JsonNode form = JSON.readTree(json);
      Map<String, Field> fields = new LinkedHashMap<>();
      List<UnreadableCondition> unreadable = new ArrayList<>();
      collect(form.path("components"), values -> false, fields, unreadable);
      return new FormContract(fields, List.copyOf(unreadable));
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable form", e);
    }
  }

  /**
   * Every problem of a submission: names that are not fields of this form (or are shown read-only),
   * then each field's rules. {@code platformNames} are variables the platform itself sets alongside.
   */
  List<String> problems(Map<String, Object> submitted, Set<String> platformNames) {
    return problems(submitted, Map.of(), platformNames);
  }

  /**
   * As {@link #problems(Map, Set)}, with the fields' show/hide conditions read on {@code known} (the values
   * the form was opened with, such as the process's variables) overlaid with the submission, as the browser
   * reads them. A field its condition hides is not required, and a value for it is refused: the browser
   * never sends one (form-js drops hidden fields' values), so a value there was never seen by the user.
   */
  List<String> problems(Map<String, Object> submitted, Map<String, Object> known, Set<String> platformNames) {
    Map<String, Object> shownValues = new java.util.HashMap<>(known);
    shownValues.putAll(submitted);
    List<String> problems = new ArrayList<>();
    for (String name : submitted.keySet()) {
      Field field = fields.get(name);
      if (platformNames.contains(name)) {
        continue;
      }
      if (field == null) {
        problems.add("「" + name + "」はこのフォームの項目ではないため受け付けません");
      } else if (field.disabled()) {
        problems.add("「" + field.label() + "」は表示専用の項目のため変更できません");
      }
    }
    for (Field field : fields.values()) {
      if (field.disabled()) {
        continue;
      }
      Object value = submitted.get(field.key());
      if (field.hidden().test(shownValues)) {
        if (!platformNames.contains(field.key()) && !(value == null || value instanceof String s && s.isBlank()
            || value instanceof Collection<?> c && c.isEmpty())) {
          problems.add("「" + field.label() + "」は今の入力内容では使わない項目のため受け付けません");
        }
        continue;
      }
      check(field, value, submitted.containsKey(field.key()), problems);
    }
    return problems;
  }

  /**
   * The problems of the fields the form marks as people ({@code "properties": {"people": "true"}}): every id
   * must be a person on the chart in force, or the conflict-of-interest rule (Art. 16) would silently miss a
   * typo. The applicant is refused too: routing already treats the applicant as in conflict, so listing
   * oneself changes nothing and usually means the wrong id was chosen.
   */
  List<String> peopleProblems(Map<String, Object> submitted, Predicate<String> onChart, String applicant) {
    List<String> problems = new ArrayList<>();
    for (Field field : fields.values()) {
      if (!field.people() || !(submitted.get(field.key()) instanceof String text) || text.isBlank()) {
        continue;
      }
      Set<String> ids = new LinkedHashSet<>();
      for (String id : PEOPLE_SEPARATOR.split(text.strip())) {
        if (!id.isEmpty()) {
          ids.add(id);
        }
      }
      List<String> unknown = ids.stream().filter(id -> !onChart.test(id)).toList();
      if (!unknown.isEmpty()) {
        problems.add("「" + field.label() + "」に組織図にない職員IDがあります: " + String.join(", ", unknown));
      }
      if (applicant != null && ids.contains(applicant)) {
        problems.add("「" + field.label() + "」に申請者本人（" + applicant + "）は指定できません（申請者は指定しなくても当事者として扱われます）");
      }
    }
    return problems;
  }

  private static void check(Field field, Object value, boolean present, List<String> problems) {
    String label = "「" + field.label() + "」";
    if (!present || value == null || value instanceof String s && s.isBlank()) {
      if (field.required()) {
        problems.add(label + ("checkbox".equals(field.type()) ? "を確認してチェックしてください" : "を入力してください"));
      }
      return;
    }
    switch (field.type()) {
      case "checkbox" -> {
        if (!(value instanceof Boolean checked)) {
          problems.add(label + "はチェックの有無（true/false）で指定してください");
        } else if (field.required() && !checked) {
          problems.add(label + "を確認してチェックしてください");
        }
      }
      case "number" -> number(field, value, label, problems);
      case "datetime" -> dateTime(field, value, label, problems);
      default -> {
        if (CHOICE.contains(field.type())) {
          choice(field, value, label, problems);
        } else if (MULTIPLE.contains(field.type())) {
          multiple(field, value, label, problems);
        } else {
          text(field, value, label, problems);
        }
      }
    }
  }

  private static void text(Field field, Object value, String label, List<String> problems) {
    if (!(value instanceof String text)) {
      problems.add(label + "は文字列で入力してください");
      return;
    }
    int length = text.codePointCount(0, text.length());
    int max = field.maxLength() == null ? COLUMN_LENGTH : Math.min(field.maxLength(), COLUMN_LENGTH);
    if (length > max) {
      problems.add(label + "は" + max + "文字以内で入力してください（現在" + length + "文字）");
    }
    if (field.minLength() != null && length < field.minLength()) {
      problems.add(label + "は" + field.minLength() + "文字以上で入力してください");
    }
    if (field.pattern() != null && !field.pattern().matcher(text).matches()) {
      problems.add(label + "の形式が正しくありません");
    }
  }

  private static void choice(Field field, Object value, String label, List<String> problems) {
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)
        || !field.options().contains(value.toString())) {
      problems.add(label + "は選択肢から選んでください");
    }
  }

  private static void multiple(Field field, Object value, String label, List<String> problems) {
    Collection<?> chosen = value instanceof Collection<?> c ? c : null;
    if (chosen == null && value instanceof String s) {
      chosen = List.of(s.split("\\s*,\\s*"));
    }
    if (chosen == null || chosen.stream().anyMatch(v -> v == null || !field.options().contains(v.toString()))) {
      problems.add(label + "は選択肢から選んでください");
    } else if (field.required() && chosen.isEmpty()) {
      problems.add(label + "を選択してください");
    }
  }

  private static void number(Field field, Object value, String label, List<String> problems) {
    BigDecimal number;
    try {
      number = value instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(value.toString().trim());
    } catch (NumberFormatException e) {
      problems.add(label + "は数値で入力してください");
      return;
    }
    if (field.min() != null && number.compareTo(field.min()) < 0) {
      problems.add(label + "は" + field.min().toPlainString() + "以上で入力してください");
    }
    if (field.max() != null && number.compareTo(field.max()) > 0) {
      problems.add(label + "は" + field.max().toPlainString() + "以下で入力してください");
    }
  }

  private static void dateTime(Field field, Object value, String label, List<String> problems) {
    if (!(value instanceof String text)) {
      problems.add(label + "は日付（YYYY-MM-DD）で入力してください");
      return;
    }
    try {
      switch (field.subtype() == null ? "date" : field.subtype()) {
        case "time" -> LocalTime.parse(text);
        case "datetime" -> OffsetDateTime.parse(text);
        default -> LocalDate.parse(text);
      }
    } catch (DateTimeParseException e) {
      problems.add(label + ("time".equals(field.subtype()) ? "は時刻（HH:MM）で入力してください"
          : "datetime".equals(field.subtype()) ? "は日時で入力してください" : "は日付（YYYY-MM-DD）で入力してください"));
    }
  }

  private static void collect(JsonNode components, Predicate<Map<String, Object>> parentHidden,
      Map<String, Field> fields, List<UnreadableCondition> unreadable) {
    for (JsonNode component : components) {
      String type = component.path("type").asText();
      String expression = text(component.path("conditional"), "hide");
      Predicate<Map<String, Object>> own = HideCondition.parse(expression);
      if (own == null) {
        unreadable.add(new UnreadableCondition(component.path("key").asText(component.path("id").asText()), expression));
        own = values -> false;
      }
      Predicate<Map<String, Object>> hidden = parentHidden.or(own);
      if (component.has("components")) {
        collect(component.path("components"), hidden, fields, unreadable);
      }
      if (DISPLAY.contains(type) || !component.hasNonNull("key")) {
        continue;
      }
      JsonNode validate = component.path("validate");
      Set<String> options = new LinkedHashSet<>();
      component.path("values").forEach(option -> options.add(option.path("value").asText()));
      String key = component.path("key").asText();
      String label = component.path("label").asText(component.path("dateLabel").asText(key));
      fields.put(key, new Field(key, label.isBlank() ? key : label, type, text(component, "subtype"),
          validate.path("required").asBoolean(false), component.path("disabled").asBoolean(false)
              || component.path("readonly").asBoolean(false), options, integer(validate, "minLength"),
          integer(validate, "maxLength"), decimal(validate, "min"), decimal(validate, "max"), pattern(validate), hidden,
          "true".equals(component.path("properties").path("people").asText())));
    }
  }

  private static String text(JsonNode node, String name) {
    return node.hasNonNull(name) ? node.get(name).asText() : null;
  }

  private static Integer integer(JsonNode node, String name) {
    return node.path(name).isNumber() ? node.get(name).asInt() : null;
  }

  private static BigDecimal decimal(JsonNode node, String name) {
    return node.path(name).isNumber() ? node.get(name).decimalValue() : null;
  }

  private static Pattern pattern(JsonNode validate) {
    String regex = text(validate, "pattern");
    if (regex == null || regex.isBlank()) {
      return null;
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      // An unusable pattern is the form author's mistake; the browser ignores it too.
      return null;
    }
  }
}
