package jp.go.jica.approval.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Mitigates the two known Camunda 7.24 REST weaknesses that have no Community fix: task queries
 * (ad hoc, stored as filters, or inside {@code orQueries}) that carry JUEL expressions are refused,
 * and the {@code camunda-admin} group can never lose its last direct member.
 */
class RestGuardFilter extends OncePerRequestFilter {

  private static final Pattern ENGINE_PREFIX =
      Pattern.compile("^(?:/engine-rest|/camunda/api/engine/engine/[^/]+)(/.*)$");
  private static final Pattern TASK_QUERY = Pattern.compile(
      "^/(?:task|task/count|history/task|history/task/count|filter/create|filter/[^/]+"
          + "|filter/[^/]+/(?:list|count|singleResult))/?$");
  private static final Pattern ADMIN_MEMBER = Pattern.compile("^/group/camunda-admin/members/([^/]+)/?$");
  private static final Pattern ADMIN_GROUP = Pattern.compile("^/group/camunda-admin/?$");
  private static final Pattern USER = Pattern.compile("^/user/([^/]+)/?$");
  private static final int MAX_BODY = 1024 * 1024;

  private final IdentityService identityService;
  private final ObjectMapper json = new ObjectMapper();

  RestGuardFilter(IdentityService identityService) {
    this.identityService = identityService;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Matcher engine = ENGINE_PREFIX.matcher(request.getRequestURI().substring(request.getContextPath().length()));
    if (!engine.matches()) {
      chain.doFilter(request, response);
      return;
    }
    String path = engine.group(1);
    if ("DELETE".equals(request.getMethod()) && wouldEmptyAdminGroup(path)) {
      refuse(response, HttpServletResponse.SC_CONFLICT,
          "camunda-admin グループの最後のメンバーは削除できません。先に別の管理者を追加してください（組織図の administrators）");
      return;
    }
    if (!TASK_QUERY.matcher(path).matches()) {
      chain.doFilter(request, response);
      return;
    }
    String query = request.getQueryString();
    if (query != null && hasExpression(URLDecoder.decode(query, StandardCharsets.UTF_8))) {
      refuseExpression(response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "リクエストが大きすぎます");
      return;
    }
    if (body.length > 0 && carriesExpression(body)) {
      refuseExpression(response);
      return;
    }
    chain.doFilter(new CachedBodyRequest(request, body), response);
  }

  private boolean wouldEmptyAdminGroup(String path) {
    if (ADMIN_GROUP.matcher(path).matches()) {
      return true;
    }
    Matcher member = ADMIN_MEMBER.matcher(path);
    Matcher user = USER.matcher(path);
    String target = member.matches() ? member.group(1) : user.matches() ? user.group(1) : null;
    if (target == null) {
      return false;
    }
    String userId = URLDecoder.decode(target, StandardCharsets.UTF_8);
    // Two are enough to know whether the target is the last one (and stay under queryMaxResultsLimit).
    var admins = identityService.createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).listPage(0, 2);
    return admins.size() <= 1 && admins.stream().anyMatch(a -> a.getId().equals(userId));
  }

  private boolean carriesExpression(byte[] body) {
    try {
      return carriesExpression(json.readTree(body));
    } catch (IOException notJson) {
      return hasExpression(new String(body, StandardCharsets.UTF_8));
    }
  }

  // Walks the whole tree, so nesting (orQueries, a filter's query) cannot hide an expression.
  private boolean carriesExpression(JsonNode node) {
    if (node == null) {
      return false;
    }
    if (node.isTextual()) {
      return hasExpression(node.asText());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals("expressions") && field.getValue().size() > 0
          || hasExpression(field.getKey()) || carriesExpression(field.getValue())) {
        return true;
      }
    }
    for (JsonNode element : node) {
      if (node.isArray() && carriesExpression(element)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasExpression(String text) {
    return text.contains("${") || text.contains("#{");
  }

  private static void refuseExpression(HttpServletResponse response) throws IOException {
    refuse(response, HttpServletResponse.SC_BAD_REQUEST,
        "式（${...} / #{...}）を含むタスク検索・フィルターは受け付けません。値をそのまま指定してください");
  }

  private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
    response.getWriter().write("{\"type\":\"InvalidRequestException\",\"message\":\"" + escaped + "\"}");
  }

  /** Gives the engine the body this filter already read. */
  private static final class CachedBodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    CachedBodyRequest(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException();
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }
  }
}
