package jp.go.jica.approval.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP proxy that holds every connection for a while before passing it on: node B's SMTP goes
 * through it, so B's mail jobs are still locked and running when B is killed.
 */
final class SlowProxy implements AutoCloseable {

  private final ServerSocket server;

  SlowProxy(int targetPort, long delayMillis) throws IOException {
    server = new ServerSocket(0);
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Thread connection = new Thread(() -> relay(client, targetPort, delayMillis));
          connection.setDaemon(true);
          connection.start();
        } catch (IOException closed) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private static void relay(Socket client, int targetPort, long delayMillis) {
    try (client; Socket target = new Socket("localhost", targetPort)) {
      Thread.sleep(delayMillis);
      Thread back = new Thread(() -> pipe(target, client));
      back.setDaemon(true);
      back.start();
      pipe(client, target);
      back.join();
    } catch (IOException | InterruptedException e) {
      // a killed node drops its connections; nothing to do
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[8192];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException closed) {
      // the other side went away
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
