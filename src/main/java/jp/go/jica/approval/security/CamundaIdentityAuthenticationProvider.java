package jp.go.jica.approval.security;

import java.util.ArrayList;
import java.util.List;
import jp.go.jica.approval.ledger.Administrators;
import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** Checks passwords against Camunda's identity service (through the credential cache); groups become authorities. */
class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

  private final CredentialCache credentials;

  CamundaIdentityAuthenticationProvider(CredentialCache credentials) {
    this.credentials = credentials;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String user = authentication.getName();
    Object credentials = authentication.getCredentials();
    return this.credentials.check(user, credentials == null ? null : credentials.toString())
        .map(identity -> authenticated(identity.userId(), identity.groups()))
        .orElseThrow(() -> new BadCredentialsException("ユーザーIDまたはパスワードが正しくありません"));
  }

  /** The platform's authentication for a Camunda user: groups as GROUP_*, camunda-admin as ROLE_ADMIN. */
  static Authentication authenticated(String user, List<String> groups) {
    return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities(groups));
  }

  /** A Camunda user's groups as the platform's authorities: GROUP_*, and ROLE_ADMIN for camunda-admin. */
  static List<GrantedAuthority> authorities(List<String> groups) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    for (String group : groups) {
      authorities.add(new SimpleGrantedAuthority("GROUP_" + group));
      if (Groups.CAMUNDA_ADMIN.equals(group)) {
        authorities.add(new SimpleGrantedAuthority(Administrators.AUTHORITY));
      }
    }
    return authorities;
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
