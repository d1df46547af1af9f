package io.roomcast.engineio;

import io.roomcast.testing.RawWebSocket;

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

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.roomcast.engineio.RequestErrorsTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The origin policy: which browser origins may open a session, and the CORS headers that let
 * them read the answers. Two endpoints: {@code listing} allows one origin with credentials,
 * {@code sameOriginOnly} has no list.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class CorsTest {

  @RegisterExtension
  static final RunTestOnContext context = new RunTestOnContext();

  private static final String LISTED = "https://chat.example.com";
  private static final String FOREIGN = "https://evil.example.com";

  private static EchoEngineServer listing;
  private static EchoEngineServer sameOriginOnly;
  private RawEngineClient toListing;
  private RawEngineClient toSameOriginOnly;

  @BeforeAll
  static void startServers(VertxTestContext test) {
    EngineOptions withList = EchoEngineServer.quietHeartbeat().setPath("/listing/")
      .setCorsOrigins(List.of(LISTED)).setCorsCredentials(true);
    EngineOptions withoutList = EchoEngineServer.quietHeartbeat().setPath("/same-origin/");
    Future.all(EchoEngineServer.deploy(context.vertx(), withList), EchoEngineServer.deploy(context.vertx(), withoutList))
      .onComplete(test.succeeding(both -> {
        listing = both.resultAt(0);
        sameOriginOnly = both.resultAt(1);
        test.completeNow();
      }));
  }

  @BeforeEach
  void createClients() {
    toListing = new RawEngineClient(context.vertx(), listing);
    toSameOriginOnly = new RawEngineClient(context.vertx(), sameOriginOnly);
  }

  @AfterEach
  void closeClients(VertxTestContext test) {
    Future.all(toListing.close(), toSameOriginOnly.close()).onComplete(test.succeedingThenComplete());
  }

  private static MultiMap origin(String origin) {
    return MultiMap.caseInsensitiveMultiMap().add("Origin", origin);
  }

  private static String ownOrigin(EchoEngineServer server) {
    return "http://127.0.0.1:" + server.port();
  }

  @Test
  void listedOriginIsAllowedAndGetsAllowOriginAndCredentialsHeaders(VertxTestContext test) {
    toListing.get(RawEngineClient.POLLING, origin(LISTED)).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertEquals(200, reply.status());
      assertTrue(reply.body().startsWith("0{"), reply.body());
      assertEquals(LISTED, reply.headers().get("Access-Control-Allow-Origin"));
      assertEquals("true", reply.headers().get("Access-Control-Allow-Credentials"));
      assertEquals("Origin", reply.headers().get("Vary"));
      test.completeNow();
    })));
  }

  @Test
  void listedOriginGetsCorsHeadersOnPollsAndPostsOfItsSession(VertxTestContext test) {
    toListing.handshake()
      .compose(open -> toListing.request(HttpMethod.POST, RawEngineClient.pollingQuery(open.sid()), origin(LISTED), "4hi")
        .compose(post -> toListing.get(RawEngineClient.pollingQuery(open.sid()), origin(LISTED))
          .map(get -> List.of(post, get))))
      .onComplete(test.succeeding(replies -> test.verify(() -> {
        for (RawEngineClient.Reply reply : replies) {
          assertEquals(200, reply.status(), reply.body());
          assertEquals(LISTED, reply.headers().get("Access-Control-Allow-Origin"));
          assertEquals("true", reply.headers().get("Access-Control-Allow-Credentials"));
        }
        assertEquals("4hi", replies.get(1).body());
        test.completeNow();
      })));
  }

  @Test
  void sameOriginIsAllowedWithoutBeingListedAndGetsAllowOrigin(VertxTestContext test) {
    String own = ownOrigin(sameOriginOnly);
    toSameOriginOnly.get(RawEngineClient.POLLING, origin(own)).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertEquals(200, reply.status());
      assertEquals(own, reply.headers().get("Access-Control-Allow-Origin"));
      assertNull(reply.headers().get("Access-Control-Allow-Credentials"), "credentials are not configured");
      test.completeNow();
    })));
  }

  @Test
  void sameOriginIsAllowedOnAnEndpointWithAList(VertxTestContext test) {
    String own = ownOrigin(listing);
    toListing.get(RawEngineClient.POLLING, origin(own)).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertEquals(200, reply.status());
      assertEquals(own, reply.headers().get("Access-Control-Allow-Origin"));
      test.completeNow();
    })));
  }

  @Test
  void requestWithoutOriginIsAllowedAndGetsNoCorsHeaders(VertxTestContext test) {
    toListing.get(RawEngineClient.POLLING).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertEquals(200, reply.status());
      assertNull(reply.headers().get("Access-Control-Allow-Origin"));
      assertNull(reply.headers().get("Access-Control-Allow-Credentials"));
      test.completeNow();
    })));
  }

  @Test
  void originNotListedIs403Code4(VertxTestContext test) {
    toListing.get(RawEngineClient.POLLING, origin(FOREIGN)).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertError(reply, 403, 4, "Forbidden");
      assertNull(reply.headers().get("Access-Control-Allow-Origin"));
      test.completeNow();
    })));
  }

  @Test
  void foreignOriginIs403Code4WhenOnlySameOriginIsAllowed(VertxTestContext test) {
    toSameOriginOnly.get(RawEngineClient.POLLING, origin(LISTED)).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertError(reply, 403, 4, "Forbidden");
      test.completeNow();
    })));
  }

  @Test
  void sameHostOnAnotherPortIsNotSameOrigin(VertxTestContext test) {
    int otherPort = sameOriginOnly.port() == 1 ? 2 : 1;
    toSameOriginOnly.get(RawEngineClient.POLLING, origin("http://127.0.0.1:" + otherPort))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertError(reply, 403, 4, "Forbidden");
        test.completeNow();
      })));
  }

  @Test
  void originNotListedIsRefusedOverWebSocketWith403(VertxTestContext test) {
    toListing.webSocket(RawEngineClient.WEBSOCKET, origin(FOREIGN)).onComplete(test.failing(e -> test.verify(() -> {
      UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, e);
      assertEquals(403, rejected.getStatus());
      assertEquals("{\"code\":4,\"message\":\"Forbidden\"}", rejected.getBody().toString());
      test.completeNow();
    })));
  }

  @Test
  void listedOriginMayOpenAWebSocket(VertxTestContext test) {
    toListing.webSocket(RawEngineClient.WEBSOCKET, origin(LISTED))
      .compose(RawWebSocket::nextText)
      .onComplete(test.succeeding(open -> test.verify(() -> {
        assertTrue(open.startsWith("0{"), open);
        test.completeNow();
      })));
  }

  @Test
  void errorAnswersToAListedOriginCarryCorsHeaders(VertxTestContext test) {
    toListing.get(RawEngineClient.pollingQuery("AAAAAAAAAAAAAAAAAAAA"), origin(LISTED))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertError(reply, 400, 1, "Session ID unknown");
        assertEquals(LISTED, reply.headers().get("Access-Control-Allow-Origin"));
        test.completeNow();
      })));
  }

  @Test
  void preflightFromListedOriginIs204WithAllowHeaders(VertxTestContext test) {
    MultiMap headers = origin(LISTED)
      .add("Access-Control-Request-Method", "POST")
      .add("Access-Control-Request-Headers", "content-type,x-custom");
    toListing.request(HttpMethod.OPTIONS, RawEngineClient.POLLING, headers, null)
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals(204, reply.status());
        assertEquals("", reply.body());
        assertEquals(LISTED, reply.headers().get("Access-Control-Allow-Origin"));
        assertEquals("true", reply.headers().get("Access-Control-Allow-Credentials"));
        assertEquals("GET,HEAD,PUT,PATCH,POST,DELETE", reply.headers().get("Access-Control-Allow-Methods"));
        assertEquals("content-type,x-custom", reply.headers().get("Access-Control-Allow-Headers"));
        test.completeNow();
      })));
  }

  @Test
  void preflightFromSameOriginIs204WithoutCredentialsWhenNotConfigured(VertxTestContext test) {
    String own = ownOrigin(sameOriginOnly);
    MultiMap headers = origin(own).add("Access-Control-Request-Method", "POST");
    toSameOriginOnly.request(HttpMethod.OPTIONS, RawEngineClient.POLLING, headers, null)
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals(204, reply.status());
        assertEquals(own, reply.headers().get("Access-Control-Allow-Origin"));
        assertEquals("GET,HEAD,PUT,PATCH,POST,DELETE", reply.headers().get("Access-Control-Allow-Methods"));
        assertNull(reply.headers().get("Access-Control-Allow-Credentials"));
        assertNull(reply.headers().get("Access-Control-Allow-Headers"), "none were requested");
        test.completeNow();
      })));
  }

  @Test
  void preflightFromForeignOriginIs403Code4(VertxTestContext test) {
    MultiMap headers = origin(FOREIGN).add("Access-Control-Request-Method", "POST");
    toListing.request(HttpMethod.OPTIONS, RawEngineClient.POLLING, headers, null)
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertError(reply, 403, 4, "Forbidden");
        assertNull(reply.headers().get("Access-Control-Allow-Origin"));
        test.completeNow();
      })));
  }
}
