package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

/**
 * Which address the throttle counts, over real HTTP in a bare Tomcat with the filter configured as behind two
 * proxies (127.0.0.20 and 127.0.0.21): {@code X-Forwarded-For} is believed only from them, and only its
 * rightmost address that is not one of them. (The platform's shipped setting trusts no proxy; the attack
 * test shows the header changes nothing there.)
 */
class ClientAddressFilterTest {

  private static WebServer server;

  @BeforeAll
  static void tomcat() {
    server = new TomcatServletWebServerFactory(0).getWebServer(context -> {
      context.addFilter("client-address", new ClientAddressFilter(List.of("127.0.0.20", "127.0.0.21")))
          .addMappingForUrlPatterns(null, false, "/*");
      context.addServlet("echo", new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
          response.getWriter().write(ClientAddressFilter.current());
        }
      }).addMapping("/*");
    });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void aClientNotBehindAProxyIsItsOwnAddressWhateverItWritesInTheHeader() {
    assertThat(seen("127.0.0.22", "10.1.1.1")).isEqualTo("127.0.0.22");
    assertThat(seen("127.0.0.22", null)).isEqualTo("127.0.0.22");
  }

  @Test
  void behindATrustedProxyTheClientIsTheRightmostAddressNoProxyOfOursWrote() {
    assertThat(seen("127.0.0.20", "10.1.1.1")).isEqualTo("10.1.1.1");
    assertThat(seen("127.0.0.20", "6.6.6.6, 10.1.1.1")).as("the client's own prefix is ignored").isEqualTo("10.1.1.1");
    assertThat(seen("127.0.0.20", "6.6.6.6, 10.1.1.1, 127.0.0.21")).as("two proxies in a row").isEqualTo("10.1.1.1");
    assertThat(seen("127.0.0.20", null)).as("a request of the proxy itself").isEqualTo("127.0.0.20");
    assertThat(seen("127.0.0.20", "x".repeat(500))).hasSize(64);
  }

  private static String seen(String source, String forwardedFor) {
    LoopbackClient client = new LoopbackClient(source, server.getPort());
    return client.send("GET", "/", forwardedFor == null ? Map.of() : Map.of("X-Forwarded-For", forwardedFor), null)
        .body();
  }
}
