package jp.go.jica.approval.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * 代理承認 on {@code /api/absences}: whom the chart allows as deputy, who may register whose absence, and every
 * refusal a 4xx in Japanese naming the field, with nothing registered.
 */
class AbsencesTest extends PlatformTest {

  @Autowired Absences absences;
  @Autowired OrgChartService charts;
  @LocalServerPort int port;

  @AfterEach
  void endEveryAbsence() {
    for (Absences.Absence absence : absences.list(false)) {
      absences.end("admin", absence.id());
    }
  }

  @Test
  @DisplayName("組織図の代理者: 同じ課等の同職位以上の職員か上司。組織図の deputies が優先し、CISOは副CISOが先頭")
  void theChartAllowsSameSectionSameOrHigherPositionOrTheSuperiorUnlessItNamesTheDeputies() {
    OrgChart chart = charts.current();

    assertThat(chart.allowedDeputies("ga-device-manager")).containsExactly("ga-director", "ga-chief", "ga-staff");
    assertThat(chart.allowedDeputies("ga-chief")).containsExactly("ga-director");
    assertThat(chart.allowedDeputies("it-director")).containsExactly("ciso");
    assertThat(chart.allowedDeputies("ga-director")).as("named in the chart").containsExactly("ga-chief", "exec-admin");
    assertThat(chart.allowedDeputies("ciso").get(0)).isEqualTo("deputy-ciso");
  }

  @Test
  @DisplayName("不在の登録: 本人が登録し一覧に載る。管理者は代わりに登録でき、代理登録と記録される")
  void anAuthorizerRegistersTheirAbsenceAndAnAdministratorMayRegisterItOnTheirBehalf() {
    Http http = new Http(port);
    List<String> mailsBefore = absenceMails();

    // When ga-chief registers an absence from the page, and the administrator one for ga-device-manager
    Http.Reply own = http.post("ga-chief", "/api/absences", Http.json(registration(null, "ga-director")));
    Http.Reply onBehalf = http.post("admin", "/api/absences", Http.json(registration("ga-device-manager", "ga-chief")));

    // Then both are registered and listed, the second as registered on behalf
    assertThat(own.status()).as(own.body()).isEqualTo(201);
    assertThat(onBehalf.status()).as(onBehalf.body()).isEqualTo(201);
    assertThat(own.json().get("person").asText()).isEqualTo("ga-chief");
    assertThat(own.json().get("onBehalf").asBoolean()).isFalse();
    assertThat(onBehalf.json().get("registeredBy").asText()).isEqualTo("admin");
    assertThat(onBehalf.json().get("onBehalf").asBoolean()).isTrue();
    List<String> mailed = new ArrayList<>(absenceMails());
    mailsBefore.forEach(mailed::remove);
    assertThat(mailed).containsExactlyInAnyOrder(
        "absence/deputy-named:ga-director", "absence/deputy-named:ga-chief", "absence/registered-on-behalf:ga-device-manager");
    assertThat(jdbc.queryForObject("select body from apr_mail_outbox where template = 'absence/deputy-named' "
        + "and recipient_id = 'ga-director' order by created_at desc limit 1", String.class))
        .contains("総務 課長 の不在の間", own.json().get("period").asText(), "第16条");
    Http.Reply list = http.get("ga-staff", "/api/absences");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).contains("\"person\":\"ga-chief\"", "\"deputyName\":\"総務 部長\"", "\"person\":\"ga-device-manager\"");
    assertThat(list.json().get(0).get("reason").asText()).as("the reason is not everyone's business").isEmpty();
    assertThat(http.get("ga-chief", "/api/absences/candidates").body()).contains("\"id\":\"ga-director\"");

    // When ga-chief ends it early
    Http.Reply ended = http.post("ga-chief", "/api/absences/" + own.json().get("id").asLong() + "/end", "{}");

