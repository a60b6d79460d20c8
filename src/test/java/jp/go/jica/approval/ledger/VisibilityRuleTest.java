package jp.go.jica.approval.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * One rule says who sees which rows of a register, by the demo org chart: administrators and the named
 * organisation roles all, the security office when so ruled, role holders their departments, everyone else
 * the rows naming them; the SQL condition selects exactly those rows.
 */
class VisibilityRuleTest extends PlatformTest {

  /** As the carry-out log rules it. */
  static final VisibilityRule MEDIA = VisibilityRule.rows().withAllForSecurityOffice()
      .withDepartmentsWhere(Role.SECTION_ISO, Role.ISO).withPeopleIn("applicant_id");
  /** As the exception ledger rules it. */
  static final VisibilityRule EXCEPTIONS = VisibilityRule.rows().withAllFor(Role.CHIEF_ISO, Role.CISO)
      .withDepartmentsWhere(Role.EXCEPTION_AUTHORIZER, Role.ISO).withPeopleIn("applicant_id", "authorizer_id");

  @Autowired OrgChartService charts;
  OrgChart chart;

  @BeforeEach
  void theDemoChart() {
    chart = charts.current();
  }

  @Test
  void anApplicantSeesOnlyRowsNamingThemAndAnotherDepartmentsEmployeeNone() {
    // Given the carry-out rule, When an employee without a role looks
    VisibilityRule.Visibility applicant = MEDIA.of(user("ga-staff"), chart);

    // Then they see their own row, not a colleague's, and nothing of another department
    assertThat(applicant.all()).isFalse();
    assertThat(applicant.departments()).isEmpty();
    assertThat(applicant.sees("ga-dept", people("ga-staff"))).isTrue();
    assertThat(applicant.sees("ga-dept", people("ga-chief"))).isFalse();
    assertThat(MEDIA.of(user("proc-staff"), chart).sees("ga-dept", people("ga-staff"))).isFalse();
    List<Object> args = new ArrayList<>();
    assertThat(applicant.where(args)).isEqualTo("(applicant_id = ?)");
    assertThat(args).containsExactly("ga-staff");
  }

  @Test
  void aRoleHolderSeesTheirDepartmentsRowsButNotOthers() {
    // When the section-iso of the general affairs department looks
    VisibilityRule.Visibility sectionIso = MEDIA.of(user("ga-chief"), chart);

    // Then every row of that department, none of procurement's
    assertThat(sectionIso.departments()).containsExactly("ga-dept");
    assertThat(sectionIso.sees("ga-dept", people("ga-staff"))).isTrue();
    assertThat(sectionIso.sees("proc-dept", people("proc-staff"))).isFalse();
    assertThat(sectionIso.seesDepartment("proc-dept")).isFalse();
    List<Object> args = new ArrayList<>();
    assertThat(sectionIso.where(args)).isEqualTo("(applicant_id = ? or department_id in (?))");
    assertThat(args).containsExactly("ga-chief", "ga-dept");
  }

  @Test
  void administratorsTheSecurityOfficeAndTheNamedOrganisationRolesSeeEverything() {
    // Then an administrator, the security office and the chief-iso see every row; the CISO only where ruled
    assertThat(MEDIA.of(administrator("ga-staff"), chart).all()).as("an administrator").isTrue();
    assertThat(MEDIA.of(user("it-staff"), chart).all()).as("the security office").isTrue();
    assertThat(EXCEPTIONS.of(user("it-staff"), chart).all()).as("the office is not named by this rule").isFalse();
    assertThat(EXCEPTIONS.of(user("ciso"), chart).all()).isTrue();
    assertThat(EXCEPTIONS.of(user("it-director"), chart).all()).as("the chief-iso").isTrue();
    assertThat(EXCEPTIONS.of(user("ga-director"), chart).sees("ga-dept", people("ga-staff", null))).isTrue();
    assertThat(EXCEPTIONS.of(user("proc-staff"), chart).sees("ga-dept", people("ga-staff", "proc-staff")))
        .as("the authorizer who decided").isTrue();
    List<Object> args = new ArrayList<>();
    assertThat(MEDIA.of(user("it-staff"), chart).where(args)).isEqualTo("1 = 1");
    assertThat(args).isEmpty();
  }

  @Test
  void theOwnDepartmentRuleAndTheEveryoneRule() {
    VisibilityRule contracts = VisibilityRule.rows().withAllForSecurityOffice().withOwnDepartment();

    assertThat(contracts.of(user("proc-staff"), chart).departments()).containsExactly("proc-dept");
    assertThat(contracts.of(user("proc-staff"), chart).sees("ga-dept", List.of())).isFalse();
    assertThat(VisibilityRule.everyone().of(user("proc-staff"), chart).all()).isTrue();
  }

  @Test
  void someoneTheRuleGrantsNothingSelectsNoRowAndAColumnMustBeAName() {
    // Given a rule with no person column, When a plain employee looks, Then no row at all
    VisibilityRule officeOnly = VisibilityRule.rows().withAllForSecurityOffice();
    assertThat(officeOnly.of(user("ga-staff"), chart).where(new ArrayList<>())).isEqualTo("1 = 0");

    // And a person column that is no plain column name is refused when the rule is made
    assertThatThrownBy(() -> VisibilityRule.rows().withPeopleIn("applicant_id = applicant_id or 1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Authentication user(String id) {
    return new UsernamePasswordAuthenticationToken(id, null, List.of(new SimpleGrantedAuthority("GROUP_employees")));
  }

  private static Authentication administrator(String id) {
    return new UsernamePasswordAuthenticationToken(id, null, List.of(new SimpleGrantedAuthority(Administrators.AUTHORITY)));
  }

  private static List<String> people(String... ids) {
    return Arrays.asList(ids);
  }
}
