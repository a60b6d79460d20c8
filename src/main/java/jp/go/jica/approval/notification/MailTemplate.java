package jp.go.jica.approval.notification;

/** The mails the platform sends; each has a Japanese template under {@code mail/} on the classpath. */
public enum MailTemplate {
  TASK_ASSIGNED("task-assigned"),
  TASK_REROUTED("task-rerouted"),
  /** To the previous holder of a task a reorganisation moved (Art. 20-2). */
  TASK_REROUTED_AWAY("task-rerouted-away"),
  /** To the new holder of a task an administrator moved (any task, not only approvals). */
  TASK_REASSIGNED("task-reassigned"),
  /** To the previous holder of a task an administrator moved away from them. */
  TASK_REASSIGNED_AWAY("task-reassigned-away"),
  REQUEST_APPROVED("request-approved"),
  REQUEST_REJECTED("request-rejected"),
  REQUEST_SENT_BACK("request-sent-back"),
  /** To each administrator when a source or an account crossed its failed-login threshold. */
  LOGIN_THROTTLED("security/login-throttled");

  private final String resourceName;

  MailTemplate(String resourceName) {
    this.resourceName = resourceName;
  }

  String resource() {
    return "mail/" + resourceName + ".txt";
  }
}
