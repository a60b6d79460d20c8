package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import jp.go.jica.approval.PlatformTest;
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

  @Test
  void aCachedLoginDoesNotLetAWrongPasswordIn() throws Exception {
    assertThat(call("ga-staff", "demo")).isEqualTo(200);
    assertThat(call("ga-staff", "demo")).as("served from the cache").isEqualTo(200);

    assertThat(call("ga-staff", "wrong")).isEqualTo(401);
    assertThat(call("ga-staff", "demo ")).as("a near miss").isEqualTo(401);
    assertThat(call("ga-staf", "demo")).isEqualTo(401);
  }

  @Test
  void aPasswordChangeCountsAfterAReloadEmptiedTheCache() throws Exception {
    assertThat(call("proc-staff", "demo")).isEqualTo(200);
    var user = identity.createUserQuery().userId("proc-staff").singleResult();
    user.setPassword("changed-123");
    identity.saveUser(user);
    try {
      cache.clear();

      assertThat(call("proc-staff", "demo")).as("old password after the cache was emptied").isEqualTo(401);
      assertThat(call("proc-staff", "changed-123")).isEqualTo(200);
    } finally {
      user.setPassword("demo");
      identity.saveUser(user);
      cache.clear();
    }
  }

  private int call(String user, String password) throws Exception {
    String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
            + "/engine-rest/process-definition?maxResults=1")).header("Authorization", "Basic " + basic).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
