package jp.go.jica.approval;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the approval platform. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ApprovalPlatformApplication {

  public static void main(String[] args) {
    SpringApplication.run(ApprovalPlatformApplication.class, args);
  }
}
