package jp.go.jica.approval;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One platform node in its own JVM (the application's main class on this test's class path), as an
 * operator would run it: its own port and working directory, the database and SMTP server its
 * arguments name (or the default profile's). Its output goes to target/cluster/{name}.log.
 */
public final class PlatformNode implements AutoCloseable {

  public final String name;
  public final int port;
  private final Process process;
  private final Path log;

  private PlatformNode(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  public static PlatformNode start(String name, int port, List<String> arguments) throws IOException {
    return start(name, port, List.of("-Xmx512m"), arguments);
  }

  public static PlatformNode start(String name, int port, List<String> jvmOptions, List<String> arguments)
      throws IOException {
    return start(name, port, jvmOptions, arguments, Path.of("."));
  }

  /**
   * A node whose working directory is {@code workingDirectory}: the default profile's relative H2 file
   * ({@code ./data/approval-platform}) then lives there, so a test gets the default database in a
   * directory of its own.
   */
  public static PlatformNode start(String name, int port, List<String> jvmOptions, List<String> arguments,
      Path workingDirectory) throws IOException {
    Path log = Files.createDirectories(Path.of("target", "cluster")).resolve(name + ".log").toAbsolutePath();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath(),
        "jp.go.jica.approval.ApprovalPlatformApplication", "--server.port=" + port));
    command.addAll(arguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .directory(workingDirectory.toFile()).start();
    return new PlatformNode(name, port, process, log);
  }

  /**
   * This JVM's class path without directories other than build output: Surefire's property also
   * lists source folders, which the platform's classpath*: scan would deploy a second time.
   */
  private static String classPath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> entry.endsWith(".jar") || entry.endsWith("classes") || entry.endsWith("classes" + File.separator))
        // absolute, so that a node in another working directory finds the same entries
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(java.util.stream.Collectors.joining(File.pathSeparator));
  }

  public String url(String path) {
    return "http://localhost:" + port + path;
  }

  /** Waits for the health endpoint, failing early if the JVM ended. */
  public void awaitUp(Duration timeout) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " ended with " + process.exitValue() + "; see target/cluster/" + name + ".log");
      }
      try {
        if (client.send(HttpRequest.newBuilder(URI.create(url("/actuator/health"))).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(name + " not up after " + timeout);
  }

  /** A crash, not a shutdown: no job is unlocked, no transaction finished. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /**
   * What an operator's {@code kill} or systemd's stop does: SIGTERM, then waits for the JVM to end
   * after its shutdown hooks. Returns the exit code (143 = ended by SIGTERM after a clean shutdown).
   */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      kill();
      throw new IllegalStateException(name + " still running " + timeout + " after SIGTERM; killed");
    }
    return process.exitValue();
  }

  /** Everything the node has written so far (standard output and error). */
  public String log() throws IOException {
    // lenient: a line cut by kill -9 may end inside a multi-byte character
    return new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  /** A port nothing listens on now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
