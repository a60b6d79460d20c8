package jp.go.jica.approval.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The one admin check: camunda-admin's members are administrators, nobody else, whatever their other rights. */
class AdministratorsTest extends PlatformTest {

  @LocalServerPort int port;

  @Test
  void onlyTheAdministratorAuthorityMakesAnAdministrator() {
    assertThat(Administrators.is(new UsernamePasswordAuthenticationToken("a", null,
        List.of(new SimpleGrantedAuthority("GROUP_employees"), new SimpleGrantedAuthority(Administrators.AUTHORITY)))))
        .isTrue();
    assertThat(Administrators.is(new UsernamePasswordAuthenticationToken("b", null,
        List.of(new SimpleGrantedAuthority("GROUP_camunda-admin-like"), new SimpleGrantedAuthority("ROLE_USER")))))
        .isFalse();
    assertThat(Administrators.is(null)).isFalse();
  }

  @Test
  void theLoggedInAdministratorIsOneAndTheCisoIsNot() {
    // Given the demo chart's administrator and the CISO (who holds the highest role but does not run the platform)
    Http http = new Http(port);

    // When each asks the platform who they are, Then only the administrator is one
    assertThat(http.get("admin", "/api/session").json().get("admin").asBoolean()).isTrue();
    assertThat(http.get("ciso", "/api/session").json().get("admin").asBoolean()).isFalse();
    // And an administrator sees another department's carry-out, which the CISO's role alone does not show
    String pid = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "1", "1")).getId();
    String number = (String) runtime.getVariable(pid, "logNumber");
    assertThat(http.get("admin", "/api/media/carry-outs").body()).contains(number);
    assertThat(http.get("proc-staff", "/api/media/carry-outs").body()).doesNotContain(number);
  }
}
