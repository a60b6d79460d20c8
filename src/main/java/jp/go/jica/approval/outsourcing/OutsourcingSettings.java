package jp.go.jica.approval.outsourcing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/** {@code approval.outsourcing.*}: how often the contractor's measures are checked (Art. 55-1(2)). */
@Component("outsourcingSettings")
@ConfigurationProperties("approval.outsourcing")
public class OutsourcingSettings {

  private String checkInterval = "P90D";

  public String getCheckInterval() {
    return checkInterval;
  }

  public void setCheckInterval(String checkInterval) {
    Duration.parse(checkInterval); // a wrong value stops the start-up, not a timer months later
    this.checkInterval = checkInterval;
  }
}
