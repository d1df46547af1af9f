package io.roomcast.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The load generator's entry point: starts Roomcast ({@code target/roomcast.jar}) and the Node.js
 * socket.io reference ({@code bench/node-server}) one after the other on CPU 0, runs scenarios a,
 * b, d (and c, two-instance clusters; e, mass join, on fresh servers of its own) against each from
 * this JVM, and writes {@code <out>/results.md}. Run it pinned to another CPU: {@code bench/run.sh} does.
 *
 * <p>Arguments are {@code key=value}; see {@link #DEFAULTS}. {@code scenarios=massJoin} runs only
 * scenario e, {@code servers=Roomcast} only Roomcast.
 */
public final class BenchRun {

  static final List<String> SCENARIOS = List.of("idle", "fanout", "cross", "churn", "massJoin");

  static final Map<String, String> DEFAULTS = Map.ofEntries(
    Map.entry("jar", "target/roomcast.jar"),
    // Extra JVM options for the Roomcast servers, space-separated (e.g. a JFR recording of a whole run).
    Map.entry("roomcastJvm", ""),
    Map.entry("nodeServer", "bench/node-server/server.js"),
    Map.entry("out", "target/bench"),
    Map.entry("serverCpu", "0"),
    // Which scenarios run (a subset of idle,fanout,cross,churn,massJoin) and against which servers (Roomcast,Node).
    Map.entry("scenarios", String.join(",", SCENARIOS)),
    Map.entry("servers", "Roomcast,Node"),
    Map.entry("idle", "1000,5000,10000,19000"),
    Map.entry("members", "1000"),
    Map.entry("rates", "10,20,40,80"),
    Map.entry("phaseSeconds", "5"),
    Map.entry("warmupSeconds", "3"),
    Map.entry("churnSeconds", "10"),
    Map.entry("churnLanes", "16"),
    // false drops scenario c, as leaving cross out of scenarios does.
    Map.entry("cross", "true"),
    // Scenario e: N connections (0 skips it), the rooms of its phase 2, clients arriving at once, the
    // bound of each phase, of the wait for the last frames after it, and the RSS sampling period.
    Map.entry("massJoin", "18000"),
    Map.entry("massJoinRooms", "100"),
    // Clients of each phase in an unmeasured round against throwaway servers before the first phase,
    // so this generator's JIT is warm when the measured ramps start; 0 = none.
    Map.entry("massJoinWarmup", "4000"),
    Map.entry("massJoinInFlight", "200"),
    Map.entry("massJoinTimeoutSeconds", "600"),
    Map.entry("massJoinDrainSeconds", "60"),
    Map.entry("massJoinSampleMillis", "20"),
    Map.entry("roomcastPort", "18080"),
    Map.entry("nodePort", "18090"),
    Map.entry("redisPort", "16390"));

  private final Map<String, String> options;
  private final Path out;
  private final Vertx vertx = Vertx.vertx();
  private final WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000));
  private boolean massJoinWarm;

  private BenchRun(Map<String, String> options) {
    this.options = options;
    this.out = Path.of(options.get("out"));
    for (String scenario : list("scenarios")) {
      if (SCENARIOS.stream().noneMatch(scenario::equalsIgnoreCase)) {
        throw new IllegalArgumentException("unknown scenario " + scenario + "; known: " + SCENARIOS);
      }
    }
    for (String server : list("servers")) {
      if (!server.equalsIgnoreCase("Roomcast") && !server.equalsIgnoreCase("Node")) {
        throw new IllegalArgumentException("unknown server " + server + "; known: Roomcast, Node");
      }
    }
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> options = new HashMap<>(DEFAULTS);
    for (String arg : args) {
      if (arg.isBlank()) {
        continue;
      }
      String[] kv = arg.split("=", 2);
      if (kv.length != 2 || !DEFAULTS.containsKey(kv[0])) {
        throw new IllegalArgumentException("unknown argument " + arg + "; known: " + DEFAULTS.keySet());
      }
      options.put(kv[0], kv[1]);
    }
    BenchRun run = new BenchRun(options);
    try {
      run.run();
    } finally {
      run.vertx.close();
    }
    System.exit(0);
  }

  private void run() throws IOException {
    Files.createDirectories(out);
    String loadBefore = Machine.loadAverage();
    boolean withRoomcast = runs("servers", "Roomcast");
    boolean withNode = runs("servers", "Node");
    ServerResults roomcast = withRoomcast ? single("Roomcast", this::startRoomcast, ServerProbe.Kind.JVM) : ServerResults.none("Roomcast");
    ServerResults node = withNode ? single("Node", this::startNode, ServerProbe.Kind.NODE) : ServerResults.none("Node");
    if (runs("scenarios", "cross") && Boolean.parseBoolean(options.get("cross"))) {
      roomcast = withRoomcast ? roomcast.withCross(crossRoomcast()) : roomcast;
      node = withNode ? node.withCross(crossNode()) : node;
    }
    if (runs("scenarios", "massJoin") && Integer.parseInt(options.get("massJoin")) > 0) {
      roomcast = withRoomcast ? roomcast.withMassJoin(massJoin("Roomcast", this::startRoomcast, ServerProbe.Kind.JVM)) : roomcast;
      node = withNode ? node.withMassJoin(massJoin("Node", this::startNode, ServerProbe.Kind.NODE)) : node;
      write("mass-join-timeline.md", BenchReport.massJoinTimeline(roomcast, node));
    }
    String report = "## One run, " + java.time.ZonedDateTime.now().withNano(0) + "\n\n" + Machine.describe() + "\n"
      + "Load average (1, 5, 15 min; other work on this machine shares both CPUs): " + loadBefore + " at the start, "
      + Machine.loadAverage() + " at the end.\n\n" + settings() + "\n" + BenchReport.render(roomcast, node);
    Files.writeString(out.resolve("results.md"), report);
    System.out.println(report);
    Path jfr = out.resolve("roomcast-fanout.jfr");
    if (Files.exists(jfr)) {
      String profile = JfrSummary.summarize(jfr, 20);
      Files.writeString(out.resolve("roomcast-fanout-profile.md"), profile);
      System.out.println(profile);
    }
  }

  private interface Starter {
    /** Starts the server on {@code port}, its output to {@code <out>/<log>}. */
    ServerProcess start(int port, String log);
  }

  /** Scenarios a, b and d (those that run) on one server. */
  private ServerResults single(String name, Starter starter, ServerProbe.Kind kind) {
    boolean idleRuns = runs("scenarios", "idle");
    boolean fanOutRuns = runs("scenarios", "fanout");
    boolean churnRuns = runs("scenarios", "churn");
    if (!idleRuns && !fanOutRuns && !churnRuns) {
      return ServerResults.none(name);
    }
    int port = port(name);
    log("starting " + name);
    try (ServerProcess server = starter.start(port, name.toLowerCase(Locale.ROOT) + ".log").awaitReady(vertx, client, 120)) {
      ServerProbe probe = new ServerProbe(server.pid(), kind, vertx, port);
      IdleScenario.Result idle = null;
      if (idleRuns) {
        log(name + ": a. idle connections");
        idle = IdleScenario.run(vertx, client, port, probe, ints("idle"), true);
        if (idle.classHistogram() != null) {
          write("roomcast-idle-class-histogram.txt", idle.classHistogram());
        }
      }
      FanOutScenario.Result fanOut = null;
      if (fanOutRuns) {
        log(name + ": b. fan-out");
        FanOutScenario.Profiler profiler = kind == ServerProbe.Kind.JVM ? jfr(probe) : null;
        fanOut = fanOut(port, port, probe, profiler);
      }
      ChurnScenario.Result churn = null;
      if (churnRuns) {
        log(name + ": d. churn");
        churn = ChurnScenario.run(client, port, probe, Integer.parseInt(options.get("churnLanes")),
          seconds("warmupSeconds"), seconds("churnSeconds"));
      }
      return new ServerResults(name, idle, fanOut, churn, null);
    }
  }

  /**
   * Scenario e on {@code name}: phase 1 (connect only) and phase 2 (connect + enter_room), each on a
   * server started for it alone (phase 2 on the port after the cluster's two, so no socket of
   * phase 1 lingers on it), killed at the end of its phase.
   */
  private MassJoinScenario.Result massJoin(String name, Starter starter, ServerProbe.Kind kind) {
    MassJoinScenario.Settings settings = new MassJoinScenario.Settings(Integer.parseInt(options.get("massJoin")),
      Integer.parseInt(options.get("massJoinRooms")), Integer.parseInt(options.get("massJoinInFlight")),
      Long.parseLong(options.get("massJoinTimeoutSeconds")), Long.parseLong(options.get("massJoinDrainSeconds")),
      Long.parseLong(options.get("massJoinSampleMillis")));
    if (settings.rooms() < 1) {
      throw new IllegalArgumentException("massJoinRooms must be at least 1");
    }
    List<String> errors = new ArrayList<>();
    String prefix = name.toLowerCase(Locale.ROOT) + "-mass-join-";
    int warmup = Math.min(Integer.parseInt(options.get("massJoinWarmup")), settings.connections());
    if (!massJoinWarm && warmup > 0) {
      // Both phases' paths, each against a throwaway server: the JIT of this generator compiles them now, not in the ramps.
      log(name + ": e. mass join, warming up this generator (" + warmup + " clients of each phase, not measured)");
      MassJoinScenario.Settings small = new MassJoinScenario.Settings(warmup, settings.rooms(), settings.inFlight(),
        Math.min(settings.timeoutSeconds(), 300), 5, settings.sampleMillis());
      massJoinPhase(name, starter, kind, port(name) + 4, prefix + "warmup.log", small, 0, "warm-up, connect only", new ArrayList<>());
      massJoinPhase(name, starter, kind, port(name) + 4, prefix + "warmup.log", small, settings.rooms(), "warm-up, connect + enter_room",
        new ArrayList<>());
      massJoinWarm = true;
    }
    log(name + ": e. mass join, phase 1 (connect only)");
    MassJoinScenario.Phase connectOnly = massJoinPhase(name, starter, kind, port(name), prefix + "connect.log", settings, 0,
      "connect only", errors);
    log(name + ": e. mass join, phase 2 (connect + enter_room)");
    MassJoinScenario.Phase enterRoom = massJoinPhase(name, starter, kind, port(name) + 3, prefix + "enter-room.log", settings,
      settings.rooms(), "connect + enter_room", errors);
    return new MassJoinScenario.Result(connectOnly, enterRoom, settings, errors.isEmpty() ? null : String.join("; ", errors));
  }

  private MassJoinScenario.Phase massJoinPhase(String name, Starter starter, ServerProbe.Kind kind, int port, String log,
                                               MassJoinScenario.Settings settings, int rooms, String label,
                                               List<String> errors) {
    log("starting " + name + " on " + port + " for mass join " + label);
    try (ServerProcess server = starter.start(port, log).awaitReady(vertx, client, 120)) {
      ServerProbe probe = new ServerProbe(server.pid(), kind, vertx, port);
      return MassJoinScenario.phase(vertx, client, port, probe, settings, rooms, name + " " + label, server::kill);
    } catch (IllegalStateException e) {
      log(name + " mass join " + label + " failed: " + e.getMessage());
      errors.add(label + ": " + e.getMessage());
      return null;
    }
  }

  private int port(String name) {
    return Integer.parseInt(options.get(name.equals("Roomcast") ? "roomcastPort" : "nodePort"));
  }

  private FanOutScenario.Result fanOut(int senderPort, int memberPort, ServerProbe probe, FanOutScenario.Profiler profiler) {
    return FanOutScenario.run(vertx, client, senderPort, memberPort, probe, Integer.parseInt(options.get("members")),
      ints("rates"), seconds("phaseSeconds"), seconds("warmupSeconds"), profiler, BenchReport.TARGET_RATE);
  }

  /** JFR with the profile settings, only around the extra fan-out phase, so the reported phases run without it. */
  private FanOutScenario.Profiler jfr(ServerProbe probe) {
    Path file = out.resolve("roomcast-fanout.jfr").toAbsolutePath();
    return new FanOutScenario.Profiler() {
      @Override
      public void start() {
        probe.jcmd("JFR.start", "name=fanout", "settings=profile", "filename=" + file);
      }

      @Override
      public void stop() {
        probe.jcmd("JFR.stop", "name=fanout");
      }
    };
  }

  private ServerProcess startRoomcast(int port, String log) {
    return ServerProcess.start("Roomcast", options.get("serverCpu"), roomcastCommand(),
      roomcastEnv(port), port, out.resolve(log));
  }

  private List<String> roomcastCommand() {
    String extra = options.get("roomcastJvm").trim();
    return ServerProcess.java(Path.of(options.get("jar")), extra.isEmpty() ? new String[0] : extra.split("\\s+"));
  }

  private ServerProcess startNode(int port, String log) {
    return ServerProcess.start("Node", options.get("serverCpu"), List.of("node", "--expose-gc", options.get("nodeServer")),
      Map.of("PORT", Integer.toString(port)), port, out.resolve(log));
  }

  /** The chat's per-connection rate limit (20/s) would refuse the single sender above 20 msg/s. */
  private static Map<String, String> roomcastEnv(int port) {
    Map<String, String> env = new HashMap<>();
    env.put("ROOMCAST_HTTP_PORT", Integer.toString(port));
    env.put("ROOMCAST_HTTP_HOST", "127.0.0.1");
    env.put("ROOMCAST_CHAT_EVENTS_PER_SECOND", "100000");
    return env;
  }

  private FanOutScenario.Result crossRoomcast() {
    int a = Integer.parseInt(options.get("roomcastPort")) + 1;
    int b = a + 1;
    String cluster = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    log("starting a two-instance Roomcast cluster " + cluster);
    List<ServerProcess> servers = new ArrayList<>();
    try {
      Path clusterConfig = benchClusterConfig();
      for (int port : new int[] {a, b}) {
        Map<String, String> env = roomcastEnv(port);
        env.put("ROOMCAST_CLUSTER_NAME", cluster);
        env.put("ROOMCAST_CLUSTER_CONFIG", clusterConfig.toAbsolutePath().toString());
        servers.add(ServerProcess.start("Roomcast " + port, options.get("serverCpu"),
          withArgs(roomcastCommand(), "--cluster"), env, port, out.resolve("roomcast-" + port + ".log")));
      }
      for (ServerProcess server : servers) {
        server.awaitReady(vertx, client, 180);
      }
      awaitMembers(a, 2, 90);
      Await.pause(vertx, 3000); // the adapters' heartbeats have met too
      ServerProbe probe = new ServerProbe(servers.stream().mapToLong(ServerProcess::pid).toArray(), ServerProbe.Kind.JVM, vertx, a);
      log("Roomcast: c. cross-instance fan-out");
      return fanOut(a, b, probe, null);
    } catch (IllegalStateException e) {
      log("Roomcast cross-instance failed: " + e.getMessage());
      return null;
    } finally {
      servers.forEach(ServerProcess::close);
    }
  }

  /**
   * conf/cluster.xml on ports 5781-5790 instead of 5701-5720, where the tests' clusters of other
   * builds on this machine may be: a member that lands among them can stay alone.
   */
  private Path benchClusterConfig() {
    try {
      String xml = Files.readString(Path.of("conf/cluster.xml"));
      String moved = xml.replace("port-count=\"20\">5701<", "port-count=\"10\">5781<");
      if (moved.equals(xml)) {
        throw new IllegalStateException("conf/cluster.xml has no port 5701 range to move");
      }
      Path file = out.resolve("cluster.xml");
      Files.writeString(file, moved);
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the bench cluster config", e);
    }
  }

  /** Waits until {@code GET /health} on {@code port} lists {@code count} cluster members. */
  private void awaitMembers(int port, int count, int seconds) {
    io.vertx.core.http.HttpClient http = vertx.createHttpClient();
    try {
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      int members = 0;
      while (System.nanoTime() < deadline) {
        io.vertx.core.buffer.Buffer body = Await.result(http.request(io.vertx.core.http.HttpMethod.GET, port, "127.0.0.1", "/health")
          .compose(request -> request.send().compose(response -> response.body())), 10, "GET /health");
        io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonObject(body).getJsonArray("members");
        members = list == null ? 0 : list.size();
        if (members >= count) {
          return;
        }
        Await.pause(vertx, 500);
      }
      throw new IllegalStateException("the cluster has " + members + " members after " + seconds + " s, not " + count);
    } finally {
      http.close();
    }
  }

  private FanOutScenario.Result crossNode() {
    int a = Integer.parseInt(options.get("nodePort")) + 1;
    int b = a + 1;
    int redisPort = Integer.parseInt(options.get("redisPort"));
    List<ServerProcess> servers = new ArrayList<>();
    try {
      log("starting redis-server and two Node instances with @socket.io/redis-adapter");
      servers.add(ServerProcess.start("redis-server", options.get("serverCpu"),
        List.of("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
        Map.of(), redisPort, out.resolve("redis.log")));
      Await.pause(vertx, 1000);
      for (int port : new int[] {a, b}) {
        servers.add(ServerProcess.start("Node " + port, options.get("serverCpu"), List.of("node", "--expose-gc", options.get("nodeServer")),
          Map.of("PORT", Integer.toString(port), "REDIS_URL", "redis://127.0.0.1:" + redisPort), port, out.resolve("node-" + port + ".log")));
      }
      for (ServerProcess server : servers.subList(1, 3)) {
        server.awaitReady(vertx, client, 60);
      }
      ServerProbe probe = new ServerProbe(servers.stream().mapToLong(ServerProcess::pid).toArray(), ServerProbe.Kind.NODE, vertx, a);
      log("Node: c. cross-instance fan-out");
      return fanOut(a, b, probe, null);
    } catch (IllegalStateException e) {
      log("Node cross-instance failed: " + e.getMessage());
      return null;
    } finally {
      servers.forEach(ServerProcess::close);
    }
  }

  private void write(String file, String text) {
    try {
      Files.writeString(out.resolve(file), text);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file, e);
    }
  }

  private static List<String> withArgs(List<String> command, String... args) {
    List<String> line = new ArrayList<>(command);
    line.addAll(Arrays.asList(args));
    return line;
  }

  private String settings() {
    return String.format(Locale.ROOT, "Settings: scenarios %s on %s%s; idle steps %s; fan-out %s members, rates %s msg/s, %s s per rate after %s s warm-up; "
        + "churn %s s (after the same warm-up) with %s concurrent loops; mass join %s connections, %s rooms, %s arriving at once, "
        + "%s s per phase at most, RSS sampled every %s ms, after a warm-up of %s clients. Servers on CPU %s, this generator on the other.%n",
      options.get("scenarios"), options.get("servers"), Boolean.parseBoolean(options.get("cross")) ? "" : " (cross=false)",
      options.get("idle"), options.get("members"), options.get("rates"), options.get("phaseSeconds"), options.get("warmupSeconds"),
      options.get("churnSeconds"), options.get("churnLanes"), options.get("massJoin"), options.get("massJoinRooms"),
      options.get("massJoinInFlight"), options.get("massJoinTimeoutSeconds"), options.get("massJoinSampleMillis"),
      options.get("massJoinWarmup"), options.get("serverCpu"));
  }

  private List<String> list(String key) {
    return Arrays.stream(options.get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Whether the comma-separated setting {@code key} names {@code value} (any case). */
  private boolean runs(String key, String value) {
    return list(key).stream().anyMatch(value::equalsIgnoreCase);
  }

  private int[] ints(String key) {
    return Arrays.stream(options.get(key).split(",")).mapToInt(Integer::parseInt).toArray();
  }

  private long seconds(String key) {
    return Long.parseLong(options.get(key)) * 1000;
  }

  private static void log(String message) {
    System.out.println("bench: " + message);
  }

}
