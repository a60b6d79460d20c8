package jp.go.jica.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The package-by-feature layout stays true, and the graph the docs show is the one verified here. */
class ModularityTest {

  static final ApplicationModules MODULES = ApplicationModules.of(ApprovalPlatformApplication.class);

  @Test
  void modulesOnlyUseEachOthersPublicTypesAndFormNoCycle() {
    MODULES.verify();
  }

  @Test
  void everyModuleDeclaresExactlyTheModulesItUses() {
    // verify() only proves used ⊆ declared; a stale, wider declaration would hide the intended graph
    Map<String, Set<String>> used = usedModules();
    Map<String, Set<String>> declared = new TreeMap<>();
    MODULES.stream().forEach(module -> declared.put(module.getName(), declaredModules(module.getBasePackage().getName())));
    assertThat(declared).isEqualTo(used);
  }

  @Test
  void theModuleDiagramInTheDocsIsTheVerifiedGraph() throws IOException {
    String diagram = mermaid(usedModules());
    Path generated = Path.of("target", "module-graph.mermaid.md");
    Files.createDirectories(generated.getParent());
    Files.writeString(generated, diagram, StandardCharsets.UTF_8);
    assertThat(Files.readString(Path.of("docs", "architecture.md"), StandardCharsets.UTF_8))
        .as("docs/architecture.md must contain the verified graph; copy it from %s", generated)
        .contains(diagram);
  }

  @Test
  void writesThePlantUmlDiagramsForTheDocs() {
    new Documenter(MODULES).writeModulesAsPlantUml();
  }

  private static Map<String, Set<String>> usedModules() {
    Map<String, Set<String>> used = new TreeMap<>();
    MODULES.stream().forEach(module -> used.put(module.getName(),
        module.getDirectDependencies(MODULES).stream()
            .map(dependency -> dependency.getTargetModule().getName())
            .filter(name -> !name.equals(module.getName()))
            .collect(Collectors.toCollection(TreeSet::new))));
    return used;
  }

  private static Set<String> declaredModules(String basePackage) {
    try {
      ApplicationModule annotation = Class.forName(basePackage + ".package-info").getAnnotation(ApplicationModule.class);
      assertThat(annotation).as("%s/package-info.java declares @ApplicationModule(allowedDependencies = …)", basePackage).isNotNull();
      return new TreeSet<>(Arrays.asList(annotation.allowedDependencies()));
    } catch (ClassNotFoundException e) {
      throw new AssertionError(basePackage + " has no package-info.java", e);
    }
  }

  private static String mermaid(Map<String, Set<String>> graph) {
    StringBuilder text = new StringBuilder("```mermaid\nflowchart LR\n");
    graph.forEach((module, targets) -> {
      if (targets.isEmpty()) {
        text.append("  ").append(module).append('\n');
      }
      targets.forEach(target -> text.append("  ").append(module).append(" --> ").append(target).append('\n'));
    });
    return text.append("```\n").toString();
  }
}
