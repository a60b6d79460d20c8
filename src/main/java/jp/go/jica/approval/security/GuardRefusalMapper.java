package jp.go.jica.approval.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.go.jica.approval.routing.RoutingException;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.authorization.MissingAuthorization;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.glassfish.jersey.server.ParamException;

/**
 * Answers every exception of Camunda's engine REST resources (on {@code /engine-rest} and the webapps'
 * {@code /camunda/api/engine}) in one shape, in Japanese, without internals. The platform's own refusals
 * arrive wrapped by the engine ("Exception while invoking TaskListener", "Cannot submit task form …"), which
 * Camunda would answer with 500: they are unwrapped and answered with their Japanese message, 403 (not
 * allowed), 400 (a field is wrong) or 409 (the organisation or the case does not allow it now). The engine's
 * own refusals are said in Japanese: a permission check names the missing rights, a typo (an unknown id, a
 * parameter that does not convert) gets its 4xx instead of Camunda's 500. A task decided by someone else a
 * moment earlier is a 409. A real fault answers a generic message and a reference id logged with the cause.
 */
@Provider
class GuardRefusalMapper implements ExceptionMapper<Throwable> {

  static final String TASK_ALREADY_DONE =
      "このタスクは既に処理されています（別の画面や端末で完了された可能性があります）。タスク一覧を更新してください";
  /** The request attribute carrying the engine's original text for the refusal's one log line (ErrorBodyFilter). */
  static final String ORIGINAL = GuardRefusalMapper.class.getName() + ".original";
  /** QueryValidators' message ("… in adhoc queries" / "… in stored queries"). */
  private static final String CAMUNDA_EXPRESSION_REFUSAL = "Expressions are forbidden in ";
  /** CoreLogger.javaSerializationProhibitedException (java-serialization-format-enabled is off). */
  private static final String JAVA_SERIALIZATION_PROHIBITED = "ENGINE-17007";
  private static final Pattern TASK_DECISION = Pattern.compile("(?:^|/)task/([^/]+)/(?:complete|submit-form)/?$");
  private static final Pattern TASK_PATH = Pattern.compile("(?:^|/)task/(?!count\\b|report\\b)[^/]+(?:/|$)");
  private static final Pattern NOT_FOUND = Pattern.compile("(?i).*(?:doesn't exist|does not exist|not found|cannot find|no .+ found).*");
  // PostgreSQL serialization failure and deadlock, H2 lock timeout and concurrent update: another
  // transaction changed the same rows first, as with Camunda's own optimistic locking.
  private static final Set<String> CONCURRENT_SQL_STATES = Set.of("40001", "40P01");
  private static final Set<Integer> CONCURRENT_H2_CODES = Set.of(50200, 90131);
  /** Camunda REST's request objects (DTOs), which dereference what the client sent without looking. */
  private static final String REST_REQUEST_OBJECTS = "org.camunda.bpm.engine.rest.dto.";
  /** Fields of Camunda's error bodies that clients read and that carry no internals. */
  private static final List<String> CAMUNDA_FIELDS = List.of("code", "details", "validationReport");

  private final ProcessEngineConfigurationImpl engine;
  // Jersey injects proxies to the current request (hence one mapper per Jersey application).
  @Context private UriInfo uri;
  @Context private HttpServletRequest request;

  GuardRefusalMapper(ProcessEngineConfigurationImpl engine) {
    this.engine = engine;
  }

  @Override
  public Response toResponse(Throwable exception) {
    List<Supplier<Response>> answers = List.of(this::decidedMeanwhile, () -> platformRefusal(exception),
        () -> conflict(exception), () -> permission(exception), () -> missing(exception), () -> mistake(exception),
        () -> wrapped(exception), () -> parameter(exception), () -> body(exception), () -> serialization(exception),
        () -> camunda(exception));
    Response answer = answers.stream().map(Supplier::get).filter(Objects::nonNull).findFirst().orElseThrow();
    if (answer.getStatus() < 500 && request != null) {
      // ErrorBodyFilter writes the refusal's one log line; the engine's own words help whoever reads it.
      request.setAttribute(ORIGINAL, (exception.getClass().getSimpleName() + ": " + innermostMessage(exception))
          .replaceAll("\\s+", " "));
    }
    return answer;
  }

  /**
   * A refusal the platform wrote (a guard, a form contract, the routing) wherever it sits in the cause
   * chain, with its own message: 403 not allowed, 400 a field is wrong, 409 the routing cannot assign the
   * step now (nobody free of conflict, nobody holding the role). The query-expression guard's refusal
   * first: Camunda may wrap it in a BadUserRequestException of its own, and its own check of top-level ad
   * hoc expressions (enableExpressionsInAdhocQueries, kept off) refuses in English before the guard sees them.
   */
  private static Response platformRefusal(Throwable exception) {
    if (inChain(exception, cause -> cause instanceof QueryExpressionGuard.Refused || cause instanceof BadUserRequestException
        && cause.getMessage() != null && cause.getMessage().startsWith(CAMUNDA_EXPRESSION_REFUSAL)).isPresent()) {
      return json(400, ErrorShape.clientError(400, "BadUserRequestException", QueryExpressionGuard.REFUSED));
    }
    return inChain(exception, cause -> refusalStatus(cause) > 0 && ErrorShape.japanese(cause.getMessage())).map(cause -> {
      int status = refusalStatus(cause);
      return json(status, ErrorShape.clientError(status, cause.getClass().getSimpleName(), cause.getMessage()));
    }).orElse(null);
  }

