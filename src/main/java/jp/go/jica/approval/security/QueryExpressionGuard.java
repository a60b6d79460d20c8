package jp.go.jica.approval.security;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.BaseDelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.AbstractQuery;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractExecuteFilterCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.el.ElProviderCompatible;
import org.camunda.bpm.engine.impl.el.Expression;
import org.camunda.bpm.engine.impl.el.ExpressionManager;
import org.camunda.bpm.engine.impl.interceptor.CommandInvocationContext;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.FilterManager;
import org.camunda.bpm.engine.query.Query;
import org.camunda.bpm.dmn.engine.impl.spi.el.ElProvider;
import org.springframework.stereotype.Component;

/**
 * Task queries and filters evaluate only the expressions Tasklist's filters need ({@code ${currentUser()}},
 * {@code ${currentUserGroups()}}, {@code ${now()}}, {@code ${dateTime()…}}); any other query expression is
 * refused before it is evaluated, and no filter carrying one can be saved, whoever asks and by whichever
 * path (every REST spelling, the webapps, the Java API).
 */
@Component
class QueryExpressionGuard extends AbstractProcessEnginePlugin {

  static final String REFUSED = "タスク検索・フィルターで使える式は ${currentUser()}、${currentUserGroups()}、${now()}、"
      + "${dateTime()}（plusDays などの日付計算を含む）だけです。それ以外の式（${...} / #{...}）は受け付けません。値をそのまま指定してください";

  // The whole text must be one allowed call: a second ${…} or anything around it is refused.
  private static final Pattern ALLOWED = Pattern.compile("\\$\\{\\s*(?:currentUser\\(\\)|currentUserGroups\\(\\)|now\\(\\)"
      + "|dateTime\\(\\)(?:\\.(?:(?:plus|minus)(?:Years|Months|Weeks|Days|Hours|Minutes|Seconds)\\(\\s*-?\\d{1,6}\\s*\\)"
      + "|withTimeAtStartOfDay\\(\\)))*(?:\\.toDate\\(\\))?)\\s*}");

  /** Whether the query may evaluate {@code text}: an allowed call, or plain text that is no expression at all. */
  static boolean allowed(String text) {
    return text == null || ALLOWED.matcher(text).matches() || !text.contains("${") && !text.contains("#{");
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomSessionFactories() == null) {
      configuration.setCustomSessionFactories(new ArrayList<>());
    }
    // Registered under FilterManager's type, so every command that saves a filter gets the guarded one.
    configuration.getCustomSessionFactories().add(new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return FilterManager.class;
      }

      @Override
      public Session openSession() {
        return new GuardedFilterManager();
      }
    });
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    // AbstractQuery.evaluateExpressions() asks the configuration for its expression manager on every
    // query; what was parsed before (BPMN, DMN) keeps the original and is not affected.
    configuration.setExpressionManager(new GuardedExpressionManager(configuration.getExpressionManager()));
  }

  /** The refusal: a client error (400), whichever query or filter carried the expression. */
  static final class Refused extends BadUserRequestException {
    Refused() {
      super(REFUSED);
    }
  }

  private static void refuseUnlessAllowed(Collection<String> expressions) {
    for (String expression : expressions) {
      if (!allowed(expression)) {
        throw new Refused();
      }
    }
  }

  /**
   * Wraps expressions created while a query or a filter executes. Only queries evaluate an expression
   * without a variable scope (AbstractQuery.evaluateExpressions, the engine's single such call); BPMN
   * parsed during a query (a cold deployment cache) is evaluated later with its execution and passes.
   */
  private static final class GuardedExpressionManager implements ExpressionManager, ElProviderCompatible {
    private final ExpressionManager delegate;

    GuardedExpressionManager(ExpressionManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public Expression createExpression(String expression) {
      Expression created = delegate.createExpression(expression);
      return executingQuery() ? new QueryExpression(created, expression) : created;
    }

    @Override
    public void addFunction(String name, Method function) {
      delegate.addFunction(name, function);
    }

    @Override
    public ElProvider toElProvider() {
      return ((ElProviderCompatible) delegate).toElProvider();
    }

    private static boolean executingQuery() {
      CommandInvocationContext invocation = Context.getCommandInvocationContext();
      Object command = invocation == null ? null : invocation.getCommand();
      return command instanceof AbstractQuery || command instanceof AbstractExecuteFilterCmd;
    }
  }

  /** An expression of a query: evaluated without a variable scope only when it is on the allow-list. */
  private record QueryExpression(Expression delegate, String text) implements Expression {

    @Override
    public Object getValue(VariableScope variableScope) {
      check(variableScope);
      return delegate.getValue(variableScope);
    }

    @Override
    public Object getValue(VariableScope variableScope, BaseDelegateExecution contextExecution) {
      check(variableScope);
      return delegate.getValue(variableScope, contextExecution);
    }

    @Override
    public void setValue(Object value, VariableScope variableScope) {
      check(variableScope);
      delegate.setValue(value, variableScope);
    }

    @Override
    public void setValue(Object value, VariableScope variableScope, BaseDelegateExecution contextExecution) {
      check(variableScope);
      delegate.setValue(value, variableScope, contextExecution);
    }

    @Override
    public String getExpressionText() {
      return text;
    }

    @Override
    public boolean isLiteralText() {
      return delegate.isLiteralText();
    }

    private void check(VariableScope variableScope) {
      if (variableScope == null && !allowed(text)) {
        throw new Refused();
      }
    }
  }

  /**
   * FilterManager.insertOrUpdateFilter is the one place every filter is saved (SaveFilterCmd, from
   * REST, the webapps and the Java API). Camunda validates only the top-level query of a stored filter;
   * here the or-queries are checked as well.
   */
  static final class GuardedFilterManager extends FilterManager {
    @Override
    public Filter insertOrUpdateFilter(Filter filter) {
      Query<?, ?> query = filter.getQuery();
      if (query instanceof TaskQueryImpl task) {
        // getQueries() holds the query itself first, then its or-queries.
        task.getQueries().forEach(part -> refuseUnlessAllowed(part.getExpressions().values()));
      } else if (query instanceof AbstractQuery<?, ?> other) {
        refuseUnlessAllowed(other.getExpressions().values());
      }
      return super.insertOrUpdateFilter(filter);
    }
  }
}
