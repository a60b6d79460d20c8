package jp.go.jica.approval;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ActiveProfiles;

/** Runs a {@link PlatformTest} subclass on a real PostgreSQL (embedded binaries), in its own JVM (pom.xml). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ActiveProfiles({"test", "embedded-postgres"})
public @interface OnPostgres {
}
