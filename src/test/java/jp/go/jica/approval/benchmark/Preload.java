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

  static final String[] APPROVERS = {"ga-chief", "proc-chief", "it-chief", "ph-head", "ga-director", "proc-director",
      "it-director", "audit-head"};

  private Preload() {
  }

  static void ensure(String jdbcUrl, String user, String password, int openTasks, int finished, int threads)
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
      run(engine, addFinished, true, threads);
      run(engine, addOpen, false, threads);
    } finally {
      engine.close();
    }
  }

  private static void run(ProcessEngine engine, int count, boolean complete, int threads) throws Exception {
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
              Map.of("approver", APPROVERS[i % APPROVERS.length], "title", "事前投入 " + i));
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
