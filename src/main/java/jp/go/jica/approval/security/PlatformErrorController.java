package jp.go.jica.approval.security;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.server.ResponseStatusException;

/**
 * Spring's {@code /error} in the platform's error shape: a JSON answer is {@code {type, message}} without
 * internals (a 5xx with a reference id the log carries with the cause), pages keep Spring's error views
 * (the Japanese 403 page), and {@code /error} asked for directly is a 404 instead of Spring's status 999.
 */
class PlatformErrorController extends BasicErrorController {

  private final ErrorAttributes errorAttributes;

  PlatformErrorController(ErrorAttributes errorAttributes, ErrorProperties properties, List<ErrorViewResolver> views) {
    super(errorAttributes, properties, views);
    this.errorAttributes = errorAttributes;
  }

  @Override
  protected HttpStatus getStatus(HttpServletRequest request) {
    return request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null ? HttpStatus.NOT_FOUND
        : super.getStatus(request);
  }

  @Override
  protected Map<String, Object> getErrorAttributes(HttpServletRequest request, ErrorAttributeOptions options) {
    Map<String, Object> attributes = super.getErrorAttributes(request, options);
    HttpStatus status = getStatus(request);
    attributes.put("status", status.value());
    attributes.put("error", status.getReasonPhrase());
    return attributes;
  }

  @Override
  public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
    HttpStatus status = getStatus(request);
    if (status == HttpStatus.NO_CONTENT) {
      return new ResponseEntity<>(status);
    }
    Throwable cause = errorAttributes.getError(new ServletWebRequest(request));
    String where = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    if (status.is5xxServerError()) {
      return new ResponseEntity<>(cause != null ? ErrorShape.serverError(status.value(), where, cause)
          : ErrorShape.serverError(status.value(), where, String.valueOf(request.getAttribute(RequestDispatcher.ERROR_MESSAGE))),
          status);
    }
    String message = cause instanceof ResponseStatusException refused ? refused.getReason()
        : (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    return new ResponseEntity<>(ErrorShape.clientError(status.value(), null, ErrorShape.japanese(message) ? message : null),
        status);
  }
}
