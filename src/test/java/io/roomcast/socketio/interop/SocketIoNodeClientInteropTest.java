package io.roomcast.socketio.interop;

import io.roomcast.socketio.DisconnectReason;
import io.roomcast.socketio.interop.InteropServer.SeenEvent;
import io.roomcast.socketio.interop.InteropServer.SeenSocket;
import io.roomcast.testing.NodeScript;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static io.roomcast.socketio.interop.InteropServer.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Node {@code socket.io-client} (npm, driven through
 * {@code src/test/node/socketio-client-scenarios.mjs}) against {@link InteropServer}. The script
 * checks what the client sees and reports its socket ids; this side checks what the server saw:
 * decoded arguments, transports, acks, disconnect reasons, and that no Engine.IO session is left.
 */
@ExtendWith(VertxExtension.class)
class SocketIoNodeClientInteropTest {

  private static final String SCRIPT = "socketio-client-scenarios.mjs";
  /** The script gives up after 15 s by itself; this only catches a script that hangs anyway. */
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(40);

  private static InteropServer server;

  @BeforeAll
  static void startServer(Vertx vertx, VertxTestContext test) {
    NodeScript.requireInstalled("socket.io-client");
    InteropServer.deploy(vertx).onComplete(test.succeeding(deployed -> {
      server = deployed;
      test.completeNow();
    }));
  }

