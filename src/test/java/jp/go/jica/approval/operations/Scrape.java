package jp.go.jica.approval.operations;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Prometheus's text format read back: value by series ("name{label="value",…}"), and the metric names. */
record Scrape(String text, Map<String, Double> series) {

  static Scrape of(String text) {
    Map<String, Double> series = new HashMap<>();
    text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    });
    return new Scrape(text, series);
  }

  /** The value of one series; a series not (yet) exposed counts as 0. */
  double value(String seriesName) {
    return series.getOrDefault(seriesName, 0.0);
  }

  Set<String> names() {
    Set<String> names = new TreeSet<>();
    series.keySet().forEach(key -> names.add(key.contains("{") ? key.substring(0, key.indexOf('{')) : key));
    return names;
  }
}
