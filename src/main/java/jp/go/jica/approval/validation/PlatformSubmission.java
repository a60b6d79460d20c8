package jp.go.jica.approval.validation;

import java.util.function.Supplier;

/**
 * Marks a start made by the platform's own code inside a user's command (a renewal the applicant
 * chose, say): its variables come from the register, not from a client, so no form is their contract.
 */
public final class PlatformSubmission {

  private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

  private PlatformSubmission() {
  }

  /** Runs {@code action}, whose process starts carry the platform's variables. */
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

  static boolean active() {
    return Boolean.TRUE.equals(ACTIVE.get());
  }
}
