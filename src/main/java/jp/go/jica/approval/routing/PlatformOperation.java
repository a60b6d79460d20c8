package jp.go.jica.approval.routing;

import java.util.function.Supplier;

/**
 * Marks the platform's own change of who holds a task or of a case's variables (a re-routing after a
 * reorganisation, an overdue escalation, an administrator's reassignment) when it runs inside a user's
 * command: {@link TaskIntegrityGuard} refuses such changes to every user, not to the routing.
 */
public final class PlatformOperation {

  private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

  private PlatformOperation() {
  }

  /** Runs {@code action} as the platform's operation. */
  public static <T> T run(Supplier<T> action) {
    Boolean outer = ACTIVE.get();
    ACTIVE.set(Boolean.TRUE);
    try {
      return action.get();
    } finally {
      if (outer == null) {
        ACTIVE.remove();
      }
    }
  }

  private static final ThreadLocal<Boolean> SKIP_MODEL_LISTENERS = new ThreadLocal<>();

  /**
   * Runs {@code action} (the end of a case the platform decides, such as a withdrawal) without the listeners
   * the BPMN declares: a case that did not reach its end must not run its steps' checks and register writes.
   * The built-in guards run as always.
   */
  public static <T> T withoutModelListeners(Supplier<T> action) {
    SKIP_MODEL_LISTENERS.set(Boolean.TRUE);
    try {
      return run(action);
    } finally {
      SKIP_MODEL_LISTENERS.remove();
    }
  }

  static boolean modelListenersSkipped() {
    return Boolean.TRUE.equals(SKIP_MODEL_LISTENERS.get());
  }

  static boolean active() {
    return Boolean.TRUE.equals(ACTIVE.get());
  }
}
