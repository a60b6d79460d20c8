package jp.go.jica.approval.ledger;

/**
 * Published inside the transaction that withdraws a request (取下げ): each register marks its line
 * {@link #STATUS}, so that a register never shows a withdrawn request as pending.
 */
public record CaseWithdrawn(String processInstanceId, String processKey, String withdrawnBy, String reason) {

  /** The status every register shows for a withdrawn request. */
  public static final String STATUS = "取下げ";
}
