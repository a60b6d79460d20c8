package jp.go.jica.approval.security;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Date;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.sql.DbSqlSession;
import org.camunda.bpm.engine.impl.identity.IdentityOperationResult;
import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.persistence.entity.GroupEntity;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camunda's database identity provider with two rules every caller meets (engine REST on either path, the
 * webapps, the platform's {@code /api}, the Java API):
 * <ul>
 *   <li>a password is checked only when the {@link LoginThrottle} admits its (account, source) and the account
 *   is not held; a held login fails like a wrong password. Camunda's permanent lock after
 *   {@code loginMaxAttempts} is gone: its shared failure counter only holds an account for a while, after
 *   {@code account-free-failures}, and not for sources the account recently signed in from;</li>
 *   <li>{@code camunda-admin} never loses its last member.</li>
 * </ul>
 * One instance per engine command (Camunda opens a session per command).
 */
class GuardedIdentityProvider extends DbIdentityServiceProvider {

  static final String LAST_ADMINISTRATOR = "camunda-admin グループの最後のメンバーは削除できません。"
      + "先に別の管理者を追加してください（組織図の administrators）";

  private static final Logger log = LoggerFactory.getLogger(GuardedIdentityProvider.class);
  // Camunda's ID_ columns hold 64 characters; a longer name is no account and must not grow the throttle.
  private static final int MAX_ID = 64;
  private static final int MAX_RECIPIENTS = 100;

  private final LoginThrottle throttle;
  private final LoginSettings settings;
  private final LoginAlerts alerts;

  GuardedIdentityProvider(LoginThrottle throttle, LoginSettings settings, LoginAlerts alerts) {
    this.throttle = throttle;
    this.settings = settings;
    this.alerts = alerts;
  }

  // logins ////////////////////////////////////////////////////////////////////////////////////////////

  @Override
  public boolean checkPassword(String userId, String password) {
    if (userId == null || password == null) {
      return false;
    }
    String account = userId.length() > MAX_ID ? userId.substring(0, MAX_ID) : userId;
    String source = ClientAddressFilter.current();
    UserEntity user = findUserById(userId);
    // Held: refuse without looking at the password, so a held attacker learns nothing from the answer.
    if (!throttle.admits(account, source) || user != null && isUserLocked(user)) {
      log.debug("Login of {} from {} refused: held", account, source);
      return false;
    }
    if (user != null && matchPassword(password, user)) {
      unlockUser(user);
      throttle.succeeded(account, source);
      return true;
    }
    // Unknown names count like known ones, so the throttle does not tell which accounts exist.
    if (user != null) {
      lockUser(user);
    }
    throttle.failed(account, source).ifPresent(this::alert);
    return false;
  }

  /** Held by Camunda's shared counter, unless this source is one the user recently signed in from. */
  @Override
  protected boolean isUserLocked(UserEntity user) {
    Date until = user.getLockExpirationTime();
    return until != null && until.after(ClockUtil.getCurrentTime())
        && !throttle.signedInRecently(user.getId(), ClientAddressFilter.current());
  }

  /** Counts the failure in Camunda's shared columns; holds the account only past its (high) threshold. */
  @Override
  protected void lockUser(UserEntity user) {
    int failures = user.getAttempts() + 1;
    Duration hold = settings.holdAfter(failures, settings.accountFreeFailures());
    Date until = hold.isZero() ? null : new Date(ClockUtil.getCurrentTime().getTime() + hold.toMillis());
    getIdentityInfoManager().updateUserLock(user, failures, until);
    if (failures == settings.accountFreeFailures() + 1) {
      alert(new LoginThrottle.Incident(LoginThrottle.Incident.Kind.ACCOUNT, user.getId(), failures,
          until.toInstant(), throttle.sourcesOf(user.getId())));
    }
  }

  /** Camunda's unlock (Admin webapp, engine REST, the platform's unlock action) also ends this node's holds. */
  @Override
  public IdentityOperationResult unlockUser(String userId) {
    throttle.releaseAccount(userId);
    return super.unlockUser(userId);
  }

  private void alert(LoginThrottle.Incident incident) {
    alerts.raise(incident, withoutAuthorization(commandContext -> createUserQuery(commandContext)
        .memberOfGroup(Groups.CAMUNDA_ADMIN).listPage(0, MAX_RECIPIENTS).stream().map(User::getId).toList()));
  }

  // the last administrator ////////////////////////////////////////////////////////////////////////////

  @Override
  public IdentityOperationResult deleteMembership(String userId, String groupId) {
    if (Groups.CAMUNDA_ADMIN.equals(groupId) && existsMembership(userId, groupId)) {
      checkAuthorization(Permissions.DELETE, Resources.GROUP_MEMBERSHIP, groupId);
      keepAnAdministrator();
    }
    return super.deleteMembership(userId, groupId);
  }

  @Override
  public IdentityOperationResult deleteUser(String userId) {
    if (existsMembership(userId, Groups.CAMUNDA_ADMIN)) {
      checkAuthorization(Permissions.DELETE, Resources.USER, userId);
      keepAnAdministrator();
    }
    return super.deleteUser(userId);
  }

  @Override
  public IdentityOperationResult deleteGroup(String groupId) {
    if (Groups.CAMUNDA_ADMIN.equals(groupId) && getDbEntityManager().selectById(GroupEntity.class, groupId) != null) {
      checkAuthorization(Permissions.DELETE, Resources.GROUP, groupId);
      refuse();
    }
    return super.deleteGroup(groupId);
  }

  /**
   * Refuses to remove a member of camunda-admin when it is the last one. The group's row is locked first, in
   * this transaction: two removals racing (two threads, two nodes) then count one after the other, so the
   * second sees the first's removal and is refused. (Bumping the row's revision instead was not enough on
   * H2, which let both updates through.)
   */
  private void keepAnAdministrator() {
    lockAdministratorsGroup();
    long members = withoutAuthorization(commandContext -> createUserQuery(commandContext)
        .memberOfGroup(Groups.CAMUNDA_ADMIN).count());
    if (members <= 1) {
      refuse();
    }
  }

  private void lockAdministratorsGroup() {
    DbSqlSession session = getDbSqlSession();
    String table = session.getDbSqlSessionFactory().getDatabaseTablePrefix() + "ACT_ID_GROUP";
    try (PreparedStatement lock = session.getSqlSession().getConnection()
        .prepareStatement("select ID_ from " + table + " where ID_ = ? for update")) {
      lock.setString(1, Groups.CAMUNDA_ADMIN);
      lock.executeQuery().close();
    } catch (SQLException e) {
      throw new ProcessEngineException("could not lock the administrators' group", e);
    }
  }

  private static void refuse() {
    log.warn("Refused removing the last member of {}", Groups.CAMUNDA_ADMIN);
    throw new AuthorizationException(LAST_ADMINISTRATOR);
  }

  // The count and the recipients must not depend on what the current user may read.
  private static <T> T withoutAuthorization(Command<T> query) {
    return Context.getCommandContext().runWithoutAuthorization(query);
  }
}
