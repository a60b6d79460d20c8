package jp.go.jica.approval.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 15: a register's CSV says what the screen says, in Japan time, written yyyy/MM/dd HH:mm. */
class LedgerRowsReadableTest {

  private static final List<Column> COLUMNS = List.of(Column.text("logNumber", "記録番号"),
      Column.option("mediaKind", "媒体", Map.of("usb", "USBメモリ", "hdd", "外付けHDD/SSD")),
      Column.option("permission", "許可", Map.of("section-iso", "課等情報セキュリティ責任者の許可", "none", "許可不要")),
      Column.date("returnOn", "返却予定日"), Column.text("status", "状態"), Column.time("returnedAt", "返却日時"));

  @Test
  void aMomentIsWrittenInJapanTimeAndADayAsYyyyMmDd() {
    // Given 2026-12-02 16:05 UTC, which is 2026-12-03 01:05 in Japan
    Timestamp moment = Timestamp.from(Instant.parse("2026-12-02T16:05:00Z"));

    // Then the cell is the Japan time, and a day keeps its date
    assertThat(LedgerRows.cell(moment)).isEqualTo("\"2026/12/03 01:05\"");
    assertThat(LedgerRows.cell(Instant.parse("2026-01-31T23:59:00Z"))).isEqualTo("\"2026/02/01 08:59\"");
    assertThat(LedgerRows.cell(java.sql.Date.valueOf("2026-04-01"))).isEqualTo("\"2026/04/01\"");
  }

  @Test
  void optionKeysAreWrittenAsTheLabelsTheScreenShows() {
    // Given a carry-out stored with its option keys
    Map<String, Object> row = row("持出し中", LocalDate.now(LedgerRows.JAPAN).plusDays(3));

    // When it is exported
    String csv = csv(row);

    // Then the CSV has the labels of the form, not the keys
    assertThat(csv).contains("\"USBメモリ\"", "\"課等情報セキュリティ責任者の許可\"", "\"持出し中\"")
        .doesNotContain("\"usb\"", "\"section-iso\"");
  }

  @Test
  void aCarryOutPastItsReturnDateIsShownAsOverdue() {
    // Given a medium still out one day after its planned return
    Map<String, Object> late = row("持出し中", LocalDate.now(LedgerRows.JAPAN).minusDays(1));

    // When it is exported, Then its state is 返却期限超過
    assertThat(csv(late)).contains("\"返却期限超過\"").doesNotContain("\"持出し中\"");
    // And a returned one stays 返却済み whatever its date
    assertThat(csv(row("返却済み", LocalDate.now(LedgerRows.JAPAN).minusDays(10)))).contains("\"返却済み\"");
  }

  private static Map<String, Object> row(String status, LocalDate returnOn) {
    Map<String, Object> row = new HashMap<>();
    row.put("logNumber", "MC-2026-00001");
    row.put("mediaKind", "usb");
    row.put("permission", "section-iso");
    row.put("returnOn", java.sql.Date.valueOf(returnOn));
    row.put("status", status);
    row.put("returnedAt", null);
    return row;
  }

  private static String csv(Map<String, Object> row) {
    return new String(LedgerRows.csv("media.csv", COLUMNS, List.of(row)).getBody(), StandardCharsets.UTF_8);
  }
}
