package jp.go.jica.approval.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who may sign a REST request (engine REST, /api) in with a password by HTTP Basic: everybody ({@code enabled}, the
 * default), only the administrators ({@code admins-only}, e.g. kept for Camunda Modeler deployments under single
 * sign-on), or nobody ({@code disabled}, the default under profile sso, where bearer tokens take its place).
 * Setting {@code approval.security.basic-auth}.
 */
@Component
class BasicAuthentication {

  enum Mode { ENABLED, ADMINS_ONLY, DISABLED }

  private final Mode mode;
  private final IdentityService identityService;

  BasicAuthentication(@Value("${approval.security.basic-auth:enabled}") String mode, IdentityService identityService) {
    this.mode = Mode.valueOf(mode.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    this.identityService = identityService;
  }

  /**
   * Whether a password may be checked for {@code userId} at all. Asked before the check, so a refused user's password
   * is never tried: no login throttle and no lock-out follow from requests that could not succeed anyway.
   */
  boolean admits(String userId) {
    return switch (mode) {
      case ENABLED -> true;
      case DISABLED -> false;
      case ADMINS_ONLY -> identityService.createGroupQuery().groupMember(userId).groupId(Groups.CAMUNDA_ADMIN).count() == 1;
    };
  }

  /** The setting's value. */
  Mode mode() {
    return mode;
  }
}
