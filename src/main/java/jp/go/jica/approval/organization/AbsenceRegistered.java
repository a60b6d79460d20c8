package jp.go.jica.approval.organization;

/** Published when an absence is registered, so that the deputy (and, when registered on behalf, the person) is told. */
public record AbsenceRegistered(Absences.Absence absence) {
}
