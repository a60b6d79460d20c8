package jp.go.jica.approval.durability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.go.jica.approval.PlatformNode;

/**
 * Not a test: measures media carry-out starts per second on the default H2 file database with H2's
 * former settings (write delay 500 ms) and with the shipped ones (each commit written), alternating, for
 * src/docs/operations.md. Run: see that file ("Measuring the cost").
 */
final class StartRate {

  private static final String FORMER_URL = "jdbc:h2:file:./data/approval-platform";

  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("rounds", 2);
    int warmup = Integer.getInteger("warmup", 100);
    int measured = Integer.getInteger("starts", 300);
    List<Integer> clients = new ArrayList<>();
    for (String c : System.getProperty("clients", "1,8").split(",")) {
      clients.add(Integer.parseInt(c.trim()));
    }
    for (int round = 1; round <= rounds; round++) {
      for (boolean former : new boolean[] {true, false}) {
        Path directory = Files.createTempDirectory("start-rate");
        List<String> arguments = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        if (former) {
          arguments.add("--spring.datasource.url=" + FORMER_URL);
        }
        String label = former ? "WRITE_DELAY=500 (former)" : "WRITE_DELAY=0 (shipped)";
        try (PlatformNode node = PlatformNode.start("start-rate", PlatformNode.freePort(), List.of("-Xmx512m"),
            arguments, directory)) {
          node.awaitUp(Duration.ofMinutes(5));
          for (int count : clients) {
            StartLoad load = new StartLoad(node.port).begin(count);
            load.awaitAcknowledged(warmup, Duration.ofMinutes(10));
            long from = System.nanoTime();
            load.awaitAcknowledged(warmup + measured, Duration.ofMinutes(20));
            double seconds = (System.nanoTime() - from) / 1e9;
            load.stop();
            System.out.printf("round %d, %s, %d client(s): %d starts in %.1f s = %.1f starts/s (%s)%n", round, label,
                count, measured, seconds, measured / seconds, load.summary());
          }
        }
      }
    }
  }
}
