package io.roomcast.server;

import io.roomcast.testing.HttpGet;
import io.roomcast.testing.Ports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One node without a cluster, deployed as the launcher deploys it. */
@ExtendWith(VertxExtension.class)
class StandaloneNodeTest {

  private static Future<Integer> deploy(Vertx vertx, int instances) {
    int port = Ports.free();
    JsonObject config = new JsonObject().put("http", new JsonObject().put("port", port).put("host", "127.0.0.1"));
    return vertx.deployVerticle(RoomcastVerticle.class.getName(), new DeploymentOptions().setConfig(config).setInstances(instances))
      .map(id -> port);
  }

  @Test
  void servesTheWebrootPage(Vertx vertx, VertxTestContext test) {
    deploy(vertx, 1)
      .compose(port -> HttpGet.get(vertx, port, "/"))
      .onComplete(test.succeeding(response -> test.verify(() -> {
        assertEquals(200, response.status());
        assertTrue(response.contentType().startsWith("text/html"), response.contentType());
        assertTrue(response.body().contains("<title>Roomcast</title>"), response.body());
        test.completeNow();
      })));
  }

  @Test
  void healthReportsTheNodeItsMembersAndVerticles(Vertx vertx, VertxTestContext test) {
    deploy(vertx, 1)
      .compose(port -> HttpGet.get(vertx, port, "/health"))
      .onComplete(test.succeeding(response -> test.verify(() -> {
        assertEquals(200, response.status());
        JsonObject health = response.json();
        assertEquals("UP", health.getString("status"));
        assertFalse(health.getBoolean("clustered"));
        assertEquals(new JsonArray().add(health.getString("nodeId")), health.getJsonArray("members"));
        assertEquals(0, health.getInteger("online"), "sockets online, cluster-wide");
        assertEquals(new JsonObject().put("PresenceVerticle", 1).put("RoomManagerVerticle", 1).put("SocketGatewayVerticle", 1),
          health.getJsonObject("verticles"));
        test.completeNow();
      })));
  }

  @Test
  void instancesDeployOneGatewayEachAndOneRoomManagerAndPresence(Vertx vertx, VertxTestContext test) {
    deploy(vertx, 3)
      .compose(port -> HttpGet.get(vertx, port, "/health"))
      .onComplete(test.succeeding(response -> test.verify(() -> {
        assertEquals(new JsonObject().put("PresenceVerticle", 1).put("RoomManagerVerticle", 1).put("SocketGatewayVerticle", 3),
          response.json().getJsonObject("verticles"));
        test.completeNow();
      })));
  }

  @Test
  void unknownPathIs404(Vertx vertx, VertxTestContext test) {
    deploy(vertx, 1)
      .compose(port -> HttpGet.get(vertx, port, "/no-such-page"))
      .onComplete(test.succeeding(response -> test.verify(() -> {
        assertEquals(404, response.status());
        test.completeNow();
      })));
  }

  @Test
  void badConfigStopsDeployment(Vertx vertx, VertxTestContext test) {
    JsonObject config = new JsonObject().put("http", new JsonObject().put("prot", 1));
    vertx.deployVerticle(RoomcastVerticle.class.getName(), new DeploymentOptions().setConfig(config))
      .onComplete(test.failing(e -> test.verify(() -> {
        assertTrue(e.getMessage().contains("http.prot"), e.getMessage());
        assertTrue(vertx.deploymentIDs().isEmpty(), "nothing stays deployed");
        test.completeNow();
      })));
  }

