package jp.go.jica.approval.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.Problem;
import org.camunda.bpm.engine.impl.bpmn.parser.ResourceReportImpl;

/**
 * A deployment the policy refused, in the shape of the engine's own parse error: engine REST answers
 * it with 400 and lists each violation under its resource with the element id, and the Japanese
 * message names every violation for clients that show only the message (Camunda Modeler).
 */
class DeploymentRefusedException extends ParseException {

  private static final long serialVersionUID = 1L;

  private final transient List<PolicyViolation> violations;

  DeploymentRefusedException(Map<String, List<PolicyViolation>> byResource) {
    super(message(byResource), byResource.keySet().iterator().next(),
        new ArrayList<>(byResource.values().iterator().next()), List.of());
    byResource.entrySet().stream().skip(1).forEach(resource -> resorceReports.add(
        new ResourceReportImpl(resource.getKey(), new ArrayList<Problem>(resource.getValue()), List.of())));
    this.violations = byResource.values().stream().flatMap(List::stream).toList();
  }

  List<PolicyViolation> violations() {
    return violations;
  }

  private static String message(Map<String, List<PolicyViolation>> byResource) {
    List<PolicyViolation> all = byResource.values().stream().flatMap(List::stream).toList();
    return "デプロイメント方針に反するため、何もデプロイしていません（" + all.size() + "件、docs/deployment-policy.md）:\n"
        + all.stream().map(v -> "・" + v.getMessage()).collect(Collectors.joining("\n"));
  }
}
