package jp.go.jica.approval.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client that connects from a chosen loopback address (127.0.0.x), so a test can be several sources at
 * once; Java's HttpClient cannot bind its local address, so this speaks plain HTTP/1.1 over a socket, one
 * connection per request. It signs in the three ways a password reaches the platform.
 */
final class LoopbackClient {

  /** The three ways a password is checked. */
  enum Way { ENGINE_REST, WEBAPP_LOGIN, PLATFORM_API }

  record Reply(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }
  }

  private final String source;
  private final int port;
  private final boolean spoofing;

  LoopbackClient(String source, int port) {
    this(source, port, false);
  }

  private LoopbackClient(String source, int port, boolean spoofing) {
    this.source = source;
    this.port = port;
    this.spoofing = spoofing;
  }

  /** The same source, claiming a new address in {@code X-Forwarded-For} on every request. */
  LoopbackClient spoofingForwardedFor() {
    return new LoopbackClient(source, port, true);
  }

  String source() {
    return source;
  }

  /** Status of one login attempt by {@code way}: 200 signed in, 401 refused. */
  int login(Way way, String user, String password) {
    return switch (way) {
      case ENGINE_REST -> get("/engine-rest/process-definition?maxResults=1", user, password).status();
      case PLATFORM_API -> get("/api/session", user, password).status();
      case WEBAPP_LOGIN -> webappLogin(user, password);
    };
  }

  /** Camunda's login form: the page gives a session and a CSRF token, the form posts both. */
  int webappLogin(String user, String password) {
    Reply page = send("GET", "/camunda/app/tasklist/default/", Map.of(), null);
    List<String> cookies = new ArrayList<>();
    for (String cookie : page.headers().getOrDefault("set-cookie", List.of())) {
      cookies.add(cookie.split(";", 2)[0]);
    }
    String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
        + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return send("POST", "/camunda/api/admin/auth/user/default/login/tasklist", Map.of(
        "Cookie", String.join("; ", cookies),
        "X-XSRF-TOKEN", page.header("X-XSRF-TOKEN"),
        "Content-Type", "application/x-www-form-urlencoded"), form).status();
  }

  Reply get(String path, String user, String password) {
    return send("GET", path, basic(user, password), null);
  }

  Reply post(String path, String user, String password) {
    return send("POST", path, basic(user, password), "");
  }

  private static Map<String, String> basic(String user, String password) {
    return Map.of("Authorization", "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  Reply send(String method, String path, Map<String, String> headers, String body) {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n")
        .append("Host: localhost:").append(port).append("\r\n")
        .append("Connection: close\r\n");
    headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    if (spoofing) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      request.append("X-Forwarded-For: 10.").append(random.nextInt(256)).append('.').append(random.nextInt(256))
          .append('.').append(random.nextInt(1, 255)).append("\r\n");
    }
    if (body != null) {
      request.append("Content-Length: ").append(content.length).append("\r\n");
    }
    request.append("\r\n");
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Reply parse(byte[] raw) throws IOException {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    String[] head = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < head.length; i++) {
      int colon = head[i].indexOf(':');
      headers.computeIfAbsent(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(head[i].substring(colon + 1).trim());
    }
    byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
    if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
      body = dechunk(new ByteArrayInputStream(body));
    }
    return new Reply(Integer.parseInt(head[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != '\n' && c != -1; c = in.read()) {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(size));
      in.readNBytes(2);
    }
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("no end of the HTTP head in " + new String(data, StandardCharsets.ISO_8859_1));
  }
}
