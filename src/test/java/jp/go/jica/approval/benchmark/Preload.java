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

  /**
   * What the database holds, read back from it: open baseline tasks per measured approver and over every
   * approver holding one (min / median / max), all open baseline tasks and finished baseline instances.
   */
  record Distribution(int open, long finished, int[] measuredEach, int[] measured, int[] all) {

    String describe() {
      return String.format("%,d open (measured approvers min/median/max %d/%d/%d each; all %d approvers %d/%d/%d), %,d finished",
          open, measured[0], measured[1], measured[2], all[3], all[0], all[1], all[2], finished);
    }

    java.util.Map<String, Object> asMap() {
      java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
      map.put("openTasks", open);
      map.put("finishedInstances", finished);
      map.put("openPerMeasuredApprover", java.util.Map.of("min", measured[0], "median", measured[1], "max", measured[2]));
      map.put("openPerApprover", java.util.Map.of("min", all[0], "median", all[1], "max", all[2], "approvers", all[3]));
      return map;
    }
  }

  /** Reads the preload's shape back from the database (not from the settings that asked for it). */
  static Distribution measure(String jdbcUrl, String user, String password) throws Exception {
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl, user, password);
        var statement = connection.createStatement()) {
      java.util.Map<String, Integer> perApprover = new java.util.HashMap<>();
      // Only the preload's instances (business key preload-…): a failed run's baseline lifecycles are not the preload.
      try (var rows = statement.executeQuery("select t.assignee_, count(*) from act_ru_task t join act_ru_execution e"
          + " on e.id_ = t.proc_inst_id_ where e.business_key_ like 'preload-%' group by t.assignee_")) {
        while (rows.next()) {
          perApprover.put(rows.getString(1), rows.getInt(2));
        }
      }
      long finished;
      try (var rows = statement.executeQuery("select count(*) from act_hi_procinst where business_key_ like 'preload-%'"
          + " and end_time_ is not null")) {
        rows.next();
        finished = rows.getLong(1);
      }
      int[] measuredEach = java.util.Arrays.stream(MEASURED).mapToInt(a -> perApprover.getOrDefault(a, 0)).toArray();
      int[] all = spread(perApprover.values().stream().mapToInt(Integer::intValue).toArray());
      return new Distribution(perApprover.values().stream().mapToInt(Integer::intValue).sum(), finished, measuredEach,
          spread(measuredEach),
          new int[] {all[0], all[1], all[2], perApprover.size()});
    }
  }

  private static int[] spread(int[] values) {
    if (values.length == 0) {
      return new int[] {0, 0, 0};
    }
    int[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return new int[] {sorted[0], sorted[(sorted.length - 1) / 2], sorted[sorted.length - 1]};
  }

  /** Open tasks each measured approver holds when {@code open} tasks were handed out by {@link #approverOf}. */
  static int[] expectedMeasured(int open, int tasksPerApprover) {
    int[] expected = new int[MEASURED.length];
    for (int k = 0; k < MEASURED.length; k++) {
      expected[k] = Math.max(0, Math.min(tasksPerApprover, open - k * tasksPerApprover));
    }
    return expected;
  }

  /**
   * Refuses a database whose open tasks are not spread as asked: a preload built for another share per
   * approver would otherwise be measured and reported as the requested one.
   */
  static void requireShape(Distribution measured, int open, int tasksPerApprover, String where) {
    if (measured.open() != open || !java.util.Arrays.equals(measured.measuredEach(), expectedMeasured(open, tasksPerApprover))) {
      throw new IllegalStateException(String.format("preload in %s does not match the request: it holds %s; the run asks for"
          + " %,d open tasks, %d per approver. Run with the database's shape (-Dbenchmark.openTasks,"
          + " -Dbenchmark.tasksPerApprover) or delete the preload so that it is rebuilt.", where, measured.describe(), open,
          tasksPerApprover));
    }
  }

  static Distribution ensure(String jdbcUrl, String user, String password, int openTasks, int finished, int tasksPerApprover,
      int threads)
      throws Exception {
    Distribution before;
    try {
      before = measure(jdbcUrl, user, password);
    } catch (java.sql.SQLException noSchemaYet) {
      // a new database: the engine below creates the tables
      before = new Distribution(0, 0, new int[MEASURED.length], new int[3], new int[4]);
    }
    // Topping up is only right when what is there is the start of the requested spread.
    if (before.open() > openTasks) {
      requireShape(before, openTasks, tasksPerApprover, jdbcUrl);
    }
    requireShape(before, before.open(), tasksPerApprover, jdbcUrl);
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
          .addClasspathResource("bpmn/benchmark-baseline.bpmn").addClasspathResource("bpmn/benchmark-baseline-steps.bpmn")
          .addClasspathResource("approval-decision.form")
          .deploy();
      long haveFinished = before.finished();
      long haveOpen = before.open();
      int addFinished = (int) Math.max(0, finished - haveFinished);
      int addOpen = (int) Math.max(0, openTasks - haveOpen);
      System.out.printf("preload: %d finished and %d open baseline instances present; adding %d and %d%n",
          haveFinished, haveOpen, addFinished, addOpen);
      // Finished instances: a few hundred real ones, then copies of their history rows (new ids), because
      // 200,000 lifecycles through the engine would take most of an hour on a small machine.
      int seed = (int) Math.min(addFinished, Math.max(0, SEED - haveFinished));
      run(engine, 0, seed, true, threads, tasksPerApprover);
      if (addFinished > seed) {
        copyHistory(jdbcUrl, user, password, addFinished - seed);
      }
      // Open task i goes to approverOf(i): a top-up continues where the earlier preload stopped.
      run(engine, (int) haveOpen, addOpen, false, threads, tasksPerApprover);
    } finally {
      engine.close();
    }
    platformGrants(jdbcUrl, user, password);
    Distribution after = measure(jdbcUrl, user, password);
    System.out.println("preload as measured: " + after.describe());
    requireShape(after, openTasks, tasksPerApprover, jdbcUrl);
    return after;
  }

  /**
   * The platform's shape of a task grant (routing.ApprovalRouter#grantTaskToAssignee): READ and TASK_WORK on
   * the one task, READ on its history. The plain engine gave the assignee its default UPDATE instead.
   */
  private static void platformGrants(String jdbcUrl, String user, String password) throws Exception {
    int update = org.camunda.bpm.engine.authorization.Permissions.UPDATE.getValue();
    int readWork = org.camunda.bpm.engine.authorization.Permissions.READ.getValue()
        | org.camunda.bpm.engine.authorization.Permissions.TASK_WORK.getValue();
    int task = org.camunda.bpm.engine.authorization.Resources.TASK.resourceType();
    int historicTask = org.camunda.bpm.engine.authorization.Resources.HISTORIC_TASK.resourceType();
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl, user, password);
        var statement = connection.createStatement()) {
      int narrowed = statement.executeUpdate("update act_ru_authorization set perms_ = " + readWork
          + " where resource_type_ = " + task + " and resource_id_ <> '*' and user_id_ is not null and perms_ <> " + readWork
          + " and mod(perms_ / " + update + ", 2) = 1");
      int history = statement.executeUpdate("insert into act_ru_authorization (id_, rev_, type_, user_id_, resource_type_,"
          + " resource_id_, perms_) select concat(a.id_, '-h'), 1, 1, a.user_id_, " + historicTask + ", a.resource_id_, "
          + org.camunda.bpm.engine.authorization.HistoricTaskPermissions.READ.getValue()
          + " from act_ru_authorization a where a.resource_type_ = " + task + " and a.resource_id_ <> '*' and a.user_id_ is not null"
          + " and not exists (select 1 from act_ru_authorization h where h.resource_type_ = " + historicTask
          + " and h.user_id_ = a.user_id_ and h.resource_id_ = a.resource_id_)");
      if (narrowed + history > 0) {
        System.out.printf("preload: %,d task grants narrowed to READ+TASK_WORK, %,d history grants added%n", narrowed, history);
      }
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
              + " and business_key_ like 'preload-%' and proc_inst_id_ not like '%-c%' order by start_time_ fetch first " + SEED + " rows only")) {
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

  private static void run(ProcessEngine engine, int first, int count, boolean complete, int threads, int tasksPerApprover)
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
              (complete ? "preload-finished-" : "preload-open-") + (first + i),
              Map.of("baselineReviewer", complete ? approverOf(i, tasksPerApprover) : approverOf(first + i, tasksPerApprover),
                  "title", "事前投入 " + (first + i)));
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
