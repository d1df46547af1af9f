package io.roomcast.socketio.interop;

import io.roomcast.socketio.DisconnectReason;
import io.roomcast.socketio.interop.InteropServer.SeenSocket;
import io.socket.client.Socket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.roomcast.socketio.interop.InteropServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Java client ({@code io.socket:socket.io-client} 2.1) against {@link InteropServer}:
 * namespaces and their middleware, disconnection by the server, reconnection, and room broadcasts,
 * over long-polling, WebSocket and the upgrade.
 */
@ExtendWith(VertxExtension.class)
class SocketIoJavaClientConnectionInteropTest {

  private static final Map<String, String> ADMIN_AUTH = Map.of("token", InteropServer.ADMIN_TOKEN);

  private static InteropServer server;
  private static JavaClients clients;
  /** For the one test that waits for the heartbeat to stop; its own server so the others keep the reference timings. */
  private static InteropServer quickHeartbeatServer;
  private static JavaClients quickHeartbeatClients;

  @BeforeAll
  static void startServers(Vertx vertx, VertxTestContext test) {
    InteropServer.deploy(vertx)
      .compose(deployed -> {
        server = deployed;
        clients = new JavaClients(server);
        return InteropServer.deploy(vertx, Duration.ofMillis(500), Duration.ofMillis(1000));
      })
      .onComplete(test.succeeding(deployed -> {
        quickHeartbeatServer = deployed;
        quickHeartbeatClients = new JavaClients(quickHeartbeatServer);
        test.completeNow();
      }));
  }

  @AfterEach
  void closeClients() {
    clients.closeAll();
    quickHeartbeatClients.closeAll();
    server.awaitNoSessions();
  }

