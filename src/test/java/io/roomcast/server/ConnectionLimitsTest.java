package io.roomcast.server;

import io.roomcast.testing.Ports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The HTTP connection limits of one node (ConnectionGuard), with raw TCP clients: a connection
 * that sends no request, or its head too slowly, is closed after {@code http.requestHeadTimeout};
 * one address gets {@code http.connectionsPerIp} connections and {@code http.handshakesPerSecondPerIp}
 * new sessions a second; a normal request is served.
 */
class ConnectionLimitsTest {

  private static final long HEAD_TIMEOUT_MS = 1_000;
  /** Comfortably past the head timeout (the timers run on a busy machine). */
  private static final Duration CLOSED_WITHIN = Duration.ofSeconds(10);

  private Vertx vertx;
  private int port;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void deploy() throws Exception {
    vertx = Vertx.vertx();
    port = Ports.free();
    JsonObject http = new JsonObject().put("port", port).put("host", "127.0.0.1")
      .put("requestHeadTimeout", (int) HEAD_TIMEOUT_MS).put("connectionsPerIp", 5).put("handshakesPerSecondPerIp", 3);
    vertx.deployVerticle(RoomcastVerticle.class.getName(), new DeploymentOptions().setConfig(new JsonObject().put("http", http)))
      .await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void aConnectionThatSendsNothingIsClosed() throws IOException {
    Socket silent = connect();
    awaitClosed(silent);
  }

  @Test
  void aRequestHeadSentTooSlowlyIsCutOff() throws IOException {
    Socket slow = connect();
    OutputStream out = slow.getOutputStream();
    out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    long deadline = System.nanoTime() + CLOSED_WITHIN.toNanos();
    // One header byte now and then, never the end of the head: the slowloris attack.
    slow.setSoTimeout(200);
    while (System.nanoTime() < deadline) {
      try {
        out.write('X');
        out.flush();
        if (slow.getInputStream().read() == -1) {
          return;
        }
      } catch (SocketTimeoutException stillOpen) {
        continue;
      } catch (IOException reset) {
        return;
      }
    }
    fail("a head trickled byte by byte was not cut off within " + CLOSED_WITHIN);
  }

  @Test
  void aRequestIsServedAndTheIdleConnectionClosedAfterIt() throws IOException {
    Socket client = connect();
    client.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    client.getOutputStream().flush();
    String head = readHead(client.getInputStream());
    assertTrue(head.startsWith("HTTP/1.1 200"), head);
    // Kept alive, but no next request: closed after the same timeout.
    awaitClosed(client);
  }

  @Test
  void oneAddressGetsItsConnectionsAndNoMore() throws IOException {
    List<Socket> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      mine.add(connect());
    }
    Socket sixth = connect();
    sixth.setSoTimeout(500);
    long start = System.nanoTime();
    awaitClosed(sixth);
    assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(HEAD_TIMEOUT_MS),
      "the sixth was refused at once, not timed out");
    // The first five were not touched by it: one still gets an answer.
    mine.get(0).getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertTrue(readHead(mine.get(0).getInputStream()).startsWith("HTTP/1.1 200"));
  }

  @Test
  void oneAddressOpensSoManySessionsASecond() throws IOException {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Socket client = connect();
      client.getOutputStream().write(("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
      String head = readHead(client.getInputStream());
      statuses.add(Integer.parseInt(head.substring(9, 12)));
      client.close();
    }
    assertEquals(List.of(200, 200, 200, 429), statuses, "3 handshakes a second from one address, in a burst of 3");
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    sockets.add(socket);
    return socket;
  }

  /** Waits until the server closes {@code socket} (end of stream or reset); fails after {@link #CLOSED_WITHIN}. */
  private static void awaitClosed(Socket socket) throws IOException {
    long deadline = System.nanoTime() + CLOSED_WITHIN.toNanos();
    InputStream in = socket.getInputStream();
    while (System.nanoTime() < deadline) {
      socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      try {
        if (in.read() == -1) {
          return;
        }
      } catch (SocketTimeoutException stillOpen) {
        break;
      } catch (IOException reset) {
        return;
      }
    }
    fail("the server did not close the connection within " + CLOSED_WITHIN);
  }

  /** Reads a response's status line and headers. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b == -1) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }
}
