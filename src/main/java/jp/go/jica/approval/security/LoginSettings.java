package jp.go.jica.approval.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code approval.security.login.*}: how failed logins are throttled. A failure makes the next login of the
 * same account from the same source wait; a source failing against many accounts, or an account failing
 * from many sources, is held as a whole. Every hold ends by itself; nothing locks an account for good.
 *
 * @param pairFreeFailures failures of one account from one source before each further one is held
 * @param sourceFreeFailures failures from one source (all accounts) before the source is held and the
 *     administrators are alerted; sign-ins this source recently completed are not held
 * @param accountFreeFailures failures of one account (all sources, all nodes: Camunda's shared counter)
 *     before the account is held and the administrators are alerted; sources the account recently
 *     signed in from are not held
 * @param firstDelay the first hold; it doubles with each further failure
 * @param maxDelay the longest hold
 * @param forgetAfter failures a source or pair made this long ago, with no failure since, are forgotten
 * @param rememberSignInFor how long a successful sign-in marks its (account, source) as the user's own
 * @param trustedProxies addresses of reverse proxies in front of the platform; only a request from one
 *     of them has its client taken from {@code X-Forwarded-For} (empty: the header is ignored)
 * @param maxTracked entries kept per table (pairs, sources, sign-ins) before stale ones are dropped
 */
@ConfigurationProperties("approval.security.login")
record LoginSettings(
    @DefaultValue("3") int pairFreeFailures,
    @DefaultValue("20") int sourceFreeFailures,
    @DefaultValue("50") int accountFreeFailures,
    @DefaultValue("PT1S") Duration firstDelay,
    @DefaultValue("PT5M") Duration maxDelay,
    @DefaultValue("PT1H") Duration forgetAfter,
    @DefaultValue("P30D") Duration rememberSignInFor,
    @DefaultValue List<String> trustedProxies,
    @DefaultValue("10000") int maxTracked) {

  LoginSettings {
    if (pairFreeFailures < 0 || sourceFreeFailures < 0 || accountFreeFailures < 0 || maxTracked < 1) {
      throw new IllegalArgumentException("approval.security.login: counts must not be negative");
    }
    if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException("approval.security.login: 0 < first-delay <= max-delay required");
    }
    // A counter forgotten while its hold still runs would hand the attacker a fresh set of free failures.
    if (forgetAfter.compareTo(maxDelay) <= 0) {
      throw new IllegalArgumentException("approval.security.login: forget-after must be longer than max-delay");
    }
  }

  /** The hold after the {@code failures}-th failure when the first {@code free} ones are not held. */
  Duration holdAfter(int failures, int free) {
    int beyond = failures - free;
    if (beyond <= 0) {
      return Duration.ZERO;
    }
    // Doubling past 2^30 would overflow long before it matters: the cap is reached far earlier.
    long millis = firstDelay.toMillis() << Math.min(beyond - 1, 30);
    return millis <= 0 || millis > maxDelay.toMillis() ? maxDelay : Duration.ofMillis(millis);
  }
}
