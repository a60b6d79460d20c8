package jp.go.jica.approval.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Response times per request kind, summarised as percentiles in milliseconds. */
final class Latencies {

  private final Map<String, List<Long>> nanos = new ConcurrentHashMap<>();

  void record(String kind, long elapsedNanos) {
    nanos.computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>())).add(elapsedNanos);
  }

  Map<String, Map<String, Object>> summary() {
    Map<String, Map<String, Object>> summary = new LinkedHashMap<>();
    for (String kind : List.of("start", "lookup", "list", "count", "task", "form", "complete")) {
      List<Long> values = nanos.get(kind);
      if (values == null || values.isEmpty()) {
        continue;
      }
      List<Long> sorted;
      synchronized (values) {
        sorted = new ArrayList<>(values);
      }
      Collections.sort(sorted);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("n", sorted.size());
      row.put("p50", millis(sorted, 0.50));
      row.put("p95", millis(sorted, 0.95));
      row.put("p99", millis(sorted, 0.99));
      row.put("max", ApprovalBenchmark.round(sorted.get(sorted.size() - 1) / 1e6));
      summary.put(kind, row);
    }
    return summary;
  }

  private static double millis(List<Long> sorted, double percentile) {
    int index = (int) Math.ceil(percentile * sorted.size()) - 1;
    return ApprovalBenchmark.round(sorted.get(Math.max(0, index)) / 1e6);
  }
}
