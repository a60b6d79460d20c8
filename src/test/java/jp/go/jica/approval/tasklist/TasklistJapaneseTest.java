package jp.go.jica.approval.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The webapps are served with Japanese as their language: the platform's config.js and complete ja locales. */
class TasklistJapaneseTest extends PlatformTest {

  @LocalServerPort int port;

  @Test
  void tasklistOffersJapaneseFirstAndEnglishStill() {
    Http.Reply config = new Http(port).get(null, "/camunda/app/tasklist/scripts/config.js");

    assertThat(config.status()).isEqualTo(200);
    assertThat(config.body()).contains("availableLocales: ['ja', 'en']", "fallbackLocale: 'ja'");
  }

  @Test
  void cockpitAndAdminOfferJapaneseWithACompleteLocaleToo() throws Exception {
    for (String app : new String[] {"cockpit", "admin", "welcome"}) {
      assertThat(new Http(port).get(null, "/camunda/app/" + app + "/scripts/config.js").body())
          .contains("availableLocales: ['ja', 'en']");
      JsonNode ja = new ObjectMapper().readTree(new Http(port).get(null, "/camunda/app/" + app + "/locales/ja.json").body());
      JsonNode en = englishLocale(app);
      List<String> missing = new ArrayList<>();
      en.get("labels").fieldNames().forEachRemaining(key -> {
        if (!ja.get("labels").has(key)) {
          missing.add(key);
        }
      });
      assertThat(missing).as("keys missing in %s ja.json", app).isEmpty();
      assertThat(ja.get("labels").get("PAGE_LOGIN_SIGN_IN_ACTION").asText()).isEqualTo("ログイン");
    }
  }

  @Test
  void theWelcomePageLinksTheRegistersAndTheEditor() {
    assertThat(new Http(port).get(null, "/camunda/app/welcome/scripts/config.js").body())
        .contains("href: '/platform/registers/index.html'", "href: '/platform/editor/index.html'");
  }

  static JsonNode englishLocale(String app) throws Exception {
    try (InputStream in = TasklistJapaneseTest.class.getResourceAsStream(
        "/META-INF/resources/webjars/camunda/app/" + app + "/locales/en.json")) {
      return new ObjectMapper().readTree(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .replace("\uFEFF", ""));
    }
  }

  @Test
  void theJapaneseLocaleHasEveryKeyOfTheEnglishOneAndTranslatesTheEverydayScreens() throws Exception {
    JsonNode ja = new ObjectMapper().readTree(new Http(port).get(null, "/camunda/app/tasklist/locales/ja.json").body());
    JsonNode en;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/resources/webjars/camunda/app/tasklist/locales/en.json")) {
      en = new ObjectMapper().readTree(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("\uFEFF", ""));
    }
    List<String> missing = new ArrayList<>();
    en.get("labels").fieldNames().forEachRemaining(key -> {
      if (!ja.get("labels").has(key)) {
        missing.add(key);
      }
    });

    assertThat(missing).as("keys missing in ja.json would show as raw keys").isEmpty();
    assertThat(ja.get("labels").get("PAGE_LOGIN_SIGN_IN_ACTION").asText()).isEqualTo("ログイン");
    assertThat(ja.get("labels").get("START_PROCESS").asText()).isEqualTo("申請を開始");
    assertThat(ja.get("labels").get("CLAIM_TASK").asText()).isEqualTo("引き受ける");
    assertThat(ja.get("labels").get("COMPLETE").asText()).isEqualTo("完了");
    assertThat(ja.get("dateLocales").get("months").get(0).asText()).isEqualTo("1月");
  }
}
