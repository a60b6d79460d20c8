package jp.go.jica.approval.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The administrators' view of failed logins and the documented way to end a hold (camunda-admin only, as all
 * of {@code /api/admin}). Accounts come from Camunda's shared counter; sources from this node's memory.
 */
@RestController
@RequestMapping("/api/admin/accounts")
class AccountLockController {

  private static final Logger log = LoggerFactory.getLogger(AccountLockController.class);
  private static final int MAX_LISTED = 500;

  private final IdentityService identityService;
  private final ManagementService managementService;
  private final LoginThrottle throttle;

  AccountLockController(IdentityService identityService, ManagementService managementService, LoginThrottle throttle) {
    this.identityService = identityService;
    this.managementService = managementService;
    this.throttle = throttle;
  }

  /** Accounts with failed logins (held or not) and the sources this node holds or counts. */
  @GetMapping("/locked")
  Map<String, Object> locked(Authentication authentication) {
    Map<String, Map<String, Object>> accounts = new TreeMap<>();
    List<User> counted = identityService.createNativeUserQuery()
        .sql("select * from " + managementService.getTableName(UserEntity.class) + " where ATTEMPTS_ > 0")
        .listPage(0, MAX_LISTED);
    for (User user : counted) {
      UserEntity entity = (UserEntity) user;
      Date until = entity.getLockExpirationTime();
      account(accounts, user.getId()).putAll(Map.of("failures", entity.getAttempts(), "exists", true));
      account(accounts, user.getId()).put("heldUntil",
          until != null && until.toInstant().isAfter(Instant.now()) ? until.toInstant() : null);
    }
    List<String> onlyHere = new ArrayList<>();
    for (LoginThrottle.PairEntry pair : throttle.pairs()) {
      if (!accounts.containsKey(pair.account())) {
        onlyHere.add(pair.account());
      }
      @SuppressWarnings("unchecked")
      List<Object> sources = (List<Object>) account(accounts, pair.account())
          .computeIfAbsent("sources", key -> new ArrayList<>());
      sources.add(pair);
    }
    if (!onlyHere.isEmpty()) {
      // Failures for names that are no account are how an attacker probes; the list says which they are.
      identityService.createUserQuery().userIdIn(onlyHere.toArray(String[]::new)).listPage(0, MAX_LISTED)
          .forEach(user -> accounts.get(user.getId()).put("exists", true));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("accounts", accounts.values());
    body.put("sources", throttle.sources());
    body.put("note", "accounts.failures と heldUntil は全ノード共通（Camunda のカウンター）、"
        + "送信元ごとの記録（sources）はこのノードのものです");
    log.info("{} listed failed logins: {} accounts, {} sources", authentication.getName(), accounts.size(),
        throttle.sources().size());
    return body;
  }

  /** Ends the account's hold: Camunda's shared lock and counter, and this node's per-source holds. */
  @PostMapping("/{userId}/unlock")
  Map<String, Object> unlockAccount(@PathVariable String userId, Authentication authentication) {
    boolean exists = identityService.createUserQuery().userId(userId).count() == 1;
    // Through the identity service, so Camunda's lock columns and the provider's throttle are cleared together.
    identityService.unlockUser(userId);
    log.warn("{} unlocked the login of account {} (exists: {})", authentication.getName(), userId, exists);
    return Map.of("userId", userId, "message", exists
        ? userId + " のログイン保留を解除しました"
        : userId + " というユーザーはいません。この名前への失敗の記録を消去しました");
  }

  /** Ends a source's hold on this node (e.g. an office NAT address after an incident was dealt with). */
  @PostMapping("/sources/{address}/unlock")
  Map<String, Object> unlockSource(@PathVariable String address, Authentication authentication) {
    boolean released = throttle.releaseSource(address);
    log.warn("{} unlocked the source {} on this node (had failures: {})", authentication.getName(), address,
        released);
    return Map.of("source", address, "message", released
        ? "送信元 " + address + " の保留を解除しました（このノード）"
        : "送信元 " + address + " の記録はこのノードにありません");
  }

  private static Map<String, Object> account(Map<String, Map<String, Object>> accounts, String userId) {
    return accounts.computeIfAbsent(userId, id -> {
      Map<String, Object> account = new LinkedHashMap<>();
      account.put("userId", id);
      account.put("exists", false);
      account.put("failures", 0);
      account.put("heldUntil", null);
      return account;
    });
  }
}
