package jp.go.jica.approval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every test that needs the whole platform: real engine, real BPMN/DMN/forms, H2 in memory,
 * HTTP on a random port. Subclasses annotated {@link OnPostgres} run the same tests on PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class PlatformTest {

  /** One SMTP port per JVM, so H2 and PostgreSQL contexts talk to the same GreenMail. */
  public static final int SMTP_PORT = freePort();
  /** A copy of the demo chart the tests may rewrite and reload. */
  public static final Path ORG_CHART = copyDemoChart();

  @DynamicPropertySource
  static void platformProperties(DynamicPropertyRegistry registry) {
    registry.add("test.smtp.port", () -> SMTP_PORT);
    registry.add("test.org-chart.location", () -> ORG_CHART.toUri().toString());
  }

  /** The demo chart as shipped, for tests that restore it after a reorganisation. */
  public static String demoChart() {
    try (InputStream in = PlatformTest.class.getResourceAsStream("/org/demo-org-chart.yml")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path copyDemoChart() {
    try {
      Path dir = Files.createDirectories(Path.of("target", "test-org-chart"));
      Path file = dir.resolve("org-chart.yml");
      try (InputStream in = PlatformTest.class.getResourceAsStream("/org/demo-org-chart.yml")) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
