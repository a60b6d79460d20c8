package jp.go.jica.approval.deployment;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.Rule;

/**
 * The changed rules of a DMN change in words, for the administrator, the chief-iso who approves it and the
 * CISO who is told of it: which rule (by id and description) was added, removed or changed, and in which
 * column; with hit policy FIRST the order decides, so a new order is named too.
 */
final class RuleSummary {

  private RuleSummary() {
  }

  /** One line per changed rule; {@code before} may be null (a new decision file). */
  static List<String> of(String before, String after) {
    Map<String, Row> old = before == null ? Map.of() : rows(before);
    Map<String, Row> now = rows(after);
    List<String> lines = new ArrayList<>();
    for (Row row : now.values()) {
      Row previous = old.get(row.key());
      if (previous == null) {
        lines.add("規則を追加: " + row.describe() + " " + row.entries());
      } else if (!previous.cells().equals(row.cells()) || !Objects.equals(previous.description(), row.description())) {
        lines.add("規則を変更: " + row.describe() + " " + changes(previous, row));
      }
    }
    for (Row row : old.values()) {
      if (!now.containsKey(row.key())) {
        lines.add("規則を削除: " + row.describe() + " " + row.entries());
      }
    }
    List<String> oldOrder = old.keySet().stream().filter(now::containsKey).toList();
    List<String> newOrder = now.keySet().stream().filter(old::containsKey).toList();
    if (!oldOrder.equals(newOrder)) {
      lines.add("規則の順序を変更（ヒットポリシー FIRST では先に一致した規則が使われます）");
    }
    return lines;
  }

  private static String changes(Row before, Row after) {
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, String> cell : after.cells().entrySet()) {
      String was = before.cells().get(cell.getKey());
      if (!Objects.equals(was, cell.getValue())) {
        changed.add(cell.getKey() + " " + shown(was) + " → " + shown(cell.getValue()));
      }
    }
    if (!Objects.equals(before.description(), after.description())) {
      changed.add("説明 " + shown(before.description()) + " → " + shown(after.description()));
    }
    return String.join("、", changed);
  }

  private static String shown(String value) {
    return value == null || value.isBlank() ? "（空欄）" : value;
  }

  private record Row(String key, String ruleId, String description, Map<String, String> cells) {
    String describe() {
      return ruleId + (description == null || description.isBlank() ? "" : "（" + description.strip() + "）");
    }

    String entries() {
      List<String> filled = new ArrayList<>();
      cells.forEach((column, value) -> {
        if (value != null && !value.isBlank()) {
          filled.add(column + " " + value);
        }
      });
      return String.join("、", filled);
    }
  }

  private static Map<String, Row> rows(String xml) {
    DmnModelInstance model = Dmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Map<String, Row> rows = new LinkedHashMap<>();
    for (DecisionTable table : model.getModelElementsByType(DecisionTable.class)) {
      String decision = table.getParentElement() == null ? "" : table.getParentElement().getAttributeValue("id");
      List<String> inputs = table.getInputs().stream().map(RuleSummary::label).toList();
      List<String> outputs = table.getOutputs().stream().map(RuleSummary::label).toList();
      for (Rule rule : table.getRules()) {
        Map<String, String> cells = new LinkedHashMap<>();
        List<String> in = rule.getInputEntries().stream().map(e -> e.getText() == null ? "" : e.getText().getTextContent()).toList();
        List<String> out = rule.getOutputEntries().stream().map(e -> e.getText() == null ? "" : e.getText().getTextContent()).toList();
        for (int i = 0; i < in.size(); i++) {
          cells.put(i < inputs.size() ? inputs.get(i) : "入力" + (i + 1), in.get(i).strip());
        }
        for (int i = 0; i < out.size(); i++) {
          cells.put(i < outputs.size() ? outputs.get(i) : "出力" + (i + 1), out.get(i).strip());
        }
        String description = rule.getDescription() == null ? null : rule.getDescription().getTextContent();
        rows.put(decision + "/" + rule.getId(), new Row(decision + "/" + rule.getId(), rule.getId(), description, cells));
      }
    }
    return rows;
  }

  private static String label(Input input) {
    return input.getLabel() != null ? input.getLabel() : input.getId();
  }

  private static String label(Output output) {
    return output.getLabel() != null ? output.getLabel() : output.getName() != null ? output.getName() : output.getId();
  }
}
