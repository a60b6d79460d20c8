package jp.go.jica.approval.cases;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The reason a person gives for ending (取下げ) or taking back (引戻し) a request: required text, at most 500 characters. */
final class Reasons {

  static final int MAX_LENGTH = 500;

  private Reasons() {
  }

  /** The body's {@code reason}, refused when it is there but not text; {@code label} names the field (「取下げの理由」). */
  static String of(Map<String, Object> body, String label) {
    Object reason = body == null ? null : body.get("reason");
    if (reason != null && !(reason instanceof String)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "「" + label + "」は文字列で入力してください");
    }
    return (String) reason;
  }

  /** The reason stripped, refused when empty or longer than {@value #MAX_LENGTH} characters. */
  static String required(String reason, String label) {
    String text = reason == null ? "" : reason.strip();
    if (text.isEmpty()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "「" + label + "」を入力してください");
    }
    if (text.length() > MAX_LENGTH) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "「" + label + "」は" + MAX_LENGTH + "文字以内で入力してください");
    }
    return text;
  }
}
