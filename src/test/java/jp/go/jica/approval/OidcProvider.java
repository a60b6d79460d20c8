package jp.go.jica.approval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A real OpenID Connect provider on this machine (mock-oauth2-server: discovery, login page, authorization code
 * flow, JWKS, signed tokens, end session), for the sso tests and the sso demo. Its login page asks for the
 * 職員ID and puts it into {@code preferred_username}; the subject is an opaque id, as real providers issue it.
 */
public final class OidcProvider {

  /** The issuer's path on the provider: the issuer is {@code http://localhost:PORT/approval}. */
  public static final String ISSUER_ID = "approval";
  public static final String CLIENT_ID = "approval-platform";
  public static final String CLIENT_SECRET = "test-client-secret";

  private static OidcProvider shared;

  private final MockOAuth2Server server;

  private OidcProvider(int port) {
    // Tokens of the login flow carry the platform's client id as their audience.
    OAuth2TokenCallback tokens = new DefaultOAuth2TokenCallback(ISSUER_ID, "unused", "JWT", List.of(CLIENT_ID),
        Map.of(), 3600);
    server = new MockOAuth2Server(new OAuth2Config(true, loginPage().toString(), null, false, new OAuth2TokenProvider(),
        Set.of(tokens), new MockWebServerWrapper()));
    server.start(port);
  }

  /** The provider of this test JVM, started on first use on a free port. */
  public static synchronized OidcProvider shared() {
    if (shared == null) {
      shared = new OidcProvider(0);
    }
    return shared;
  }

  /** A provider on {@code port}, for the demo. */
  public static OidcProvider start(int port) {
    return new OidcProvider(port);
  }

  public String issuer() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  public String endSessionEndpoint() {
    return server.endSessionEndpointUrl(ISSUER_ID).toString();
  }

  /** An access token for the employee, for the platform's audience, valid for an hour. */
  public String token(String employeeId) {
    return token(employeeId, CLIENT_ID, Duration.ofHours(1));
  }

  /** An access token for the employee with this audience, expiring after {@code validity} (negative: expired). */
  public String token(String employeeId, String audience, Duration validity) {
    return server.issueToken(ISSUER_ID, "subject-" + employeeId, audience,
        Map.of("preferred_username", employeeId), validity.toSeconds()).serialize();
  }

  public void stop() {
    server.shutdown();
  }

  /** The platform's sso settings for this provider, as an operator would set them. */
  public Map<String, Object> settings() {
    return Map.of("approval.sso.issuer", issuer(), "approval.sso.client-id", CLIENT_ID,
        "approval.sso.client-secret", CLIENT_SECRET);
  }

  /** Points a test context with profile sso at the JVM's provider (see {@link OnSso}). */
  public static final class Settings implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("oidc-provider", shared().settings()));
    }
  }

  /** The Japanese login page as a file: the provider reads its login page from a path. */
  private static Path loginPage() {
    try (InputStream in = OidcProvider.class.getResourceAsStream("/sso/login.html")) {
      Path file = Files.createTempFile("oidc-login", ".html");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