  private static int refusalStatus(Throwable cause) {
    if (cause instanceof AuthorizationException) {
      return 403;
    }
    if (cause instanceof RoutingException || cause instanceof OptimisticLockingException
        || cause instanceof TaskAlreadyClaimedException) {
      return 409;
    }
    return cause instanceof BadUserRequestException ? 400 : 0;
  }

  /**
   * A decision on a task that is completed by now lost a race, whatever the engine tripped over first (the
   * task gone, its rights gone, the guard seeing the other decision): the client hears it was done.
   */
  private Response decidedMeanwhile() {
    Matcher decision = uri == null ? null : TASK_DECISION.matcher(uri.getPath());
    if (decision != null && decision.find() && completed(decision.group(1))) {
      return json(409, ErrorShape.clientError(409, "OptimisticLockingException", TASK_ALREADY_DONE));
    }
    return null;
  }

  /** 409 when the engine lost a race (optimistic locking, or the database's own concurrency errors) or the task is held. */
  private Response conflict(Throwable exception) {
    if (causedBy(exception, TaskAlreadyClaimedException.class)) {
      // Camunda answers 500 for a claim of a task someone already holds: the client's conflict, not a fault.
      return json(409, ErrorShape.clientError(409, "TaskAlreadyClaimedException",
          "このタスクは既に担当者が引き受けています。担当の変更はルーティング（利益相反の申告・組織図の更新）で行います"));
    }
    if (concurrent(exception)) {
      Matcher decision = uri == null ? null : TASK_DECISION.matcher(uri.getPath());
      Map<String, Object> body = ErrorShape.clientError(409, "OptimisticLockingException",
          decision != null && decision.find() ? TASK_ALREADY_DONE : null);
      body.put("code", 1);
      return json(409, body);
    }
    return null;
  }

  /**
   * The engine's own permission check, in Japanese: which right on which kind of resource is missing, from
   * the exception's missing authorizations (any one would do), without ids or the user's name.
   */
  private static Response permission(Throwable exception) {
    return inChain(exception, cause -> cause instanceof AuthorizationException denied
        && !denied.getMissingAuthorizations().isEmpty()).map(cause -> {
          List<MissingAuthorization> missing = ((AuthorizationException) cause).getMissingAuthorizations();
          Map<String, Object> body = ErrorShape.clientError(403, "AuthorizationException", EngineMessages.missingRights(
              missing.stream().map(m -> new EngineMessages.Right(m.getViolatedPermissionName(), m.getResourceType())).toList()));
          // Camunda's documented field for clients that check rights, without the resource ids
          body.put("missingAuthorizations", missing.stream()
              .map(m -> Map.of("permissionName", m.getViolatedPermissionName(), "resourceName", m.getResourceType())).toList());
          return json(403, body);
        }).orElse(null);
  }

  /**
   * An id that names nothing or a value left out is the client's typo, which the engine answers with 500:
   * its not-null checks ({@link NullValueException}), Camunda's authorization checker running into the
   * missing task ({@link RefusalLogging#missingEntity}), Camunda REST's request objects running into a value
   * the client left out (a variable without a value, a query condition without an operator). 404 when
   * something was not found, 400 when a value was not given.
   */
  private Response missing(Throwable exception) {
    if (inChain(exception, GuardRefusalMapper::missingInRequest).isPresent()) {
      return json(400, ErrorShape.clientError(400, "InvalidRequestException",
          "リクエストに必要な値がありません（null や省略した項目を確認してください）"));
    }
    Optional<Throwable> nullValue = inChain(exception, cause -> cause instanceof NullValueException);
    boolean missingEntity = inChain(exception, RefusalLogging::missingEntity).isPresent();
    if (nullValue.isEmpty() && !missingEntity) {
      return null;
    }
    String text = nullValue.map(Throwable::getMessage).orElse("");
    if (missingEntity || NOT_FOUND.matcher(text).matches()) {
      boolean task = uri != null && TASK_PATH.matcher(uri.getPath()).find();
      return json(404, ErrorShape.clientError(404, "NotFoundException",
          task ? EngineMessages.notFound("task") : EngineMessages.japanese(text).orElse(null)));
    }
    return json(400, ErrorShape.clientError(400, "InvalidRequestException", text));
  }

