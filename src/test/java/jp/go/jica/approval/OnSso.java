package jp.go.jica.approval;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs a {@link PlatformTest} subclass with profile sso against the test JVM's OpenID Connect provider
 * ({@link OidcProvider}), in a JVM of its own (pom.xml, execution sso-test).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ActiveProfiles({"test", "sso"})
@ContextConfiguration(initializers = OidcProvider.Settings.class)
@Tag("sso")
public @interface OnSso {
}
