package jp.go.jica.approval.routing;

import org.camunda.bpm.engine.ProcessEngineException;

/** No rule, no role holder, or nobody free of conflict: the step cannot be assigned. */
public class RoutingException extends ProcessEngineException {

  public RoutingException(String message) {
    super(message);
  }
}
