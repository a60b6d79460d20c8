package jp.go.jica.approval;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;

/**
 * The platform with profile sso against the test OpenID Connect provider, for a newcomer to try single sign-on:
 * {@code mvn spring-boot:test-run -Psso-demo} (docs/sso.md). The provider listens on port 8180 (SSO_DEMO_PROVIDER_PORT)
 * and signs in any employee id typed on its login page; the platform on 8080 (PORT) as usual. Not a test.
 */
public final class SsoDemo {

  private SsoDemo() {
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(System.getenv().getOrDefault("SSO_DEMO_PROVIDER_PORT", "8180"));
    OidcProvider provider = OidcProvider.start(port);
    SpringApplication platform = new SpringApplication(ApprovalPlatformApplication.class);
    platform.setAdditionalProfiles("sso");
    platform.addInitializers(context -> context.getEnvironment().getPropertySources()
        .addFirst(new MapPropertySource("oidc-provider", provider.settings())));
    try {
      platform.run(args);
    } catch (RuntimeException failed) {
      // the provider's server thread would otherwise keep the JVM (and its port) alive
      provider.stop();
      throw failed;
    }
    System.out.println("""

        Single sign-on demo: the test OpenID Connect provider is %s
        Open Tasklist (link above) and sign in on the provider's page with an employee id of the demo org chart
        (ga-chief, ga-staff, admin, ...); any other id is refused as not on the chart.
        """.formatted(provider.issuer()));
  }
}
