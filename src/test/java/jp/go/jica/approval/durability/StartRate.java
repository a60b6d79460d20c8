package jp.go.jica.approval.durability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.go.jica.approval.PlatformNode;

/**
 * Not a test: measures media carry-out starts per second on the default H2 file database with H2's
 * former settings (write delay 500 ms) and with the shipped ones (each commit written), for
 * docs/operations.md. Both nodes run side by side and are measured in short alternating windows, so
 * other load on the machine falls on both alike. Run: see that file ("Measuring the cost again").
 */
final class StartRate {

  private static final String FORMER_URL = "jdbc:h2:file:./data/approval-platform";

  public static void main(String[] args) throws Exception {
    int windows = Integer.getInteger("windows", 6);
    int warmup = Integer.getInteger("warmup", 60);
    int perWindow = Integer.getInteger("starts", 60);
    List<Integer> clients = new ArrayList<>();
    for (String c : System.getProperty("clients", "1,8").split(",")) {
      clients.add(Integer.parseInt(c.trim()));
    }
    Path former = Files.createTempDirectory("start-rate-former");
    Path shipped = Files.createTempDirectory("start-rate-shipped");
    try (PlatformNode a = PlatformNode.start("start-rate-former", PlatformNode.freePort(), List.of("-Xmx512m"),
            List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN", "--spring.datasource.url=" + FORMER_URL),
            former);
        PlatformNode b = PlatformNode.start("start-rate-shipped", PlatformNode.freePort(), List.of("-Xmx512m"),
            List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN"), shipped)) {
      a.awaitUp(Duration.ofMinutes(5));
      b.awaitUp(Duration.ofMinutes(5));
      PlatformNode[] nodes = {a, b};
      String[] labels = {"WRITE_DELAY=500 (former)", "WRITE_DELAY=0 (shipped)"};
      for (PlatformNode node : nodes) {
        StartLoad load = new StartLoad(node.port).begin(8);
        load.awaitAcknowledged(warmup, Duration.ofMinutes(10));
        load.stop();
      }
      for (int count : clients) {
        double[] seconds = new double[2];
        List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>());
        for (int window = 0; window < windows; window++) {
          // alternate which goes first, so neither always meets the machine's state left by the other
          for (int k = 0; k < 2; k++) {
            int i = (window + k) % 2;
            StartLoad load = new StartLoad(nodes[i].port).begin(count);
            long from = System.nanoTime();
            load.awaitAcknowledged(perWindow, Duration.ofMinutes(10));
            double s = (System.nanoTime() - from) / 1e9;
            load.stop();
            seconds[i] += s;
            rates.get(i).add(perWindow / s);
          }
        }
        for (int i = 0; i < 2; i++) {
          System.out.printf("%s, %d client(s): %d starts in %.1f s = %.1f starts/s; windows %s%n", labels[i], count,
              windows * perWindow, seconds[i], windows * perWindow / seconds[i], rates.get(i).stream()
                  .map(r -> String.format("%.1f", r)).toList());
        }
      }
      for (int i = 0; i < 2; i++) {
        System.out.printf("%s: database file %d MB while running%n", labels[i], megabytes(i == 0 ? former : shipped));
      }
    }
    System.out.printf("after an orderly stop: former %d MB, shipped %d MB%n", megabytes(former), megabytes(shipped));
  }

  private static long megabytes(Path directory) throws java.io.IOException {
    return Files.size(directory.resolve("data").resolve("approval-platform.mv.db")) / (1024 * 1024);
  }
}
