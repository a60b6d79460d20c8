package jp.go.jica.approval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jp.go.jica.approval.PlatformNode;

/**
 * The benchmark command (README: Benchmark). For each database it preloads the configured data, starts
 * the platform in its own JVM, and measures over the real REST API with real users: the full approval
 * lifecycle of media-carry-out (C3), the bare baseline of the same shape, and Tasklist's "my tasks"
 * query. Prints a table and writes JSON with the machine, the database and the versions.
 */
public final class ApprovalBenchmark {

  /** Applicant and the section's information security officer who permits a C3 carry-out. */
  static final String[][] PAIRS = {{"ga-staff", "ga-chief"}, {"proc-staff", "proc-chief"}, {"it-staff", "it-chief"},
      {"ph-staff", "ph-head"}};

  private final Settings settings;
  private final List<Map<String, Object>> results = new ArrayList<>();

  private ApprovalBenchmark(Settings settings) {
    this.settings = settings;
  }

  record Settings(List<String> databases, String postgresUrl, String postgresUser, String postgresPassword,
      int clients, int lifecycles, int warmup, int openTasks, int finished, int tasksPerApprover, int listQueries,
      String nodeJvmOptions,
      List<String> platformArguments) {

    static Settings fromSystemProperties() {
      return new Settings(List.of(System.getProperty("benchmark.databases", "postgres,h2").split(",")),
          System.getProperty("benchmark.postgres.url", ""), System.getProperty("benchmark.postgres.user", "postgres"),
          System.getProperty("benchmark.postgres.password", "postgres"),
          Integer.getInteger("benchmark.clients", 8), Integer.getInteger("benchmark.lifecycles", 2000),
          Integer.getInteger("benchmark.warmup", 300), Integer.getInteger("benchmark.openTasks", 10_000),
          Integer.getInteger("benchmark.finished", 200_000), Integer.getInteger("benchmark.tasksPerApprover", 40),
          Integer.getInteger("benchmark.listQueries", 2000),
          System.getProperty("benchmark.nodeJvm", "-Xmx1g"),
          List.of(System.getProperty("benchmark.platformArgs", "").split("\\s+")).stream().filter(a -> !a.isBlank()).toList());
    }
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.fromSystemProperties();
    try {
      new ApprovalBenchmark(settings).run();
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private void run() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "benchmark"));
    for (String database : settings.databases()) {
      switch (database.trim()) {
        case "postgres" -> onPostgres(dir);
        case "h2" -> onH2(dir);
        default -> throw new IllegalArgumentException("benchmark.databases: postgres or h2, not " + database);
      }
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("machine", machine());
    report.put("settings", settings);
    report.put("results", results);
    Path file = dir.resolve("results-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
    new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    printTable();
    System.out.println("results written to " + file.toAbsolutePath());
  }

  private void onPostgres(Path dir) throws Exception {
    if (!settings.postgresUrl().isBlank()) {
      measure("postgres", settings.postgresUrl(), settings.postgresUser(), settings.postgresPassword());
      return;
    }
    // Kept between runs, one directory per preload shape (target/benchmark/pg-…), so each shape is paid once and a run
    // never measures another shape's data. Commits wait for the WAL flush as on a production server (the embedded
    // server's default would not).
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg-" + shape()))
        .setCleanDataDirectory(false).setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on")
        .setServerConfig("max_connections", "100").setServerConfig("shared_buffers", "256MB").start()) {
      measure("postgres (embedded)", postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    }
  }

  private void onH2(Path dir) throws Exception {
    // The platform's default H2 settings: every commit written before it answers (docs/operations.md).
    measure("h2", "jdbc:h2:file:" + dir.resolve("h2-" + shape()).toAbsolutePath() + "/approval;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
        "sa", "");
  }

  /** The preload a directory holds: open tasks, open tasks per approver, finished instances. */
  private String shape() {
    return "open" + settings.openTasks() + "-each" + settings.tasksPerApprover() + "-finished" + settings.finished();
  }

  private void measure(String label, String url, String user, String password) throws Exception {
    System.out.printf("%n=== %s: %s ===%n", label, url);
    Preload.Distribution preload = Preload.ensure(url, user, password, settings.openTasks(), settings.finished(),
        settings.tasksPerApprover(), 4);
    String databaseVersion;
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      databaseVersion = connection.getMetaData().getDatabaseProductName() + " " + connection.getMetaData().getDatabaseProductVersion();
    }
    GreenMail smtp = new GreenMail(new ServerSetup(PlatformNode.freePort(), null, ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    List<String> arguments = new ArrayList<>(List.of("--spring.datasource.url=" + url,
        "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
        "--spring.mail.host=localhost", "--spring.mail.port=" + smtp.getSmtp().getPort(),
        "--spring.main.banner-mode=off", "--logging.level.root=WARN",
        "--logging.level.jp.go.jica.approval.deployment=WARN",
        // The bare-engine baseline is not an agency process: employees may start it only here.
        "--approval.security.startable-processes=media-carry-out,byod-permission,exception-measure,cloud-service-approval,"
            + "outsourcing-selection,benchmark-baseline,benchmark-baseline-steps"));
    arguments.addAll(settings.platformArguments());
    PlatformNode node = PlatformNode.start("benchmark-" + label.split(" ")[0], PlatformNode.freePort(),
        List.of(settings.nodeJvmOptions().split("\\s+")), arguments);
    try {
      node.awaitUp(Duration.ofMinutes(5));
      RestClient client = new RestClient(node.port);
      String myTasks = client.myTasksFilter("ga-chief");
      System.out.println("warm-up ...");
      lifecycles(client, myTasks, "media-carry-out", settings.warmup(), smtp, null);
      lifecycles(client, myTasks, "benchmark-baseline", settings.warmup(), smtp, null);
      lifecycles(client, myTasks, MIX, Math.max(20, settings.warmup()), smtp, null);
      lifecycles(client, myTasks, MIX_BASELINE, Math.max(20, settings.warmup()), smtp, null);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("database", label);
      result.put("databaseVersion", databaseVersion);
      result.put("preloadAsMeasured", preload.asMap());
      result.put("baseline", lifecycles(client, myTasks, "benchmark-baseline", settings.lifecycles(), smtp, "baseline"));
      result.put("lifecycle", lifecycles(client, myTasks, "media-carry-out", settings.lifecycles(), smtp, "lifecycle"));
      result.put("mixBaseline", lifecycles(client, myTasks, MIX_BASELINE, settings.lifecycles(), smtp, "mixBaseline"));
      result.put("mix", lifecycles(client, myTasks, MIX, settings.lifecycles(), smtp, "mix"));
      result.put("taskList", taskList(client, myTasks));
      results.add(result);
    } finally {
      node.close();
      smtp.stop();
    }
    // Read again after the run, once the platform has let go of the database (an H2 file is locked while it runs): what
    // the task list was measured against.
    Preload.Distribution after = Preload.measure(url, user, password);
    results.get(results.size() - 1).put("preloadAfterRun", after.asMap());
    results.get(results.size() - 1).put("preloadDescription", after.describe());
  }

  /** The five processes in their proportions ({@link Mix}), and its baseline of as many steps per request. */
  static final String MIX = "mix";
  static final String MIX_BASELINE = "mix-baseline";

  /** K clients, each an applicant/approver pair, run {@code count} lifecycles of {@code process}. */
  private Map<String, Object> lifecycles(RestClient client, String myTasks, String process, int count, GreenMail smtp,
      String label) throws Exception {
    Latencies latencies = new Latencies();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    int mailsBefore = smtp.getReceivedMessages().length;
    ExecutorService pool = Executors.newFixedThreadPool(settings.clients(), ApprovalBenchmark::daemon);
    long started = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < settings.clients(); c++) {
      String[] pair = PAIRS[c % PAIRS.length];
      futures.add(pool.submit(() -> {
        int i;
        while ((i = next.getAndIncrement()) < count) {
          if (process.equals(MIX)) {
            client.mixLifecycle(Mix.sequence().get(i % 20), pair[0], myTasks, i, latencies);
          } else if (process.equals(MIX_BASELINE)) {
            client.baselineSteps(Mix.sequence().get(i % 20).steps().size(), pair[0], pair[1], myTasks, i, latencies);
          } else {
            client.lifecycle(process, pair[0], pair[1], myTasks, i, latencies);
          }
          done.incrementAndGet();
        }
        return null;
      }));
    }
    Thread progress = progress(label == null ? "warm-up " + process : label, done, count);
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
    long requestsDone = System.nanoTime();
    // A lifecycle ends when its mail has gone out: wait for the outbox to drain.
    if (!process.startsWith("benchmark-baseline") && !process.equals(MIX_BASELINE)) {
      client.awaitOutboxDrained(Duration.ofMinutes(5));
    }
    long finished = System.nanoTime();
    progress.interrupt();
    double seconds = (finished - started) / 1e9;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("process", process);
    result.put("lifecycles", count);
    result.put("clients", settings.clients());
    result.put("seconds", round(seconds));
    result.put("lifecyclesPerSecond", round(count / seconds));
    result.put("mailDrainSeconds", round((finished - requestsDone) / 1e9));
    result.put("mailsReceived", smtp.getReceivedMessages().length - mailsBefore);
    result.put("latencyMillis", latencies.summary());
    // other work on the same machine shows here: with 2 cores, anything above 2 is queueing for them
    result.put("systemLoadAverage", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    if (label != null) {
      System.out.printf("%s: %d lifecycles in %.1f s = %.1f/s (load average %.1f)%n", label, count, seconds, count / seconds,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
    return result;
  }

  /** Tasklist's "my tasks" (filter list and count) for approvers with a preloaded share of the open tasks. */
  private Map<String, Object> taskList(RestClient client, String myTasks) throws Exception {
    Latencies latencies = new Latencies();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    int count = settings.listQueries();
    ExecutorService pool = Executors.newFixedThreadPool(settings.clients(), ApprovalBenchmark::daemon);
    long started = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < settings.clients(); c++) {
      String approver = PAIRS[c % PAIRS.length][1];
      futures.add(pool.submit(() -> {
        while (next.getAndIncrement() < count) {
          client.listMyTasks(approver, myTasks, latencies);
          done.incrementAndGet();
        }
        return null;
      }));
    }
    Thread progress = progress("task list", done, count);
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
    progress.interrupt();
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("queries", count);
    result.put("queriesPerSecond", round(count / seconds));
    result.put("latencyMillis", latencies.summary());
    result.put("systemLoadAverage", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    System.out.printf("task list: %d queries in %.1f s (load average %.1f)%n", count, seconds,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return result;
  }

  private static Thread progress(String label, AtomicInteger done, int total) {
    Thread thread = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(5000);
          System.out.printf("  %s: %,d / %,d%n", label, done.get(), total);
        }
      } catch (InterruptedException stop) {
        // finished
      }
    });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @SuppressWarnings("unchecked")
  private void printTable() {
    System.out.println();
    List<String> kinds = List.of("start", "lookup", "list", "count", "task", "form", "complete");
    System.out.printf("%-22s %-12s %7s", "database", "workload", "per s");
    kinds.forEach(kind -> System.out.printf(" %13s", kind));
    System.out.printf("   (p50/p95 ms)%n");
    for (Map<String, Object> result : results) {
      for (String workload : List.of("baseline", "lifecycle", "mixBaseline", "mix")) {
        Map<String, Object> w = (Map<String, Object>) result.get(workload);
        Map<String, Map<String, Object>> l = (Map<String, Map<String, Object>>) w.get("latencyMillis");
        System.out.printf("%-22s %-12s %7s", result.get("database"), workload, w.get("lifecyclesPerSecond"));
        kinds.forEach(kind -> System.out.printf(" %13s", l.containsKey(kind) ? p(l, kind, "p50") + "/" + p(l, kind, "p95") : "-"));
        System.out.println();
      }
      Map<String, Object> list = (Map<String, Object>) result.get("taskList");
      Map<String, Map<String, Object>> l = (Map<String, Map<String, Object>>) list.get("latencyMillis");
      System.out.printf("%-22s %-10s %10s  my tasks list p50 %s p95 %s p99 %s | count p50 %s p95 %s%n",
          result.get("database"), "task list", list.get("queriesPerSecond"), p(l, "list", "p50"), p(l, "list", "p95"),
          p(l, "list", "p99"), p(l, "count", "p50"), p(l, "count", "p95"));
      System.out.printf("%-22s database as measured: %s%n", result.get("database"), result.get("preloadDescription"));
      double ratio = ((Number) ((Map<String, Object>) result.get("lifecycle")).get("lifecyclesPerSecond")).doubleValue()
          / ((Number) ((Map<String, Object>) result.get("baseline")).get("lifecyclesPerSecond")).doubleValue();
      result.put("ratio", round(ratio));
      System.out.printf("%-22s ratio lifecycle / baseline = %.2f%n", result.get("database"), ratio);
      double mixRatio = ((Number) ((Map<String, Object>) result.get("mix")).get("lifecyclesPerSecond")).doubleValue()
          / ((Number) ((Map<String, Object>) result.get("mixBaseline")).get("lifecyclesPerSecond")).doubleValue();
      result.put("mixRatio", round(mixRatio));
      System.out.printf("%-22s ratio mix / mix baseline = %.2f%n", result.get("database"), mixRatio);
    }
  }

  private static Object p(Map<String, Map<String, Object>> latencies, String kind, String percentile) {
    Map<String, Object> kindLatencies = latencies.get(kind);
    return kindLatencies == null ? "-" : kindLatencies.get(percentile);
  }


  private static Map<String, Object> machine() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      machine.put("memoryGiB", round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
    }
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put("camunda", org.camunda.bpm.engine.ProcessEngine.class.getPackage().getImplementationVersion());
    machine.put("springBoot", org.springframework.boot.SpringApplication.class.getPackage().getImplementationVersion());
    machine.put("date", LocalDate.now().toString());
    return machine;
  }

  /** Client threads never keep the JVM alive after a failure. */
  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable);
    thread.setDaemon(true);
    return thread;
  }

  static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  static JsonNode json(String body) {
    try {
      return new ObjectMapper().readTree(body);
    } catch (Exception e) {
      throw new IllegalStateException("not JSON: " + body, e);
    }
  }
}
