package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The OpenAPI description of {@code /api}: served to signed-in users only, it lists the platform's own
 * operations and nothing else, declares their errors with the one shared schema, and every operation it lists
 * answers its errors in that shape, without the platform's insides.
 */
class ApiDescriptionTest extends PlatformTest {

  /** What a stack trace, a class name or SQL looks like in a body. */
  private static final Pattern INSIDES = Pattern.compile("\\bat [\\w$.]+\\(|\\b(?:java|javax|jakarta|org|com)\\.[a-z]\\w*\\."
      + "|(?i:\\bselect\\b.+\\bfrom\\b|\\binsert into\\b|\\bsql|jdbc|stack|trace)|\"(?:exception|path|error|status|timestamp)\"");
  private static final Set<String> TYPES = Set.of("InvalidRequestException", "AuthenticationException",
      "AuthorizationException", "NotFoundException", "ConflictException");
  /** type and message, and the fields of Camunda's errors its clients use (ErrorBodyFilter keeps them). */
  private static final Set<String> SHAPE_FIELDS = Set.of("type", "message", "code", "details", "validationReport",
      "errors", "missingAuthorizations");
  private static final String UNKNOWN = "NO-SUCH-0000";
  /**
   * Unlocking names what need not exist: the failures recorded for a name that is no account (an attacker's
   * probe) or a source this node never counted are cleared all the same, and the answer says so.
   */
  private static final Set<String> IDEMPOTENT = Set.of("POST /api/admin/accounts/{userId}/unlock",
      "POST /api/admin/accounts/sources/{address}/unlock");

  @LocalServerPort int port;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void aStrangerGets401InTheOneShapeAndNoDescription() {
    // When someone who is not signed in asks for the description or the page
    Http.Reply document = http.get(null, "/v3/api-docs");
    Http.Reply config = http.get(null, "/v3/api-docs/swagger-config");
    Http.Reply yaml = http.get(null, "/v3/api-docs.yaml");
    Http.Reply page = http.get(null, "/swagger-ui/index.html");

    // Then 401 in the one error shape, and the page sends them to the login instead of serving itself
    assertThat(document.status()).isEqualTo(401);
    assertOneShape(document, "GET /v3/api-docs anonymously");
    assertThat(config.status()).isEqualTo(401);
    assertThat(yaml.status()).isEqualTo(401);
    assertThat(page.status()).isEqualTo(302);
    assertThat(page.body()).doesNotContain("swagger");
  }

  @Test
  void aSignedInEmployeeReadsTheDescriptionOfApiOnlyWithTheSharedErrorSchema() {
    // When an employee reads the description over HTTP Basic
    Http.Reply reply = http.get("ga-staff", "/v3/api-docs");

    // Then it describes the platform's own API and nothing of engine REST, the webapps or actuator
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    Http.Reply yaml = http.get("ga-staff", "/v3/api-docs.yaml");
    assertThat(yaml.status()).isEqualTo(200);
    assertThat(yaml.body()).contains("openapi: 3.", "/api/registers");
    JsonNode doc = reply.json();
    assertThat(doc.path("openapi").asText()).startsWith("3.");
    assertThat(doc.path("info").path("title").asText()).contains("承認プラットフォーム");
    assertThat(doc.path("servers").get(0).path("url").asText()).as("relative, for the load balancer").isEqualTo("/");
    List<String> paths = new ArrayList<>();
    doc.path("paths").fieldNames().forEachRemaining(paths::add);
    assertThat(paths).hasSizeGreaterThan(30).allMatch(path -> path.startsWith("/api/"))
        .contains("/api/registers", "/api/cases/{processInstanceId}", "/api/incidents", "/api/admin/tasks/{taskId}/reassign");
    // And the one error shape is a schema every operation's errors refer to
    JsonNode error = doc.path("components").path("schemas").path(ApiDescription.ERROR_SCHEMA);
    assertThat(error.path("required").toString()).contains("type", "message");
    assertThat(error.path("properties").has("referenceId")).isTrue();
    assertThat(doc.path("components").path("securitySchemes").path("basic").path("scheme").asText()).isEqualTo("basic");
    for (Operation operation : operations(doc)) {
      JsonNode responses = operation.node().path("responses");
      assertThat(operation.node().path("summary").asText()).as("Japanese summary of %s", operation)
          .matches(ErrorShape::japanese);
      for (String status : List.of("401", "403", "500")) {
        assertThat(responses.path(status).path("content").path("application/json").path("schema").path("$ref").asText())
            .as("%s declares %s with the shared schema", operation, status)
            .isEqualTo("#/components/schemas/" + ApiDescription.ERROR_SCHEMA);
      }
      if (operation.path().contains("{")) {
        assertThat(responses.has("404")).as("%s declares 404", operation).isTrue();
      }
      if (operation.node().has("requestBody")) {
        assertThat(responses.has("400")).as("%s declares 400", operation).isTrue();
      }
    }
  }

  @Test
  void theSwaggerPageIsServedToASignedInUser() {
    // Given an employee signed in to Tasklist
    EngineClient.SessionClient session = (EngineClient.SessionClient) EngineClient.tasklist(port, "ga-staff");
    assertThat(session.loginStatus).isEqualTo(200);

    // When the page and the description are asked for with that session
    Http.Reply page = session.getRaw("/swagger-ui/index.html");
    Http.Reply document = session.getRaw("/v3/api-docs");

    // Then both are served
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("swagger-ui");
    assertThat(document.status()).isEqualTo(200);
    assertThat(document.json().path("paths").has("/api/registers")).isTrue();
  }

