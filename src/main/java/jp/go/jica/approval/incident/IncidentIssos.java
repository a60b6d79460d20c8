package jp.go.jica.approval.incident;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.Role;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The issos the CSIRT asked to check their systems (Art. 29-4), for the parallel check tasks: kept as a plain
 * comma-separated variable ({@code issoIds}) rather than a serialized list, so every client can read it.
 */
@Component("incidentIssos")
public class IncidentIssos {

  /** The issos of the case, one check task each. */
  public List<String> of(DelegateExecution execution) {
    Object ids = execution.getVariable("issoIds");
    return ids == null ? List.of() : split(ids.toString());
  }

  /** Whether the CSIRT asked any isso to check. */
  public boolean any(DelegateExecution execution) {
    return !of(execution).isEmpty();
  }

  /** The isso of each department named (comma, 読点 or space separated), each person once. */
  static List<String> holders(OrgChart chart, String departmentIds) {
    LinkedHashSet<String> issos = new LinkedHashSet<>();
    for (String department : split(departmentIds)) {
      chart.holderOf(Role.ISSO, department).ifPresent(issos::add);
    }
    return List.copyOf(issos);
  }

  static List<String> split(String text) {
    return text == null ? List.of() : Arrays.stream(text.split("[,、\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
