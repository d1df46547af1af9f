package io.roomcast.server.presence;

import com.hazelcast.core.HazelcastInstance;
import io.roomcast.server.ClusterView;
import io.roomcast.testing.Clusters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The contract on the Hazelcast store, with a second member of the same cluster that must hear
 * every change the first one makes, and a store started later that must find the entries there.
 */
class HazelcastPresenceStoreTest extends PresenceStoreContract {

  private static final List<Vertx> MEMBERS = new ArrayList<>();

  private final List<PresenceStore> stores = new ArrayList<>();
  private final Heard heardOnOther = new Heard();

  @BeforeAll
  static void cluster() {
    String cluster = Clusters.randomName();
    MEMBERS.add(await(Clusters.member(cluster)));
    MEMBERS.add(await(Clusters.member(cluster)));
  }

  @AfterAll
  static void closeCluster() {
    MEMBERS.forEach(member -> await(member.close()));
    MEMBERS.clear();
  }

  @BeforeEach
  void stores() {
    store = start(0, heard);
    start(1, heardOnOther);
  }

  @AfterEach
  void closeStores() {
    stores.forEach(opened -> await(opened.close()));
  }

  private PresenceStore start(int member, Heard listener) {
    Vertx vertx = MEMBERS.get(member);
    HazelcastInstance hazelcast = new ClusterView(vertx).hazelcast().orElseThrow();
    PresenceStore started = await(HazelcastPresenceStore.start(vertx, hazelcast, listener));
    stores.add(started);
    return started;
  }

  @Test
  void theOtherMemberHearsEveryChangeAndALaterStoreFindsTheEntries() {
    String node = "n-" + run;
    OnlineSocket guest = OnlineSocket.of("guest", node, List.of());
    OnlineSocket ann = OnlineSocket.of("Ann", node, List.of("r"));
    OnlineSocket bob = OnlineSocket.of("Bob", node, List.of());
    await(Future.all(store.put("a-" + run, ann), store.put("b-" + run, guest)));
    await(store.put("b-" + run, bob));
    assertEquals(Map.of(
        "a-" + run, List.of(new Change("a-" + run, null, ann)),
        "b-" + run, List.of(new Change("b-" + run, null, guest), new Change("b-" + run, guest, bob))),
      bySocket(heardOnOther.await(0, 3)), "the other member hears each change, with the entry before it");

    Heard later = new Heard();
    PresenceStore late = start(1, later);
    assertEquals(ann, late.existing().get("a-" + run));
    assertEquals(bob, late.existing().get("b-" + run));

    // Both purge, as two survivors would; a marker per socket after it (see the contract's purge test).
    int mark = heardOnOther.mark();
    await(Future.all(store.purgeNode(node), late.purgeNode(node)));
    OnlineSocket marker = OnlineSocket.of("back", "elsewhere-" + run, List.of());
    await(Future.all(store.put("a-" + run, marker), store.put("b-" + run, marker)));
    Map<String, List<Change>> expected = Map.of(
      "a-" + run, List.of(new Change("a-" + run, ann, null), new Change("a-" + run, null, marker)),
      "b-" + run, List.of(new Change("b-" + run, bob, null), new Change("b-" + run, null, marker)));
    assertEquals(expected, bySocket(heardOnOther.await(mark, 4)), "each removal heard once, though two members purged");
    assertEquals(expected, bySocket(later.await(0, 4)), "the later store hears the same");
  }
}
