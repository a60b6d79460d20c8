package jp.go.jica.approval.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The platform's own controllers ({@code /api}: registers, administrators' endpoints) refuse a request they
 * cannot read with a 400 naming the parameter or field in Japanese, in the one error shape, where Spring
 * would answer an empty 400: a parameter missing or of the wrong type (a word for {@code limit}, a date that
 * is none), a body that is not JSON or does not fit.
 */
@RestControllerAdvice
class PlatformApiErrors {

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
    return badRequest("パラメータ「" + e.getParameterName() + "」を指定してください");
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
    Class<?> type = e.getRequiredType();
    String hint = type == null ? "" : type.getSimpleName().equals("LocalDate") ? "（日付は 2025-04-01 の形式で指定してください）"
        : EngineMessages.hint(e.getName(), type.getSimpleName());
    String value = e.getValue() == null ? "" : EngineMessages.quoted(String.valueOf(e.getValue()));
    return badRequest("パラメータ「" + e.getName() + "」の値" + value + "が正しくありません" + hint);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    if (e.getCause() instanceof JsonProcessingException json) {
      return badRequest(ErrorShape.jsonRefusal(json));
    }
    return badRequest("リクエストの本文（JSON）を指定してください");
  }

  private static ResponseEntity<Map<String, Object>> badRequest(String message) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(ErrorShape.clientError(400, "InvalidRequestException", message));
  }
}
