package jp.go.jica.approval;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Order;
import org.springframework.test.context.ActiveProfiles;

/** Runs a {@link PlatformTest} subclass on a real PostgreSQL (embedded binaries), after the H2 classes. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ActiveProfiles({"test", "embedded-postgres"})
@Order(Integer.MAX_VALUE)
public @interface OnPostgres {
}
