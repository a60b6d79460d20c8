package jp.go.jica.approval.security;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;

/**
 * The engine wraps what a task listener throws ("Exception while invoking TaskListener"), which
 * REST would answer with 500. A refusal by the separation-of-duties guard is the client's fault:
 * 403 (not allowed) or 400 (a field is wrong), with the guard's own Japanese message.
 */
@Provider
@Priority(1)
class GuardRefusalMapper implements ExceptionMapper<ProcessEngineException> {

  private final ProcessEngineExceptionHandler camundaDefault = new ProcessEngineExceptionHandler();

  @Override
  public Response toResponse(ProcessEngineException exception) {
    Response refusal = refusal(exception);
    return refusal != null ? refusal : camundaDefault.toResponse(exception);
  }

  /** The guard's refusal somewhere in the cause chain as 403/400, or null when there is none. */
  static Response refusal(Throwable exception) {
    for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof AuthorizationException || cause instanceof BadUserRequestException) {
        int status = cause instanceof AuthorizationException ? 403 : 400;
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
            .entity(Map.of("type", cause.getClass().getSimpleName(), "message", cause.getMessage())).build();
      }
    }
    return null;
  }

  /** Resources such as task completion wrap engine exceptions in a 500 {@link RestException} first. */
  @Provider
  @Priority(1)
  static class Rest implements ExceptionMapper<RestException> {
    private final RestExceptionHandler camundaDefault = new RestExceptionHandler();

    @Override
    public Response toResponse(RestException exception) {
      Response refusal = refusal(exception);
      return refusal != null ? refusal : camundaDefault.toResponse(exception);
    }
  }
}
