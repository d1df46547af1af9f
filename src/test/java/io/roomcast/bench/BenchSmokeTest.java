package io.roomcast.bench;

import io.roomcast.testing.InProcessRoomcast;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each scenario of the load generator at a tiny size against an in-process Roomcast, so the
 * harness does not rot. Asserts that it produced numbers, never how good they are.
 */
class BenchSmokeTest {

  private static Vertx vertx;
  private static WebSocketClient client;
  private static int port;
  private static ServerProbe probe;

  @BeforeAll
  static void deploy() {
    vertx = Vertx.vertx();
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1000));
    InProcessRoomcast server = InProcessRoomcast.deploy(vertx, 1, new JsonObject());
    port = URI.create(server.url()).getPort();
    probe = new ServerProbe(ProcessHandle.current().pid(), ServerProbe.Kind.JVM, vertx, port);
  }

  @AfterAll
  static void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void idleConnectionsAreCountedAndMeasured() {
    IdleScenario.Result result = IdleScenario.run(vertx, client, port, probe, new int[] {10, 20}, true);

    assertNull(result.stoppedBy());
    assertEquals(3, result.steps().size());
    assertEquals(20, result.last().connections());
    assertTrue(result.last().rssBytes() > 0);
    assertTrue(result.last().heapBytes() > 0);
    assertTrue(result.classHistogram().contains("java.lang.String"), result.classHistogram());
  }

  @Test
  void fanOutDeliversAndRecordsLatencies() {
    int[] profiled = {0};
    FanOutScenario.Profiler profiler = new FanOutScenario.Profiler() {
      @Override
      public void start() {
        profiled[0]++;
      }

      @Override
      public void stop() {
        profiled[0]++;
      }
    };

    FanOutScenario.Result result = FanOutScenario.run(vertx, client, port, port, probe, 20, new int[] {10, 20}, 1000, 200,
      profiler, 10);

    assertEquals(2, result.phases().size());
    for (FanOutScenario.Phase phase : result.phases()) {
      assertTrue(phase.sent() > 0, "sent in " + phase);
      assertTrue(phase.deliveries() > 0, "deliveries in " + phase);
      assertEquals(phase.deliveries(), phase.latencyMicros().getTotalCount());
      assertTrue(phase.usage().serverCpuNanos() >= 0);
    }
    assertEquals(2, profiled[0]);
  }

  @Test
  void churnConnectsAndDisconnects() {
    ChurnScenario.Result result = ChurnScenario.run(client, port, probe, 4, 200, 1000);

    assertTrue(result.connects() > 0);
    assertEquals(result.connects(), result.connectMicros().getTotalCount());
    assertTrue(result.connectsPerSecond() > 0);
  }

  @Test
  void massJoinConnectsEntersAndCountsTheRoomLists() {
    MassJoinScenario.Phase phase = MassJoinScenario.phase(vertx, client, port, probe,
      new MassJoinScenario.Settings(50, 5, 50, 60, 5, 20), 5, "smoke", null);

    assertTrue(phase.completed(), phase.firstError());
    assertEquals(50, phase.done());
    assertTrue(phase.total().roomChangeFrames() > 0, "room_change counted");
  }

  @Test
  void theReportShowsBothServersAndTheTargets() {
    IdleScenario.Result idle = IdleScenario.run(vertx, client, port, probe, new int[] {5}, false);
    FanOutScenario.Result fanOut = FanOutScenario.run(vertx, client, port, port, probe, 5, new int[] {BenchReport.TARGET_RATE},
      500, 100, null, 0);
    ChurnScenario.Result churn = ChurnScenario.run(client, port, probe, 2, 100, 500);
    ServerResults results = new ServerResults("Roomcast", idle, fanOut, churn, null);

    String report = BenchReport.render(results, results);

    assertTrue(report.contains("### a. idle connections"), report);
    assertTrue(report.contains("### b. fan-out"), report);
    assertTrue(report.contains("### d. churn"), report);
    assertTrue(report.contains("server CPU per connect"), report);
  }
}
