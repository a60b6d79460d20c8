package jp.go.jica.approval.organization;

import java.util.Map;
import java.util.Optional;

/**
 * A department/office (部等) or a section (課等).
 *
 * @param executiveId the executive in charge of a department, next in the superior chain after its head
 */
public record Unit(String id, String name, Kind kind, Optional<String> parentId, String headId,
    Optional<String> executiveId, boolean overseas, Map<Role, String> roleHolders) {

  /** Departments hold sections; every person belongs to a section. */
  public enum Kind { DEPARTMENT, SECTION }

  public boolean isSection() {
    return kind == Kind.SECTION;
  }
}
