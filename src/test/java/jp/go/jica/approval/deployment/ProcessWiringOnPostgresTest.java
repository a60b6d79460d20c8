package jp.go.jica.approval.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.go.jica.approval.OnPostgres;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The wiring check on a real PostgreSQL: the deployed forms, decisions and grants it reads there. */
@OnPostgres
class ProcessWiringOnPostgresTest extends PlatformTest {

  @Autowired ProcessWiring wiring;

  @Test
  void theMediaProcessIsWiredAndAMisspeltFormOrADroppedRuleIsNamed() throws IOException {
    // Given the media carry-out process and the routing table as in the repository
    String media = Files.readString(Path.of("bpmn", "media-carry-out.bpmn"));
    String routing = Files.readString(Path.of("bpmn", "approval-routing.dmn"));

    // When they are checked as they are, with a misspelt form, and with the media rule dropped
    List<String> clean = wiring.problems("media-carry-out.bpmn", media.getBytes(StandardCharsets.UTF_8));
    List<String> misspelt = wiring.problems("media-carry-out.bpmn",
        media.replace("camunda:formRef=\"media-permission\"", "camunda:formRef=\"media-permision\"")
            .getBytes(StandardCharsets.UTF_8));
    List<String> dropped = wiring.problems("approval-routing.dmn",
        routing.replaceAll("(?s)<rule id=\"mediaSectionIso\">.*?</rule>", "").getBytes(StandardCharsets.UTF_8));

    // Then only the broken ones are refused, naming the element
    assertThat(clean).isEmpty();
    assertThat(misspelt).singleElement().asString().contains("（sectionIsoPermission）", "media-permision",
        "もしかして「media-permission」");
    assertThat(dropped).singleElement().asString().contains("（media-carry-out）", "（sectionIsoPermission）", "規則がありません");
  }
}
