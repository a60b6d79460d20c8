package jp.go.jica.approval.ledger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.Role;
import org.springframework.security.core.Authentication;

/**
 * Who sees which rows of a register, in one place for its list, its detail and its CSV: administrators
 * always see all; the holders of the organisation roles named (CISO, chief-iso…) and, when so ruled, the
 * security office see all; everyone else sees the rows of the departments where they hold one of the
 * department roles named (or of their own department, when so ruled) and the rows naming them in one of the
 * person columns named (the applicant, the authorizer…). Build one with {@link #everyone()} or
 * {@link #rows()} and the {@code with…} methods.
 */
public record VisibilityRule(boolean seenByEveryone, Set<Role> seeAll, boolean securityOfficeSeesAll,
    Set<Role> departmentRoles, boolean ownDepartment, List<String> personColumns) {

  /** The register's column holding the department a row belongs to. */
  public static final String DEPARTMENT_COLUMN = "department_id";

  public VisibilityRule {
    seeAll = Set.copyOf(seeAll);
    departmentRoles = Set.copyOf(departmentRoles);
    personColumns = List.copyOf(personColumns);
    for (String column : personColumns) {
      if (!column.matches("[a-z_]+")) {
        throw new IllegalArgumentException("not a column name: " + column);
      }
    }
  }

  /** Every employee sees every row (the approved cloud services, Art. 145-8). */
  public static VisibilityRule everyone() {
    return new VisibilityRule(true, Set.of(), false, Set.of(), false, List.of());
  }

  /** Only administrators, until the {@code with…} methods say who else. */
  public static VisibilityRule rows() {
    return new VisibilityRule(false, Set.of(), false, Set.of(), false, List.of());
  }

  /** The holders of these organisation roles see every row. */
  public VisibilityRule withAllFor(Role... roles) {
    return new VisibilityRule(seenByEveryone, plus(seeAll, roles), securityOfficeSeesAll, departmentRoles, ownDepartment,
        personColumns);
  }

  /** The people of the information security office see every row. */
  public VisibilityRule withAllForSecurityOffice() {
    return new VisibilityRule(seenByEveryone, seeAll, true, departmentRoles, ownDepartment, personColumns);
  }

  /** The holders of these department roles see their departments' rows. */
  public VisibilityRule withDepartmentsWhere(Role... roles) {
    return new VisibilityRule(seenByEveryone, seeAll, securityOfficeSeesAll, plus(departmentRoles, roles), ownDepartment,
        personColumns);
  }

  /** Everyone sees the rows of their own department. */
  public VisibilityRule withOwnDepartment() {
    return new VisibilityRule(seenByEveryone, seeAll, securityOfficeSeesAll, departmentRoles, true, personColumns);
  }

  /** The person a row names in one of these columns (the register's own constants) sees it. */
  public VisibilityRule withPeopleIn(String... columns) {
    List<String> all = new ArrayList<>(personColumns);
    all.addAll(List.of(columns));
    return new VisibilityRule(seenByEveryone, seeAll, securityOfficeSeesAll, departmentRoles, ownDepartment, all);
  }

  /** What {@code user} sees under this rule, by today's org chart. */
  public Visibility of(Authentication user, OrgChart chart) {
    String id = user.getName();
    boolean all = seenByEveryone || Administrators.is(user) || (securityOfficeSeesAll && chart.inSecurityOffice(id))
        || seeAll.stream().anyMatch(role -> chart.organizationHolder(role).filter(id::equals).isPresent());
    Set<String> departments = new LinkedHashSet<>();
    if (!all && !departmentRoles.isEmpty()) {
      departments.addAll(chart.departmentsWhereHolds(id, departmentRoles.toArray(Role[]::new)));
    }
    if (!all && ownDepartment && chart.person(id).isPresent()) {
      departments.add(chart.departmentOf(id).id());
    }
    return new Visibility(all, id, List.copyOf(departments), personColumns);
  }

  private static Set<Role> plus(Set<Role> roles, Role... more) {
    Set<Role> all = new LinkedHashSet<>(roles);
    all.addAll(List.of(more));
    return all;
  }

  /**
   * What one viewer sees: everything, or the rows of {@code departments} and those naming {@code user} in one
   * of {@code personColumns}.
   */
  public record Visibility(boolean all, String user, List<String> departments, List<String> personColumns) {

    /**
     * The SQL condition selecting the visible rows ("1 = 1" for all, "1 = 0" for none), its parameters
     * added to {@code args}.
     */
    public String where(List<Object> args) {
      if (all) {
        return "1 = 1";
      }
      List<String> terms = new ArrayList<>();
      for (String column : personColumns) {
        terms.add(column + " = ?");
        args.add(user);
      }
      if (!departments.isEmpty()) {
        terms.add(DEPARTMENT_COLUMN + " in (" + String.join(",", departments.stream().map(d -> "?").toList()) + ")");
        args.addAll(departments);
      }
      return terms.isEmpty() ? "1 = 0" : "(" + String.join(" or ", terms) + ")";
    }

    /** Whether a row of {@code department} naming {@code people} (in the person columns' order) is visible. */
    public boolean sees(String department, Collection<String> people) {
      return all || departments.contains(department) || people.contains(user);
    }

    /** Whether the viewer may look at a whole department's rows (a department filter). */
    public boolean seesDepartment(String department) {
      return all || departments.contains(department);
    }
  }
}