  @AfterEach
  void noSessionLeft() {
    server.awaitNoSessions();
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void eventsWithMixedArgumentTypes(ClientTransport transport) {
    JsonObject result = run("events", transport);
    SeenSocket socket = connectedOver(transport, id(result, "main"));
    SeenEvent echo = socket.event("echo");
    MixedArguments.assertDecoded(echo.args());
    assertEquals(transport.endsOn, echo.transport());
    SeenEvent ack = socket.events("echo-ack", 2).get(0);
    MixedArguments.assertDecoded(ack.args());
    assertTrue(ack.ackRequested());
    assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, socket.awaitDisconnectReason());
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void binaryBothWays(ClientTransport transport) {
    JsonObject result = run("binary", transport);
    SeenSocket socket = connectedOver(transport, id(result, "main"));
    JsonArray args = socket.event("echo").args();
    assertEquals(Buffer.buffer(InteropServer.everyByte()), args.getBuffer(0));
    assertEquals("text between", args.getString(1));
    assertEquals(Buffer.buffer(InteropServer.NESTED_BYTES), args.getJsonObject(2).getBuffer("file"));
    assertEquals("x", args.getJsonObject(2).getString("name"));
    Buffer large = args.getJsonArray(3).getBuffer(0);
    assertEquals(100_000, large.length());
    for (int i = 0; i < large.length(); i++) {
      assertEquals((byte) ((i * 31 + 7) & 0xff), large.getByte(i), "byte " + i);
    }
    assertEquals(6, args.getJsonArray(3).getInteger(1));
    JsonArray acked = socket.event("echo-ack").args();
    assertEquals(Buffer.buffer(InteropServer.everyByte()), acked.getBuffer(0));
    assertEquals(Buffer.buffer(InteropServer.NESTED_BYTES), acked.getJsonObject(1).getJsonArray("nested").getBuffer(0));
    assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, socket.awaitDisconnectReason());
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void acksBothWaysAndTimeouts(ClientTransport transport) {
    JsonObject result = run("acks", transport);
    SeenSocket socket = connectedOver(transport, id(result, "main"));
    JsonArray answer = InteropServer.await(socket.asked("question"), "the client's answer");
    assertEquals(new JsonObject().put("got", new JsonArray().add("what?").add(7)), answer.getJsonObject(0));
    assertEquals("second", answer.getString(1));
    assertEquals(Buffer.buffer(InteropServer.NESTED_BYTES), answer.getBuffer(2));
    assertInstanceOf(TimeoutException.class, awaitFailure(socket.asked("silent-question"), "the unanswered question"));
    List<SeenEvent> neverAcked = socket.events("never-acked", 2);
    assertTrue(neverAcked.stream().allMatch(SeenEvent::ackRequested), "the client asked for acks it then timed out on");
    assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, socket.awaitDisconnectReason());
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void namespacesOverOneConnection(ClientTransport transport) {
    JsonObject result = run("namespaces", transport);
    SeenSocket main = server.socket(id(result, "main"));
    SeenSocket admin = server.socket(id(result, "admin"));
    assertEquals("/", main.namespace);
    assertEquals(InteropServer.ADMIN, admin.namespace);
    assertEquals(new JsonObject().put("token", InteropServer.ADMIN_TOKEN), admin.auth);
    assertEquals(new JsonObject(), main.auth);
    assertEquals(List.of("for admins"), admin.events.stream()
      .filter(e -> e.name().equals("announce")).map(e -> e.args().getString(0)).toList());
    assertEquals(List.of("for everyone on /"), main.events.stream()
      .filter(e -> e.name().equals("announce")).map(e -> e.args().getString(0)).toList());
    assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, main.awaitDisconnectReason());
    assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, admin.awaitDisconnectReason());
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void middlewareRefusesWithData(ClientTransport transport) {
    int refusedBefore = server.refusedAuths().size();
    JsonObject result = run("refused", transport);
    List<JsonObject> refused = server.refusedAuths();
    assertEquals(List.of(new JsonObject().put("token", "wrong"), new JsonObject()),
      refused.subList(refusedBefore, refused.size()));
    SeenSocket admitted = server.socket(id(result, "admitted"));
    assertEquals(InteropServer.ADMIN, admitted.namespace);
    assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, admitted.awaitDisconnectReason());
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void serverDisconnectThenManualReconnect(ClientTransport transport) {
    assertServerDisconnect(run("server-disconnect", transport), false);
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void serverDisconnectClosingTheConnectionThenManualReconnect(ClientTransport transport) {
    assertServerDisconnect(run("server-close", transport), true);
  }

  private void assertServerDisconnect(JsonObject result, boolean close) {
    SeenSocket first = server.socket(id(result, "first"));
    // socket.io's own server reports "server namespace disconnect" for disconnect(true) as well:
    // Client._disconnect() disconnects each socket before it closes the connection.
    assertEquals(DisconnectReason.SERVER_NAMESPACE_DISCONNECT, first.awaitDisconnectReason());
    assertEquals(new JsonArray().add(close), first.event("disconnect-me").args());
    SeenSocket second = server.socket(id(result, "second"));
    assertNotEquals(first.id, second.id);
    assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, second.awaitDisconnectReason());
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void automaticReconnectionAfterTheServerDropsTheConnection(ClientTransport transport) {
    JsonObject result = run("transport-drop", transport);
    SeenSocket first = server.socket(id(result, "first"));
    // The server closed the Engine.IO session itself: socket.io's reason for that is "forced close".
    assertEquals("forced close", first.awaitDisconnectReason());
    SeenSocket second = connectedOver(transport, id(result, "second"));
    assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, second.awaitDisconnectReason());
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void roomBroadcastReachesTheOtherMemberOnly(ClientTransport transport) {
    JsonObject result = run("broadcast", transport);
    SeenSocket a = connectedOver(transport, id(result, "a"));
    assertEquals(new JsonArray().add("room-1").add("hello room").add(new JsonObject().put("n", 1)), a.event("to-room").args());
    for (String member : List.of("a", "b", "c")) {
      assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, connectedOver(transport, id(result, member)).awaitDisconnectReason());
    }
  }

  /** Runs one scenario; asserts the script exited 0 and reported success. */
  private static JsonObject run(String scenario, ClientTransport transport) {
    NodeScript.Run run = NodeScript.run(SCRIPT, SCRIPT_TIMEOUT, server.url(), scenario, transport.scriptName());
    assertEquals(0, run.exitCode(), run.describe());
    JsonObject result = run.json();
    assertTrue(result.getBoolean("ok"), run.describe());
    assertEquals(scenario, result.getString("scenario"));
    return result;
  }

  private static String id(JsonObject result, String role) {
    String id = result.getJsonObject("ids").getString(role);
    assertTrue(id != null && !id.isEmpty(), "the script reported no socket id for " + role + ": " + result.encode());
    return id;
  }

  /** The server's record of the socket, which must have connected over the transport's first one. */
  private static SeenSocket connectedOver(ClientTransport transport, String id) {
    SeenSocket socket = server.socket(id);
    assertEquals(transport.opensOn, socket.transportAtConnect, "transport when socket " + id + " connected");
    return socket;
  }
}