  @Test
  void roomManagerKeepsCountsHistoryAndPublishesSortedChanges(Vertx vertx, VertxTestContext test) {
    var bus = vertx.eventBus();
    var changes = new java.util.ArrayList<JsonArray>();
    bus.<JsonArray>consumer(Addresses.ROOMS_CHANGED, m -> changes.add(m.body()));
    JsonObject message = new JsonObject().put("nickname", "ann").put("text", "hi").put("time", 1L);
    deploy(vertx, 1)
      .compose(port -> bus.<JsonObject>request(Addresses.ROOMS_JOIN, new JsonObject().put("room", "zeta").put("member", "a").put("nickname", "ann")))
      .compose(joined -> {
        assertEquals(1, joined.body().getInteger("count"));
        assertEquals(new JsonArray(), joined.body().getJsonArray("history"));
        bus.publish(Addresses.ROOMS_HISTORY, new JsonObject().put("room", "zeta").put("message", message));
        return bus.<JsonObject>request(Addresses.ROOMS_JOIN, new JsonObject().put("room", "alpha").put("member", "a").put("nickname", "ann"));
      })
      .compose(joined -> bus.<JsonObject>request(Addresses.ROOMS_JOIN, new JsonObject().put("room", "zeta").put("member", "b").put("nickname", "Bob")))
      .compose(joined -> {
        assertEquals(2, joined.body().getInteger("count"));
        assertEquals(new JsonArray().add(message), joined.body().getJsonArray("history"), "a newcomer gets the history");
        return bus.<JsonArray>request(Addresses.ROOMS_MEMBERS, new JsonObject().put("room", "zeta"));
      })
      .compose(members -> {
        assertEquals(new JsonArray().add("ann").add("Bob"), members.body());
        return bus.<JsonArray>request(Addresses.ROOMS_LIST, null);
      })
      .compose(list -> {
        assertEquals(new JsonArray("[{\"name\":\"alpha\",\"count\":1},{\"name\":\"zeta\",\"count\":2}]"), list.body());
        return bus.<Integer>request(Addresses.ROOMS_LEAVE, new JsonObject().put("room", "alpha").put("member", "a"));
      })
      .compose(count -> {
        assertEquals(0, count.body());
        return bus.<JsonArray>request(Addresses.ROOMS_LIST, null);
      })
      .onComplete(test.succeeding(list -> test.verify(() -> {
        assertEquals(new JsonArray("[{\"name\":\"zeta\",\"count\":2}]"), list.body(), "an empty room disappears");
        assertEquals(4, changes.size(), "one change per join or leave");
        assertEquals(list.body(), changes.get(3));
        test.completeNow();
      })));
  }

  @Test
  void roomHistoryIsInTimeOrderWhateverOrderItArrivesIn(Vertx vertx, VertxTestContext test) {
    var bus = vertx.eventBus();
    JsonObject first = new JsonObject().put("nickname", "ann").put("text", "first").put("time", 1L).put("id", "1");
    JsonObject second = new JsonObject().put("nickname", "bob").put("text", "second").put("time", 2L).put("id", "2");
    JsonObject third = new JsonObject().put("nickname", "ann").put("text", "third").put("time", 3L).put("id", "3");
    deploy(vertx, 1)
      .compose(port -> {
        // As on a node whose own message went out while a peer's earlier one was still on its way.
        for (JsonObject message : java.util.List.of(second, third, first, second)) {
          bus.publish(Addresses.ROOMS_HISTORY, new JsonObject().put("room", "r").put("message", message));
        }
        return bus.<JsonObject>request(Addresses.ROOMS_JOIN, new JsonObject().put("room", "r").put("member", "a"));
      })
      .onComplete(test.succeeding(joined -> test.verify(() -> {
        assertEquals(new JsonArray().add(first).add(second).add(third), joined.body().getJsonArray("history"), "and each once");
        test.completeNow();
      })));
  }

  @Test
  void roomManagerRefusesAJoinWithoutRoom(Vertx vertx, VertxTestContext test) {
    deploy(vertx, 1)
      .compose(port -> vertx.eventBus().request(Addresses.ROOMS_JOIN, new JsonObject().put("member", "a")))
      .onComplete(test.failing(e -> test.verify(() -> {
        assertTrue(e.getMessage().contains("room"), e.getMessage());
        test.completeNow();
      })));
  }
}
