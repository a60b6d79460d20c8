package jp.go.jica.approval.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every exception of Camunda's engine REST resources (on {@code /engine-rest} and the webapps'
 * {@code /camunda/api/engine}) in one shape without internals. The engine wraps what a task listener
 * throws ("Exception while invoking TaskListener"), which Camunda would answer with 500: a refusal by the
 * separation-of-duties guard or the query-expression guard is the client's fault, 403 (not allowed) or 400
 * (a field is wrong) with the guard's own Japanese message. A task decided by someone else a moment
 * earlier is a 409. Everything else keeps Camunda's status; a 5xx answers a generic message and a
 * reference id that is logged with the exception, a 4xx message carrying internals a generic one.
 */
@Provider
class GuardRefusalMapper implements ExceptionMapper<Throwable> {

  static final String TASK_ALREADY_DONE =
      "このタスクは既に処理されています（別の画面や端末で完了された可能性があります）。タスク一覧を更新してください";
  /** QueryValidators' message ("… in adhoc queries" / "… in stored queries"). */
  private static final Logger log = LoggerFactory.getLogger(GuardRefusalMapper.class);
  private static final String CAMUNDA_EXPRESSION_REFUSAL = "Expressions are forbidden in ";
  /** CoreLogger.javaSerializationProhibitedException (java-serialization-format-enabled is off). */
  private static final String JAVA_SERIALIZATION_PROHIBITED = "ENGINE-17007";
  private static final Pattern TASK_DECISION = Pattern.compile("(?:^|/)task/([^/]+)/(?:complete|submit-form)/?$");
  // PostgreSQL serialization failure and deadlock, H2 lock timeout and concurrent update: another
  // transaction changed the same rows first, as with Camunda's own optimistic locking.
  private static final Set<String> CONCURRENT_SQL_STATES = Set.of("40001", "40P01");
  private static final Set<Integer> CONCURRENT_H2_CODES = Set.of(50200, 90131);

  private final ProcessEngineConfigurationImpl engine;
  // Jersey injects a proxy to the current request's URI (hence one mapper per Jersey application).
  @Context private UriInfo uri;

  GuardRefusalMapper(ProcessEngineConfigurationImpl engine) {
    this.engine = engine;
  }

  @Override
  public Response toResponse(Throwable exception) {
    Response answer = decidedMeanwhile();
    if (answer == null) {
      answer = refusal(exception);
    }
    if (answer == null) {
      answer = conflict(exception);
    }
    if (answer == null && saysInChain(exception, JAVA_SERIALIZATION_PROHIBITED)) {
      // Camunda answers this refusal of the client's input with 500, which would now read as a server fault.
      answer = json(400, ErrorShape.clientError(400, "InvalidRequestException",
          "Java シリアライズ形式（application/x-java-serialized-object）の変数は受け付けません。JSON などの値で指定してください"));
    }
    answer = answer != null ? answer : camunda(exception);
    if (answer.getStatus() < 500) {
      // One line per refusal: the client's mistake is worth a note, not a stack trace (5xx are logged with theirs).
      log.info("Refused {} {}: {}", answer.getStatus(), uri == null ? "" : uri.getPath(), messageOf(answer.getEntity()));
    }
    return answer;
  }

  private static Object messageOf(Object entity) {
    if (entity instanceof Map<?, ?> body) {
      return body.get("message");
    }
    return entity instanceof ExceptionDto dto ? dto.getMessage() : entity;
  }

  /** The guards' refusal in the cause chain as 403/400, or null when there is none. */
  private static Response refusal(Throwable exception) {
    // The query-expression guard's refusal first: Camunda may wrap it in a BadUserRequestException of its own.
    // Camunda's own check of top-level ad hoc expressions (enableExpressionsInAdhocQueries, kept off) refuses
    // in English before the guard sees them; it is the same refusal.
    if (inChain(exception, cause -> cause instanceof QueryExpressionGuard.Refused || cause instanceof BadUserRequestException
        && cause.getMessage() != null && cause.getMessage().startsWith(CAMUNDA_EXPRESSION_REFUSAL)).isPresent()) {
      return json(400, ErrorShape.clientError(400, "BadUserRequestException", QueryExpressionGuard.REFUSED));
    }
    if (exception.getCause() == null) {
      return null;
    }
    return inChain(exception.getCause(), cause -> cause instanceof AuthorizationException
        || cause instanceof BadUserRequestException).map(cause -> {
          int status = cause instanceof AuthorizationException ? 403 : 400;
          return json(status, ErrorShape.clientError(status, cause.getClass().getSimpleName(), cause.getMessage()));
        }).orElse(null);
  }

  /**
   * 409 when the engine lost a race (optimistic locking, or the database's own concurrency errors), and
   * when a decision on a task fails because the task was completed meanwhile: the loser of two clients
   * sees, depending on the moment, the task gone, its process state gone, or its authorizations gone.
   * A task that never existed stays 404.
   */
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

  private Response conflict(Throwable exception) {
    if (causedBy(exception, TaskAlreadyClaimedException.class)) {
      // Camunda answers 500 for a claim of a task someone already holds: the client's conflict, not a fault.
      return json(409, ErrorShape.clientError(409, "TaskAlreadyClaimedException",
          "このタスクは既に担当者が引き受けています。担当の変更はルーティング（利益相反の申告・組織図の更新）で行います"));
    }
    Matcher decision = uri == null ? null : TASK_DECISION.matcher(uri.getPath());
    boolean taskDecision = decision != null && decision.find();
    if (concurrent(exception)) {
      Map<String, Object> body = ErrorShape.clientError(409, "OptimisticLockingException",
          taskDecision ? TASK_ALREADY_DONE : null);
      body.put("code", 1);
      return json(409, body);
    }
    if (!taskDecision || !causedBy(exception, ProcessEngineException.class)) {
      return null;
    }
    if (completed(decision.group(1))) {
      return json(409, ErrorShape.clientError(409, "OptimisticLockingException", TASK_ALREADY_DONE));
    }
    if (causedBy(exception, NullValueException.class)) {
      return json(404, ErrorShape.clientError(404, "InvalidRequestException", "指定されたタスクは見つかりません"));
    }
    return null;
  }

  /** Camunda's status and body, cleaned. */
  private Response camunda(Throwable exception) {
    ExceptionHandlerHelper camunda = ExceptionHandlerHelper.getInstance();
    Throwable mapped = exception instanceof JsonProcessingException
        // as Camunda's JsonMapping/JsonParseExceptionHandler: the client sent JSON that does not fit
        ? new InvalidRequestException(Response.Status.BAD_REQUEST, (Exception) exception, "")
        : exception;
    int status = camunda.getStatus(mapped).getStatusCode();
    if (status >= 500) {
      return json(status, ErrorShape.serverError(status, uri == null ? "engine REST" : uri.getPath(), exception));
    }
    ExceptionDto dto = camunda.fromException(mapped);
    dto.setType(ErrorShape.type(status, dto.getType()));
    // Jersey's own refusals (unknown path, method, media type) say it in English: the generic Japanese one
    dto.setMessage(ErrorShape.message(status, exception instanceof WebApplicationException ? null : dto.getMessage()));
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(dto).build();
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

  private static boolean saysInChain(Throwable exception, String text) {
    return inChain(exception, cause -> cause instanceof ProcessEngineException && cause.getMessage() != null
        && cause.getMessage().contains(text)).isPresent();
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

  private static Response json(int status, Map<String, Object> body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new LinkedHashMap<>(body)).build();
  }
}
