package jp.go.jica.approval.organization;

import java.util.Optional;

/** An employee on the org chart; {@code superiorOverride} replaces the derived superior. */
public record Person(String id, String name, String email, String sectionId, String position,
    Optional<String> superiorOverride) {

  /** Family and given name as Camunda stores them, split at the first (full-width) space. */
  String[] nameParts() {
    String[] parts = name.trim().split("[ 　]+", 2);
    return parts.length == 2 ? parts : new String[] {parts[0], ""};
  }
}
