package jp.go.jica.approval.deployment;

import java.util.List;
import org.camunda.bpm.engine.Problem;

/**
 * One construct the deployment policy refuses: where it is (resource, element id, attribute or
 * element) and why, in Japanese. It is a Camunda {@link Problem}, so engine REST lists it under the
 * resource with its element id as it lists the engine's own parse errors.
 */
record PolicyViolation(String resource, String elementId, String where, String reason, int line, int column)
    implements Problem {

  @Override
  public String getMessage() {
    StringBuilder message = new StringBuilder(resource);
    if (elementId != null) {
      message.append(" 要素「").append(elementId).append("」");
    }
    if (where != null) {
      message.append(" ").append(where);
    }
    return message.append(": ").append(reason).toString();
  }

  @Override
  public int getLine() {
    return line;
  }

  @Override
  public int getColumn() {
    return column;
  }

  @Override
  public String getMainElementId() {
    return elementId;
  }

  @Override
  public List<String> getElementIds() {
    return elementId == null ? List.of() : List.of(elementId);
  }

  @Override
  public String toString() {
    return getMessage();
  }
}
