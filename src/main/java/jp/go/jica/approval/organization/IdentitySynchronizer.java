package jp.go.jica.approval.organization;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes Camunda's users, groups and authorizations follow the chart. The chart is the identity
 * source: people who left it lose their account (Art. 127), role changes move group memberships.
 */
@Component
class IdentitySynchronizer {

  /** Everyone on the chart: may start the agency's processes ({@link StartableProcesses}) and use Tasklist. */
  static final String EMPLOYEES = "employees";
  /** The chief-iso's department, which reads everything in Cockpit. */
  static final String SECURITY_OFFICE = "security-office";

  private static final Logger log = LoggerFactory.getLogger(IdentitySynchronizer.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final IdentityService identityService;
  private final AuthorizationService authorizationService;
  private final OrgChartService charts;
  private final OrganizationProperties properties;
  private final StartableProcesses startable;

  IdentitySynchronizer(IdentityService identityService, AuthorizationService authorizationService,
      OrgChartService charts, OrganizationProperties properties, StartableProcesses startable) {
    this.identityService = identityService;
    this.authorizationService = authorizationService;
    this.charts = charts;
    this.properties = properties;
    this.startable = startable;
  }

  /**
   * The processes employees start from Tasklist ({@code approval.security.startable-processes}): each key
   * gets its own start grant, so a process an administrator deploys later, or one only the engine starts
   * (the timer-started exception-measure-report), is not startable by employees until it is listed here.
   */
  @ConfigurationProperties("approval.security")
  record StartableProcesses(@DefaultValue({"exception-measure", "outsourcing-selection", "cloud-service-approval",
      "byod-permission", "media-carry-out", "incident-response"}) List<String> startableProcesses) {
  }

  @EventListener(ApplicationStartedEvent.class)
  void onStart() {
    sync(charts.current());
  }

  // Runs before re-routing (higher order value), so reassigned people already have their account.
  @EventListener
  @Order(0)
  void onReload(OrgChartReloaded event) {
    sync(event.current());
  }

  synchronized void sync(OrgChart chart) {
    Set<String> chartIds = new HashSet<>();
    for (Person person : chart.people()) {
      chartIds.add(person.id());
      upsertUser(person);
    }
    Map<String, Set<String>> groups = desiredGroups(chart);
    // Groups first: a leaving administrator's successor joins camunda-admin before the leaver's account goes.
    groups.forEach((groupId, members) -> syncGroup(groupId, groupName(chart, groupId), members));
    for (User user : identityService.createUserQuery().list()) {
      if (!chartIds.contains(user.getId())) {
        // The user left the chart: a leaver's account must not outlive the leaving (Art. 127).
        identityService.deleteUser(user.getId());
        log.info("Removed Camunda user {} (no longer on the org chart)", user.getId());
      }
    }
    for (Group stale : identityService.createGroupQuery().list()) {
      boolean managed = stale.getId().startsWith("unit-") || stale.getId().startsWith("role-");
      if (managed && !groups.containsKey(stale.getId())) {
        // A department that the reorganisation dissolved: its group must not keep granting anything.
        identityService.deleteGroup(stale.getId());
        log.info("Removed Camunda group {} (no longer on the org chart)", stale.getId());
      }
    }
    grantAuthorizations(chart);
    log.info("Identity synced: {} users, {} groups", chartIds.size(), groups.size());
  }

  private void upsertUser(Person person) {
    User user = identityService.createUserQuery().userId(person.id()).singleResult();
    boolean created = user == null;
    if (created) {
      user = identityService.newUser(person.id());
      String initial = properties.initialPassword();
      user.setPassword(initial == null || initial.isBlank() ? randomPassword() : initial);
    }
    String[] names = person.nameParts();
    // The webapps show "first last": the family name goes first, as Japanese names are written.
    if (created || !names[0].equals(user.getFirstName()) || !names[1].equals(user.getLastName())
        || !person.email().equals(user.getEmail())) {
      user.setFirstName(names[0]);
      user.setLastName(names[1]);
      user.setEmail(person.email());
      identityService.saveUser(user);
    }
  }

  private Map<String, Set<String>> desiredGroups(OrgChart chart) {
    Map<String, Set<String>> groups = new LinkedHashMap<>();
    groups.put(EMPLOYEES, new LinkedHashSet<>());
    groups.put(SECURITY_OFFICE, new LinkedHashSet<>());
    groups.put(Groups.CAMUNDA_ADMIN, new LinkedHashSet<>(chart.administrators()));
    for (Role role : Role.values()) {
      groups.put(roleGroup(role), new LinkedHashSet<>());
    }
    for (Unit unit : chart.units()) {
      if (!unit.isSection()) {
        groups.put(unitGroup(unit.id()), new LinkedHashSet<>());
      }
    }
    String securityOffice = chart.securityOffice().map(Unit::id).orElse(null);
    for (Person person : chart.people()) {
      groups.get(EMPLOYEES).add(person.id());
      String department = chart.departmentOf(person.id()).id();
      groups.get(unitGroup(department)).add(person.id());
      if (department.equals(securityOffice)) {
        groups.get(SECURITY_OFFICE).add(person.id());
      }
      for (Role role : chart.rolesOf(person.id())) {
        groups.get(roleGroup(role)).add(person.id());
      }
    }
    return groups;
  }

  private void syncGroup(String groupId, String name, Set<String> members) {
    Group group = identityService.createGroupQuery().groupId(groupId).singleResult();
    if (group == null) {
      group = identityService.newGroup(groupId);
      group.setName(name);
      group.setType(groupId.equals(Groups.CAMUNDA_ADMIN) ? Groups.GROUP_TYPE_SYSTEM : Groups.GROUP_TYPE_WORKFLOW);
      identityService.saveGroup(group);
    } else if (!name.equals(group.getName())) {
      group.setName(name);
      identityService.saveGroup(group);
    }
    Set<String> current = new HashSet<>();
    identityService.createUserQuery().memberOfGroup(groupId).list().forEach(u -> current.add(u.getId()));
    // Add before removing, so camunda-admin is never empty, not even for a moment.
    for (String member : members) {
      if (!current.contains(member)) {
        identityService.createMembership(member, groupId);
      }
    }
    for (String member : current) {
      if (!members.contains(member)) {
        identityService.deleteMembership(member, groupId);
      }
    }
  }

  private void grantAuthorizations(OrgChart chart) {
    for (Resources resource : Resources.values()) {
      grant(Groups.CAMUNDA_ADMIN, resource, ANY, Permissions.ALL);
    }
    grant(EMPLOYEES, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grantStarts();
    grant(EMPLOYEES, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE);
    grant(EMPLOYEES, Resources.FILTER, ANY, Permissions.READ);

    grant(SECURITY_OFFICE, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(SECURITY_OFFICE, Resources.PROCESS_DEFINITION, ANY, Permissions.READ,
        Permissions.READ_HISTORY, Permissions.READ_INSTANCE, Permissions.READ_TASK);
    for (Resources readable : List.of(Resources.PROCESS_INSTANCE, Resources.TASK, Resources.DEPLOYMENT,
        Resources.DECISION_REQUIREMENTS_DEFINITION, Resources.BATCH, Resources.REPORT, Resources.DASHBOARD)) {
      grant(SECURITY_OFFICE, readable, ANY, Permissions.READ);
    }
    grant(SECURITY_OFFICE, Resources.HISTORIC_TASK, ANY, HistoricTaskPermissions.READ);
    grant(SECURITY_OFFICE, Resources.HISTORIC_PROCESS_INSTANCE, ANY, HistoricProcessInstancePermissions.READ);
    grant(SECURITY_OFFICE, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY);
  }

  /**
   * Employees start exactly the declared keys. Every definition stays readable ("*", READ only): the
   * model is no secret, and without it an undeclared key would answer 404 on engine REST instead of
   * the 403 that says what happened. The former start grant on "*" and grants on keys no longer
   * declared are taken away.
   */
  private void grantStarts() {
    Set<String> keys = new LinkedHashSet<>(startable.startableProcesses());
    for (String key : keys) {
      grant(EMPLOYEES, Resources.PROCESS_DEFINITION, key, Permissions.READ, Permissions.CREATE_INSTANCE);
    }
    grant(EMPLOYEES, Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
    for (Authorization existing : authorizationService.createAuthorizationQuery().groupIdIn(EMPLOYEES)
        .resourceType(Resources.PROCESS_DEFINITION).list()) {
      if (ANY.equals(existing.getResourceId())) {
        if (existing.isPermissionGranted(Permissions.CREATE_INSTANCE)) {
          existing.removePermission(Permissions.CREATE_INSTANCE);
          authorizationService.saveAuthorization(existing);
          log.info("Employees may no longer start every process definition ('*'): only {}", keys);
        }
      } else if (!keys.contains(existing.getResourceId())) {
        authorizationService.deleteAuthorization(existing.getId());
        log.info("Removed the employees' grant on process definition '{}' (not in approval.security.startable-processes)",
            existing.getResourceId());
      }
    }
  }

  private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    Authorization auth = authorizationService.createAuthorizationQuery().groupIdIn(groupId)
        .resourceType(resource).resourceId(resourceId).singleResult();
    if (auth == null) {
      auth = authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
      auth.setGroupId(groupId);
      auth.setResource(resource);
      auth.setResourceId(resourceId);
    }
    boolean changed = auth.getId() == null;
    for (Permission permission : permissions) {
      if (!auth.isPermissionGranted(permission)) {
        auth.addPermission(permission);
        changed = true;
      }
    }
    if (changed) {
      authorizationService.saveAuthorization(auth);
    }
  }

  static String roleGroup(Role role) {
    return "role-" + role.key();
  }

  static String unitGroup(String unitId) {
    return "unit-" + unitId;
  }

  private static String groupName(OrgChart chart, String groupId) {
    return switch (groupId) {
      case EMPLOYEES -> "全職員";
      case SECURITY_OFFICE -> "セキュリティ担当（統括情報セキュリティ責任者の部）";
      case Groups.CAMUNDA_ADMIN -> "プラットフォーム管理者";
      default -> {
        if (groupId.startsWith("role-")) {
          yield Role.ofKey(groupId.substring(5)).map(Role::japaneseName).orElse(groupId);
        }
        yield chart.unit(groupId.substring(5)).map(Unit::name).orElse(groupId);
      }
    };
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().encodeToString(bytes);
  }
}
