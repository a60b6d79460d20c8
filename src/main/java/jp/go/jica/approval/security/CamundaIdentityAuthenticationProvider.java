package jp.go.jica.approval.security;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** Checks passwords against Camunda's identity service; Camunda groups become authorities. */
class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

  private final IdentityService identityService;

  CamundaIdentityAuthenticationProvider(IdentityService identityService) {
    this.identityService = identityService;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String user = authentication.getName();
    Object credentials = authentication.getCredentials();
    if (user == null || credentials == null || !identityService.checkPassword(user, credentials.toString())) {
      throw new BadCredentialsException("ユーザーIDまたはパスワードが正しくありません");
    }
    List<String> groups = identityService.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    return authenticated(user, groups);
  }

  /** The platform's authentication for a Camunda user: groups as GROUP_*, camunda-admin as ROLE_ADMIN. */
  static Authentication authenticated(String user, List<String> groups) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    for (String group : groups) {
      authorities.add(new SimpleGrantedAuthority("GROUP_" + group));
      if (Groups.CAMUNDA_ADMIN.equals(group)) {
        authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
      }
    }
    return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
