package jp.go.jica.approval.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * This node's memory of failed logins per (account, source) and per source, and of the sign-ins that
 * succeeded. Decides whether a password may be checked now; the engine's identity provider asks it first.
 * Camunda's own counter in ACT_ID_USER is the per-account memory shared by every node (see
 * {@link GuardedIdentityProvider}); what is kept here is per node and lost on restart, which only ever
 * shortens a hold.
 */
@Component
class LoginThrottle {

  /** A source or an account that just crossed its threshold: the administrators are told once. */
  record Incident(Kind kind, String target, int failures, Instant heldUntil, List<String> related) {
    /** What crossed its threshold. */
    enum Kind { SOURCE, ACCOUNT }
  }

  /** Failures of one account from one source; {@code heldUntil} is null when not held. */
  record PairEntry(String account, String source, int failures, Instant heldUntil) {
  }

  /** Failures from one source, with the accounts it tried. */
  record SourceEntry(String source, int failures, Instant heldUntil, List<String> accounts) {
  }

  /** An account as tried from one source. */
  private record Pair(String account, String source) {
  }

  /** Failures of a pair or a source, the hold they caused, and whether the administrators were told. */
  private static final class Counter {
    int failures;
    long lastFailure;
    long heldUntil;
    boolean alerted;
    final Set<String> related = new LinkedHashSet<>();
  }

  // Enough names to recognise a spraying attack in the alert without letting one source grow a counter.
  private static final int MAX_RELATED = 20;

  private final LoginSettings settings;
  private final Map<Pair, Counter> pairs = new HashMap<>();
  private final Map<String, Counter> sources = new HashMap<>();
  private final Map<Pair, Long> signIns = new HashMap<>();

  LoginThrottle(LoginSettings settings) {
    this.settings = settings;
  }

  /** Whether a password for the account may be checked from the source now. */
  synchronized boolean admits(String account, String source) {
    long now = System.currentTimeMillis();
    Counter pair = pairs.get(new Pair(account, source));
    if (pair != null && pair.heldUntil > now) {
      return false;
    }
    if (signedInRecently(account, source)) {
      return true;
    }
    Counter whole = sources.get(source);
    return whole == null || whole.heldUntil <= now;
  }

  /** The account signed in from this source lately: an attack on the account or from the source spares it. */
  synchronized boolean signedInRecently(String account, String source) {
    Long at = signIns.get(new Pair(account, source));
    return at != null && at + settings.rememberSignInFor().toMillis() > System.currentTimeMillis();
  }

  /** The right password from this source: its failures for the account are forgotten, the source remembered. */
  synchronized void succeeded(String account, String source) {
    Pair pair = new Pair(account, source);
    long now = System.currentTimeMillis();
    pairs.remove(pair);
    trim(signIns, at -> at + settings.rememberSignInFor().toMillis() <= now, at -> at);
    signIns.put(pair, now);
  }

  /** Counts a wrong password; the source's incident when this failure made it cross its threshold. */
  synchronized Optional<Incident> failed(String account, String source) {
    long now = System.currentTimeMillis();
    fail(counter(pairs, new Pair(account, source), now), now, settings.pairFreeFailures());
    Counter whole = counter(sources, source, now);
    fail(whole, now, settings.sourceFreeFailures());
    if (whole.related.size() < MAX_RELATED) {
      whole.related.add(account);
    }
    if (whole.heldUntil > now && !whole.alerted) {
      whole.alerted = true;
      return Optional.of(new Incident(Incident.Kind.SOURCE, source, whole.failures,
          Instant.ofEpochMilli(whole.heldUntil), List.copyOf(whole.related)));
    }
    return Optional.empty();
  }

  /** The sources this node saw failing against the account, for the account's alert. */
  synchronized List<String> sourcesOf(String account) {
    return pairs.keySet().stream().filter(p -> p.account().equals(account)).map(Pair::source).sorted()
        .limit(MAX_RELATED).toList();
  }

  /** Forgets the account's failures from every source (this node). */
  synchronized boolean releaseAccount(String account) {
    return pairs.keySet().removeIf(pair -> pair.account().equals(account));
  }

  /** Forgets the source's failures, for all accounts and as a whole (this node). */
  synchronized boolean releaseSource(String source) {
    boolean pairsReleased = pairs.keySet().removeIf(pair -> pair.source().equals(source));
    return sources.remove(source) != null | pairsReleased;
  }

  /** The (account, source) failures this node remembers. */
  synchronized List<PairEntry> pairs() {
    return entries(pairs, (pair, counter) -> new PairEntry(pair.account(), pair.source(), counter.failures,
        held(counter)), Comparator.comparing(PairEntry::account).thenComparing(PairEntry::source));
  }

  /** The sources with failures this node remembers. */
  synchronized List<SourceEntry> sources() {
    return entries(sources, (source, counter) -> new SourceEntry(source, counter.failures, held(counter),
        List.copyOf(counter.related)), Comparator.comparing(SourceEntry::source));
  }

  private <K, E> List<E> entries(Map<K, Counter> table, BiFunction<K, Counter, E> entry, Comparator<E> order) {
    long now = System.currentTimeMillis();
    List<E> list = new ArrayList<>();
    table.forEach((key, counter) -> {
      if (!forgotten(counter, now)) {
        list.add(entry.apply(key, counter));
      }
    });
    list.sort(order);
    return list;
  }

  private static Instant held(Counter counter) {
    return counter.heldUntil > System.currentTimeMillis() ? Instant.ofEpochMilli(counter.heldUntil) : null;
  }

  private void fail(Counter counter, long now, int free) {
    counter.failures++;
    counter.lastFailure = now;
    Duration hold = settings.holdAfter(counter.failures, free);
    counter.heldUntil = hold.isZero() ? 0 : now + hold.toMillis();
  }

  private <K> Counter counter(Map<K, Counter> table, K key, long now) {
    Counter counter = table.get(key);
    if (counter == null || forgotten(counter, now)) {
      trim(table, c -> forgotten(c, now), c -> c.lastFailure);
      counter = new Counter();
      table.put(key, counter);
    }
    return counter;
  }

  private boolean forgotten(Counter counter, long now) {
    return counter.heldUntil <= now && counter.lastFailure + settings.forgetAfter().toMillis() <= now;
  }

  /**
   * Makes room for one more entry within {@code max-tracked}: stale entries go first, then the oldest.
   * Dropping the oldest failures favours the attacker slightly; growing without bound would let a flood of
   * names stop the node.
   */
  private <K, V> void trim(Map<K, V> table, Predicate<V> stale, Function<V, Long> age) {
    if (table.size() < settings.maxTracked()) {
      return;
    }
    table.values().removeIf(stale);
    int excess = table.size() - settings.maxTracked() + 1;
    if (excess > 0) {
      table.entrySet().stream().sorted(Comparator.comparing(e -> age.apply(e.getValue()))).limit(excess)
          .map(Map.Entry::getKey).toList().forEach(table::remove);
    }
  }
}
