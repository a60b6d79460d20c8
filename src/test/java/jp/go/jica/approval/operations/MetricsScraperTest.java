package jp.go.jica.approval.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The scraper account with a plain password from the environment, a bcrypt hash, and none at all. */
class MetricsScraperTest {

  static AuthenticationProvider scraper(String password) {
    return new MetricsScraper(new MonitoringSettings(Duration.ofSeconds(10), Duration.ofMinutes(30),
        new MonitoringSettings.Scraper("prometheus", password))).authenticationProvider();
  }

  static Authentication login(String user, String password) {
    return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
  }

  @Test
  void aPlainPasswordSignsTheScraperInWithTheMetricsRoleOnly() {
    Authentication signedIn = scraper("s3cret").authenticate(login("prometheus", "s3cret"));

    assertThat(signedIn.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_METRICS");
    assertThatThrownBy(() -> scraper("s3cret").authenticate(login("prometheus", "s3cre")))
        .isInstanceOf(BadCredentialsException.class);
  }

  @Test
  void aBcryptHashIsCheckedAsAHashNotComparedAsText() {
    String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode("s3cret");

    assertThat(scraper(hash).authenticate(login("prometheus", "s3cret"))).isNotNull();
    assertThatThrownBy(() -> scraper(hash).authenticate(login("prometheus", hash)))
        .isInstanceOf(BadCredentialsException.class);
  }

  @Test
  void otherUsersAndAnEmptyPasswordSettingAreLeftToTheNextProvider() {
    assertThat(scraper("s3cret").authenticate(login("admin", "s3cret"))).isNull();
    assertThat(scraper("").authenticate(login("prometheus", ""))).isNull();
  }
}
