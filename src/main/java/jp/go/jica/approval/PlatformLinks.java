package jp.go.jica.approval;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Prints where people find Tasklist, Cockpit and Admin once the platform is up. */
@Component
class PlatformLinks {

  private static final Logger log = LoggerFactory.getLogger(PlatformLinks.class);

  private final String baseUrl;

  PlatformLinks(@Value("${approval.mail.base-url}") String baseUrl) {
    this.baseUrl = baseUrl;
  }

  @EventListener
  void ready(ApplicationReadyEvent event) {
    String base = baseUrl;
    if (event.getApplicationContext() instanceof WebServerApplicationContext web && base.contains("localhost")) {
      base = "http://localhost:" + web.getWebServer().getPort();
    }
    log.info("""

        ==== サイバーセキュリティ承認基盤 / security approval platform is up ====
          Tasklist : {}/camunda/app/tasklist/default/
          Cockpit  : {}/camunda/app/cockpit/default/
          Admin    : {}/camunda/app/admin/default/
          REST     : {}/engine-rest (HTTP Basic)
        """, base, base, base, base);
  }
}
