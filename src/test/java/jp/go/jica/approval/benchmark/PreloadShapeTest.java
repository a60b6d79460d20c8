package jp.go.jica.approval.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The benchmark refuses to measure a preload spread otherwise than the run asks (issue 19). */
class PreloadShapeTest {

  @Test
  void aPreloadOfFortyPerApproverIsRefusedForARunAskingTwelveHundredFifty() {
    // Given the database holds the default spread, read back from it
    Preload.Distribution measured = new Preload.Distribution(10_000, 200_000, new int[] {40, 40, 40, 40},
        new int[] {40, 40, 40}, new int[] {40, 40, 40, 250});

    // When a run asks for 1,250 per approver, Then it is refused with what the database holds and what was asked
    assertThatThrownBy(() -> Preload.requireShape(measured, 10_000, 1250, "target/benchmark/x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("40/40/40 each").hasMessageContaining("1250 per approver").hasMessageContaining("10,000 open");
  }

  @Test
  void theSpreadAsAskedIsAcceptedAndATopUpContinuesIt() {
    // Given 10,000 open tasks handed out 1,250 each
    int[] each = Preload.expectedMeasured(10_000, 1250);

    // Then each measured approver holds 1,250, and a database of that shape passes
    assertThat(each).containsExactly(1250, 1250, 1250, 1250);
    Preload.requireShape(new Preload.Distribution(10_000, 200_000, each, new int[] {1250, 1250, 1250},
        new int[] {1250, 1250, 1250, 8}), 10_000, 1250, "x");
    // And a partial preload is the start of the same spread: the first approvers full, the next one partly
    assertThat(Preload.expectedMeasured(2_000, 1250)).containsExactly(1250, 750, 0, 0);
    assertThat(Preload.approverOf(1249, 1250)).isEqualTo("ga-chief");
    assertThat(Preload.approverOf(1250, 1250)).isEqualTo("proc-chief");
    assertThat(Preload.approverOf(5000, 1250)).isEqualTo("approver-1");
  }
}
