package jp.go.jica.approval.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.task.TaskQuery;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * "My tasks" on PostgreSQL, without REST: the query Tasklist's 自分のタスク filter runs (assignee = the
 * signed-in user, newest first, first page of 15, and its count) through a plain engine with the user's
 * authentication, timed, and its SQL as the engine sent it run again under {@code EXPLAIN (ANALYZE, BUFFERS)}.
 * Once per {@code authorizationCheckRevokes} mode, so the plans can be compared on the same data.
 * Run after the benchmark has built the preload (and started the platform once, for groups and grants):
 * {@code java -cp … MyTasksPlan target/benchmark/pg-open10000-each1250-finished200000}.
 */
public final class MyTasksPlan {

  private MyTasksPlan() {
  }

  public static void main(String[] args) throws Exception {
    Path dataDirectory = Path.of(args[0]);
    String approver = args.length > 1 ? args[1] : "ga-chief";
    List<String> modes = args.length > 2 ? List.of(args[2].split(",")) : List.of("auto", "always");
    int runs = Integer.getInteger("benchmark.planRuns", 30);
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
        .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on").setServerConfig("shared_buffers", "256MB")
        .start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      StringBuilder report = new StringBuilder();
      report.append("preload as measured: ").append(Preload.measure(url, "postgres", "postgres").describe()).append('\n');
      for (String mode : modes) {
        report.append(explain(url, "postgres", "postgres", approver, mode, runs));
      }
      Path out = Files.createDirectories(Path.of("target", "benchmark"))
          .resolve("my-tasks-plan-" + dataDirectory.getFileName() + ".txt");
      Files.writeString(out, report);
      System.out.println(report);
      System.out.println("written to " + out.toAbsolutePath());
    }
  }

  /** Times "my tasks" for {@code approver} in one revoke-check mode and returns the timings and both plans. */
  static String explain(String url, String user, String password, String approver, String revokes, int runs)
      throws Exception {
    List<String> statements = Collections.synchronizedList(new ArrayList<>());
    PGSimpleDataSource target = new PGSimpleDataSource();
    target.setUrl(url);
    target.setUser(user);
    target.setPassword(password);
    StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
    configuration.setDataSource(recording(target, statements));
    configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_FALSE);
    configuration.setHistory(ProcessEngineConfiguration.HISTORY_FULL);
    configuration.setAuthorizationEnabled(true);
    configuration.setAuthorizationCheckRevokes(revokes);
    configuration.setJobExecutorActivate(false);
    configuration.setMetricsEnabled(false);
    configuration.setProcessEngineName("my-tasks-plan-" + revokes);
    ProcessEngine engine = configuration.buildProcessEngine();
    StringBuilder report = new StringBuilder();
    try {
      List<String> groups = engine.getIdentityService().createGroupQuery().groupMember(approver).list().stream()
          .map(g -> g.getId()).toList();
      engine.getIdentityService().setAuthentication(approver, groups);
      List<Long> listNanos = new ArrayList<>();
      List<Long> countNanos = new ArrayList<>();
      long count = 0;
      for (int i = 0; i < runs + 5; i++) {
        statements.clear();
        long t0 = System.nanoTime();
        myTasks(engine, approver).listPage(0, 15);
        long t1 = System.nanoTime();
        count = myTasks(engine, approver).count();
        long t2 = System.nanoTime();
        if (i >= 5) {
          listNanos.add(t1 - t0);
          countNanos.add(t2 - t1);
        }
      }
      List<String> queries = statements.stream().filter(s -> s.contains("ACT_RU_TASK RES")).toList();
      // Confidentiality on the same engine: another approver's list is empty for this user, whatever the mode.
      String other = approver.equals("ga-chief") ? "proc-chief" : "ga-chief";
      long others = myTasks(engine, other).count();
      long unfiltered = engine.getTaskService().createTaskQuery().count();
      engine.getIdentityService().clearAuthentication();
      long ownWithoutChecks = engine.getTaskService().createTaskQuery().taskAssignee(approver).count();
      report.append(String.format("%n=== authorizationCheckRevokes=%s, %s (groups %s) ===%n", revokes, approver, groups));
      report.append(String.format("my tasks: count %d; list p50 %.1f ms p95 %.1f ms; count p50 %.1f ms p95 %.1f ms (%d runs, engine API, no REST)%n",
          count, millis(listNanos, 0.5), millis(listNanos, 0.95), millis(countNanos, 0.5), millis(countNanos, 0.95), runs));
      report.append(String.format("confidentiality: %s's tasks as %s: %d; all tasks %s may read: %d; %s's own tasks: %d%n",
          other, approver, others, approver, unfiltered, approver, ownWithoutChecks));
      if (others != 0 || unfiltered != ownWithoutChecks) {
        report.append("!! CONFIDENTIALITY BROKEN in this mode\n");
      }
      try (Connection connection = DriverManager.getConnection(url, user, password)) {
        for (String sql : queries) {
          report.append("\n-- ").append(sql.replaceAll("\\s+", " ")).append("\n");
          try (var statement = connection.createStatement();
              var rows = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            while (rows.next()) {
              report.append(rows.getString(1)).append('\n');
            }
          }
        }
      }
    } finally {
      engine.close();
    }
    return report.toString();
  }

  private static TaskQuery myTasks(ProcessEngine engine, String assignee) {
    return engine.getTaskService().createTaskQuery().taskAssignee(assignee).orderByTaskCreateTime().desc();
  }

  private static double millis(List<Long> nanos, double percentile) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return sorted.get(Math.max(0, (int) Math.ceil(percentile * sorted.size()) - 1)) / 1e6;
  }

  /** The engine's data source, remembering each statement it executes with its parameters inlined (pgjdbc's toString). */
  private static DataSource recording(DataSource target, List<String> statements) {
    return (DataSource) Proxy.newProxyInstance(MyTasksPlan.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = invoke(target, method, args);
          return result instanceof Connection connection ? connection(connection, statements) : result;
        });
  }

  private static Connection connection(Connection target, List<String> statements) {
    return (Connection) Proxy.newProxyInstance(MyTasksPlan.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          Object result = invoke(target, method, args);
          if (result instanceof PreparedStatement prepared) {
            InvocationHandler recordOnExecute = (p, m, a) -> {
              if (m.getName().startsWith("execute")) {
                statements.add(prepared.toString());
              }
              return invoke(prepared, m, a);
            };
            return Proxy.newProxyInstance(MyTasksPlan.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                recordOnExecute);
          }
          return result;
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
