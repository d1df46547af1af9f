package io.roomcast.engineio;

import io.roomcast.testing.RawWebSocket;

import io.roomcast.engineio.RawEngineClient.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Requests the endpoint refuses before any session sees them: the HTTP status and the exact
 * {@code {"code":N,"message":"..."}} body the reference server answers with.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class RequestErrorsTest {

  @RegisterExtension
  static final RunTestOnContext context = new RunTestOnContext();

  /** Handshakes carrying this header are refused by the AllowRequest hook. */
  private static final String REFUSE = "X-Refuse";

  private static EchoEngineServer server;
  private RawEngineClient client;

  @BeforeAll
  static void startServer(VertxTestContext test) {
    EngineOptions options = EchoEngineServer.quietHeartbeat().setAllowRequest(request -> request.getHeader(REFUSE) == null);
    EchoEngineServer.deploy(context.vertx(), options).onComplete(test.succeeding(started -> {
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

  static void assertError(Reply reply, int status, int code, String message) {
    assertEquals(status, reply.status(), reply.body());
    assertEquals("application/json", reply.contentType());
    assertEquals("{\"code\":" + code + ",\"message\":\"" + message + "\"}", reply.body());
  }

  private static void expectError(VertxTestContext test, Future<Reply> reply, int status, int code, String message) {
    reply.onComplete(test.succeeding(answer -> test.verify(() -> {
      assertError(answer, status, code, message);
      test.completeNow();
    })));
  }

  /** A WebSocket handshake the server must refuse with {@code status} before upgrading. */
  private static void expectRejectedUpgrade(VertxTestContext test, Future<RawWebSocket> socket, int status, String body) {
    socket.onComplete(test.failing(e -> test.verify(() -> {
      UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, e);
      assertEquals(status, rejected.getStatus());
      assertEquals(body, rejected.getBody().toString());
      test.completeNow();
    })));
  }

  @ParameterizedTest
  @ValueSource(strings = {"EIO=4", "EIO=4&transport=", "EIO=4&transport=foo", "EIO=4&transport=POLLING",
    "EIO=4&transport=webtransport", "EIO=4&transport=foo&sid=whatever"})
  void transportMissingOrUnknownIs400Code0(String query, VertxTestContext test) {
    expectError(test, client.get(query), 400, 0, "Transport unknown");
  }

  @Test
  void unknownSidOnPollingGetIs400Code1(VertxTestContext test) {
    expectError(test, client.poll("AAAAAAAAAAAAAAAAAAAA"), 400, 1, "Session ID unknown");
  }

  @Test
  void unknownSidOnPollingPostIs400Code1(VertxTestContext test) {
    expectError(test, client.post("AAAAAAAAAAAAAAAAAAAA", "4hello"), 400, 1, "Session ID unknown");
  }

  @Test
  void unknownSidOnWebSocketIsRefusedWith400Code1(VertxTestContext test) {
    expectRejectedUpgrade(test, client.upgrade("AAAAAAAAAAAAAAAAAAAA"), 400,
      "{\"code\":1,\"message\":\"Session ID unknown\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE"})
  void handshakeWithAnotherMethodThanGetIs400Code2(String method, VertxTestContext test) {
    expectError(test, client.request(HttpMethod.valueOf(method), RawEngineClient.POLLING,
      MultiMap.caseInsensitiveMultiMap(), "4hello"), 400, 2, "Bad handshake method");
  }

  @Test
  void websocketTransportWithoutUpgradeHeadersIs400Code3(VertxTestContext test) {
    expectError(test, client.get(RawEngineClient.WEBSOCKET), 400, 3, "Bad request");
  }

  @Test
  void websocketTransportWithSidButWithoutUpgradeHeadersIs400Code3(VertxTestContext test) {
    client.handshake()
      .compose(open -> client.get(RawEngineClient.WEBSOCKET + "&sid=" + open.sid()))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertError(reply, 400, 3, "Bad request");
        test.completeNow();
      })));
  }

  @ParameterizedTest
  @ValueSource(strings = {"transport=polling", "EIO=abc&transport=polling", "EIO=3&transport=polling",
    "EIO=5&transport=polling", "EIO=&transport=polling"})
  void handshakeWithMissingOrUnsupportedEioIs400Code5(String query, VertxTestContext test) {
    expectError(test, client.get(query), 400, 5, "Unsupported protocol version");
  }

  @Test
  void websocketHandshakeWithUnsupportedEioIsRefusedWith400Code5(VertxTestContext test) {
    expectRejectedUpgrade(test, client.webSocket("EIO=3&transport=websocket"), 400,
      "{\"code\":5,\"message\":\"Unsupported protocol version\"}");
  }

  @Test
  void handshakeRefusedByAllowRequestIs403Code4(VertxTestContext test) {
    MultiMap refuse = MultiMap.caseInsensitiveMultiMap().add(REFUSE, "yes");
    expectError(test, client.get(RawEngineClient.POLLING, refuse), 403, 4, "Forbidden");
  }

  @Test
  void websocketHandshakeRefusedByAllowRequestIs403Code4(VertxTestContext test) {
    MultiMap refuse = MultiMap.caseInsensitiveMultiMap().add(REFUSE, "yes");
    expectRejectedUpgrade(test, client.webSocket(RawEngineClient.WEBSOCKET, refuse), 403,
      "{\"code\":4,\"message\":\"Forbidden\"}");
  }

  @Test
  void handshakeAllowedByAllowRequestOpensASession(VertxTestContext test) {
    client.handshake().onComplete(test.succeeding(open -> test.verify(() -> {
      assertEquals(20, open.sid().length());
      test.completeNow();
    })));
  }
}
