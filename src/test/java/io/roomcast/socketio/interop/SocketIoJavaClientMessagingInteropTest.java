package io.roomcast.socketio.interop;

import io.roomcast.socketio.DisconnectReason;
import io.roomcast.socketio.interop.InteropServer.SeenEvent;
import io.roomcast.socketio.interop.InteropServer.SeenSocket;
import io.socket.client.Ack;
import io.socket.client.AckWithTimeout;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import static io.roomcast.socketio.interop.InteropServer.await;
import static io.roomcast.socketio.interop.InteropServer.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Java client ({@code io.socket:socket.io-client} 2.1) against {@link InteropServer}:
 * events, binary and acks, over long-polling, WebSocket and the upgrade. Each test checks what the
 * client received and what the server decoded, and that the session is gone after the client closes.
 */
@ExtendWith(VertxExtension.class)
class SocketIoJavaClientMessagingInteropTest {

  /** Larger than one WebSocket frame of Vert.x's default size. */
  private static final int LARGE_SIZE = 100_000;

  private static InteropServer server;
  private static JavaClients clients;

  @BeforeAll
  static void startServer(Vertx vertx, VertxTestContext test) {
    InteropServer.deploy(vertx).onComplete(test.succeeding(deployed -> {
      server = deployed;
      clients = new JavaClients(server);
      test.completeNow();
    }));
  }

  @AfterEach
  void closeClients() {
    clients.closeAll();
    server.awaitNoSessions();
  }