  /**
   * The engine's own refusal (a bad request, a permission) that Camunda's REST resource wrapped into a 500
   * ("Cannot instantiate process definition …: ENGINE-13024 Cannot skip custom listeners …"): its own status.
   */
  private static Response wrapped(Throwable exception) {
    if (ExceptionHandlerHelper.getInstance().getStatus(exception).getStatusCode() < 500) {
      return null;
    }
    return inChain(exception, cause -> cause instanceof BadUserRequestException || cause instanceof AuthorizationException)
        .map(cause -> {
          int status = cause instanceof AuthorizationException ? 403 : 400;
          return json(status, ErrorShape.clientError(status, cause.getClass().getSimpleName(), cause.getMessage()));
        }).orElse(null);
  }

  private static boolean missingInRequest(Throwable exception) {
    return exception instanceof NullPointerException && exception.getStackTrace().length > 0
        && exception.getStackTrace()[0].getClassName().startsWith(REST_REQUEST_OBJECTS);
  }

  /** A query the engine cannot run for what the client put in it, which it throws as a fault. */
  private static Response mistake(Throwable exception) {
    return inChain(exception, cause -> cause instanceof ProcessEngineException && EngineMessages.clientMistake(cause.getMessage()))
        .map(cause -> json(400, ErrorShape.clientError(400, "InvalidRequestException", cause.getMessage()))).orElse(null);
  }

  /**
   * A query, header or form parameter that does not convert (a word where a number belongs): JAX-RS answers
   * 404 for a query parameter, as if the resource were missing. It is the client's typo, named.
   */
  private static Response parameter(Throwable exception) {
    if (!(exception instanceof ParamException param) || param instanceof ParamException.PathParamException) {
      return null;
    }
    return json(400, ErrorShape.clientError(400, "InvalidRequestException",
        "パラメータ「" + param.getParameterName() + "」の値が正しくありません" + EngineMessages.hint(param.getParameterName(),
            null)));
  }

  /** JSON that does not fit the request's fields (a word where a number or a date belongs), with the field named. */
  private static Response body(Throwable exception) {
    if (!(exception instanceof JsonProcessingException json)) {
      return null;
    }
    return json(400, ErrorShape.clientError(400, "InvalidRequestException", ErrorShape.jsonRefusal(json)));
  }

  private static Response serialization(Throwable exception) {
    if (!inChain(exception, cause -> cause instanceof ProcessEngineException && cause.getMessage() != null
        && cause.getMessage().contains(JAVA_SERIALIZATION_PROHIBITED)).isPresent()) {
      return null;
    }
    // Camunda answers this refusal of the client's input with 500, which would now read as a server fault.
    return json(400, ErrorShape.clientError(400, "InvalidRequestException",
        "Java シリアライズ形式（application/x-java-serialized-object）の変数は受け付けません。JSON などの値で指定してください"));
  }

  /**
   * Camunda's status and body (a parse error's details per resource, a migration's validation report), its
   * message in Japanese; a 5xx is a real fault, logged with a reference.
   */
  private Response camunda(Throwable exception) {
    ExceptionHandlerHelper camunda = ExceptionHandlerHelper.getInstance();
    int status = camunda.getStatus(exception).getStatusCode();
    if (status >= 500) {
      return json(status, ErrorShape.serverError(status, uri == null ? "engine REST" : uri.getPath(), exception));
    }
    ExceptionDto dto = camunda.fromException(exception);
    Map<String, Object> body = ErrorShape.clientError(status, dto.getType(),
        // Jersey's own refusals (unknown path, method, media type) say it in English: the generic Japanese one
        exception instanceof WebApplicationException ? null : exception.getMessage());
    Map<?, ?> fields = ErrorShape.JSON.convertValue(dto, Map.class);
    for (String field : CAMUNDA_FIELDS) {
      if (fields.get(field) != null && !Integer.valueOf(0).equals(fields.get(field))) {
        body.put(field, fields.get(field));
      }
    }
    return json(status, body);
  }

  private boolean completed(String taskId) {
    HistoricTaskInstance task = engine.getCommandExecutorTxRequired()
        .execute(context -> context.getHistoricTaskInstanceManager().findHistoricTaskInstanceById(taskId));
    return task != null && task.getEndTime() != null;
  }

  private static boolean concurrent(Throwable exception) {
    return inChain(exception, cause -> cause instanceof OptimisticLockingException
        || cause instanceof SQLException sql && (CONCURRENT_SQL_STATES.contains(sql.getSQLState())
            || CONCURRENT_H2_CODES.contains(sql.getErrorCode()) && sql.getClass().getName().startsWith("org.h2."))).isPresent();
  }

  private static boolean causedBy(Throwable exception, Class<? extends ProcessEngineException> type) {
    return inChain(exception, type::isInstance).isPresent();
  }

  /** The outermost of the exception and its causes that matches. */
  private static Optional<Throwable> inChain(Throwable exception, Predicate<Throwable> matches) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (matches.test(cause)) {
        return Optional.of(cause);
      }
    }
    return Optional.empty();
  }

  private static String innermostMessage(Throwable exception) {
    return Stream.iterate(exception, Objects::nonNull, Throwable::getCause).map(Throwable::getMessage)
        .filter(Objects::nonNull).reduce((outer, inner) -> inner).orElse("");
  }

  private static Response json(int status, Map<String, Object> body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new LinkedHashMap<>(body)).build();
  }
}
