package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's English refusals in Japanese, and nothing but plain words quoted back. */
class EngineMessagesTest {

  @Test
  void theEnginesCommonRefusalsReadInJapanese() {
    assertThat(EngineMessages.japanese("No matching task with id 4711")).contains("指定されたタスクは見つかりません");
    assertThat(EngineMessages.japanese("Process instance with id 4711 does not exist")).contains("指定されたプロセスインスタンスは見つかりません");
    assertThat(EngineMessages.japanese("No matching process definition with key: purchase and no tenant-id"))
        .contains("指定されたプロセス定義「purchase」は見つかりません");
    assertThat(EngineMessages.japanese("ENGINE-14026 No job found with id 'x'")).contains("指定されたジョブは見つかりません");
    assertThat(EngineMessages.japanese("Cannot set query parameter 'dueBefore' to value 'soon': Cannot convert value soon to java type java.util.Date"))
        .hasValueSatisfying(text -> assertThat(text).contains("「dueBefore」", "「soon」", "2025-04-01T09:00:00.000+0900"));
    assertThat(EngineMessages.japanese("An unbound number of results is forbidden!")).hasValueSatisfying(text ->
        assertThat(text).contains("maxResults"));
    assertThat(EngineMessages.japanese("org.camunda.bpm.engine.MismatchingMessageCorrelationException: Cannot correlate message"
        + " 'paid': No process definition or execution matches the parameters")).contains("メッセージ「paid」を受け取れる案件はありません");
    assertThat(EngineMessages.japanese("Something the platform has never seen")).isEmpty();
  }

  @Test
  void aJapaneseRefusalIsUnwrappedFromTheEnginesEnglishWrappers() {
    String refusal = "第16条第2項: 利益相反のない許可権限者が見つかりません";

    assertThat(EngineMessages.japanese("Cannot submit task form 4711: " + refusal)).contains(refusal);
    assertThat(EngineMessages.japanese("ENGINE-03051 There was an exception while invoking the TaskListener. Message: "
        + "'Exception while invoking TaskListener: " + refusal + "'")).contains(refusal);
    assertThat(ErrorShape.message(409, "Cannot complete task 4711: " + refusal)).isEqualTo(refusal);
    assertThat(ErrorShape.message(400, "「コメント」を入力してください")).isEqualTo("「コメント」を入力してください");
  }

  @Test
  void onlyPlainWordsAreQuotedBack() {
    assertThat(EngineMessages.quoted("purchase-order_2")).isEqualTo("「purchase-order_2」");
    assertThat(EngineMessages.quoted("<script>")).isEmpty();
    assertThat(EngineMessages.quoted("x;drop table act_ru_task")).isEmpty();
    assertThat(EngineMessages.quoted("c26bc01f-ee33-11f1-a4fc-02fc00000001")).as("an id nobody reads").isEmpty();
    assertThat(EngineMessages.quoted("java.lang.Runtime")).isEmpty();
  }

  @Test
  void aPermissionRefusalNamesEachRightOnceWithoutIds() {
    String text = EngineMessages.missingRights(List.of(new EngineMessages.Right("TASK_WORK", "Task"),
        new EngineMessages.Right("TASK_WORK", "ProcessDefinition"), new EngineMessages.Right("TASK_WORK", "Task"),
        new EngineMessages.Right("CREATE_INSTANCE", "DecisionDefinition")));

    assertThat(text).isEqualTo("この操作を行う権限がありません（必要な権限はいずれか一つ: タスクに対する「タスクの処理（引受け・完了）」、"
        + "プロセス定義に対する「タスクの処理（引受け・完了）」、決定定義に対する「評価」）");
    assertThat(EngineMessages.missingRights(List.of(new EngineMessages.Right("CREATE", "Filter"))))
        .isEqualTo("この操作を行う権限がありません（必要な権限: フィルターに対する「作成」）");
  }
}
