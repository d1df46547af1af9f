package io.roomcast.engineio;

import io.roomcast.testing.RawWebSocket;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.RunTestOnContext;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The open packet: what a session's first answer says, over polling and over WebSocket. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class HandshakeTest {

  @RegisterExtension
  static final RunTestOnContext context = new RunTestOnContext();

  private static final List<String> OPEN_KEYS = List.of("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");

  private static EchoEngineServer server;
  private RawEngineClient client;

  @BeforeAll
  static void startServer(VertxTestContext test) {
    EchoEngineServer.deploy(context.vertx(), EchoEngineServer.shortTimings())
      .onComplete(test.succeeding(started -> {
        server = started;
        test.completeNow();
      }));
  }

  @BeforeEach
  void createClient() {
    client = new RawEngineClient(context.vertx(), server);
  }

  @AfterEach
  void closeClient(VertxTestContext test) {
    client.close().onComplete(test.succeedingThenComplete());
  }

  @Test
  void handshakeOverPollingAnswersTheOpenPacketAsPlainText(VertxTestContext test) {
    client.get(RawEngineClient.POLLING).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertEquals(200, reply.status());
      assertEquals("text/plain; charset=UTF-8", reply.contentType());
      assertTrue(reply.body().matches(
        "0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\"websocket\"],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000}"),
        "exactly the reference's compact open packet: " + reply.body());
      JsonObject open = new JsonObject(reply.body().substring(1));
      assertEquals(OPEN_KEYS, new ArrayList<>(open.fieldNames()), "keys, in this order");
      assertTrue(open.getString("sid").matches("[A-Za-z0-9_-]{20}"), open.getString("sid"));
      assertEquals(new JsonArray().add("websocket"), open.getJsonArray("upgrades"));
      assertEquals(300, open.getInteger("pingInterval"));
      assertEquals(200, open.getInteger("pingTimeout"));
      assertEquals(1000, open.getInteger("maxPayload"));
      test.completeNow();
    })));
  }

  @Test
  void handshakeOverPollingGivesEachSessionItsOwnSid(VertxTestContext test) {
    client.handshake().compose(first -> client.handshake().map(second -> List.of(first.sid(), second.sid())))
      .onComplete(test.succeeding(sids -> test.verify(() -> {
        assertNotEquals(sids.get(0), sids.get(1));
        test.completeNow();
      })));
  }

  @Test
  void handshakeOverWebSocketSendsTheOpenPacketAsFirstTextFrameWithNoUpgrades(VertxTestContext test) {
    client.webSocket(RawEngineClient.WEBSOCKET)
      .compose(RawWebSocket::nextText)
      .onComplete(test.succeeding(frame -> test.verify(() -> {
        assertTrue(frame.matches(
          "0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000}"),
          "exactly the reference's compact open packet: " + frame);
        JsonObject open = new JsonObject(frame.substring(1));
        assertEquals(OPEN_KEYS, new ArrayList<>(open.fieldNames()), "keys, in this order");
        assertTrue(open.getString("sid").matches("[A-Za-z0-9_-]{20}"), open.getString("sid"));
        assertEquals(new JsonArray(), open.getJsonArray("upgrades"));
        assertEquals(300, open.getInteger("pingInterval"));
        assertEquals(200, open.getInteger("pingTimeout"));
        assertEquals(1000, open.getInteger("maxPayload"));
        test.completeNow();
      })));
  }
}
