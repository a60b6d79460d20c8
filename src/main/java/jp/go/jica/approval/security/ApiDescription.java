package jp.go.jica.approval.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of the platform's own REST API ({@code /api}, served at {@code /v3/api-docs} to
 * signed-in users): Japanese summaries and tags, and on every operation the error answers it can give, all
 * with the one error shape ({@link ErrorShape}), so that clients read every refusal the same way.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

  /** The name of the shared error schema under {@code components.schemas}. */
  static final String ERROR_SCHEMA = "Error";

  static final String REGISTERS = "台帳";
  static final String CASES = "案件";
  static final String EVENTS = "届出・事象";
  static final String ADMINISTRATION = "管理";
  static final String PEOPLE = "組織・利用者";

  /** "METHOD path" → the Japanese summary; kept here so that the controllers stay free of documentation annotations. */
  private static final Map<String, String> SUMMARIES = Map.ofEntries(
      Map.entry("GET /api/registers", "閲覧できる台帳とその列の一覧"),
      Map.entry("GET /api/session", "ログイン中の利用者と役割"),
      Map.entry("GET /api/my/requests", "マイ申請（自分の申請の一覧、ページ単位）"),
      Map.entry("GET /api/my/decisions", "処理済み（自分が判断・処理した案件の一覧、ページ単位）"),
      Map.entry("GET /api/cases/{processInstanceId}", "案件の詳細（経過、担当者、期限）"),
      Map.entry("POST /api/cases/{processInstanceId}/withdraw", "申請者による申請の取下げ"),
      Map.entry("POST /api/cases/{processInstanceId}/recall", "申請者による申請の引戻し（修正の手順に戻す）"),
      Map.entry("GET /api/my/recallable-decisions", "引戻しできる自分の判断（引戻しの期限内）"),
      Map.entry("POST /api/my/decisions/{taskId}/recall", "判断した本人による判断の引戻し"),
      Map.entry("GET /api/absences", "不在と代理者の一覧（現在と今後）"),
      Map.entry("GET /api/absences/candidates", "代理者に指定できる職員（組織図の規則による）"),
      Map.entry("POST /api/absences", "不在と代理者の登録（本人、または管理者による代理登録）"),
      Map.entry("POST /api/absences/{id}/end", "不在の終了（予定より早く戻ったとき）"),
      Map.entry("GET /api/exceptions/ledger", "例外措置台帳"),
      Map.entry("GET /api/exceptions/ledger.csv", "例外措置台帳（CSV）"),
      Map.entry("GET /api/cloud-services", "クラウドサービス台帳"),
      Map.entry("GET /api/cloud-services.csv", "クラウドサービス台帳（CSV）"),
      Map.entry("POST /api/cloud-services/{number}/termination", "クラウドサービスの利用終了の開始"),
      Map.entry("GET /api/contracts", "外部委託契約台帳"),
      Map.entry("GET /api/contracts.csv", "外部委託契約台帳（CSV）"),
      Map.entry("GET /api/contracts/{number}/timeline", "契約の経過（委託先の報告、担当の引継ぎ）"),
      Map.entry("POST /api/contracts/{number}/events", "契約に関する事象の記録（確認書、再委託、事故、報告など）"),
      Map.entry("GET /api/byod/allowed", "私物端末の業務利用を認めるかどうか"),
      Map.entry("PUT /api/byod/allowed", "私物端末の業務利用の可否の切替え"),
      Map.entry("PUT /api/admin/byod/allowed", "私物端末の業務利用の可否の切替え（管理者）"),
      Map.entry("GET /api/byod/allowed/history", "私物端末の業務利用の可否の変更履歴"),
      Map.entry("GET /api/byod/permits", "私物端末利用許可台帳"),
      Map.entry("GET /api/byod/permits.csv", "私物端末利用許可台帳（CSV）"),
      Map.entry("POST /api/byod/permits/{number}/completion", "私物端末の利用目的の完了の届出"),
      Map.entry("GET /api/media/carry-outs", "電磁的記録媒体の持出し台帳"),
      Map.entry("GET /api/media/carry-outs.csv", "電磁的記録媒体の持出し台帳（CSV）"),
      Map.entry("POST /api/media/carry-outs/{number}/loss", "持ち出した媒体の紛失の届出"),
      Map.entry("GET /api/media/designated-areas", "指定区域の一覧"),
      Map.entry("PUT /api/media/designated-areas/{id}", "指定区域の登録・変更（統括情報セキュリティ責任者）"),
      Map.entry("DELETE /api/media/designated-areas/{id}", "指定区域の削除（統括情報セキュリティ責任者）"),
      Map.entry("GET /api/incidents", "情報セキュリティインシデント台帳"),
      Map.entry("GET /api/incidents.csv", "情報セキュリティインシデント台帳（CSV）"),
      Map.entry("GET /api/incidents/{number}", "インシデントの詳細"),
      Map.entry("GET /api/incidents/{number}/timeline", "インシデントの経過"),
      Map.entry("POST /api/incidents", "インシデントの報告（対応の開始）"),
      Map.entry("GET /api/org-chart", "組織図"),
      Map.entry("GET /api/people", "職員の検索"),
      Map.entry("POST /api/admin/org-chart/reload", "組織図の再読込み"),
      Map.entry("GET /api/admin/org-chart/history", "組織図の読込み履歴"),
      Map.entry("GET /api/admin/mail-outbox", "送信待ち・送信済みのメール"),
      Map.entry("POST /api/admin/tasks/{taskId}/reassign", "タスクの担当者の変更"),
      Map.entry("GET /api/admin/definitions", "デプロイ済みのプロセス・決定表の一覧"),
      Map.entry("GET /api/admin/definitions/{type}/{id}/xml", "デプロイ済みの定義の XML"),
      Map.entry("POST /api/admin/deployments/validation", "BPMN・DMN の検証"),
      Map.entry("GET /api/admin/deployments", "デプロイの記録"),
      Map.entry("POST /api/admin/rule-changes/preview", "変更申請の内容の確認（差分、変更される規則）"),
      Map.entry("POST /api/admin/rule-changes", "規程運用ルールの変更申請"),
      Map.entry("GET /api/admin/rule-changes", "変更申請の一覧"),
      Map.entry("GET /api/admin/rule-changes/{id}", "変更申請の詳細（差分の全体）"),
      Map.entry("GET /api/admin/accounts/locked", "ログイン失敗のあるアカウントと送信元"),
      Map.entry("POST /api/admin/accounts/{userId}/unlock", "アカウントの保留の解除"),
      Map.entry("POST /api/admin/accounts/sources/{address}/unlock", "送信元の保留の解除（応答したノード）"));

  @Bean
  OpenAPI platformApiDescription() {
    return new OpenAPI()
        .info(new Info().title("情報セキュリティ承認プラットフォーム API").version("1")
            .description("台帳、案件、届出・事象、管理の REST API。ログインが必要です（HTTP Basic、または Tasklist への"
                + "ログインのセッション）。エラーはすべて同じ形 {\"type\", \"message\"} で、サーバー内部のエラーには参照番号"
                + " referenceId が付きます。エンジンの REST API（/engine-rest）は Camunda の文書を参照してください。"))
        .components(new Components()
            .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
            .addSchemas(ERROR_SCHEMA, errorSchema()))
        // relative: behind the load balancer the page calls the address it was opened at, not a node's own
        .servers(List.of(new Server().url("/").description("このサーバー")))
        .addSecurityItem(new SecurityRequirement().addList("basic"))
        .tags(List.of(new Tag().name(REGISTERS), new Tag().name(CASES), new Tag().name(EVENTS),
            new Tag().name(ADMINISTRATION), new Tag().name(PEOPLE)));
  }

  /** Summaries, tags and the error answers of every operation. */
  @Bean
  OpenApiCustomizer platformApiDescriptionDetails() {
    return openApi -> {
      if (openApi.getPaths() == null) {
        return;
      }
      // here, not only on the bean above: springdoc rebuilds the components from the controllers' types
      openApi.getComponents().addSchemas(ERROR_SCHEMA, errorSchema())
          .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"));
      openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
        String key = method + " " + path;
        if (SUMMARIES.containsKey(key)) {
          operation.setSummary(SUMMARIES.get(key));
        }
        operation.setTags(List.of(tag(method, path)));
        declareErrors(method, path, operation);
      }));
    };
  }

  static Schema<?> errorSchema() {
    return new ObjectSchema()
        .description("すべてのエラー応答の形。内部の情報（例外名、SQL、スタックトレース）は含みません")
        .addProperty("type", new StringSchema().description("エラーの種類（Camunda のクライアントと同じ名前）")
            ._enum(List.of("InvalidRequestException", "AuthenticationException", "AuthorizationException",
                "NotFoundException", "ConflictException", "ServerError")))
        .addProperty("message", new StringSchema().description("利用者向けの日本語のメッセージ"))
        .addProperty("referenceId", new StringSchema()
            .description("サーバー内部のエラーだけ: ログで原因を探すための参照番号"))
        .required(List.of("type", "message"));
  }

  private static String tag(PathItem.HttpMethod method, String path) {
    if (path.startsWith("/api/admin/")) {
      return ADMINISTRATION;
    }
    if (path.startsWith("/api/cases/") || path.startsWith("/api/my/")) {
      return CASES;
    }
    if (path.equals("/api/session") || path.startsWith("/api/org-chart") || path.startsWith("/api/people")
        || path.startsWith("/api/absences")) {
      return PEOPLE;
    }
    return switch (method) {
      case GET -> REGISTERS;
      // what people report or record about a register's line (an incident, a loss, a contractor's report)
      case POST -> EVENTS;
      // settings of the security office (the BYOD switch, the designated areas)
      default -> ADMINISTRATION;
    };
  }

  /** The refusals this operation can answer, each with the shared schema. */
  private static void declareErrors(PathItem.HttpMethod method, String path, Operation operation) {
    ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    boolean takesInput = operation.getRequestBody() != null
        || (operation.getParameters() != null && operation.getParameters().stream().anyMatch(p -> !"path".equals(p.getIn())));
    boolean namesOne = operation.getParameters() != null
        && operation.getParameters().stream().anyMatch(p -> "path".equals(p.getIn()));
    if (takesInput || namesOne) {
      responses.addApiResponse("400", error("入力が正しくない（項目名を挙げた日本語のメッセージ）"));
    }
    responses.addApiResponse("401", error("ログインしていない、または認証情報が正しくない"));
    responses.addApiResponse("403", error(path.startsWith("/api/admin/") ? "システム管理者でない"
        : "この操作を行う権限がない"));
    if (namesOne) {
      responses.addApiResponse("404", error("指定された番号・ID のものがない（または閲覧できない）"));
    }
    if (method != PathItem.HttpMethod.GET) {
      responses.addApiResponse("409", error("他の操作と競合した、または今の状態ではできない"));
    }
    responses.addApiResponse("500", error("サーバー内部のエラー（参照番号付き）"));
    operation.setResponses(responses);
  }

  private static ApiResponse error(String description) {
    Schema<?> shared = new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA);
    return new ApiResponse().description(description)
        .content(new Content().addMediaType("application/json", new MediaType().schema(shared)));
  }
}
