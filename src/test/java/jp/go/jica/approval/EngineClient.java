package jp.go.jica.approval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One way into Camunda's engine REST API as one user. An attack test runs the same request through
 * every way ({@link #allPaths}): HTTP Basic on {@code /engine-rest/…}, HTTP Basic on the named-engine
 * spelling {@code /engine-rest/engine/default/…}, and Tasklist's own path
 * {@code /camunda/api/engine/engine/default/…} with the webapp session and its CSRF token.
 * Paths given to it are engine-relative, e.g. {@code /task/count}.
 */
public abstract class EngineClient {

  private final String name;

  private EngineClient(String name) {
    this.name = name;
  }

  public abstract Http.Reply get(String path);

  public abstract Http.Reply post(String path, String json);

  public abstract Http.Reply put(String path, String json);

  public abstract Http.Reply delete(String path);

  /** The three ways in, for {@code user} with the demo password. */
  public static List<EngineClient> allPaths(int port, String user) {
    return List.of(basic(port, user), named(port, user), tasklist(port, user));
  }

  /** HTTP Basic on {@code /engine-rest}. */
  public static EngineClient basic(int port, String user) {
    return new BasicClient("/engine-rest", port, user);
  }

  /** HTTP Basic on {@code /engine-rest/engine/default}. */
  public static EngineClient named(int port, String user) {
    return new BasicClient("/engine-rest/engine/default", port, user);
  }

  /** Signed into Tasklist (session cookie), every change carrying the session's CSRF token. */
  public static EngineClient tasklist(int port, String user) {
    return new SessionClient(port, user, "demo");
  }

  @Override
  public String toString() {
    return name;
  }

  private static final class BasicClient extends EngineClient {
    private final Http http;
    private final String prefix;
    private final String user;

    BasicClient(String prefix, int port, String user) {
      super(prefix + " (Basic, " + user + ")");
      this.http = new Http(port);
      this.prefix = prefix;
      this.user = user;
    }

    @Override
    public Http.Reply get(String path) {
      return http.get(user, prefix + path);
    }

    @Override
    public Http.Reply post(String path, String json) {
      return http.post(user, prefix + path, json);
    }

    @Override
    public Http.Reply put(String path, String json) {
      return http.put(user, prefix + path, json);
    }

    @Override
    public Http.Reply delete(String path) {
      return http.delete(user, prefix + path);
    }
  }

  /** Camunda's webapp login: the page gives a session and a CSRF token, the login form rotates both. */
  public static final class SessionClient extends EngineClient {
    private static final String PREFIX = "/camunda/api/engine/engine/default";
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final String base;
    private String token;
    /** Status of the login form post (200 when signed in). */
    public final int loginStatus;

    SessionClient(int port, String user, String password) {
      super(PREFIX + " (Tasklist session, " + user + ")");
      this.base = "http://localhost:" + port;
      token = freshToken();
      String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
          + URLEncoder.encode(password, StandardCharsets.UTF_8);
      loginStatus = send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/admin/auth/user/default/login/tasklist"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form))).status();
      token = freshToken();
    }

    private String freshToken() {
      try {
        return client.send(HttpRequest.newBuilder(URI.create(base + "/camunda/app/tasklist/default/")).GET().build(),
            HttpResponse.BodyHandlers.discarding()).headers().firstValue("X-XSRF-TOKEN").orElseThrow();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Http.Reply get(String path) {
      return send(request(path).GET());
    }

    @Override
    public Http.Reply post(String path, String json) {
      return send(request(path).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    @Override
    public Http.Reply put(String path, String json) {
      return send(request(path).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    @Override
    public Http.Reply delete(String path) {
      return send(request(path).DELETE());
    }

    /** Any path of the platform (not only the engine's) with this session and its token. */
    public Http.Reply postRaw(String absolutePath, String contentType, String body) {
      return send(HttpRequest.newBuilder(URI.create(base + absolutePath)).header("Content-Type", contentType)
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    public Http.Reply putRaw(String absolutePath, String json) {
      return send(HttpRequest.newBuilder(URI.create(base + absolutePath)).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    public Http.Reply getRaw(String absolutePath) {
      return send(HttpRequest.newBuilder(URI.create(base + absolutePath)).GET());
    }

    private HttpRequest.Builder request(String path) {
      return HttpRequest.newBuilder(URI.create(base + PREFIX + path)).header("Accept", "application/json");
    }

    private Http.Reply send(HttpRequest.Builder request) {
      request.header("X-XSRF-TOKEN", token);
      try {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Http.Reply(response.statusCode(), response.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
