package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.security.LoopbackClient.Way;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Strangers guessing passwords, from the attacker's side, with the shipped settings (3 free failures per
 * account and source, a source held after 20, an account after 50, holds from 1 s doubling): over engine
 * REST Basic, Camunda's webapp login and the platform's /api. Each source is a loopback address of its own;
 * the real users sign in from 127.0.0.1, as every other test does.
 */
class LoginThrottleAttackTest extends PlatformTest {

  private static final String RIGHT = "demo";
  private static final String WRONG = "guess-123";
  // Camunda's default loginMaxAttempts: this many anonymous failures used to lock an account for good.
  private static final int CAMUNDA_PERMANENT_LOCK = 10;

  @LocalServerPort int port;
  @Autowired LoginThrottle throttle;

  private final Set<String> accounts = new LinkedHashSet<>();
  private final Set<String> sources = new LinkedHashSet<>();
  private int turn;

  @AfterEach
  void forgetTheAttack() {
    // The documented unlock, as an administrator would do after an incident; other tests use these accounts.
    accounts.forEach(identity::unlockUser);
    sources.forEach(throttle::releaseSource);
  }

  @Test
  void manyAnonymousWrongPasswordsNeverLockAnAccountForGoodNorKeepTheRealUserOut() throws Exception {
    for (String source : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5")) {
      for (String victim : List.of("admin", "ga-chief")) {
        failFreely(from(source), victim, 3);
      }
    }
    assertThat(failures("admin")).as("failures counted on the administrator").isGreaterThan(CAMUNDA_PERMANENT_LOCK);
    assertThat(failures("ga-chief")).as("failures counted on the approver").isGreaterThan(CAMUNDA_PERMANENT_LOCK);

    for (String user : List.of("admin", "ga-chief")) {
      assertRealUserSignsIn(user);
    }

    LoopbackClient attacker = from("127.0.0.2");
    holdPairFor4Seconds(attacker, "admin");
    for (Way way : Way.values()) {
      assertThat(attacker.login(way, "admin", RIGHT)).as("held attacker, right password, %s", way).isEqualTo(401);
      assertThat(attacker.login(way, "admin", WRONG)).as("held attacker, wrong password, %s", way).isEqualTo(401);
    }
    assertRealUserSignsIn("admin");

    Thread.sleep(4_300);
    for (Way way : Way.values()) {
      assertThat(attacker.login(way, "admin", RIGHT)).as("after the hold, %s", way).isEqualTo(200);
    }
  }

  @Test
  void aSourceSprayingPasswordsIsHeldExceptForItsOwnUsersAndTheAdministratorsAreAlertedOnce() throws Exception {
    LoopbackClient office = from("127.0.0.6");
    assertThat(office.login(Way.PLATFORM_API, "ga-staff", RIGHT)).isEqualTo(200);

    for (String victim : List.of("admin", "ga-chief", "proc-chief", "audit-head", "nobody-1", "nobody-2", "nobody-3")) {
      failFreely(office, victim, 3);
    }
    // 21 failures: the source is held for 1 s; two more after each hold make it 4 s.
    Thread.sleep(1_200);
    fail(office, "nobody-4");
    Thread.sleep(2_200);
    fail(office, "nobody-5");

    for (Way way : Way.values()) {
      assertThat(office.login(way, "ga-director", RIGHT)).as("an account never signed in from here, %s", way)
          .isEqualTo(401);
      assertThat(office.login(way, "ga-staff", RIGHT)).as("this source's own user, %s", way).isEqualTo(200);
    }
    assertRealUserSignsIn("ga-director");
    assertThat(alerts("送信元 127.0.0.6")).as("one mail per administrator for the incident").containsExactly("admin");
    assertThat(jdbc.queryForObject("select body from apr_mail_outbox where template = 'security/login-throttled' "
        + "and subject like '%: 送信元 127.0.0.6'", String.class)).contains("試行されたアカウント", "admin", "nobody-1",
        "/api/admin/accounts/{ユーザーID}/unlock");
  }

  @Test
  void aDistributedAttackHoldsTheAccountOnlyForSourcesItNeverSignedInFromAndAlertsOnce() throws Exception {
    LoopbackClient home = from("127.0.0.7");
    assertThat(home.login(Way.ENGINE_REST, "ga-director", RIGHT)).isEqualTo(200);

    for (int i = 1; i <= 51; i++) {
      fail(from("127.0.1." + i), "ga-director");
    }
    // 51 failures from 51 sources: the account is held for 1 s; two more after each hold make it 4 s.
    Thread.sleep(1_200);
    fail(from("127.0.1.52"), "ga-director");
    Thread.sleep(2_200);
    fail(from("127.0.1.53"), "ga-director");

    LoopbackClient stranger = from("127.0.1.60");
    for (Way way : Way.values()) {
      assertThat(stranger.login(way, "ga-director", RIGHT)).as("a new source while held, %s", way).isEqualTo(401);
    }
    for (Way way : Way.values()) {
      assertThat(home.login(way, "ga-director", RIGHT)).as("where the user signed in before, %s", way).isEqualTo(200);
    }
    assertThat(alerts("アカウント ga-director")).as("one mail per administrator for the incident").containsExactly("admin");
    // The user's own sign-in ended the incident (Camunda's counter starts again), so nobody stays locked out.
    assertThat(stranger.login(Way.ENGINE_REST, "ga-director", RIGHT)).isEqualTo(200);
  }

