package jp.go.jica.approval.organization;

import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;

/**
 * Runs engine calls the platform makes for a signed-in employee (a report through the platform's own API) as that
 * employee with the groups the org chart gives them, so the engine's rights, the form contract and the
 * separation-of-duties guards judge the call exactly as they judge the same step taken in Tasklist.
 */
public final class ActingEmployee {

  private ActingEmployee() {
  }

  /** Runs {@code action} authenticated as {@code employee}, then restores whatever authentication was there. */
  public static <T> T run(IdentityService identity, String employee, Supplier<T> action) {
    var outer = identity.getCurrentAuthentication();
    List<String> groups = identity.createGroupQuery().groupMember(employee).list().stream().map(Group::getId).toList();
    identity.setAuthentication(employee, groups);
    try {
      return action.get();
    } finally {
      if (outer == null) {
        identity.clearAuthentication();
      } else {
        identity.setAuthentication(outer);
      }
    }
  }
}
