package io.roomcast.server;

import io.roomcast.testing.Clusters;
import io.roomcast.testing.HttpGet;
import io.roomcast.testing.Ports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two clustered nodes in this JVM, each with the full set of verticles. */
@ExtendWith(VertxExtension.class)
class ClusteredNodesTest {

  private final List<Vertx> nodes = new ArrayList<>();

  @AfterEach
  void closeNodes() throws Exception {
    for (Vertx node : nodes) {
      node.close().await(20, TimeUnit.SECONDS);
    }
  }

  private Future<Integer> startNode(String clusterName) {
    int port = Ports.free();
    JsonObject config = new JsonObject().put("http", new JsonObject().put("port", port).put("host", "127.0.0.1"));
    return Clusters.member(clusterName)
      .compose(vertx -> {
        nodes.add(vertx);
        return vertx.deployVerticle(RoomcastVerticle.class.getName(), new DeploymentOptions().setConfig(config));
      })
      .map(id -> port);
  }

  /** Polls {@code /health} on {@code port} until {@code condition} holds. */
  private static Future<JsonObject> healthUntil(Vertx vertx, int port, Predicate<JsonObject> condition) {
    Promise<JsonObject> result = Promise.promise();
    vertx.setPeriodic(0, 50, timer -> HttpGet.get(vertx, port, "/health").onSuccess(response -> {
      if (response.status() == 200 && condition.test(response.json()) && result.tryComplete(response.json())) {
        vertx.cancelTimer(timer);
      }
    }));
    return result.future();
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void eachNodeSeesBothMembersAndANodeThatLeavesIsReported(Vertx vertx, VertxTestContext test) {
    String cluster = Clusters.randomName();
    Set<String> departures = new HashSet<>();
    startNode(cluster).compose(portA -> startNode(cluster).compose(portB -> {
      Predicate<JsonObject> twoMembers = h -> h.getJsonArray("members").size() == 2;
      return Future.all(healthUntil(vertx, portA, twoMembers), healthUntil(vertx, portB, twoMembers))
        .compose(both -> {
          JsonObject a = both.resultAt(0);
          JsonObject b = both.resultAt(1);
          test.verify(() -> {
            assertTrue(a.getBoolean("clustered"));
            assertEquals(Set.copyOf(a.getJsonArray("members").getList()), Set.copyOf(b.getJsonArray("members").getList()));
            assertTrue(a.getJsonArray("members").contains(b.getString("nodeId")));
            assertTrue(b.getJsonArray("members").contains(a.getString("nodeId")));
          });
          Vertx nodeA = nodes.get(0);
          nodeA.eventBus().<JsonObject>localConsumer(Addresses.PRESENCE_NODE_CHANGED, m -> {
            if ("left".equals(m.body().getString("event"))) {
              departures.add(m.body().getString("node"));
            }
          });
          Vertx nodeB = nodes.remove(1);
          return nodeB.close()
            .compose(closed -> healthUntil(vertx, portA, h -> h.getJsonArray("members").size() == 1))
            .map(after -> {
              test.verify(() -> {
                assertEquals(new JsonArray().add(a.getString("nodeId")), after.getJsonArray("members"));
                assertEquals(Set.of(b.getString("nodeId")), departures, "presence announces the node that left");
              });
              return after;
            });
        });
    })).onComplete(test.succeedingThenComplete());
  }
}
