package jp.go.jica.approval.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;

/**
 * The one error handling of the platform's own controllers ({@code /api}: registers, administrators'
 * endpoints), in the one error shape ({@link ErrorShape}), so that no controller needs a handler of its own:
 * <ul>
 *   <li>a refusal ({@link ResponseStatusException}) keeps its status and its Japanese reason;</li>
 *   <li>a request they cannot read is a 400 naming the parameter or field in Japanese, where Spring would
 *       answer an empty 400: a parameter missing or of the wrong type (a word for {@code limit}, a date that
 *       is none), a body that is not JSON or does not fit;</li>
 *   <li>Spring's other refusals (405, 415…) keep their status with a generic Japanese message;</li>
 *   <li>anything unexpected is a 500 with a generic Japanese message and a reference id, which the log
 *       carries with the cause: nothing of the platform's insides reaches the client.</li>
 * </ul>
 * Spring Security's own refusals are left to Spring Security.
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

  /**
   * The engine refused what a controller passed on for the user (a start or a completion checked against its
   * deployed form, a process's own check): a 400 with the refusal's Japanese text, which names the field by its
   * label; an English engine text is said in Japanese or replaced by the generic message, never echoed.
   */
  @ExceptionHandler(BadUserRequestException.class)
  ResponseEntity<Map<String, Object>> engineRefused(BadUserRequestException e) {
    return badRequest(e.getMessage());
  }

  /** The engine's rights or the platform's guards refused the user's call: a 403 with the refusal's Japanese text. */
  @ExceptionHandler(AuthorizationException.class)
  ResponseEntity<Map<String, Object>> engineForbidden(AuthorizationException e) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(ErrorShape.clientError(403, "AuthorizationException", e.getMessage()));
  }

  @ExceptionHandler(ResponseStatusException.class)
  ResponseEntity<Map<String, Object>> refused(ResponseStatusException e, HttpServletRequest request) {
    int status = e.getStatusCode().value();
    if (status >= 500) {
      return ResponseEntity.status(status).body(ErrorShape.serverError(status, where(request), e));
    }
    return ResponseEntity.status(status).body(ErrorShape.clientError(status, null, e.getReason()));
  }

  /**
   * Anything unexpected on {@code /api}, and Spring's other refusals there; elsewhere, and for Spring
   * Security's refusals, declined (rethrown), so that they take their usual way.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request) throws Exception {
    if (e instanceof AccessDeniedException || e instanceof AuthenticationException
        || !request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
      throw e;
    }
    if (e instanceof ErrorResponse refusal && refusal.getStatusCode().value() < 500) {
      // Spring's other refusals (405, 415, 404 of a path nobody serves): their status, a generic message
      int status = refusal.getStatusCode().value();
      return ResponseEntity.status(status).body(ErrorShape.clientError(status, null, null));
    }
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(ErrorShape.serverError(500, where(request), e));
  }

  private static String where(HttpServletRequest request) {
    return request.getMethod() + " " + request.getRequestURI();
  }

  private static ResponseEntity<Map<String, Object>> badRequest(String message) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(ErrorShape.clientError(400, "InvalidRequestException", message));
  }
}
