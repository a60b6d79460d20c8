package jp.go.jica.approval.validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A form field's {@code conditional.hide} FEEL expression, in the small subset the platform's forms use, so
 * the server hides a field exactly when the browser does: names, string/number/boolean/null literals,
 * {@code =} and {@code !=}, {@code and}, {@code or}, {@code not(...)} and parentheses. Anything else is not
 * understood ({@link #parse} returns null) and the field counts as shown: the server then asks for more,
 * never less, than the browser, and the forms test refuses such a form before it is deployed.
 */
final class HideCondition {

  private static final Pattern TOKEN = Pattern.compile(
      "\\s*(?:(\"(?:[^\"\\\\]|\\\\.)*\")|(-?\\d+(?:\\.\\d+)?)|(!=|=|\\(|\\))|([A-Za-z_][A-Za-z0-9_]*))");

  private HideCondition() {
  }

  /** The expression as a test on the submitted values, or null when it is outside the subset. */
  static Predicate<Map<String, Object>> parse(String expression) {
    if (expression == null || expression.isBlank()) {
      return values -> false;
    }
    String text = expression.strip();
    if (text.startsWith("=")) {
      text = text.substring(1);
    }
    List<String> tokens = tokens(text);
    if (tokens == null) {
      return null;
    }
    Parser parser = new Parser(tokens);
    try {
      Predicate<Map<String, Object>> condition = parser.or();
      return parser.done() ? condition : null;
    } catch (IllegalArgumentException unsupported) {
      return null;
    }
  }

  private static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher matcher = TOKEN.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (text.substring(at).isBlank()) {
        break;
      }
      if (!matcher.find(at) || matcher.start() != at) {
        return null;
      }
      tokens.add(matcher.group().strip());
      at = matcher.end();
    }
    return tokens;
  }

  private static final class Parser {
    private final List<String> tokens;
    private int next;

    Parser(List<String> tokens) {
      this.tokens = tokens;
    }

    boolean done() {
      return next == tokens.size();
    }

    private String peek() {
      return next < tokens.size() ? tokens.get(next) : "";
    }

    private String take() {
      if (done()) {
        throw new IllegalArgumentException("unexpected end");
      }
      return tokens.get(next++);
    }

    Predicate<Map<String, Object>> or() {
      Predicate<Map<String, Object>> left = and();
      while (peek().equals("or")) {
        take();
        left = left.or(and());
      }
      return left;
    }

    private Predicate<Map<String, Object>> and() {
      Predicate<Map<String, Object>> left = comparison();
      while (peek().equals("and")) {
        take();
        left = left.and(comparison());
      }
      return left;
    }

    private Predicate<Map<String, Object>> comparison() {
      if (peek().equals("not") && next + 1 < tokens.size() && tokens.get(next + 1).equals("(")) {
        take();
        return group().negate();
      }
      if (peek().equals("(")) {
        return group();
      }
      Operand left = operand();
      String operator = peek();
      if (operator.equals("=") || operator.equals("!=")) {
        take();
        Operand right = operand();
        Predicate<Map<String, Object>> equal = values -> same(left.value(values), right.value(values));
        return operator.equals("=") ? equal : equal.negate();
      }
      return values -> Boolean.TRUE.equals(left.value(values));
    }

    private Predicate<Map<String, Object>> group() {
      expect("(");
      Predicate<Map<String, Object>> inner = or();
      expect(")");
      return inner;
    }

    private void expect(String token) {
      if (!take().equals(token)) {
        throw new IllegalArgumentException("expected " + token);
      }
    }

    private Operand operand() {
      String token = take();
      if (token.startsWith("\"")) {
        String literal = token.substring(1, token.length() - 1).replaceAll("\\\\(.)", "$1");
        return values -> literal;
      }
      if (Character.isDigit(token.charAt(0)) || token.charAt(0) == '-') {
        BigDecimal literal = new BigDecimal(token);
        return values -> literal;
      }
      return switch (token) {
        case "true" -> values -> Boolean.TRUE;
        case "false" -> values -> Boolean.FALSE;
        case "null" -> values -> null;
        case "and", "or", "not", "(", ")", "=", "!=" -> throw new IllegalArgumentException("unexpected " + token);
        default -> values -> values.get(token);
      };
    }
  }

  private interface Operand {
    Object value(Map<String, Object> values);
  }

  /** FEEL equality as the forms use it: a blank text counts as no value, numbers by value. */
  private static boolean same(Object left, Object right) {
    left = normal(left);
    right = normal(right);
    if (left instanceof BigDecimal a && right instanceof BigDecimal b) {
      return a.compareTo(b) == 0;
    }
    return Objects.equals(left, right);
  }

  private static Object normal(Object value) {
    if (value instanceof String text && text.isEmpty()) {
      return null;
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString());
    }
    return value;
  }
}
