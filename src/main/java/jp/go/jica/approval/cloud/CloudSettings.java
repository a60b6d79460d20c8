package jp.go.jica.approval.cloud;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/** {@code approval.cloud.*}: the periodic review interval (Art. 68) read by the BPMN timer. */
@Component("cloudSettings")
@ConfigurationProperties("approval.cloud")
public class CloudSettings {

  private String reviewInterval = "P365D";
  private String maxPeriod = "P1095D";

  public String getReviewInterval() {
    return reviewInterval;
  }

  public void setReviewInterval(String reviewInterval) {
    Duration.parse(reviewInterval); // a wrong value stops the start-up, not a timer a year later
    this.reviewInterval = reviewInterval;
  }

  public String getMaxPeriod() {
    return maxPeriod;
  }

  public void setMaxPeriod(String maxPeriod) {
    Duration.parse(maxPeriod);
    this.maxPeriod = maxPeriod;
  }

  Duration maxPeriodDuration() {
    return Duration.parse(maxPeriod);
  }
}
