package jp.go.jica.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every BPMN file follows the house rules and opens in Camunda Modeler with its whole diagram. */
class DiagramInterchangeTest {

  static Stream<Path> bpmnFiles() throws Exception {
    return Stream.concat(Files.list(Path.of("bpmn")), Files.list(Path.of("src/test/resources/bpmn")))
        .filter(p -> p.toString().endsWith(".bpmn"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bpmnFiles")
  void everyElementHasAShapeOrEdgeAndTheProcessIdIsTheFileName(Path file) {
    BpmnModelInstance model = Bpmn.readModelFromFile(new File(file.toString()));
    Set<String> drawn = Stream.concat(
        model.getModelElementsByType(BpmnShape.class).stream().map(s -> s.getBpmnElement().getId()),
        model.getModelElementsByType(BpmnEdge.class).stream().map(e -> e.getBpmnElement().getId()))
        .collect(Collectors.toSet());

    for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
      if (element instanceof FlowNode || element instanceof SequenceFlow) {
        assertThat(drawn).as("diagram element for %s in %s", element.getId(), file).contains(element.getId());
      }
    }
    Process process = model.getModelElementsByType(Process.class).iterator().next();
    assertThat(file.getFileName().toString()).isEqualTo(process.getId() + ".bpmn");
    assertThat(process.getCamundaHistoryTimeToLiveString()).isNotBlank();
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      assertThat(node.getName()).as("name of %s", node.getId()).isNotBlank();
    }
  }
}