  @AfterAll
  static void stopClients() {
    clients.shutdown();
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void eventsWithMixedArgumentTypes(ClientTransport transport) {
    JavaClient client = clients.open("/", transport).connect();
    Object[] mixed = OrgJson.toClient(MixedArguments.expected());

    CompletableFuture<Object[]> echo = client.next("echo");
    client.emit("echo", mixed);
    assertEquals(MixedArguments.expected(), OrgJson.toVertx(await(echo, "the echo")));
    assertEquals(MixedArguments.expected(), OrgJson.toVertx(client.request("echo-ack", mixed)));
    assertEquals(new JsonArray(), OrgJson.toVertx(client.request("echo-ack")));

    SeenSocket seen = server.socket(client.id());
    assertEquals(transport.opensOn, seen.transportAtConnect);
    SeenEvent echoed = seen.event("echo");
    MixedArguments.assertDecoded(echoed.args());
    assertEquals(transport.endsOn, echoed.transport());
    MixedArguments.assertDecoded(seen.event("echo-ack").args());
    assertClosesCleanly(client, seen);
  }

  /**
   * Over long-polling too: the Java client writes binary in a polling payload as MIME-style base64
   * (line breaks every 76 characters and at the end), which the server must accept.
   */
  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void binaryFromTheClient(ClientTransport transport) {
    JavaClient client = clients.open("/", transport);
    client.socket.on("question", args -> ((Ack) args[args.length - 1]).call("binary answer", InteropServer.NESTED_BYTES));
    client.connect();
    JsonArray sent = new JsonArray(new ArrayList<>(List.of(
      Buffer.buffer(InteropServer.everyByte()),
      "text between",
      new JsonObject().put("file", Buffer.buffer(InteropServer.NESTED_BYTES)).put("name", "x"),
      new JsonArray(new ArrayList<>(List.of(large(), 6))))));

    CompletableFuture<Object[]> echo = client.next("echo");
    client.emit("echo", OrgJson.toClient(sent));
    Object[] echoed = await(echo, "the binary echo");
    assertInstanceOf(byte[].class, echoed[0], "binary arrives as byte[]");
    assertEquals(sent, OrgJson.toVertx(echoed));

    JsonArray ackArgs = new JsonArray(new ArrayList<>(List.of(Buffer.buffer(InteropServer.everyByte()),
      new JsonObject().put("nested", new JsonArray(new ArrayList<>(List.of(Buffer.buffer(InteropServer.NESTED_BYTES))))))));
    assertEquals(ackArgs, OrgJson.toVertx(client.request("echo-ack", OrgJson.toClient(ackArgs))));

    client.emit("ask", "question", 2000);
    SeenSocket seen = server.socket(client.id());
    assertEquals(new JsonArray(new ArrayList<>(List.of("binary answer", Buffer.buffer(InteropServer.NESTED_BYTES)))),
      await(seen.asked("question"), "the client's binary answer"));

    JsonArray args = seen.event("echo").args();
    assertEquals(Buffer.buffer(InteropServer.everyByte()), args.getBuffer(0));
    assertEquals(Buffer.buffer(InteropServer.NESTED_BYTES), args.getJsonObject(2).getBuffer("file"));
    assertEquals(large(), args.getJsonArray(3).getBuffer(0));
    assertEquals(transport.endsOn, seen.event("echo").transport());
    assertClosesCleanly(client, seen);
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void binaryFromTheServer(ClientTransport transport) {
    JavaClient client = clients.open("/", transport).connect();
    JsonArray expected = new JsonArray(new ArrayList<>(List.of(Buffer.buffer(InteropServer.everyByte()),
      new JsonObject().put("nested", Buffer.buffer(InteropServer.NESTED_BYTES)), "caption")));

    CompletableFuture<Object[]> emitted = client.next("binary");
    Object[] acked = client.request("binary-please");
    assertEquals(expected, OrgJson.toVertx(acked), "binary in the server's ack");
    Object[] received = await(emitted, "the server's binary event");
    assertInstanceOf(byte[].class, received[0], "binary arrives as byte[]");
    assertEquals(expected, OrgJson.toVertx(received), "binary in the server's event");
    assertClosesCleanly(client, server.socket(client.id()));
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void clientAckGetsEveryArgumentOfTheServersAck(ClientTransport transport) {
    JavaClient client = clients.open("/", transport).connect();
    JsonArray args = new JsonArray().add("a").add(1).add(new JsonObject().put("b", new JsonArray().add(2)));
    assertEquals(args, OrgJson.toVertx(client.request("echo-ack", OrgJson.toClient(args))));
    SeenSocket seen = server.socket(client.id());
    assertTrue(seen.event("echo-ack").ackRequested());
    assertClosesCleanly(client, seen);
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void serverEmitWithAckGetsTheClientsAnswer(ClientTransport transport) {
    JavaClient client = clients.open("/", transport);
    client.socket.on("question", args -> {
      Ack answer = (Ack) args[args.length - 1];
      JsonObject got = new JsonObject().put("got", OrgJson.toVertx(Arrays.copyOf(args, args.length - 1)));
      answer.call(OrgJson.toClient(got), "second", 3);
    });
    client.connect();

    CompletableFuture<Object[]> asked = client.next("asked");
    client.emit("ask", "question", 2000, "what?", 7);
    JsonArray expectedAnswer = new JsonArray()
      .add(new JsonObject().put("got", new JsonArray().add("what?").add(7))).add("second").add(3);
    assertEquals(new JsonArray().add("question").add(new JsonObject().put("ok", true).put("answer", expectedAnswer)),
      OrgJson.toVertx(await(asked, "the server's report")));

    SeenSocket seen = server.socket(client.id());
    assertEquals(expectedAnswer, await(seen.asked("question"), "the client's answer, on the server"));
    assertClosesCleanly(client, seen);
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void serverEmitWithAckTimesOutWhenTheClientNeverAnswers(ClientTransport transport) {
    JavaClient client = clients.open("/", transport).connect();
    CompletableFuture<Object[]> question = client.next("silent-question");
    CompletableFuture<Object[]> asked = client.next("asked");
    client.emit("ask", "silent-question", 300, "hello?");

    Object[] received = await(question, "the question");
    assertInstanceOf(Ack.class, received[received.length - 1], "the server asked for an ack");
    JsonObject outcome = OrgJson.toVertx(await(asked, "the server's report")).getJsonObject(1);
    assertFalse(outcome.getBoolean("ok"), outcome::encode);
    assertEquals("TimeoutException", outcome.getString("error"));

    SeenSocket seen = server.socket(client.id());
    assertInstanceOf(TimeoutException.class, awaitFailure(seen.asked("silent-question"), "the unanswered question"));
    assertClosesCleanly(client, seen);
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void clientAckTimesOutWhenTheServerNeverAnswers(ClientTransport transport) {
    JavaClient client = clients.open("/", transport).connect();
    CompletableFuture<String> outcome = new CompletableFuture<>();
    client.socket.emit("never-acked", new Object[] {"x"}, new AckWithTimeout(300) {
      @Override
      public void onSuccess(Object... args) {
        outcome.complete("acknowledged with " + Arrays.toString(args));
      }

      @Override
      public void onTimeout() {
        cancelTimer(); // its Timer thread is not a daemon
        outcome.complete("timed out");
      }
    });
    assertEquals("timed out", await(outcome, "the client's ack timeout"));
    assertEquals(new JsonArray().add("still here"), OrgJson.toVertx(client.request("echo-ack", "still here")));

    SeenSocket seen = server.socket(client.id());
    SeenEvent neverAcked = seen.event("never-acked");
    assertTrue(neverAcked.ackRequested());
    assertEquals(new JsonArray().add("x"), neverAcked.args());
    assertClosesCleanly(client, seen);
  }

  /** Bytes whose position shows in their value. */
  private static Buffer large() {
    Buffer buffer = Buffer.buffer(LARGE_SIZE);
    for (int i = 0; i < LARGE_SIZE; i++) {
      buffer.appendByte((byte) ((i * 31 + 7) & 0xff));
    }
    return buffer;
  }

  private static void assertClosesCleanly(JavaClient client, SeenSocket seen) {
    client.close();
    assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, seen.awaitDisconnectReason());
    server.awaitNoSessions();
  }
}
