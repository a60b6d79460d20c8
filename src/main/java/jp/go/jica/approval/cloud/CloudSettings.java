package jp.go.jica.approval.cloud;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * {@code approval.cloud.*}: the periodic review interval (Art. 68) read by the BPMN timer, and the cloud
 * service use criteria (利用判断基準, Art. 61(1)) shown to the isso who judges a use against them (Art. 62-1).
 */
@Component("cloudSettings")
@ConfigurationProperties("approval.cloud")
public class CloudSettings {

  private String reviewInterval = "P365D";
  private String maxPeriod = "P1095D";
  private String useCriteria = "(1) 利用可能な業務・情報システムの範囲: 機構の業務のうち、クラウドサービスの停止・情報の漏えいが"
      + "生じても代替手段で業務を継続できるもの。基幹業務システムの本番データの移行は統括情報セキュリティ責任者の個別の判断による。\n"
      + "(2) 情報の取扱いを許可する場所: 要機密情報は原則として日本国内に保存する。国外に保存する場合は、国・地域の法令の"
      + "適用を検討したうえで統括情報セキュリティ責任者の審査を受ける。";

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

  public String getUseCriteria() {
    return useCriteria;
  }

  public void setUseCriteria(String useCriteria) {
    this.useCriteria = useCriteria;
  }

  Duration maxPeriodDuration() {
    return Duration.parse(maxPeriod);
  }
}