  @Test
  void anAttackerCannotBecomeANewSourceByWritingXForwardedFor() throws Exception {
    // No proxy is configured in front of the platform, so the header is not believed.
    LoopbackClient attacker = from("127.0.0.9").spoofingForwardedFor();
    failFreely(attacker, "it-chief", 3);
    holdPairFor4Seconds(attacker, "it-chief");

    for (Way way : Way.values()) {
      assertThat(attacker.login(way, "it-chief", RIGHT)).as("held whatever the header says, %s", way).isEqualTo(401);
    }
    assertThat(new Http(port).get("admin", "/api/admin/accounts/locked").json().get("sources").toString())
        .contains("127.0.0.9").doesNotContain("\"10.");
  }

  @Test
  void anAdministratorEndsAHoldByTheDocumentedActionAndNobodyElseMay() throws Exception {
    LoopbackClient attacker = from("127.0.0.8");
    failFreely(attacker, "proc-chief", 3);
    holdPairFor4Seconds(attacker, "proc-chief");
    Http http = new Http(port);

    assertThat(http.get("ga-staff", "/api/admin/accounts/locked").status()).isEqualTo(403);
    assertThat(http.post("ga-staff", "/api/admin/accounts/proc-chief/unlock", "").status()).isEqualTo(403);
    assertThat(http.post(null, "/api/admin/accounts/proc-chief/unlock", "").status()).isEqualTo(401);
    assertThat(attacker.login(Way.ENGINE_REST, "proc-chief", RIGHT)).as("still held").isEqualTo(401);

    JsonNode locked = http.get("admin", "/api/admin/accounts/locked").json();
    JsonNode account = find(locked.get("accounts"), "userId", "proc-chief");
    assertThat(account.get("failures").asInt()).isEqualTo(6);
    assertThat(account.get("exists").asBoolean()).isTrue();
    JsonNode pair = find(account.get("sources"), "source", "127.0.0.8");
    assertThat(pair.get("failures").asInt()).isEqualTo(6);
    assertThat(pair.get("heldUntil").isNull()).as("held").isFalse();
    assertThat(find(locked.get("sources"), "source", "127.0.0.8").get("accounts").get(0).asText()).isEqualTo("proc-chief");

    Http.Reply unlock = http.post("admin", "/api/admin/accounts/proc-chief/unlock", "");
    assertThat(unlock.status()).isEqualTo(200);
    assertThat(unlock.json().get("message").asText()).contains("proc-chief", "解除");
    assertThat(failures("proc-chief")).as("Camunda's own counter").isZero();
    assertThat(attacker.login(Way.ENGINE_REST, "proc-chief", RIGHT)).as("within the former hold").isEqualTo(200);

    // Camunda Admin's unlock button (engine REST through the webapp session) ends this platform's holds too.
    failFreely(attacker, "proc-chief", 3);
    holdPairFor4Seconds(attacker, "proc-chief");
    assertThat(EngineClient.tasklist(port, "admin").post("/user/proc-chief/unlock", "").status()).isEqualTo(204);
    assertThat(attacker.login(Way.WEBAPP_LOGIN, "proc-chief", RIGHT)).isEqualTo(200);
  }

  private LoopbackClient from(String source) {
    sources.add(source);
    return new LoopbackClient(source, port);
  }

  /** Wrong passwords that are still counted (no hold yet), each way in turn. */
  private void failFreely(LoopbackClient client, String account, int times) {
    for (int i = 0; i < times; i++) {
      fail(client, account);
    }
  }

  private void fail(LoopbackClient client, String account) {
    accounts.add(account);
    Way way = Way.values()[turn++ % Way.values().length];
    assertThat(client.login(way, account, WRONG)).as("%s from %s by %s", account, client.source(), way).isEqualTo(401);
  }

  /** After the 3 free failures: the 4th holds 1 s, the 5th 2 s, the 6th 4 s (each sent once the hold ended). */
  private void holdPairFor4Seconds(LoopbackClient client, String account) throws InterruptedException {
    fail(client, account);
    Thread.sleep(1_200);
    fail(client, account);
    Thread.sleep(2_200);
    fail(client, account);
  }

  /** The real user, from 127.0.0.1: engine REST on both paths, Tasklist's login and session, the platform's /api. */
  private void assertRealUserSignsIn(String user) {
    for (EngineClient client : EngineClient.allPaths(port, user)) {
      assertThat(client.get("/process-definition?maxResults=1").status()).as("%s", client).isEqualTo(200);
    }
    assertThat(new Http(port).get(user, "/api/session").status()).as("%s on /api", user).isEqualTo(200);
  }

  private int failures(String user) {
    return ((UserEntity) identity.createUserQuery().userId(user).singleResult()).getAttempts();
  }

  private List<String> alerts(String target) {
    return jdbc.queryForList("select recipient_id from apr_mail_outbox where template = 'security/login-throttled' "
        + "and subject like ?", String.class, "%: " + target);
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode element : array) {
      if (element.get(field).asText().equals(value)) {
        return element;
      }
    }
    throw new AssertionError(value + " not in " + array);
  }
}
