package jp.go.jica.approval.organization;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One validated, immutable version of the org chart. A reload replaces the whole object, so readers
 * never see a half-applied reorganisation.
 */
public final class OrgChart {

  private final String organizationName;
  private final Map<Role, String> organizationRoles;
  private final Map<String, Unit> units;
  private final Map<String, Person> people;
  private final List<String> administrators;
  private final List<String> topAlternates;
  private final String checksum;
  private final Map<String, List<String>> deputies;

  OrgChart(String organizationName, Map<Role, String> organizationRoles, Map<String, Unit> units,
      Map<String, Person> people, List<String> administrators, List<String> topAlternates,
      String checksum, Map<String, List<String>> deputies) {
    this.deputies = Map.copyOf(deputies);
    this.organizationName = organizationName;
    this.organizationRoles = Map.copyOf(organizationRoles);
    this.units = new LinkedHashMap<>(units);
    this.people = new LinkedHashMap<>(people);
    this.administrators = List.copyOf(administrators);
    this.topAlternates = List.copyOf(topAlternates);
    this.checksum = checksum;
  }

  public String organizationName() {
    return organizationName;
  }

  public String checksum() {
    return checksum;
  }

  public Optional<Person> person(String id) {
    return Optional.ofNullable(id).map(people::get);
  }

  public Collection<Person> people() {
    return people.values();
  }

  public Optional<Unit> unit(String id) {
    return Optional.ofNullable(id).map(units::get);
  }

  public Collection<Unit> units() {
    return units.values();
  }

  /** The platform administrators (members of Camunda's {@code camunda-admin} group). */
  public List<String> administrators() {
    return administrators;
  }

  /** Who decides, in order, when the top of the superior chain is in conflict (Art. 16-2 "適切な者"). */
  public List<String> topAlternates() {
    return topAlternates;
  }

  public Unit sectionOf(String personId) {
    return units.get(requirePerson(personId).sectionId());
  }

  public Unit departmentOf(String personId) {
    return departmentOfUnit(sectionOf(personId).id());
  }

  public Unit departmentOfUnit(String unitId) {
    Unit unit = units.get(unitId);
    return unit.isSection() ? units.get(unit.parentId().orElseThrow()) : unit;
  }

  /**
   * The superior: an explicit override, else section member → section head → department head →
   * executive in charge → CISO. Empty at the top of the chain.
   */
  public Optional<String> superiorOf(String personId) {
    Person person = requirePerson(personId);
    if (person.superiorOverride().isPresent()) {
      return person.superiorOverride();
    }
    Unit section = units.get(person.sectionId());
    Unit department = departmentOfUnit(section.id());
    if (!department.headId().equals(personId)) {
      return Optional.of(section.headId().equals(personId) ? department.headId() : section.headId());
    }
    Optional<String> executive = department.executiveId().filter(e -> !e.equals(personId));
    if (executive.isPresent()) {
      return executive;
    }
    return Optional.ofNullable(organizationRoles.get(Role.CISO)).filter(c -> !c.equals(personId));
  }

  /**
   * Whom the person may name as deputy while absent (代理者), in the order to offer them: the chart's own
   * {@code deputies:} list for the person when it has one; otherwise, for the CISO, the deputy-ciso first; then
   * the people of the same section in the same or a higher position (no longer superior chain), and the
   * person's own superior.
   */
  public List<String> allowedDeputies(String personId) {
    requirePerson(personId);
    List<String> named = deputies.get(personId);
    if (named != null) {
      return named;
    }
    Set<String> allowed = new LinkedHashSet<>();
    if (personId.equals(organizationRoles.get(Role.CISO))) {
      Optional.ofNullable(organizationRoles.get(Role.DEPUTY_CISO)).filter(d -> !d.equals(personId))
          .ifPresent(allowed::add);
    }
    int level = superiorChain(personId).size();
    String section = people.get(personId).sectionId();
    for (Person other : people.values()) {
      if (!other.id().equals(personId) && other.sectionId().equals(section)
          && superiorChain(other.id()).size() <= level) {
        allowed.add(other.id());
      }
    }
    superiorOf(personId).ifPresent(allowed::add);
    return List.copyOf(allowed);
  }

  /** The superior chain from (excluding) the person up to the top. */
  public List<String> superiorChain(String personId) {
    List<String> chain = new ArrayList<>();
    Optional<String> next = superiorOf(personId);
    while (next.isPresent() && !chain.contains(next.get())) {
      chain.add(next.get());
      next = superiorOf(next.get());
    }
    return chain;
  }

  /**
   * Who holds {@code role} for {@code unitId}: the unit itself, then its department, then the
   * organisation. The isso is the iso unless a department names one (Art. 12-5).
   */
  public Optional<String> holderOf(Role role, String unitId) {
    Unit unit = units.get(unitId);
    if (unit == null) {
      return Optional.empty();
    }
    List<Map<Role, String>> levels = new ArrayList<>();
    if (role.scope() == Role.Scope.SECTION && unit.isSection()) {
      levels.add(unit.roleHolders());
    }
    if (role.scope() != Role.Scope.ORGANIZATION) {
      levels.add(departmentOfUnit(unitId).roleHolders());
    }
    levels.add(organizationRoles);
    for (Map<Role, String> level : levels) {
      String holder = level.get(role);
      if (holder == null && role == Role.ISSO) {
        holder = level.get(Role.ISO);
      }
      if (holder != null) {
        return Optional.of(holder);
      }
    }
    return Optional.empty();
  }

  /** The organisation-wide holder of a role (ciso, chief-iso, …). */
  public Optional<String> organizationHolder(Role role) {
    return Optional.ofNullable(organizationRoles.get(role));
  }

  /** Every role a person holds anywhere, for the Camunda role groups. */
  public Set<Role> rolesOf(String personId) {
    Set<Role> roles = new LinkedHashSet<>();
    organizationRoles.forEach((role, holder) -> {
      if (holder.equals(personId)) {
        roles.add(role);
      }
    });
    for (Unit unit : units.values()) {
      unit.roleHolders().forEach((role, holder) -> {
        if (holder.equals(personId)) {
          roles.add(role);
        }
      });
    }
    return roles;
  }

  /** True when the person holds the role for that unit, as routing resolves it. */
  public boolean holds(String personId, Role role, String unitId) {
    return holderOf(role, unitId).filter(personId::equals).isPresent();
  }

  /** True when the person works in the security office (the chief-iso's department), which reads every register. */
  public boolean inSecurityOffice(String personId) {
    return person(personId).isPresent()
        && securityOffice().map(Unit::id).filter(departmentOf(personId).id()::equals).isPresent();
  }

  /** The departments for which the person holds any of the roles (in the department or one of its sections). */
  public List<String> departmentsWhereHolds(String personId, Role... roles) {
    Set<String> departments = new LinkedHashSet<>();
    for (Unit unit : units.values()) {
      for (Role role : roles) {
        if (holds(personId, role, unit.id())) {
          departments.add(departmentOfUnit(unit.id()).id());
        }
      }
    }
    return List.copyOf(departments);
  }

  /** The security office: the department of the chief-iso (情報システム部), which may read everything. */
  public Optional<Unit> securityOffice() {
    return Optional.ofNullable(organizationRoles.get(Role.CHIEF_ISO)).map(this::departmentOf);
  }

  private Person requirePerson(String personId) {
    Person person = people.get(personId);
    if (person == null) {
      throw new IllegalArgumentException("unknown person: " + personId);
    }
    return person;
  }
}
