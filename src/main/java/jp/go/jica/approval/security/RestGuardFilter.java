package jp.go.jica.approval.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Mitigates a known Camunda 7.24 REST weakness that has no Community fix: the {@code camunda-admin} group
 * can never lose its last direct member. (Query expressions are guarded in the engine, {@link QueryExpressionGuard}.)
 */
class RestGuardFilter extends OncePerRequestFilter {

  private static final Pattern ENGINE_PREFIX =
      Pattern.compile("^(?:/engine-rest|/camunda/api/engine/engine/[^/]+)(/.*)$");
  private static final Pattern ADMIN_MEMBER = Pattern.compile("^/group/camunda-admin/members/([^/]+)/?$");
  private static final Pattern ADMIN_GROUP = Pattern.compile("^/group/camunda-admin/?$");
  private static final Pattern USER = Pattern.compile("^/user/([^/]+)/?$");

  private final IdentityService identityService;

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
    chain.doFilter(request, response);
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

  private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
    response.getWriter().write("{\"type\":\"InvalidRequestException\",\"message\":\"" + escaped + "\"}");
  }
}
