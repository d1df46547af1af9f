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
        assertEquals(new JsonObject().put("ClusterGuardVerticle", 1).put("PresenceVerticle", 1).put("RoomManagerVerticle", 1).put("SocketGatewayVerticle", 1),
          health.getJsonObject("verticles"));
        test.completeNow();
      })));
  }

  @Test
  void instancesDeployOneGatewayEachAndOneRoomManagerAndPresence(Vertx vertx, VertxTestContext test) {
    deploy(vertx, 3)
      .compose(port -> HttpGet.get(vertx, port, "/health"))
      .onComplete(test.succeeding(response -> test.verify(() -> {
        assertEquals(new JsonObject().put("ClusterGuardVerticle", 1).put("PresenceVerticle", 1).put("RoomManagerVerticle", 1).put("SocketGatewayVerticle", 3),
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
  void roomManagerKeepsCountsTellsOfSharedNicknamesAndPublishesSortedChanges(Vertx vertx, VertxTestContext test) {
    var bus = vertx.eventBus();
    var changes = new java.util.ArrayList<JsonObject>();
    bus.<JsonObject>consumer(Addresses.ROOMS_CHANGED, m -> changes.add(m.body()));
    deploy(vertx, 1)
      .compose(port -> join(bus, "zeta", "a", "ann"))
      .compose(joined -> {
        assertEquals(new JsonObject().put("count", 1).put("shared", false), joined);
        return join(bus, "alpha", "a", "ann");
      })
      .compose(joined -> join(bus, "zeta", "b", "Bob"))
      .compose(joined -> {
        assertEquals(new JsonObject().put("count", 2).put("shared", false), joined);
        return join(bus, "zeta", "a2", "ann");
      })
      .compose(joined -> {
        assertEquals(new JsonObject().put("count", 3).put("shared", true), joined, "ann is in zeta already, on socket a");
        return bus.<JsonArray>request(Addresses.ROOMS_MEMBERS, new JsonObject().put("room", "zeta"));
      })
      .compose(members -> {
        assertEquals(new JsonArray().add("ann").add("ann").add("Bob"), members.body());
        return leave(bus, "zeta", "a");
      })
      .compose(left -> {
        assertEquals(new JsonObject().put("count", 2).put("shared", true), left, "ann stays in zeta, on socket a2");
        return leave(bus, "zeta", "a2");
      })
      .compose(left -> {
        assertEquals(new JsonObject().put("count", 1).put("shared", false), left, "the last ann left zeta");
        return bus.<JsonArray>request(Addresses.ROOMS_LIST, null);
      })
      .compose(list -> {
        assertEquals(new JsonArray("[{\"name\":\"alpha\",\"count\":1},{\"name\":\"zeta\",\"count\":1}]"), list.body());
        return leave(bus, "alpha", "a");
      })
      .compose(left -> {
        assertEquals(0, left.getInteger("count"));
        return bus.<JsonArray>request(Addresses.ROOMS_LIST, null);
      })
      .onComplete(test.succeeding(list -> test.verify(() -> {
        assertEquals(new JsonArray("[{\"name\":\"zeta\",\"count\":1}]"), list.body(), "an empty room disappears");
        assertEquals(7, changes.size(), "one change per join or leave, each with the room's new count");
        assertEquals(new JsonObject().put("name", "zeta").put("count", 3), changes.get(3));
        assertEquals(new JsonObject().put("name", "alpha").put("count", 0), changes.get(6), "0: the room is gone");
        test.completeNow();
      })));
  }

  private static io.vertx.core.Future<JsonObject> join(io.vertx.core.eventbus.EventBus bus, String room, String member, String nickname) {
    return bus.<JsonObject>request(Addresses.ROOMS_JOIN, new JsonObject().put("room", room).put("member", member).put("nickname", nickname))
      .map(reply -> withoutVersion(reply.body()));
  }

  /** A change's {@code {count, shared}}, checking that it carries a version (the room's, which grows with each change). */
  private static JsonObject withoutVersion(JsonObject change) {
    Long version = change.getLong("version");
    assertTrue(version != null && version > 0, change.encode());
    JsonObject rest = change.copy();
    rest.remove("version");
    return rest;
  }

  private static io.vertx.core.Future<JsonObject> leave(io.vertx.core.eventbus.EventBus bus, String room, String member) {
    return bus.<JsonObject>request(Addresses.ROOMS_LEAVE, new JsonObject().put("room", room).put("member", member))
      .map(reply -> withoutVersion(reply.body()));
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
