package jp.go.jica.approval.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.go.jica.approval.organization.OrgChartReloaded;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Remembers a successful HTTP Basic check (client address, user, a SHA-256 of the password, groups, tenants)
 * for a short time, so a REST client's every request does not repeat the password hash and three identity
 * queries. Failed checks are never cached; an org chart reload (leavers, moves) empties the cache at once.
 */
@Component
class CredentialCache {

  record Identity(String userId, List<String> groups, List<String> tenants, long expiresAt) {
  }

  private static final int MAX_ENTRIES = 1000;

  private final IdentityService identityService;
  private final BasicAuthentication basicAuthentication;
  private final long ttlMillis;
  private final Map<String, Identity> entries = new ConcurrentHashMap<>();

  CredentialCache(IdentityService identityService, BasicAuthentication basicAuthentication,
      @Value("${approval.security.credential-cache-ttl:PT30S}") Duration ttl) {
    this.identityService = identityService;
    this.basicAuthentication = basicAuthentication;
    this.ttlMillis = ttl.toMillis();
  }

  /** The user's identity if the password is right, from the cache when a recent check succeeded. */
  Optional<Identity> check(String userId, String password) {
    if (userId == null || password == null || !basicAuthentication.admits(userId)) {
      return Optional.empty();
    }
    // Per source: a login a held attacker tries must reach the throttle, not an entry the real user left here.
    String key = ClientAddressFilter.current() + '\n' + userId + ':' + sha256(password);
    long now = System.currentTimeMillis();
    Identity cached = entries.get(key);
    if (cached != null && cached.expiresAt() > now) {
      return Optional.of(cached);
    }
    if (!identityService.checkPassword(userId, password)) {
      entries.remove(key);
      return Optional.empty();
    }
    Identity identity = new Identity(userId,
        identityService.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList(),
        identityService.createTenantQuery().userMember(userId).includingGroupsOfUser(true).list().stream()
            .map(Tenant::getId).toList(), now + ttlMillis);
    if (ttlMillis > 0) {
      if (entries.size() > MAX_ENTRIES) {
        // Keys include a password hash, so entries of old passwords would otherwise stay for good.
        entries.values().removeIf(entry -> entry.expiresAt() <= now);
      }
      entries.put(key, identity);
    }
    return Optional.of(identity);
  }

  @EventListener(OrgChartReloaded.class)
  void clear() {
    entries.clear();
  }

  private static String sha256(String password) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