    // Then it is over
    assertThat(ended.status()).as(ended.body()).isEqualTo(200);
    assertThat(ended.json().get("active").asBoolean()).isFalse();
    assertThat(absences.activeFor("ga-chief")).isEmpty();
  }

  @Test
  @DisplayName("不在の登録の拒否: 他人の不在・組織図が認めない代理者・期間の誤り・理由なし・許可権限者でない者は4xxで項目名を示し、何も登録されない")
  void refusalsNameTheFieldAndRegisterNothing() {
    Http http = new Http(port);
    long before = count();

    assertRefused(http.post("ga-staff", "/api/absences", Http.json(registration("ga-director", "ga-chief"))),
        403, "不在者: 他の職員の不在は管理者だけが登録できます");
    assertRefused(http.post("ga-chief", "/api/absences", Http.json(registration(null, "ga-staff"))),
        400, "代理者: 'ga-staff' は組織図上 総務 課長 の代理者になれません");
    assertRefused(http.post("ga-chief", "/api/absences", Http.json(registration(null, ""))), 400, "代理者");
    Map<String, Object> backwards = registration(null, "ga-director");
    backwards.put("to", LocalDateTime.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(1).truncatedTo(ChronoUnit.MINUTES).toString());
    assertRefused(http.post("ga-chief", "/api/absences", Http.json(backwards)), 400, "期間: 終了は開始より後にしてください");
    Map<String, Object> farAhead = registration(null, "ga-director");
    farAhead.put("to", LocalDateTime.now(java.time.ZoneId.of("Asia/Tokyo")).plusYears(2).truncatedTo(ChronoUnit.MINUTES).toString());
    assertRefused(http.post("ga-chief", "/api/absences", Http.json(farAhead)), 400, "期間: 終了は現在から366日以内");
    Map<String, Object> longAgo = registration(null, "ga-director");
    longAgo.put("from", LocalDateTime.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(30).truncatedTo(ChronoUnit.MINUTES).toString());
    assertRefused(http.post("ga-chief", "/api/absences", Http.json(longAgo)), 400, "期間: 開始は現在より1日以上前");
    Map<String, Object> hugeYear = registration(null, "ga-director");
    hugeYear.put("to", "+1000000000-01-01T00:00");
    assertThat(http.post("ga-chief", "/api/absences", Http.json(hugeYear)).status()).isEqualTo(400);
    Map<String, Object> notADate = registration(null, "ga-director");
    notADate.put("from", "来週");
    assertRefused(http.post("ga-chief", "/api/absences", Http.json(notADate)), 400, "期間（開始）: 日時は");
    Map<String, Object> noReason = registration(null, "ga-director");
    noReason.put("reason", " ");
    assertRefused(http.post("ga-chief", "/api/absences", Http.json(noReason)), 400, "理由: 不在の理由を入力してください");
    assertRefused(http.post("ga-staff", "/api/absences", Http.json(registration(null, "ga-chief"))), 400,
        "不在者: 総務 花子 は許可権限者ではない");
    assertRefused(http.get("ga-staff", "/api/absences/candidates?person=ga-director"), 403, "不在者");

    assertThat(count()).as("nothing registered").isEqualTo(before);

    // And an absence overlapping one already registered, or ending someone else's, is refused too
    Http.Reply first = http.post("ga-chief", "/api/absences", Http.json(registration(null, "ga-director")));
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertRefused(http.post("ga-chief", "/api/absences", Http.json(registration(null, "ga-director"))), 409,
        "期間: 総務 課長 の不在がこの期間にすでに登録されています");
    assertRefused(http.post("ga-staff", "/api/absences/" + first.json().get("id").asLong() + "/end", "{}"), 403, "不在");
    assertThat(count()).isEqualTo(before + 1);
    assertThat(absences.activeFor("ga-chief")).isPresent();
  }

  private static void assertRefused(Http.Reply reply, int status, String message) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.body()).contains(message);
  }

  private List<String> absenceMails() {
    return jdbc.queryForList("select template || ':' || recipient_id from apr_mail_outbox where template like 'absence/%'",
        String.class);
  }

  private long count() {
    return jdbc.queryForObject("select count(*) from apr_absence", Long.class);
  }

  private static Map<String, Object> registration(String person, String deputy) {
    Map<String, Object> body = new HashMap<>();
    if (person != null) {
      body.put("person", person);
    }
    body.put("deputy", deputy);
    body.put("from", LocalDateTime.now(java.time.ZoneId.of("Asia/Tokyo")).minusMinutes(1).truncatedTo(ChronoUnit.MINUTES).toString());
    body.put("to", Instant.now().plus(2, ChronoUnit.DAYS).toString());
    body.put("reason", "出張");
    return body;
  }
}
