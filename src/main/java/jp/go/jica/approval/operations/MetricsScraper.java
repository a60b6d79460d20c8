package jp.go.jica.approval.operations;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * The Prometheus scraper's account ({@code approval.monitoring.scraper.*}): {@link #authenticationProvider()} signs
 * it in with {@link #AUTHORITY}, which allows reading {@code /actuator/prometheus} and nothing else.
 */
@Component
public class MetricsScraper {

  /** The role the web security config grants {@code /actuator/prometheus} to, besides administrators. */
  public static final String ROLE = "METRICS";
  static final String AUTHORITY = "ROLE_" + ROLE;

  private final String username;
  private final String password;
  private final PasswordEncoder encoded = PasswordEncoderFactories.createDelegatingPasswordEncoder();

  MetricsScraper(MonitoringSettings settings) {
    this.username = settings.scraper().username();
    this.password = settings.scraper().password();
  }

  /**
   * The provider for the actuator's security chain only. Deliberately not a bean: Spring Security would make a lone
   * AuthenticationProvider bean every chain's fallback, and the scraper could then sign in to the platform's API.
   * Other user names are left to the chain's next provider.
   */
  public AuthenticationProvider authenticationProvider() {
    return new AuthenticationProvider() {
      @Override
      public Authentication authenticate(Authentication authentication) {
        return MetricsScraper.this.authenticate(authentication);
      }

      @Override
      public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
      }
    };
  }

  @Nullable
  private Authentication authenticate(Authentication authentication) {
    if (password.isEmpty() || !username.equals(authentication.getName())) {
      return null;
    }
    Object given = authentication.getCredentials();
    if (given == null || !matches(given.toString())) {
      throw new BadCredentialsException("ユーザーIDまたはパスワードが正しくありません");
    }
    return UsernamePasswordAuthenticationToken.authenticated(username, null, List.of(new SimpleGrantedAuthority(AUTHORITY)));
  }

  private boolean matches(String given) {
    // {bcrypt}…, {pbkdf2}… etc. are hashes; anything else is the password itself (from an environment variable)
    if (password.startsWith("{")) {
      return encoded.matches(given, password);
    }
    return MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
