package jp.go.jica.approval.organization;

/**
 * Published when an absence begins (registered for now, or its start time passed) or ends (its end passed,
 * or it was ended or cancelled early): re-routing moves the absent person's open tasks to the deputy and back.
 */
public record AbsenceChanged(Absences.Absence absence, Kind kind, String by) {

  /** Whether the absence now begins or ends. */
  public enum Kind { STARTED, ENDED }
}
