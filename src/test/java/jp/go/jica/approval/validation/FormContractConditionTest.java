package jp.go.jica.approval.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a field a form shows only when it is relevant is required, and accepted, only then. The server
 * reads the same {@code conditional.hide} expressions as the browser.
 */
class FormContractConditionTest {

  private static final String FORM = """
      {"components": [
        {"type": "radio", "key": "applicationType", "label": "申請区分", "validate": {"required": true},
         "values": [{"value": "normal", "label": "通常"}, {"value": "postFacto", "label": "事後届出"}]},
        {"type": "datetime", "subtype": "date", "key": "deviationStartedOn", "dateLabel": "逸脱を開始した日",
         "validate": {"required": true}, "conditional": {"hide": "=applicationType != \\"postFacto\\""}},
        {"type": "group", "conditional": {"hide": "=not(applicationType = \\"postFacto\\")"}, "components": [
          {"type": "textarea", "key": "urgencyReason", "label": "事前に申請できなかった理由", "validate": {"required": true}}]},
        {"type": "textfield", "key": "note", "label": "備考",
         "conditional": {"hide": "=(level = 1 or level = null) and flagged != true"}}
      ]}""";

  private final FormContract contract = FormContract.parse(FORM);

  @Test
  @DisplayName("第25条: a normal request is accepted without the 事後届出 fields, which its form hides")
  void aHiddenFieldIsNotRequired() {
    // Given a normal (not post-facto) request without the post-facto fields
    Map<String, Object> submitted = Map.of("applicationType", "normal");

    // When the server checks it, Then nothing is missing
    assertThat(contract.problems(submitted, Set.of())).isEmpty();
  }

  @Test
  @DisplayName("第25条: a 事後届出 request must give the fields its form then shows, in a group or alone")
  void aShownConditionalFieldIsRequired() {
    // Given a post-facto request without its date and reason
    Map<String, Object> submitted = Map.of("applicationType", "postFacto");

    // When the server checks it, Then both are asked for by their Japanese labels
    assertThat(contract.problems(submitted, Set.of()))
        .containsExactly("「逸脱を開始した日」を入力してください", "「事前に申請できなかった理由」を入力してください");
  }

  @Test
  void aValueForAFieldItsConditionHidesIsRefusedByItsLabel() {
    // Given a normal request that also carries a post-facto date, which the browser never sends for it
    Map<String, Object> submitted = Map.of("applicationType", "normal", "deviationStartedOn", "2026-01-05");

    // When the server checks it, Then the value is refused, naming the field
    assertThat(contract.problems(submitted, Set.of()))
        .containsExactly("「逸脱を開始した日」は今の入力内容では使わない項目のため受け付けません");
  }

  @Test
  void anEmptyValueForAHiddenFieldIsAccepted() {
    // Given a normal request whose hidden fields come as empty values
    Map<String, Object> submitted = new HashMap<>(Map.of("applicationType", "normal", "urgencyReason", ""));
    submitted.put("deviationStartedOn", null);

    // When the server checks it, Then nothing is refused
    assertThat(contract.problems(submitted, Set.of())).isEmpty();
  }

  @Test
  void aConditionReadsTheValuesTheFormWasOpenedWithUnderTheSubmission() {
    // Given a task whose process holds level 2: the note is shown and optional
    assertThat(contract.problems(Map.of("applicationType", "normal", "note", "メモ"), Map.of("level", 2), Set.of()))
        .isEmpty();
    // When the process holds level 1 and the note is sent anyway, Then it is refused
    assertThat(contract.problems(Map.of("applicationType", "normal", "note", "メモ"), Map.of("level", 1), Set.of()))
        .containsExactly("「備考」は今の入力内容では使わない項目のため受け付けません");
    // And a submitted flag overrides what the form was opened with
    assertThat(contract.problems(Map.of("applicationType", "normal", "note", "メモ", "flagged", true),
        Map.of("level", 1, "flagged", false), Set.of())).hasSize(1).allMatch(p -> p.contains("flagged"));
  }

  @Test
  void anExpressionOutsideTheSubsetLeavesTheFieldShownAndIsReported() {
    // Given a condition the server cannot read
    FormContract odd = FormContract.parse("""
        {"components": [{"type": "textfield", "key": "x", "label": "項目", "validate": {"required": true},
          "conditional": {"hide": "=count(items) > 2"}}]}""");

    // When it is checked, Then the field is required as if shown, and the condition is listed as unreadable
    assertThat(odd.problems(Map.of(), Set.of())).containsExactly("「項目」を入力してください");
    assertThat(odd.unreadableConditions()).extracting(FormContract.UnreadableCondition::key).containsExactly("x");
  }

  @Test
  void everyConditionInTheDeployedFormsIsOneTheServerReads() throws IOException {
    // Given every form of the platform
    List<Path> forms;
    try (Stream<Path> files = Files.list(Path.of("forms"))) {
      forms = files.filter(path -> path.toString().endsWith(".form")).sorted().toList();
    }
    assertThat(forms).isNotEmpty();

    // When each is read as a contract, Then none has a condition the server would ignore
    for (Path form : forms) {
      assertThat(FormContract.parse(Files.readString(form)).unreadableConditions()).as(form.toString()).isEmpty();
    }
  }
}
