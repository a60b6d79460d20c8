package jp.go.jica.approval.security;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every error answer of the REST paths ({@code /engine-rest}, the webapps' {@code /camunda/api}, the
 * platform's {@code /api}) the one shape without internals, in Japanese, whoever wrote it: the webapps' own
 * Jersey applications (Cockpit, Admin, Tasklist), Spring MVC, the authentication filters, an exception
 * nobody handled. Successful answers stream through untouched; only an error body is held back and
 * rewritten. Each refusal (4xx) is logged here as one INFO line; faults are logged with their cause where
 * they are answered ({@link ErrorShape#serverError}).
 */
class ErrorBodyFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(ErrorBodyFilter.class);
  /** Fields of Camunda's and the platform's error bodies that clients use and that carry no internals. */
  private static final List<String> KEPT = List.of("code", "referenceId", "details", "validationReport", "errors");
  /** The webapps render an error's message as HTML (Notifications' ng-bind-html), so there it is escaped. */
  private static final String WEBAPP_API = "/camunda/api/";

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    ErrorCapture capture = new ErrorCapture(response);
    try {
      chain.doFilter(request, capture);
    } catch (ServletException | IOException | RuntimeException e) {
      if (response.isCommitted()) {
        throw e;
      }
      response.resetBuffer();
      ErrorShape.write(response, 500, ErrorShape.serverError(500, where(request), e));
      return;
    }
    if (request.isAsyncStarted()) {
      // The answer is written later on another thread (Camunda's long polling): let it through as it comes.
      capture.passThrough();
      return;
    }
    capture.finish(request);
  }

  private static String where(HttpServletRequest request) {
    return request.getMethod() + " " + request.getRequestURI();
  }

  /** The body in the error shape: Camunda's or the platform's fields kept when they are clean. */
  private static Map<String, Object> reshape(int status, byte[] original, String sentMessage, String where) {
    String type = null;
    String message = ErrorShape.japanese(sentMessage) ? sentMessage : null;
    Map<String, Object> kept = new LinkedHashMap<>();
    JsonNode json = null;
    try {
      json = original.length == 0 ? null : ErrorShape.JSON.readTree(original);
    } catch (IOException notJson) {
      // an HTML or text page: nothing of it is kept
    }
    if (json != null && json.isObject()) {
      type = json.path("type").isTextual() ? json.get("type").asText() : null;
      message = json.path("message").isTextual() ? json.get("message").asText() : message;
      for (String field : KEPT) {
        if (json.hasNonNull(field)) {
          kept.put(field, json.get(field));
        }
      }
      if (status == HttpServletResponse.SC_FORBIDDEN && json.path("missingAuthorizations").size() > 0
          && !ErrorShape.writtenInJapanese(message)) {
        // Camunda's permission refusal from another Jersey application (Cockpit, Admin): its rights in Japanese
        List<EngineMessages.Right> rights = new ArrayList<>();
        List<Map<String, String>> names = new ArrayList<>();
        json.get("missingAuthorizations").forEach(right -> {
          rights.add(new EngineMessages.Right(right.path("permissionName").asText(null), right.path("resourceName").asText(null)));
          names.add(Map.of("permissionName", right.path("permissionName").asText(""), "resourceName",
              right.path("resourceName").asText("")));
        });
        message = EngineMessages.missingRights(rights);
        kept.put("missingAuthorizations", names);
      } else if (json.has("missingAuthorizations")) {
        kept.put("missingAuthorizations", json.get("missingAuthorizations"));
      }
    }
    if (status >= 500) {
      if (kept.containsKey("referenceId") && type != null && message != null) {
        // already answered and logged by the platform (GuardRefusalMapper, ErrorShape)
        Map<String, Object> answered = new LinkedHashMap<>();
        answered.put("type", type);
        answered.put("message", message);
        answered.put("referenceId", kept.get("referenceId"));
        return answered;
      }
      return ErrorShape.serverError(status, where, original.length > 0 ? new String(original, StandardCharsets.UTF_8)
          : String.valueOf(sentMessage));
    }
    Map<String, Object> body = ErrorShape.clientError(status, type, message);
    body.putAll(kept);
    return body;
  }

  /**
   * Holds back the body of an answer whose status is an error when its first byte is written (status and
   * headers come first in every framework here); any other answer goes straight to the client.
   */
  private static final class ErrorCapture extends HttpServletResponseWrapper {
    private ByteArrayOutputStream held;
    private DecidingStream stream;
    private PrintWriter writer;
    private String sentMessage;
    private boolean sentError;
    private boolean passThrough;

    ErrorCapture(HttpServletResponse response) {
      super(response);
    }

    private boolean holding() {
      return !passThrough && getStatus() >= 400;
    }

    void passThrough() throws IOException {
      passThrough = true;
      if (writer != null) {
        writer.flush();
      }
      if (held != null && held.size() > 0) {
        getResponse().getOutputStream().write(held.toByteArray());
      }
      if (stream != null && stream.target == held) {
        stream.target = null;
      }
      held = null;
    }

    void finish(HttpServletRequest request) throws IOException {
      HttpServletResponse response = (HttpServletResponse) getResponse();
      int status = getStatus();
      if (status < 400 || response.isCommitted() || streamedThrough()) {
        return;
      }
      if (writer != null) {
        writer.flush();
      }
      byte[] original = held == null ? new byte[0] : held.toByteArray();
      Map<String, Object> body = reshape(status, original, sentMessage, where(request));
      if (status < 500) {
        Object engineText = request.getAttribute(GuardRefusalMapper.ORIGINAL);
        log.info("Refused {} {}: {}{}", status, where(request), body.get("message"),
            engineText == null ? "" : " [" + engineText + "]");
      }
      if (request.getRequestURI().startsWith(request.getContextPath() + WEBAPP_API) && body.get("message") instanceof String text) {
        body.put("message", text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
      }
      ErrorShape.write(response, status, body);
    }

    /** The body went to the client as written: the status was no error when its first byte came. */
    private boolean streamedThrough() {
      return !sentError && stream != null && stream.target != null && stream.target != held;
    }

    // Answered here instead of the container's error page, so the shape does not depend on /error.
    @Override
    public void sendError(int status, String message) throws IOException {
      if (passThrough || isCommitted()) {
        super.sendError(status, message);
        return;
      }
      resetBuffer();
      setStatus(status);
      sentError = true;
      sentMessage = message;
    }

    @Override
    public void sendError(int status) throws IOException {
      sendError(status, null);
    }

    @Override
    public void setContentLength(int length) {
      if (!holding()) {
        super.setContentLength(length);
      }
    }

    @Override
    public void setContentLengthLong(long length) {
      if (!holding()) {
        super.setContentLengthLong(length);
      }
    }

    @Override
    public void setHeader(String name, String value) {
      if (!holding() || !"Content-Length".equalsIgnoreCase(name)) {
        super.setHeader(name, value);
      }
    }

    @Override
    public void addHeader(String name, String value) {
      if (!holding() || !"Content-Length".equalsIgnoreCase(name)) {
        super.addHeader(name, value);
      }
    }

    @Override
    public ServletOutputStream getOutputStream() {
      if (stream == null) {
        stream = new DecidingStream();
      }
      return stream;
    }

    @Override
    public PrintWriter getWriter() {
      if (writer == null) {
        writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), Charset.forName(getCharacterEncoding())));
      }
      return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
      if (writer != null) {
        writer.flush();
      }
      if (!holding()) {
        super.flushBuffer();
      }
    }

    @Override
    public void resetBuffer() {
      super.resetBuffer();
      if (held != null) {
        held.reset();
      }
    }

    @Override
    public void reset() {
      super.reset();
      held = null;
      sentError = false;
      sentMessage = null;
      if (stream != null) {
        stream.target = null;
      }
    }

    /** Decides at the first byte where the body goes. */
    private final class DecidingStream extends ServletOutputStream {
      private OutputStream target;

      private OutputStream target() throws IOException {
        if (target == null) {
          if (holding()) {
            held = new ByteArrayOutputStream();
            target = held;
          } else {
            target = getResponse().getOutputStream();
          }
        }
        return target;
      }

      @Override
      public void write(int b) throws IOException {
        target().write(b);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        target().write(bytes, offset, length);
      }

      @Override
      public void flush() throws IOException {
        if (target != null && target != held) {
          target.flush();
        }
      }

      @Override
      public void close() throws IOException {
        if (target != null && target != held) {
          target.close();
        }
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(WriteListener listener) {
        throw new UnsupportedOperationException("non-blocking output is not used on these paths");
      }
    }
  }
}
