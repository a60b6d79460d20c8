package jp.go.jica.approval.ledger;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one line that says what a request is, in the applicant's own words, for the case page, mail and
 * task descriptions alike ("USBメモリでの会議資料の持出し"). Each request process has its own way of saying it.
 */
public final class CaseSummary {

  /** Longest summary; a longer request text is cut with "…". */
  public static final int MAX_LENGTH = 60;

  /** Media kinds as media-start.form labels them. */
  private static final Map<String, String> MEDIA_KINDS =
      Map.of("usb", "USBメモリ", "hdd", "外付けHDD/SSD", "optical", "光ディスク", "sd", "SDカード");

  private static final Map<String, String> DEVICE_KINDS =
      Map.of("pc", "パソコン", "smartphone", "スマートフォン", "tablet", "タブレット");

  /** The request's variables that say what it is, per process; the first present one is the fallback summary. */
  private static final Map<String, List<String>> VARIABLES = Map.of(
      "exception-measure", List.of("ruleReference", "reason"),
      "cloud-service-approval", List.of("serviceName"),
      "outsourcing-selection", List.of("workDescription"),
      "byod-permission", List.of("deviceKind", "purpose"),
      "media-carry-out", List.of("destination", "assetNumber"),
      "incident-response", List.of("incidentTitle", "whatHappened"));

  private CaseSummary() {
  }

  /** Whether the process is a request the platform summarises (the five request processes). */
  public static boolean covers(String processKey) {
    return VARIABLES.containsKey(processKey);
  }

  /**
   * The summary of a request of {@code processKey}, or "" when its variables say nothing (or the process is
   * not a request).
   *
   * @param variables the instance's variable values by name (null when absent)
   */
  public static String of(String processKey, Function<String, Object> variables) {
    String line = switch (processKey) {
      case "media-carry-out" -> join(label(MEDIA_KINDS, variables.apply("mediaKind")), "での",
          text(variables.apply("information")), "の持出し");
      case "byod-permission" -> join(label(DEVICE_KINDS, variables.apply("deviceKind")), "の利用：",
          text(variables.apply("purpose")), "");
      case "exception-measure" -> join(text(variables.apply("ruleReference")), "の例外措置：",
          text(variables.apply("reason")), "");
      case "cloud-service-approval" -> join(text(variables.apply("serviceName")), "の利用：",
          text(variables.apply("purpose")), "");
      default -> "";
    };
    if (line.isEmpty()) {
      line = VARIABLES.getOrDefault(processKey, List.of()).stream().map(variables).map(CaseSummary::text)
          .filter(v -> !v.isEmpty()).findFirst().orElse("");
    }
    return abbreviate(line);
  }

  /** One line of at most {@link #MAX_LENGTH} characters. */
  public static String abbreviate(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH - 1) + "…" : line;
  }

  /** "first + joiner + second + suffix" when both parts are there, else "". */
  private static String join(String first, String joiner, String second, String suffix) {
    return first.isEmpty() || second.isEmpty() ? "" : first + joiner + second + suffix;
  }

  private static String label(Map<String, String> labels, Object value) {
    String key = text(value);
    return labels.getOrDefault(key, key);
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString().strip().replaceAll("\\s+", " ");
  }
}
