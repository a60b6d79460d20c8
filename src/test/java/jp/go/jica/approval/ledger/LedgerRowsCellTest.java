package jp.go.jica.approval.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The shared CSV cell every register export is written with: OWASP's rule for CSV injection, cell by cell. */
class LedgerRowsCellTest {

  @Test
  void textStartingWithAFormulaCharacterIsPrefixedWithAQuote() {
    for (String formula : new String[] {"=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "＋1", "－1", "＠SUM(A1)"}) {
      assertThat(LedgerRows.cell(formula)).as(formula).isEqualTo("\"'" + formula + "\"");
    }
  }

  @Test
  void quotesAreDoubledAndEveryCellIsQuoted() {
    assertThat(LedgerRows.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
    assertThat(LedgerRows.cell("a,b\r\nc")).isEqualTo("\"a,b\r\nc\"");
    assertThat(LedgerRows.cell(null)).isEqualTo("\"\"");
  }

  @Test
  void plainTextNumbersAndFlagsStayAsTheyAre() {
    assertThat(LedgerRows.cell("第47条第1項")).isEqualTo("\"第47条第1項\"");
    assertThat(LedgerRows.cell(-5)).as("a negative number is a number").isEqualTo("\"-5\"");
    assertThat(LedgerRows.cell(new BigDecimal("-1.5"))).isEqualTo("\"-1.5\"");
    assertThat(LedgerRows.cell(true)).isEqualTo("\"はい\"");
  }
}
