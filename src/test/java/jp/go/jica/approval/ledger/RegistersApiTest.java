package jp.go.jica.approval.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code GET /api/registers}: the registers page's tabs and columns come from the server, each CSV's headers
 * are its register's column labels, and each row the page shows carries every column it names.
 */
class RegistersApiTest extends PlatformTest {

  @LocalServerPort int port;

  @Test
  void everyEmployeeGetsTheFiveRegistersInOrderWithTheirColumns() {
    // When an employee asks which registers there are
    Http.Reply reply = new Http(port).get("ga-staff", "/api/registers");

    // Then the five, in the page's order, each with its list, its CSV, its filters and Japanese columns
    assertThat(reply.status()).isEqualTo(200);
    JsonNode registers = reply.json();
    assertThat(keys(registers, "key")).containsSubsequence("exceptions", "cloud", "contracts", "byod", "media");
    JsonNode media = find(registers, "media");
    assertThat(media.get("title").asText()).isEqualTo("外部電磁的記録媒体の持出し");
    assertThat(media.get("json").asText()).isEqualTo("/api/media/carry-outs");
    assertThat(media.get("csv").asText()).isEqualTo("/api/media/carry-outs.csv");
    assertThat(media.get("filters")).isEmpty();
    JsonNode first = media.get("columns").get(0);
    assertThat(first.get("key").asText()).isEqualTo("logNumber");
    assertThat(first.get("label").asText()).isEqualTo("記録番号");
    assertThat(first.get("onPage").asBoolean()).isTrue();
    JsonNode kind = StreamSupport.stream(media.get("columns").spliterator(), false)
        .filter(c -> c.get("key").asText().equals("mediaKind")).findFirst().orElseThrow();
    assertThat(kind.get("type").asText()).isEqualTo("option");
    assertThat(kind.get("options").get("usb").asText()).isEqualTo("USBメモリ");
    assertThat(keys(find(registers, "cloud").get("filters"), null)).containsExactly("status", "q");
  }

  @Test
  void eachCsvHasItsRegistersColumnLabelsAndEachRowItsColumnKeys() {
    // Given a carry-out, so that the media register has a row
    Http http = new Http(port);
    start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "1", "1"));

    for (JsonNode register : http.get("it-staff", "/api/registers").json()) {
      // When the security office exports each register
      Http.Reply csv = http.get("it-staff", register.get("csv").asText());

      // Then the CSV's header is the register's column labels, in order
      assertThat(csv.status()).as(register.get("key").asText()).isEqualTo(200);
      String header = csv.body().lines().findFirst().orElseThrow().replace("\uFEFF", "");
      assertThat(header).as(register.get("key").asText()).isEqualTo(String.join(",", keys(register.get("columns"), "label")));
    }
    // And every column the page shows is a key of the rows the list answers
    JsonNode media = find(http.get("it-staff", "/api/registers").json(), "media");
    JsonNode row = http.get("it-staff", media.get("json").asText()).json().get(0);
    for (JsonNode column : media.get("columns")) {
      assertThat(row.has(column.get("key").asText())).as(column.get("key").asText()).isTrue();
    }
  }

  @Test
  void withoutLoginThereIsNoList() {
    assertThat(new Http(port).get(null, "/api/registers").status()).isEqualTo(401);
  }

  private static JsonNode find(JsonNode registers, String key) {
    return StreamSupport.stream(registers.spliterator(), false).filter(r -> r.get("key").asText().equals(key))
        .findFirst().orElseThrow();
  }

  private static List<String> keys(JsonNode array, String field) {
    List<String> keys = new ArrayList<>();
    array.forEach(node -> keys.add(field == null ? node.asText() : node.get(field).asText()));
    return keys;
  }
}
