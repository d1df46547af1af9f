package io.roomcast.server;

import io.roomcast.testing.Clusters;
import io.roomcast.testing.Ports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long-polling session opened on one node and continued on another, as behind a round-robin
 * load balancer: the second node carries each request to the owner over the event bus.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class NoStickySessionsTest {

  private static final List<Vertx> nodes = new ArrayList<>();
  private static int portA;
  private static int portB;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    String cluster = Clusters.randomName();
    portA = startNode(cluster);
    portB = startNode(cluster);
  }

  private static int startNode(String cluster) throws Exception {
    int port = Ports.free();
    Vertx vertx = Clusters.member(cluster).await(60, TimeUnit.SECONDS);
    nodes.add(vertx);
    JsonObject config = new JsonObject().put("http", new JsonObject().put("port", port).put("host", "127.0.0.1"));
    vertx.deployVerticle(RoomcastVerticle.class.getName(), new DeploymentOptions().setConfig(config)).await(30, TimeUnit.SECONDS);
    return port;
  }

  @AfterAll
  static void stopNodes() throws Exception {
    for (Vertx node : nodes) {
      node.close().await(30, TimeUnit.SECONDS);
    }
  }

  private record Reply(int status, String body) {
  }

  private static Future<Reply> call(Vertx vertx, HttpMethod method, int port, String uri, String body) {
    HttpClient client = vertx.createHttpClient();
    return client.request(method, port, "127.0.0.1", uri)
      .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
      .compose((HttpClientResponse response) -> response.body().map(b -> new Reply(response.statusCode(), b.toString())))
      .eventually(client::close);
  }

  private static String poll(String sid) {
    return "/socket.io/?EIO=4&transport=polling&sid=" + sid;
  }

  @Test
  void pollsAndPostsOnTheOtherNodeReachTheSession(Vertx vertx, VertxTestContext test) {
    call(vertx, HttpMethod.GET, portA, "/socket.io/?EIO=4&transport=polling", null).compose(open -> {
      String sid = new JsonObject(open.body().substring(1)).getString("sid");
      // CONNECT to namespace / through node B; the answer comes back through node B too.
      return call(vertx, HttpMethod.POST, portB, poll(sid), "40").compose(posted -> {
        test.verify(() -> assertEquals(new Reply(200, "ok"), posted));
        return call(vertx, HttpMethod.GET, portB, poll(sid), null);
      }).compose(connected -> {
        test.verify(() -> {
          assertEquals(200, connected.status());
          assertTrue(connected.body().startsWith("40{\"sid\":\""), connected.body());
        });
        // A chat event posted on B, answered (ack) on a poll sent to A, the owner.
        return call(vertx, HttpMethod.POST, portB, poll(sid), "421[\"nickname\",\"zoe\"]");
      }).compose(posted -> call(vertx, HttpMethod.GET, portA, poll(sid), null));
    }).onComplete(test.succeeding(ack -> test.verify(() -> {
      assertTrue(ack.body().contains("431[{\"ok\":true,\"nickname\":\"zoe\"}]"), ack.body());
      test.completeNow();
    })));
  }

  @Test
  void unknownSessionOnAnotherNodeIsRefusedAsUnknown(Vertx vertx, VertxTestContext test) {
    call(vertx, HttpMethod.GET, portA, "/socket.io/?EIO=4&transport=polling", null).compose(open -> {
      String sid = new JsonObject(open.body().substring(1)).getString("sid");
      String forged = sid.substring(0, 6) + "AAAAAAAAAAAAAAAAAAAA";
      return call(vertx, HttpMethod.GET, portB, poll(forged), null);
    }).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertEquals(new Reply(400, "{\"code\":1,\"message\":\"Session ID unknown\"}"), reply);
      test.completeNow();
    })));
  }

  @Test
  void aClientCloseSentThroughTheOtherNodeEndsTheSession(Vertx vertx, VertxTestContext test) {
    call(vertx, HttpMethod.GET, portA, "/socket.io/?EIO=4&transport=polling", null).compose(open -> {
      String sid = new JsonObject(open.body().substring(1)).getString("sid");
      return call(vertx, HttpMethod.POST, portB, poll(sid), "1")
        .compose(closed -> call(vertx, HttpMethod.GET, portA, poll(sid), null));
    }).onComplete(test.succeeding(after -> test.verify(() -> {
      assertEquals(400, after.status());
      test.completeNow();
    })));
  }
}
