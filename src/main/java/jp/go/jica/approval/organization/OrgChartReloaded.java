package jp.go.jica.approval.organization;

import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Published after a new chart is in force: identity sync and re-routing follow it (Art. 20-2). */
public record OrgChartReloaded(OrgChart previous, OrgChart current, String reloadedBy) {

  /** People on the previous chart who are not on the new one (退職・出向). */
  public Set<String> leavers() {
    return previous.people().stream().map(Person::id).filter(id -> current.person(id).isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** People still on the chart whose section changed (異動). */
  public Set<String> movers() {
    return previous.people().stream().filter(p -> current.person(p.id())
            .filter(now -> !Objects.equals(now.sectionId(), p.sectionId())).isPresent())
        .map(Person::id).collect(Collectors.toUnmodifiableSet());
  }

  /** Whether the person left the chart or changed section in this reload. */
  public boolean leftOrMoved(String personId) {
    return personId != null && previous.person(personId).isPresent()
        && current.person(personId).map(now -> !Objects.equals(now.sectionId(),
            previous.person(personId).get().sectionId())).orElse(true);
  }
}
