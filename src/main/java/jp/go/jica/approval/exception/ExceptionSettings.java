package jp.go.jica.approval.exception;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Durations and the report cycle of the exception process ({@code approval.exception.*}); BPMN
 * timers read them as {@code ${exceptionSettings.reviewReminder}} and so on (ISO-8601 durations).
 */
@Component("exceptionSettings")
@ConfigurationProperties("approval.exception")
public class ExceptionSettings {

  private String maxPeriod = "P365D";
  private String postFactoMaxAge = "P30D";
  private String reviewReminder = "P3D";
  private String reviewEscalation = "P7D";
  private String expiryLeadTime = "P14D";
  private String endConfirmationEscalation = "P7D";
  private String reportCycle = "0 0 9 1 * ?";
  private String reportWindow = "P31D";

  Duration maxPeriodDuration() {
    return Duration.parse(maxPeriod);
  }

  Duration postFactoMaxAgeDuration() {
    return Duration.parse(postFactoMaxAge);
  }

  Duration endConfirmationEscalationDuration() {
    return Duration.parse(endConfirmationEscalation);
  }

  Duration expiryLeadTimeDuration() {
    return Duration.parse(expiryLeadTime);
  }

  Duration reportWindowDuration() {
    return Duration.parse(reportWindow);
  }

  public String getMaxPeriod() {
    return maxPeriod;
  }

  public void setMaxPeriod(String maxPeriod) {
    this.maxPeriod = valid(maxPeriod);
  }

  public String getPostFactoMaxAge() {
    return postFactoMaxAge;
  }

  public void setPostFactoMaxAge(String postFactoMaxAge) {
    this.postFactoMaxAge = valid(postFactoMaxAge);
  }

  public String getReviewReminder() {
    return reviewReminder;
  }

  public void setReviewReminder(String reviewReminder) {
    this.reviewReminder = valid(reviewReminder);
  }

  public String getReviewEscalation() {
    return reviewEscalation;
  }

  public void setReviewEscalation(String reviewEscalation) {
    this.reviewEscalation = valid(reviewEscalation);
  }

  public String getExpiryLeadTime() {
    return expiryLeadTime;
  }

  public void setExpiryLeadTime(String expiryLeadTime) {
    this.expiryLeadTime = valid(expiryLeadTime);
  }

  public String getEndConfirmationEscalation() {
    return endConfirmationEscalation;
  }

  public void setEndConfirmationEscalation(String endConfirmationEscalation) {
    this.endConfirmationEscalation = valid(endConfirmationEscalation);
  }

  public String getReportCycle() {
    return reportCycle;
  }

  public void setReportCycle(String reportCycle) {
    this.reportCycle = reportCycle;
  }

  public String getReportWindow() {
    return reportWindow;
  }

  public void setReportWindow(String reportWindow) {
    this.reportWindow = valid(reportWindow);
  }

  // A wrong duration must stop the start-up, not a timer at 3 a.m.
  private static String valid(String isoDuration) {
    Duration.parse(isoDuration);
    return isoDuration;
  }
}
