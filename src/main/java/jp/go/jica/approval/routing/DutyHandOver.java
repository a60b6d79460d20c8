package jp.go.jica.approval.routing;

import org.springframework.stereotype.Component;

/** LOCAL STUB, never committed: the integrator's API arrives with main. */
@Component
public class DutyHandOver {
  public void handOver(String processInstanceId, String fromPerson, String toPerson, String reason) {
    org.camunda.bpm.engine.impl.context.Context.getCommandContext();
  }
}
