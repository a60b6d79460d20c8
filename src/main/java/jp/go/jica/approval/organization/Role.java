package jp.go.jica.approval.organization;

import java.util.Arrays;
import java.util.Optional;

/** A security role of the regulation (DOMAIN.md §2), held per unit at the scope it belongs to. */
public enum Role {
  CISO("ciso", "最高情報セキュリティ責任者", Scope.ORGANIZATION),
  DEPUTY_CISO("deputy-ciso", "最高情報セキュリティ副責任者", Scope.ORGANIZATION),
  CHIEF_ISO("chief-iso", "統括情報セキュリティ責任者", Scope.ORGANIZATION),
  CSIRT_HEAD("csirt-head", "CSIRT責任者", Scope.ORGANIZATION),
  AUDIT_HEAD("audit-head", "情報セキュリティ監査責任者", Scope.ORGANIZATION),
  ISO("iso", "情報セキュリティ責任者", Scope.DEPARTMENT),
  ISSO("isso", "情報システムセキュリティ責任者", Scope.DEPARTMENT),
  DEVICE_MANAGER("device-manager", "端末管理責任者", Scope.DEPARTMENT),
  EXCEPTION_AUTHORIZER("exception-authorizer", "例外措置の許可権限者", Scope.DEPARTMENT),
  CLOUD_AUTHORIZER("cloud-authorizer", "利用申請の許可権限者", Scope.DEPARTMENT),
  SECTION_ISO("section-iso", "課等情報セキュリティ責任者", Scope.SECTION);

  /** Where in the org chart a role is held. */
  public enum Scope { ORGANIZATION, DEPARTMENT, SECTION }

  private final String key;
  private final String japaneseName;
  private final Scope scope;

  Role(String key, String japaneseName, Scope scope) {
    this.key = key;
    this.japaneseName = japaneseName;
    this.scope = scope;
  }

  public String key() {
    return key;
  }

  public String japaneseName() {
    return japaneseName;
  }

  public Scope scope() {
    return scope;
  }

  public static Optional<Role> ofKey(String key) {
    return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
  }
}