  @Test
  void everyDescribedOperationAnswersItsErrorsInTheOneShapeWithoutInsides() {
    // Given the operations the description lists
    List<Operation> operations = operations(http.get("admin", "/v3/api-docs").json());
    assertThat(operations).hasSizeGreaterThan(40);
    Map<String, Integer> provoked = new java.util.TreeMap<>();

    for (Operation operation : operations) {
      // a kind is one of few words (process or decision); everything else an id nobody has
      String concrete = operation.path().replace("{type}", "process").replaceAll("\\{[^}]+}", UNKNOWN);
      // When nobody is signed in: 401
      Http.Reply anonymous = send(null, operation.method(), concrete, "{}");
      assertThat(anonymous.status()).as("anonymous %s", operation).isEqualTo(401);
      assertOneShape(anonymous, "anonymous " + operation);
      provoked.put(operation + " 401", 401);

      // When an employee calls an administrators' function: 403
      if (operation.path().startsWith("/api/admin/")) {
        Http.Reply employee = send("ga-staff", operation.method(), concrete, "{}");
        assertThat(employee.status()).as("employee %s", operation).isEqualTo(403);
        assertOneShape(employee, "employee " + operation);
        provoked.put(operation + " 403", 403);
      }

      // When a number nobody has is named: 404 (a refusal before the lookup is 4xx in the shape too)
      if (operation.path().contains("{") && !IDEMPOTENT.contains(operation.toString())) {
        Http.Reply unknown = send("admin", operation.method(), concrete, operation.hasBody() ? "{}" : null);
        if (operation.method().equals("GET")) {
          assertThat(unknown.status()).as("unknown number %s: %s", operation, unknown.body()).isEqualTo(404);
        } else {
          assertThat(unknown.status()).as("unknown number %s: %s", operation, unknown.body()).isBetween(400, 499);
        }
        assertOneShape(unknown, "unknown number " + operation);
        provoked.put(operation + " unknown", unknown.status());
      }

      // When the body is not JSON: 400
      if (operation.hasBody()) {
        String user = operation.path().startsWith("/api/admin/") ? "admin" : "ga-staff";
        Http.Reply broken = send(user, operation.method(), concrete, "{\"reason\": ");
        assertThat(broken.status()).as("broken body %s: %s", operation, broken.body()).isEqualTo(400);
        assertOneShape(broken, "broken body " + operation);
        provoked.put(operation + " 400", 400);
      }

      // When a required query parameter is missing: 400
      if (operation.requiredQuery()) {
        String user = operation.path().startsWith("/api/admin/") ? "admin" : "ga-staff";
        Http.Reply missing = send(user, operation.method(), concrete, operation.hasBody() ? "{}" : null);
        assertThat(missing.status()).as("missing parameter %s: %s", operation, missing.body()).isEqualTo(400);
        assertOneShape(missing, "missing parameter " + operation);
      }
    }
    System.out.println("errors provoked: " + provoked);
  }

  /** {@code {"type", "message"}} (with Camunda's client fields where they apply), Japanese, nothing of the platform's insides. */
  static void assertOneShape(Http.Reply reply, String what) {
    assertThat(reply.status()).as("%s is no server error: %s", what, reply.body()).isLessThan(500);
    JsonNode body = reply.json();
    Set<String> fields = new HashSet<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).as("%s: %s", what, reply.body()).contains("type", "message").isSubsetOf(SHAPE_FIELDS);
    assertThat(body.path("type").asText()).as(what).isIn(TYPES);
    String message = body.path("message").asText();
    assertThat(ErrorShape.japanese(message)).as("%s in Japanese: %s", what, message).isTrue();
    assertThat(ErrorShape.carriesInternals(message)).as("%s without internals: %s", what, message).isFalse();
    assertThat(INSIDES.matcher(reply.body()).find()).as("%s without insides: %s", what, reply.body()).isFalse();
  }

  private Http.Reply send(String user, String method, String path, String body) {
    return switch (method) {
      case "GET" -> http.get(user, path);
      case "DELETE" -> http.delete(user, path);
      case "PUT" -> http.put(user, path, body == null ? "" : body);
      case "POST" -> body == null ? postEmpty(user, path) : http.post(user, path, body);
      default -> throw new IllegalArgumentException(method);
    };
  }

  /** A POST without a body, as a client of an action that takes none sends it. */
  private Http.Reply postEmpty(String user, String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (user != null) {
      request.header("Authorization", "Basic " + java.util.Base64.getEncoder()
          .encodeToString((user + ":demo").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Http.Reply(response.statusCode(), response.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** One operation of the description. */
  record Operation(String method, String path, JsonNode node) {
    boolean hasBody() {
      return node.has("requestBody");
    }

    boolean requiredQuery() {
      for (JsonNode parameter : node.path("parameters")) {
        if ("query".equals(parameter.path("in").asText()) && parameter.path("required").asBoolean()) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static List<Operation> operations(JsonNode doc) {
    List<Operation> operations = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue().fields().forEachRemaining(method -> {
        if (Set.of("get", "put", "post", "delete", "patch").contains(method.getKey())) {
          operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), method.getValue()));
        }
      });
    }
    return operations;
  }
}
