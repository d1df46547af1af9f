package io.roomcast.server;

import io.roomcast.testing.Clusters;
import io.roomcast.testing.Poll;
import io.roomcast.testing.Ports;
import io.roomcast.testing.RoomcastProcess;
import io.vertx.core.json.JsonObject;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar target/roomcast.jar --cluster} processes for tests whose subject is not how
 * members find each other (LauncherIT covers that): a cluster of their own, which other clusters
 * on the machine cannot slow down or split, started one member after the other.
 *
 * <pre>{@code
 * List<Map<String, String>> envs = ClusterMembers.isolated(2);
 * try (RoomcastProcess one = ClusterMembers.start(envs.get(0));
 *      RoomcastProcess two = ClusterMembers.start(envs.get(1))) {
 *   ClusterMembers.awaitMembers(2, one, two);
 * }
 * }</pre>
 */
final class ClusterMembers {

  private static final Duration START = Duration.ofSeconds(60);

  private ClusterMembers() {
  }

  /**
   * The environments of {@code count} members of one new cluster: a random cluster name, from
   * which the members derive a Hazelcast port range of the cluster's own (ClusterConfig), away
   * from 5701 and up, where other runs on the same machine live: a frozen or busy member of
   * theirs there could hold up the join.
   */
  static List<Map<String, String>> isolated(int count) {
    String name = Clusters.randomName();
    List<Map<String, String>> envs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      envs.add(Map.of("ROOMCAST_CLUSTER_NAME", name));
    }
    return envs;
  }

  /** Starts a member on a free HTTP port; returns once its {@code /health} answers (it has joined or founded its cluster). */
  static RoomcastProcess start(Map<String, String> env) {
    RoomcastProcess process = RoomcastProcess.start(Ports.free(), env, "--cluster");
    try {
      Poll.until(START, "/health on port " + process.httpPort() + " to answer", () -> {
        assertTrue(process.process().isAlive(), () -> "process died:\n" + process.output());
        return health(process);
      });
      return process;
    } catch (AssertionError | RuntimeException e) {
      String output = process.output();
      process.close();
      throw new AssertionError(e.getMessage() + "; output:\n" + output, e);
    }
  }

  /** Waits until each node's {@code /health} lists {@code count} members; returns the last one. */
  static JsonObject awaitMembers(int count, RoomcastProcess... nodes) {
    JsonObject last = null;
    for (RoomcastProcess node : nodes) {
      last = Poll.until(START, "/health on port " + node.httpPort() + " to list " + count + " members", () -> {
        assertTrue(node.process().isAlive(), () -> "process died:\n" + node.output());
        JsonObject health = health(node);
        return health != null && health.getJsonArray("members").size() == count ? health : null;
      });
    }
    return last;
  }

  /** Waits until each node's {@code /health} counts {@code count} sockets online, cluster-wide (no ghost of a node gone). */
  static void awaitOnline(int count, RoomcastProcess... nodes) {
    for (RoomcastProcess node : nodes) {
      Poll.until(START, "/health on port " + node.httpPort() + " to count " + count + " sockets online", () -> {
        JsonObject health = health(node);
        return health != null && health.getInteger("online") == count ? health : null;
      });
    }
  }

  /** The node's {@code /health}, or null while it does not answer. */
  static JsonObject health(RoomcastProcess node) {
    HttpResponse<String> response = node.get("/health");
    return response == null || response.statusCode() != 200 ? null : new JsonObject(response.body());
  }
}
