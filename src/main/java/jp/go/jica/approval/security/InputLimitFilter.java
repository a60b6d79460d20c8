package jp.go.jica.approval.security;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized and malformed input with a Japanese 400 naming the limit, before Camunda or the
 * platform reads it (a value longer than its column would otherwise reach the database, 10,000 or-queries
 * the engine's recursion). It looks at what the request carries, not at its URL spelling, so every path
 * form of engine REST, the webapps' REST and the platform's {@code /api} is covered alike.
 */
class InputLimitFilter extends OncePerRequestFilter {

  static final int MAX_BODY = 1024 * 1024;
  /** Deployments (multipart) and the administrators' editor API carry whole BPMN/DMN files. */
  static final int MAX_UPLOAD = 10 * 1024 * 1024;
  /** Camunda keeps string values in a varchar(4000) column. */
  static final int MAX_STRING = 4000;
  /** Names (variables, fields, path segments): Camunda's name columns are varchar(255). */
  static final int MAX_NAME = 255;
  /** Fields of one JSON object, the variables of a start or completion among them. */
  static final int MAX_FIELDS = 200;
  /** Elements of one array: no more than a query may return (queryMaxResultsLimit). */
  static final int MAX_ARRAY = 2000;
  static final int MAX_OR_QUERIES = 20;
  static final int MAX_DEPTH = 20;

  /** How much of a refused body is still read so that the client receives the answer; beyond it the connection closes. */
  private static final long MAX_DRAINED = 2L * MAX_UPLOAD;
  private static final String ADMIN_API = "/api/admin/";
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String refusal = refuseUrl(request);
    if (refusal != null) {
      ErrorShape.refuse(response, refusal);
      return;
    }
    long declared = request.getContentLengthLong();
    if (declared == 0 || declared < 0 && request.getHeader("Transfer-Encoding") == null) {
      chain.doFilter(request, response);
      return;
    }
    String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
    boolean multipart = type.startsWith("multipart/");
    boolean admin = request.getRequestURI().startsWith(request.getContextPath() + ADMIN_API);
    int limit = multipart || admin ? MAX_UPLOAD : MAX_BODY;
    if (declared > limit) {
      refuseTooLarge(request, response, multipart || admin);
      return;
    }
    // Tomcat parses forms itself (it would find a body already read empty); a declared upload length is checked.
    if (type.startsWith("application/x-www-form-urlencoded") || multipart && declared > 0) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes(limit + 1);
    if (body.length > limit) {
      refuseTooLarge(request, response, multipart || admin);
      return;
    }
    if (type.contains("json") && (refusal = refuseJson(body, admin)) != null) {
      ErrorShape.refuse(response, refusal);
      return;
    }
    chain.doFilter(new CachedBodyRequest(request, body), response);
  }

  private static String refuseUrl(HttpServletRequest request) {
    String uri = request.getRequestURI();
    if (uri.length() > MAX_NAME) {
      for (String segment : uri.split("/")) {
        if (segment.length() > MAX_NAME) {
          return "URL のパスの要素が長すぎます（上限 " + MAX_NAME + " 文字）";
        }
      }
    }
    String query = request.getQueryString();
    if (query != null && query.length() > MAX_STRING) {
      for (String parameter : query.split("&")) {
        String value = parameter.substring(parameter.indexOf('=') + 1);
        try {
          if (URLDecoder.decode(value, StandardCharsets.UTF_8).length() > MAX_STRING) {
            return "URL パラメーターの値が長すぎます（上限 " + MAX_STRING + " 文字）";
          }
        } catch (IllegalArgumentException malformed) {
          return "URL パラメーターの形式が正しくありません";
        }
      }
    }
    return null;
  }

  private static void refuseTooLarge(HttpServletRequest request, HttpServletResponse response, boolean upload)
      throws IOException {
    // Read (and drop) what the client is still sending, up to a bound: a client that is still writing when the
    // connection closes sees a reset instead of the answer.
    long drained = 0;
    byte[] discard = new byte[64 * 1024];
    for (int read; drained < MAX_DRAINED && (read = request.getInputStream().read(discard)) > 0; ) {
      drained += read;
    }
    ErrorShape.refuse(response, upload ? "アップロードが大きすぎます（上限 " + MAX_UPLOAD / 1024 / 1024 + " MB）"
        : "リクエストの本文が大きすぎます（上限 " + MAX_BODY / 1024 / 1024 + " MB）");
  }

  /** One JSON value read as a token stream (no tree is built); the first limit it breaks, or null. */
  static String refuseJson(byte[] body, boolean administrator) {
    Deque<Container> open = new ArrayDeque<>();
    String field = null;
    try (JsonParser parser = JSON.createParser(body)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        Container parent = open.peek();
        if (token == JsonToken.FIELD_NAME) {
          field = parser.currentName();
          if (field.length() > MAX_NAME) {
            return "項目名（変数名）が長すぎます（上限 " + MAX_NAME + " 文字）";
          }
          if (++parent.count > MAX_FIELDS) {
            return "変数・項目の数が多すぎます（「" + parent.name + "」、上限 " + MAX_FIELDS + " 個）";
          }
          continue;
        }
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          open.pop();
          if (open.isEmpty()) {
            return null;
          }
          field = open.peek().name;
          continue;
        }
        if (parent != null && parent.array) {
          if ("orQueries".equals(parent.name) && ++parent.count > MAX_OR_QUERIES) {
            return "OR 条件（orQueries）が多すぎます（上限 " + MAX_OR_QUERIES + " 件）";
          }
          if (!"orQueries".equals(parent.name) && ++parent.count > MAX_ARRAY) {
            return "配列の要素が多すぎます（「" + parent.name + "」、上限 " + MAX_ARRAY + " 件）";
          }
        }
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          if (open.size() >= MAX_DEPTH) {
            return "JSON の入れ子が深すぎます（上限 " + MAX_DEPTH + " 段）";
          }
          open.push(new Container(token == JsonToken.START_ARRAY, field == null ? "" : field));
        } else if (token == JsonToken.VALUE_STRING && !administrator && parser.getTextLength() > MAX_STRING) {
          // {"title": {"value": "…"}}: the variable's name says more than "value"
          String named = "value".equals(field) && parent != null && !parent.name.isEmpty() ? parent.name : field;
          return "文字列が長すぎます（「" + named + "」、上限 " + MAX_STRING + " 文字）";
        } else if (open.isEmpty()) {
          return null;
        }
      }
      return open.isEmpty() ? null : "JSON の形式が正しくありません（途中で終わっています）";
    } catch (IOException malformed) {
      return "JSON の形式が正しくありません";
    }
  }

  /** An object or array being read: its field name (for the message) and how many members it has so far. */
  private static final class Container {
    final boolean array;
    final String name;
    int count;

    Container(boolean array, String name) {
      this.array = array;
      this.name = name;
    }
  }
}
