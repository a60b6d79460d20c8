package jp.go.jica.approval.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The chart file format: what a valid chart derives, and how an invalid one is refused. */
class OrgChartParserTest {

  static final String DEMO = PlatformTest.demoChart();
  final OrgChart chart = OrgChartParser.parse(DEMO);

  @Test
  void theDemoChartHasAnOverseasOfficeAndEveryRequiredPerson() {
    assertThat(chart.unit("ph-office")).get().extracting(Unit::overseas).isEqualTo(true);
    assertThat(chart.people()).extracting(Person::id).contains("ciso", "deputy-ciso", "it-director", "it-chief",
        "it-staff", "ga-director", "ga-chief", "ga-staff", "ga-device-manager", "proc-director", "proc-chief",
        "proc-staff", "ph-head", "ph-staff", "audit-head", "admin");
  }

  @Test
  void theSuperiorChainRunsFromSectionHeadToTheCiso() {
    assertThat(chart.superiorChain("ga-staff")).containsExactly("ga-chief", "ga-director", "exec-admin", "ciso");
    assertThat(chart.superiorChain("ph-staff")).containsExactly("ph-head", "exec-admin", "ciso");
    assertThat(chart.superiorChain("it-director")).containsExactly("ciso");
    assertThat(chart.superiorOf("ciso")).isEmpty();
  }

  @Test
  void anExplicitSuperiorOverridesTheDerivedOne() {
    OrgChart overridden = OrgChartParser.parse(DEMO.replace(
        "section: ga-general,    position: 職員 }", "section: ga-general,    position: 職員, superior: ga-director }"));

    assertThat(overridden.superiorOf("ga-staff")).contains("ga-director");
  }

  @ParameterizedTest(name = "{0} for a member of {1} is {2}")
  @CsvSource({
      "ciso, ga-general, ciso",
      "deputy-ciso, ga-general, deputy-ciso",
      "chief-iso, ga-general, it-director",
      "csirt-head, ph-general, it-director",
      "audit-head, proc-contract, audit-head",
      "iso, ga-general, ga-director",
      "isso, proc-contract, proc-director",
      "device-manager, ga-general, ga-device-manager",
      "exception-authorizer, ph-general, ph-head",
      "exception-authorizer, audit-section, it-director",
      "cloud-authorizer, ga-general, it-director",
      "section-iso, ga-general, ga-chief",
      "section-iso, proc-contract, proc-chief"})
  void everyRoleResolvesToItsHolderForTheUnit(String role, String unit, String holder) {
    assertThat(chart.holderOf(Role.ofKey(role).orElseThrow(), unit)).contains(holder);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown section  | section: ga-general,    position: 職員 }  | section: ga-nowhere,    position: 職員 } | 'ga-nowhere' は存在しない課等",
      "person in no section | section: ga-general,    position: 職員 }  | position: 職員 } | 職員 'ga-staff': section がありません",
      "role without holder | roles: { section-iso: ga-chief } | roles: { section-iso: } | section-iso: 課等情報セキュリティ責任者の担当者が空",
      "role holder unknown | roles: { section-iso: ga-chief } | roles: { section-iso: ga-chef } | 担当者 'ga-chef' は存在しない職員",
      "unknown role | roles: { section-iso: ga-chief } | roles: { section-iso: ga-chief, boss: ga-chief } | boss: 未知の役割",
      "duplicate id | id: proc-staff, | id: ga-staff, | 職員 'ga-staff': IDが重複",
      "unknown parent unit | parent: ga-dept | parent: ga-department | parent 'ga-department' は存在しない部署",
      "no administrator | administrators: [admin] | administrators: [] | 管理者（camunda-admin）が1人以上必要",
      "yaml syntax | units: | units: [ | YAMLの構文エラー"})
  void anInvalidChartIsRefusedWithTheLineAndEntryNamed(String title, String from, String to, String expected) {
    String broken = DEMO.replaceFirst(java.util.regex.Pattern.quote(from.strip()),
        java.util.regex.Matcher.quoteReplacement(to.strip()));
    assertThat(broken).as("the test changed the chart").isNotEqualTo(DEMO);

    OrgChartException refused = catchThrowableOfType(OrgChartException.class, () -> OrgChartParser.parse(broken));

    assertThat(refused.errors()).anySatisfy(error -> assertThat(error).matches("\\d+行目: .*").contains(expected.strip()));
  }

  @Test
  void aSuperiorCycleIsRefusedNamingThePeopleInIt() {
    String cycle = DEMO
        .replace("section: ga-general,    position: 総務課長 }", "section: ga-general,    position: 総務課長, superior: ga-staff }")
        .replace("section: ga-general,    position: 職員 }", "section: ga-general,    position: 職員, superior: ga-chief }");

    OrgChartException refused = catchThrowableOfType(OrgChartException.class, () -> OrgChartParser.parse(cycle));

    assertThat(refused.errors()).anySatisfy(error -> assertThat(error).contains("循環", "ga-chief", "ga-staff"));
  }

  @Test
  void allErrorsAreReportedAtOnce() {
    String twoErrors = DEMO.replace("section: ph-general,    position: 所員 }", "section: nowhere,    position: 所員 }")
        .replace("email: audit-head@example.go.jp", "email: not-an-address");

    List<String> errors = catchThrowableOfType(OrgChartException.class, () -> OrgChartParser.parse(twoErrors)).errors();

    assertThat(errors).hasSize(2);
  }
}
