package jp.go.jica.approval;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the approval platform. */
// No in-memory Spring users: every login is checked against Camunda's identity service.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class ApprovalPlatformApplication {

  public static void main(String[] args) {
    SpringApplication.run(ApprovalPlatformApplication.class, args);
  }
}
