package jp.go.jica.approval.ledger;

import java.util.List;
import java.util.Map;

/**
 * The follow-up actions a process offers on its case page (目的完了, 利用終了, 紛失…): each process package
 * contributes its own, so the case page needs no knowledge of any process. An action is offered only to a
 * viewer its endpoint accepts, in a state its endpoint accepts; the endpoint checks both again.
 */
public interface CaseActions {

  /** The key of the process whose instances these actions are for. */
  String processKey();

  /** The actions {@code viewer} may take now on an instance of {@link #processKey()}; empty when none. */
  List<Action> actionsOn(String processInstanceId, String viewer, boolean administrator);

  /** The actions {@code viewer} may take now on the instance; empty when none or another process's instance. */
  default List<Action> actionsFor(String processKey, String processInstanceId, String viewer, boolean administrator) {
    return processKey().equals(processKey) ? actionsOn(processInstanceId, viewer, administrator) : List.of();
  }

  /**
   * A button and the small form it opens: the form's fields are posted as JSON to {@code url}, together
   * with the fixed {@code body} values (e.g. which kind of event).
   */
  record Action(String id, String label, String description, String url, Map<String, String> body, List<Field> fields) {
  }

  /** One input of an action's form: {@code kind} is {@code text}, {@code textarea} or {@code checkbox}. */
  record Field(String key, String label, String kind, boolean required) {
  }
}
