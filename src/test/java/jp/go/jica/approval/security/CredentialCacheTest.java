package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The credential cache from the attacker's side: a cached success never lets another password in,
 * failures are not cached, and an org chart reload forgets everything at once.
 */
class CredentialCacheTest extends PlatformTest {

  @LocalServerPort int port;
  @Autowired CredentialCache cache;

  // Own accounts: failed logins make Camunda delay the next login of that user, which must not touch the demo users.
  @BeforeEach
  void createAccounts() {
    for (String id : new String[] {"cache-test-a", "cache-test-b"}) {
      if (identity.createUserQuery().userId(id).count() == 0) {
        var user = identity.newUser(id);
        user.setPassword("secret-123");
        identity.saveUser(user);
      }
    }
    cache.clear();
  }

  @AfterEach
  void deleteAccounts() {
    identity.deleteUser("cache-test-a");
    identity.deleteUser("cache-test-b");
    cache.clear();
  }

  @Test
  void aCachedLoginDoesNotLetAWrongPasswordIn() throws Exception {
    assertThat(call("cache-test-a", "secret-123")).isEqualTo(200);
    assertThat(call("cache-test-a", "secret-123")).as("served from the cache").isEqualTo(200);

    assertThat(call("cache-test-a", "wrong")).isEqualTo(401);
    assertThat(call("cache-test-a", "secret-123 ")).as("a near miss").isEqualTo(401);
    assertThat(call("cache-test-", "secret-123")).isEqualTo(401);
  }

  @Test
  void aPasswordChangeCountsAfterAReloadEmptiedTheCache() throws Exception {
    assertThat(call("cache-test-b", "secret-123")).isEqualTo(200);
    var user = identity.createUserQuery().userId("cache-test-b").singleResult();
    user.setPassword("changed-456");
    identity.saveUser(user);

    cache.clear();

    assertThat(call("cache-test-b", "changed-456")).isEqualTo(200);
    assertThat(call("cache-test-b", "secret-123")).as("old password after the cache was emptied").isEqualTo(401);
  }

  private int call(String user, String password) throws Exception {
    String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
            + "/engine-rest/process-definition?maxResults=1")).header("Authorization", "Basic " + basic).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
