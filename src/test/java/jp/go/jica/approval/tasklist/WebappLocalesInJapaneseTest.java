package jp.go.jica.approval.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tasklist, Cockpit, Admin and the Welcome page speak Japanese to the agency's staff (issue 15): no value of our
 * ja.json is left in English, and no key of the webjar's en.json is missing (a missing key would fall back to
 * English).
 * Plain JUnit: the files themselves, no application.
 */
class WebappLocalesInJapaneseTest {

  private static final Path LOCALES = Path.of("src/main/resources/META-INF/resources/webjars/camunda/app");

  /**
   * Words that stay as they are in a Japanese screen: product and standard names, identifiers and abbreviations
   * a Japanese IT screen writes in Latin letters too.
   */
  private static final Set<String> TECHNICAL = Set.of("Camunda", "Optimize", "OK", "ID", "IDs", "BPMN", "DMN", "CMMN",
      "CSV", "URL", "URI", "JSON", "XML", "API", "REST", "HTTP", "LDAP", "Java", "UUID", "FEEL", "JUEL", "SQL", "PI",
      "DI", "EDE", "FNI", "TU", "RPI", "TW", "cockpit", "tasklist", "admin", "null", "true", "false", "resolve",
      "Cockpit", "Tasklist", "Admin", "Welcome", "Modeler", "Web", "Telemetry", "BPM", "CPU", "Enterprise");

  /** The moment.js date formats (dddd LT, YYYY/MM/DD, HH:mm) are patterns, not words. */
  private static final Pattern DATE_FORMAT = Pattern.compile("[\\[\\]\\sYMDdHhmsLTAa:/.,年月日時分秒-]*");

  /** What a translation keeps untouched: {{placeholders}}, markup, entities, #anchors, paths. */
  private static final Pattern KEPT = Pattern.compile("\\{\\{.*?}}|<[^>]*>|&[a-z]+;|#\\S+|\\b\\S+\\.(json|js|html)\\b");

  private static final Pattern JAPANESE = Pattern.compile("[\\u3040-\\u30ff\\u4e00-\\u9fff\\uff01-\\uff5e]");
  private static final Pattern WORD = Pattern.compile("[A-Za-z]{2,}");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void noValueIsLeftInEnglish(String app) throws IOException {
    // Given our Japanese locale of the webapp
    Map<String, String> values = flatten(read(Files.newInputStream(LOCALES.resolve(app + "/locales/ja.json"))));

    // When every value is read for English words outside the technical tokens
    List<String> english = new ArrayList<>();
    values.forEach((key, value) -> {
      if (isEnglish(key, value)) {
        english.add(key + " = " + value);
      }
    });

    // Then there is none
    assertThat(english).as("English left in %s/locales/ja.json", app).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void everyKeyOfTheWebjarsEnglishLocaleIsTranslated(String app) throws IOException {
    // Given the Camunda webjar's en.json and our ja.json
    Map<String, String> english;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/resources/webjars/camunda/app/" + app + "/locales/en.json")) {
      assertThat(in).as("the webjar's %s en.json on the class path", app).isNotNull();
      english = flatten(read(in));
    }
    Map<String, String> japanese = flatten(read(Files.newInputStream(LOCALES.resolve(app + "/locales/ja.json"))));

    // Then every English key has a Japanese value
    assertThat(english.keySet()).as("keys of %s en.json missing in ja.json", app)
        .allMatch(japanese::containsKey, "present in ja.json");
  }

  static boolean isEnglish(String key, String value) {
    if (DATE_FORMAT.matcher(value).matches()) {
      return false;
    }
    String rest = KEPT.matcher(value).replaceAll(" ");
    for (String token : TECHNICAL) {
      rest = rest.replaceAll("(?<![A-Za-z])" + Pattern.quote(token) + "(?![A-Za-z])", " ");
    }
    return WORD.matcher(rest).find() && !JAPANESE.matcher(value).find();
  }

  private static JsonNode read(InputStream in) throws IOException {
    try (in) {
      return new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\uFEFF", ""));
    }
  }

  private static Map<String, String> flatten(JsonNode node) {
    Map<String, String> flat = new TreeMap<>();
    flatten("", node, flat);
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> flatten(prefix + e.getKey() + ".", e.getValue(), flat));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(prefix + i + ".", node.get(i), flat);
      }
    } else {
      flat.put(prefix.substring(0, prefix.length() - 1), node.asText());
    }
  }
}