  @AfterAll
  static void stopClients() {
    clients.shutdown();
    quickHeartbeatClients.shutdown();
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void namespacesOverOneConnection(ClientTransport transport) {
    JavaClient main = clients.open("/", transport).connect();
    JavaClient admin = clients.namespace(main, InteropServer.ADMIN, ADMIN_AUTH).connect();
    assertTrue(main.socket.io() == admin.socket.io(), "one Manager, so one connection");
    assertNotEquals(main.id(), admin.id());
    assertEquals(1, server.clientsCount(), "both namespaces share one Engine.IO session");

    assertEquals(new JsonArray().add("/").add(main.id()).add(new JsonObject()), OrgJson.toVertx(main.request("whoami")));
    assertEquals(new JsonArray().add(InteropServer.ADMIN).add(admin.id()).add(new JsonObject().put("token", InteropServer.ADMIN_TOKEN)),
      OrgJson.toVertx(admin.request("whoami")));

    CompletableFuture<Object[]> forAdmins = admin.next("announce");
    admin.emit("announce", "for admins");
    assertEquals(new JsonArray().add("for admins").add(InteropServer.ADMIN), OrgJson.toVertx(await(forAdmins, "/admin's announcement")));
    // Same connection: anything the server sent / for that announcement would have arrived before this ack.
    main.request("echo-ack");
    assertEquals(List.of(), main.received("announce"), "/ hears nothing of /admin's announcement");

    CompletableFuture<Object[]> forAll = main.next("announce");
    main.emit("announce", "for everyone on /");
    assertEquals(new JsonArray().add("for everyone on /").add("/"), OrgJson.toVertx(await(forAll, "/'s announcement")));
    admin.request("echo-ack");
    assertEquals(List.of(new JsonArray().add("for admins").add(InteropServer.ADMIN)), admin.received("announce"));

    SeenSocket mainSeen = server.socket(main.id());
    SeenSocket adminSeen = server.socket(admin.id());
    assertEquals("/", mainSeen.namespace);
    assertEquals(InteropServer.ADMIN, adminSeen.namespace);
    assertEquals(new JsonObject().put("token", InteropServer.ADMIN_TOKEN), adminSeen.auth);
    admin.close();
    assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, adminSeen.awaitDisconnectReason());
    assertEquals(1, server.clientsCount(), "leaving /admin keeps the connection for /");
    main.close();
    assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, mainSeen.awaitDisconnectReason());
    server.awaitNoSessions();
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void middlewareRefusesWithData(ClientTransport transport) {
    int refusedBefore = server.refusedAuths().size();
    for (Map<String, String> auth : List.of(Map.of("token", "wrong"), Map.<String, String>of())) {
      JavaClient refused = clients.open(InteropServer.ADMIN, transport, auth);
      CompletableFuture<Object[]> error = refused.next(Socket.EVENT_CONNECT_ERROR);
      refused.socket.connect();
      assertEquals(new JsonObject().put("message", "not authorized").put("data", new JsonObject().put("code", 42)),
        OrgJson.toVertx(await(error, "connect_error")).getJsonObject(0));
      assertFalse(refused.socket.connected());
      assertFalse(refused.socket.isActive(), "a refused socket does not retry by itself");
    }
    List<JsonObject> refusedAuths = server.refusedAuths();
    assertEquals(List.of(new JsonObject().put("token", "wrong"), new JsonObject()),
      refusedAuths.subList(refusedBefore, refusedAuths.size()));
    server.awaitNoSessions();

    JavaClient admitted = clients.open(InteropServer.ADMIN, transport, ADMIN_AUTH).connect();
    assertEquals(new JsonArray().add(InteropServer.ADMIN).add(admitted.id()).add(new JsonObject().put("token", InteropServer.ADMIN_TOKEN)),
      OrgJson.toVertx(admitted.request("whoami")));
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void unknownNamespaceIsRefused(ClientTransport transport) {
    JavaClient stranger = clients.open("/nope", transport);
    CompletableFuture<Object[]> error = stranger.next(Socket.EVENT_CONNECT_ERROR);
    stranger.socket.connect();
    assertEquals(new JsonObject().put("message", "Invalid namespace"), OrgJson.toVertx(await(error, "connect_error")).getJsonObject(0));
    server.awaitNoSessions();
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void serverDisconnectThenManualReconnect(ClientTransport transport) {
    assertServerDisconnect(transport, false);
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void serverDisconnectClosingTheConnectionThenManualReconnect(ClientTransport transport) {
    assertServerDisconnect(transport, true);
  }

  private void assertServerDisconnect(ClientTransport transport, boolean close) {
    JavaClient client = clients.open("/", transport).connect();
    String firstId = client.id();
    SeenSocket first = server.socket(firstId);
    CompletableFuture<Object[]> disconnected = client.next(Socket.EVENT_DISCONNECT);
    client.emit("disconnect-me", close);
    assertEquals("io server disconnect", await(disconnected, "the client's disconnect")[0]);
    assertFalse(client.socket.isActive(), "after a server disconnect the client does not reconnect by itself");
    // socket.io's own server reports "server namespace disconnect" for disconnect(true) as well.
    assertEquals(DisconnectReason.SERVER_NAMESPACE_DISCONNECT, first.awaitDisconnectReason());
    server.awaitNoSessions();

    client.connect();
    assertNotEquals(firstId, client.id(), "connect() gets a new id");
    assertEquals(new JsonArray().add("back"), OrgJson.toVertx(client.request("echo-ack", "back")));
    SeenSocket second = server.socket(client.id());
    client.close();
    assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, second.awaitDisconnectReason());
  }

  @Test
  void automaticReconnectionAfterTheServerDropsAPollingConnection() {
    // The server's close packet reaches the client in its pending poll: "transport close" at once.
    assertAutomaticReconnection(server, clients, ClientTransport.POLLING, "transport close");
  }

  /**
   * The Java client ignores the close frame the server sends when it drops a WebSocket connection
   * (its OkHttp listener implements onClosed, not onClosing, so it never answers the close), and
   * notices only when the heartbeat stops: "ping timeout" after pingInterval + pingTimeout. So this
   * runs against a server with a short heartbeat. socket.io's own server closes a WebSocket the
   * same way (a close frame, then it waits for the client's), so this is the client's behaviour.
   */
  @ParameterizedTest
  @EnumSource(value = ClientTransport.class, names = {"WEBSOCKET", "UPGRADE"})
  void automaticReconnectionAfterTheServerDropsAWebSocketConnection(ClientTransport transport) {
    assertAutomaticReconnection(quickHeartbeatServer, quickHeartbeatClients, transport, "ping timeout");
  }

  private static void assertAutomaticReconnection(InteropServer server, JavaClients clients, ClientTransport transport,
                                                  String clientReason) {
    JavaClient client = clients.open("/", transport).connect();
    String firstId = client.id();
    SeenSocket first = server.socket(firstId);
    CompletableFuture<Object[]> disconnected = client.next(Socket.EVENT_DISCONNECT);
    CompletableFuture<Object[]> reconnected = new CompletableFuture<>();
    // Registered from the disconnect callback itself, on the client's thread: before any reconnection.
    disconnected.thenRun(() -> client.socket.once(Socket.EVENT_CONNECT, reconnected::complete));
    server.dropTransport(client.tag);

    // The server closed the Engine.IO session itself: socket.io's reason for that is "forced close".
    assertEquals("forced close", first.awaitDisconnectReason());
    assertEquals(clientReason, await(disconnected, "the client's disconnect")[0]);
    await(reconnected, "the automatic reconnection");
    String secondId = client.id();
    assertNotEquals(firstId, secondId, "a new socket id after reconnecting");
    SeenSocket second = server.socket(secondId);
    assertEquals(transport.opensOn, second.transportAtConnect);
    client.awaitFinalTransport();
    assertEquals(new JsonArray().add("back"), OrgJson.toVertx(client.request("echo-ack", "back")));
    client.close();
    assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, second.awaitDisconnectReason());
    server.awaitNoSessions();
  }

  @ParameterizedTest
  @EnumSource(ClientTransport.class)
  void roomBroadcastReachesTheOtherMemberOnly(ClientTransport transport) {
    JavaClient a = clients.open("/", transport).connect();
    JavaClient b = clients.open("/", transport).connect();
    JavaClient c = clients.open("/", transport).connect();
    assertEquals(new JsonArray().add(true), OrgJson.toVertx(a.request("join", "room-1")));
    assertEquals(new JsonArray().add(true), OrgJson.toVertx(b.request("join", "room-1")));

    CompletableFuture<Object[]> inRoom = b.next("room-message");
    a.emit("to-room", "room-1", "hello room");
    assertEquals(new JsonArray().add("hello room"), OrgJson.toVertx(await(inRoom, "b's room message")));
    // Anything the server sent a or c for that emit would have arrived before these acks.
    a.request("echo-ack");
    c.request("echo-ack");
    assertEquals(List.of(), a.received("room-message"), "the sender does not get its own room message");
    assertEquals(List.of(), c.received("room-message"), "a socket outside the room does not get it");

    CompletableFuture<Object[]> toB = b.next("others-message");
    CompletableFuture<Object[]> toC = c.next("others-message");
    a.emit("to-others", "hello all");
    assertEquals(new JsonArray().add("hello all"), OrgJson.toVertx(await(toB, "b's broadcast")));
    assertEquals(new JsonArray().add("hello all"), OrgJson.toVertx(await(toC, "c's broadcast")));
    a.request("echo-ack");
    assertEquals(List.of(), a.received("others-message"), "broadcast skips the sender");
  }
}
