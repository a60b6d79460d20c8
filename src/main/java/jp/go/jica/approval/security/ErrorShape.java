package jp.go.jica.approval.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error body of every REST path, {@code {"type": …, "message": …}} as Camunda's clients (Tasklist,
 * Cockpit) read it, with nothing of the platform's internals: a server error answers a generic Japanese
 * message and a reference id that the log carries with the full cause.
 */
final class ErrorShape {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(ErrorShape.class);

  // Camunda's own names, which its clients know; any other type (a JDK, MyBatis or Jackson class) is replaced.
  private static final Set<String> CAMUNDA_TYPES = Set.of("ProcessEngineException", "AuthorizationException",
      "InvalidRequestException", "RestException", "BadUserRequestException", "NotFoundException", "NotValidException",
      "NullValueException", "OptimisticLockingException", "ParseException", "MigratingProcessInstanceValidationException",
      "MigrationPlanValidationException", "FormFieldValidationException", "TaskAlreadyClaimedException",
      "ConflictException", "AuthenticationException");

  // SQL and MyBatis text, qualified class names, exception names, stack frames, JDK null-pointer text.
  private static final Pattern INTERNALS = Pattern.compile("###|(?i:\\bsql|jdbc|mybatis|ibatis|\\bact_[a-z]{2}_)"
      + "|\\b(?:java|javax|jakarta|org|com|sun|jdk|net|io)\\.[a-z_$][\\w$]*\\.[\\w$.]+"
      + "|\\b\\w+(?:Exception|Error)\\b|\\bat [\\w$.]+\\(|Cannot invoke \"|because \"[^\"]*\" is null"
      + "|(?i:\\bselect\\b.+\\bfrom\\b|\\binsert\\s+into\\b|\\bupdate\\b.+\\bset\\b|\\bdelete\\s+from\\b)");

  private ErrorShape() {
  }

  /** Whether the text would tell a client something about the platform's insides. */
  static boolean carriesInternals(String text) {
    return text != null && INTERNALS.matcher(text).find();
  }

  /** Whether the text is written for people here (Japanese), unlike a framework's English status text. */
  static boolean japanese(String text) {
    return text != null && text.codePoints().map(c -> Character.UnicodeScript.of(c).ordinal()).anyMatch(script ->
        script == Character.UnicodeScript.HAN.ordinal() || script == Character.UnicodeScript.HIRAGANA.ordinal()
            || script == Character.UnicodeScript.KATAKANA.ordinal());
  }

  /** Camunda's type when it is one of Camunda's names, otherwise a neutral one for the status. */
  static String type(int status, String type) {
    if (type != null && CAMUNDA_TYPES.contains(type)) {
      return type;
    }
    return switch (status) {
      case 401 -> "AuthenticationException";
      case 403 -> "AuthorizationException";
      case 404 -> "NotFoundException";
      case 409 -> "ConflictException";
      default -> status >= 500 ? "ServerError" : "InvalidRequestException";
    };
  }

  /**
   * The client's message in Japanese: a refusal the platform wrote for people as written, even when it
   * quotes what the client sent (a deployment naming the forbidden {@code java.lang.Runtime}); a known
   * English refusal of the engine, Jersey or Spring in Japanese, a Japanese refusal unwrapped from the
   * engine's English wrapper ({@link EngineMessages}); anything else the generic message of the status.
   */
  static String message(int status, String message) {
    if (message == null || message.isBlank()) {
      return generic(status);
    }
    if (writtenInJapanese(message)) {
      return message;
    }
    return EngineMessages.japanese(message).filter(japanese -> !carriesInternals(japanese)).orElseGet(() -> generic(status));
  }

  /** Whether the text was written for people here: Japanese, and not an English wrapper of the engine around it. */
  static boolean writtenInJapanese(String text) {
    return japanese(text) && !EngineMessages.wrapper(text);
  }

  /**
   * A request body that does not fit the fields it is read into (a word where a number, a date or an object
   * belongs), with the field named when it is a plain name; malformed JSON otherwise.
   */
  static String jsonRefusal(JsonProcessingException refused) {
    if (refused instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = mapping.getPath().stream()
          .map(reference -> reference.getFieldName() != null ? "." + reference.getFieldName() : "[" + reference.getIndex() + "]")
          .collect(Collectors.joining()).replaceFirst("^\\.", "");
      Class<?> target = mapping instanceof MismatchedInputException mismatched ? mismatched.getTargetType() : null;
      String named = EngineMessages.quoted(field);
      return (named.isEmpty() ? "JSON の値" : named + "の値") + "の形式が正しくありません"
          + (target == null ? "" : EngineMessages.hint(null, target.getSimpleName()));
    }
    return "JSON の形式が正しくありません";
  }

  /** A 4xx body: type and message cleaned. */
  static Map<String, Object> clientError(int status, String type, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type(status, type));
    body.put("message", message(status, message));
    return body;
  }

  /** A 5xx body with a fresh reference id; the log line with that id carries the cause. */
  static Map<String, Object> serverError(int status, String where, Throwable cause) {
    String reference = reference();
    log.error("Error reference {}: {} answered {}", reference, where, status, cause);
    return serverErrorBody(status, reference);
  }

  /** A 5xx body for an answer that was already written (a filter saw it), logging what it replaced. */
  static Map<String, Object> serverError(int status, String where, String replaced) {
    String reference = reference();
    log.error("Error reference {}: {} answered {} with {}", reference, where, status, replaced);
    return serverErrorBody(status, reference);
  }

  static void write(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
    byte[] json = JSON.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    response.setContentLength(json.length);
    response.getOutputStream().write(json);
  }

  /** A 400 refusal of the platform's own (input limits, guards), message as given. */
  static void refuse(HttpServletResponse response, String message) throws IOException {
    write(response, HttpServletResponse.SC_BAD_REQUEST, clientError(HttpServletResponse.SC_BAD_REQUEST, null, message));
  }

  private static Map<String, Object> serverErrorBody(int status, String reference) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type(status, null));
    body.put("message", "サーバー内部でエラーが発生しました（参照番号: " + reference
        + "）。時間をおいてもう一度実行し、続く場合は参照番号を添えて管理者に連絡してください");
    body.put("referenceId", reference);
    return body;
  }

  private static String reference() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static String generic(int status) {
    return switch (status) {
      case 400 -> "リクエストの内容が正しくありません。入力内容を確認してください";
      case 401 -> "ログインが必要です。ユーザー名とパスワードを確認してください";
      case 403 -> "この操作を行う権限がありません";
      case 404 -> "指定された対象が見つかりません";
      case 405 -> "この操作はこの URL では行えません";
      case 406, 415 -> "このリクエストの形式には対応していません";
      case 409 -> "他の操作と競合しました。最新の状態を確認してから、もう一度実行してください";
      case 413 -> "リクエストが大きすぎます";
      case 429 -> "リクエストが多すぎます。しばらく待ってから、もう一度実行してください";
      default -> status >= 500 ? "サーバー内部でエラーが発生しました" : "リクエストを処理できませんでした";
    };
  }
}
