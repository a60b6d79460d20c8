package jp.go.jica.approval.ledger;

import org.springframework.security.core.Authentication;

/** The one answer to "is this user a platform administrator" (camunda-admin, granted as ROLE_ADMIN at login). */
public final class Administrators {

  /** The authority {@code CamundaIdentityAuthenticationProvider} grants the members of camunda-admin. */
  public static final String AUTHORITY = "ROLE_ADMIN";

  private Administrators() {
  }

  /** Whether {@code user} runs the platform; false for no user at all. */
  public static boolean is(Authentication user) {
    return user != null && user.getAuthorities().stream().anyMatch(a -> AUTHORITY.equals(a.getAuthority()));
  }
}
