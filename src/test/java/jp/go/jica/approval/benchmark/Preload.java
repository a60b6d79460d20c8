package jp.go.jica.approval.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * Fills the database to the configured size before the platform starts: finished and open instances
 * of the baseline approval, written by a plain engine on the same database (authorizations on, so the
 * approvers' task permissions exist as the platform would create them). Tops up what an earlier run left.
 */
final class Preload {

  /** The approvers the benchmark's clients act as; each gets {@code tasksPerApprover} of the open tasks. */
  static final String[] MEASURED = {"ga-chief", "proc-chief", "it-chief", "ph-head"};

  /**
   * Who holds open task {@code i}: the measured approvers their share first, the rest spread over synthetic
   * approvers with the same share each, as an organisation's open tasks are spread over its approvers.
   */
  static String approverOf(int i, int tasksPerApprover) {
    int approver = i / tasksPerApprover;
    return approver < MEASURED.length ? MEASURED[approver] : "approver-" + (approver - MEASURED.length + 1);
  }

  private Preload() {
  }

  static void ensure(String jdbcUrl, String user, String password, int openTasks, int finished, int tasksPerApprover,
      int threads)
      throws Exception {
    StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
    configuration.setJdbcUrl(jdbcUrl);
    configuration.setJdbcUsername(user);
    configuration.setJdbcPassword(password);
    configuration.setJdbcMaxActiveConnections(threads + 2);
    configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
    configuration.setHistory(ProcessEngineConfiguration.HISTORY_FULL);
    configuration.setAuthorizationEnabled(true);
    configuration.setJobExecutorActivate(false);
    configuration.setMetricsEnabled(false);
    configuration.setProcessEngineName("benchmark-preload");
    ProcessEngine engine = configuration.buildProcessEngine();
    try {
      engine.getRepositoryService().createDeployment().name("benchmark-baseline").enableDuplicateFiltering(true)
          .addClasspathResource("bpmn/benchmark-baseline.bpmn").addClasspathResource("approval-decision.form")
          .deploy();
      long haveFinished = engine.getHistoryService().createHistoricProcessInstanceQuery()
          .processDefinitionKey("benchmark-baseline").finished().count();
      long haveOpen = engine.getTaskService().createTaskQuery().processDefinitionKey("benchmark-baseline").count();
      int addFinished = (int) Math.max(0, finished - haveFinished);
      int addOpen = (int) Math.max(0, openTasks - haveOpen);
      System.out.printf("preload: %d finished and %d open baseline instances present; adding %d and %d%n",
          haveFinished, haveOpen, addFinished, addOpen);
      // Finished instances: a few hundred real ones, then copies of their history rows (new ids), because
      // 200,000 lifecycles through the engine would take most of an hour on a small machine.
      int seed = (int) Math.min(addFinished, Math.max(0, SEED - haveFinished));
      run(engine, seed, true, threads, tasksPerApprover);
      if (addFinished > seed) {
        copyHistory(jdbcUrl, user, password, addFinished - seed);
      }
      run(engine, addOpen, false, threads, tasksPerApprover);
    } finally {
      engine.close();
    }
  }

  static final int SEED = 200;
  private static final java.util.Set<String> INSTANCE_IDS = java.util.Set.of("ID_", "PROC_INST_ID_", "ROOT_PROC_INST_ID_",
      "EXECUTION_ID_", "TASK_ID_", "ACT_INST_ID_", "PARENT_ACT_INST_ID_", "CALL_PROC_INST_ID_", "PARENT_TASK_ID_",
      "VAR_INST_ID_", "SUPER_PROCESS_INSTANCE_ID_", "CASE_INST_ID_", "CASE_EXECUTION_ID_");

  /**
   * Copies the history rows of the seed's finished baseline instances {@code count / SEED} times with
   * suffixed ids: the tables reach their size with rows of the real shape.
   */
  private static void copyHistory(String jdbcUrl, String user, String password, int count) throws Exception {
    long started = System.nanoTime();
    boolean postgres = jdbcUrl.startsWith("jdbc:postgresql");
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl, user, password)) {
      connection.setAutoCommit(false);
      List<String> seeds = new ArrayList<>();
      try (var statement = connection.createStatement(); var rows = statement.executeQuery(
          "select proc_inst_id_ from act_hi_procinst where proc_def_key_ = 'benchmark-baseline' and end_time_ is not null"
              + " and proc_inst_id_ not like '%-c%' order by start_time_ fetch first " + SEED + " rows only")) {
        while (rows.next()) {
          seeds.add(rows.getString(1));
        }
      }
      String seedList = seeds.stream().map(id -> "'" + id + "'").collect(java.util.stream.Collectors.joining(","));
      Integer copiesSoFar;
      try (var statement = connection.createStatement(); var rows = statement.executeQuery(
          "select count(*) from act_hi_procinst where proc_inst_id_ like '%-c%'")) {
        rows.next();
        copiesSoFar = rows.getInt(1) / Math.max(1, seeds.size());
      }
      int rounds = (int) Math.ceil(count / (double) seeds.size());
      List<String[]> tables = new ArrayList<>();
      var meta = connection.getMetaData();
      for (String table : List.of("act_hi_procinst", "act_hi_actinst", "act_hi_taskinst", "act_hi_varinst", "act_hi_detail",
          "act_hi_identitylink", "act_hi_op_log")) {
        List<String> columns = new ArrayList<>();
        try (var rows = meta.getColumns(null, null, postgres ? table : table.toUpperCase(), null)) {
          while (rows.next()) {
            columns.add(rows.getString("COLUMN_NAME").toUpperCase());
          }
        }
        if (columns.contains("PROC_INST_ID_") || columns.contains("ROOT_PROC_INST_ID_")) {
          tables.add(new String[] {table, String.join(",", columns),
              columns.stream().map(c -> INSTANCE_IDS.contains(c)
                  ? "case when " + c + " is null then null else concat(" + c + ", '-c', " + (postgres ? "s.g" : "s.x") + ") end"
                  : c).collect(java.util.stream.Collectors.joining(",")),
              columns.contains("PROC_INST_ID_") ? "PROC_INST_ID_" : "ROOT_PROC_INST_ID_"});
        }
      }
      int chunk = 25;
      for (int from = copiesSoFar + 1; from <= copiesSoFar + rounds; from += chunk) {
        int to = Math.min(from + chunk - 1, copiesSoFar + rounds);
        String series = postgres ? "generate_series(" + from + ", " + to + ") as s(g)" : "system_range(" + from + ", " + to + ") s";
        for (String[] table : tables) {
          try (var statement = connection.createStatement()) {
            statement.executeUpdate("insert into " + table[0] + " (" + table[1] + ") select " + table[2] + " from " + table[0]
                + " cross join " + series + " where " + table[3] + " in (" + seedList + ")");
          }
        }
        connection.commit();
        System.out.printf("preload: %,d of %,d finished instances copied (%.0f/s)%n", (to - copiesSoFar) * seeds.size(),
            rounds * seeds.size(), (to - copiesSoFar) * seeds.size() / ((System.nanoTime() - started) / 1e9));
      }
      if (postgres) {
        connection.setAutoCommit(true);
        try (var statement = connection.createStatement()) {
          statement.execute("analyze");
        }
      }
    }
  }

  private static void run(ProcessEngine engine, int count, boolean complete, int threads, int tasksPerApprover)
      throws Exception {
    if (count == 0) {
      return;
    }
    long started = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        int i;
        while ((i = next.getAndIncrement()) < count) {
          ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey("benchmark-baseline",
              Map.of("baselineReviewer", approverOf(i, tasksPerApprover), "title", "事前投入 " + i));
          if (complete) {
            String task = engine.getTaskService().createTaskQuery().processInstanceId(instance.getId()).singleResult().getId();
            engine.getTaskService().complete(task, Map.of("decision", "approve"));
          }
          if (i > 0 && i % 10_000 == 0) {
            System.out.printf("preload: %,d of %,d %s (%.0f/s)%n", i, count, complete ? "finished" : "open",
                i / ((System.nanoTime() - started) / 1e9));
          }
        }
        return null;
      }));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
    System.out.printf("preload: %,d %s instances in %.1f s%n", count, complete ? "finished" : "open",
        (System.nanoTime() - started) / 1e9);
  }
}
