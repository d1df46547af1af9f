package io.roomcast.server;

import io.roomcast.testing.HttpGet;
import io.roomcast.testing.Poll;
import io.roomcast.testing.Ports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.roomcast.server.PresenceProbe.diff;
import static io.roomcast.server.PresenceProbe.entry;
import static io.roomcast.server.PresenceProbe.member;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Presence of one node without a cluster, driven by official Java clients using the chat: who is
 * online with which nickname and rooms, each room's members, and the diffs a consumer on the node
 * hears, from connect to disconnect.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StandalonePresenceTest {

  private final List<JavaChatClient> clients = new ArrayList<>();
  private final OkHttpClient http = new OkHttpClient();

  @AfterEach
  void closeClients() {
    clients.forEach(JavaChatClient::close);
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Test
  void onlineSocketsRoomMembersAndDiffsFollowTheChat(Vertx vertx) throws Exception {
    int port = Ports.free();
    JsonObject config = new JsonObject().put("http", new JsonObject().put("port", port).put("host", "127.0.0.1"));
    vertx.deployVerticle(RoomcastVerticle.class.getName(), new DeploymentOptions().setConfig(config)).await(30, TimeUnit.SECONDS);
    // Each look bounded by its own timeout: one lost GET (seen once in CI) must not hang the test.
    String node = Poll.until(Duration.ofSeconds(30), "/health to name the node", () -> nodeId(vertx, port));
    PresenceProbe presence = PresenceProbe.on(vertx);

    JavaChatClient ann = connect("A", port);
    String a = ann.id();
    JsonObject guest = presence.awaitSocket(a, "A online on connect", entry -> entry != null);
    assertEquals(entry(a, "guest-" + a.substring(0, 6), node), guest, "the default nickname, in no room");
    ann.nickname("Ann");
    presence.awaitSocket(a, "A renamed", entry -> entry != null && entry.getString("nickname").equals("Ann"));

    int mark = presence.mark();
    ann.request("enter_room", "lobby");
    // The ack came after presence had it: no waiting needed from here on.
    assertEquals(entry(a, "Ann", node, "lobby"), presence.socket(a));
    JavaChatClient bob = connect("B", port).nickname("Bob");
    String b = bob.id();
    bob.request("enter_room", "side");
    bob.request("enter_room", "lobby");
    assertEquals(entry(b, "Bob", node, "lobby", "side"), presence.socket(b), "rooms sorted");
    assertEquals(new JsonArray().add(member(a, "Ann", node)).add(member(b, "Bob", node)), presence.room("lobby"));

    bob.nickname("al");
    assertEquals(new JsonArray().add(member(b, "al", node)).add(member(a, "Ann", node)), presence.room("lobby"),
      "renamed while in rooms: the ack came after presence had it; sorted ignoring case");
    ann.request("leave_room", "lobby");
    assertEquals(entry(a, "Ann", node), presence.socket(a));
    bob.close();
    presence.awaitSocket(b, "B offline after disconnecting", entry -> entry == null);
    assertEquals(new JsonArray(), presence.room("lobby"));

    JsonObject annIn = member(a, "Ann", node);
    JsonObject bobIn = member(b, "Bob", node);
    JsonObject alIn = member(b, "al", node);
    JsonObject renamed = new JsonObject().put("joined", new JsonArray().add(alIn)).put("left", new JsonArray().add(bobIn));
    assertEquals(List.of(
      diff("lobby", annIn, true),
      diff("side", bobIn, true),
      diff("lobby", bobIn, true),
      renamed.copy().put("room", "lobby"),
      renamed.copy().put("room", "side"),
      diff("lobby", annIn, false),
      diff("lobby", alIn, false),
      diff("side", alIn, false)), presence.awaitDiffs(mark, 8), "in order, one per room a change touched");

    assertEquals(1, health(vertx, port).getInteger("online"), "/health counts the sockets online");
    ann.close();
    Poll.until(Duration.ofSeconds(15), "/health online: 0", () -> health(vertx, port).getInteger("online") == 0 ? true : null);
    assertEquals(new JsonArray(), presence.online());
  }

  private JavaChatClient connect(String label, int port) {
    JavaChatClient client = JavaChatClient.connect(label, port, http);
    clients.add(client);
    return client;
  }

  private static JsonObject health(Vertx vertx, int port) {
    try {
      return HttpGet.get(vertx, port, "/health").await(15, TimeUnit.SECONDS).json();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("GET /health", e);
    }
  }

  private static String nodeId(Vertx vertx, int port) {
    try {
      return HttpGet.get(vertx, port, "/health").timeout(5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS)
        .json().getString("nodeId");
    } catch (java.util.concurrent.TimeoutException e) {
      return null;
    }
  }
}
