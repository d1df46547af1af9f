package io.roomcast.server.rooms;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link RoomStore} does, run against the memory one and the Hazelcast one: counts,
 * whether a nickname is shared in a room (the same person on two connections), versions that grow
 * with every change of a room even across its deletion, and purges that read as one-by-one leaves.
 */
abstract class RoomStoreContract {

  /** Rooms and nodes of this test only: stores of one cluster share their map. */
  final String run = UUID.randomUUID().toString().substring(0, 8);

  /** The store under test: set by each implementation's test. */
  RoomStore store;

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void joinsAndLeavesCountAndTellWhetherTheNicknameIsShared() {
    String room = "r-" + run;
    MemberChange ann = await(store.join(room, "a", "Ann", "n1"));
    assertEquals(1, ann.count());
    assertFalse(ann.nicknameShared());
    MemberChange annAgain = await(store.join(room, "a2", "Ann", "n2"));
    assertEquals(2, annAgain.count());
    assertTrue(annAgain.nicknameShared(), "Ann was in the room already, on socket a");
    MemberChange bob = await(store.join(room, "b", "Bob", "n1"));
    assertFalse(bob.nicknameShared());
    assertTrue(ann.version() < annAgain.version() && annAgain.version() < bob.version(), "versions grow");

    MemberChange firstAnnLeft = await(store.leave(room, "a"));
    assertEquals(2, firstAnnLeft.count());
    assertTrue(firstAnnLeft.nicknameShared(), "Ann is still there, on socket a2");
    MemberChange lastAnnLeft = await(store.leave(room, "a2"));
    assertFalse(lastAnnLeft.nicknameShared());
    assertEquals(1, await(store.leave(room, "b")).count() + 1);
    assertEquals(List.of(), await(store.nicknames(room)));

    MemberChange again = await(store.join(room, "c", "Cy", "n1"));
    assertEquals(1, again.count());
    assertTrue(again.version() > lastAnnLeft.version(), "a room made again counts on from above its former self");
  }

  @Test
  void aPurgeReadsAsOneByOneLeavesAndTellsWhoseNicknameStays() {
    String room = "p-" + run;
    await(store.join(room, "x1", "Xan", "dead-" + run));
    await(store.join(room, "x2", "Xan", "dead-" + run));
    await(store.join(room, "y", "Yul", "dead-" + run));
    await(store.join(room, "z", "Zed", "alive-" + run));
    await(store.join(room, "y2", "Yul", "alive-" + run));
    List<Departure> departures = await(store.purgeNode("dead-" + run)).stream().filter(d -> d.room().equals(room)).toList();
    assertEquals(List.of("x1", "x2", "y"), departures.stream().map(Departure::member).toList());
    assertEquals(List.of(4, 3, 2), departures.stream().map(Departure::count).toList());
    assertEquals(List.of(true, false, true), departures.stream().map(Departure::nicknameShared).toList(),
      "Xan's first connection leaves while the second is still there; Yul stays on socket y2");
    assertTrue(departures.get(0).version() < departures.get(1).version() && departures.get(1).version() < departures.get(2).version());
    assertEquals(List.of("Zed", "Yul"), await(store.nicknames(room)));

    List<Departure> rest = await(store.purgeAllBut(Set.of("other-" + run))).stream().filter(d -> d.room().equals(room)).toList();
    assertEquals(List.of("z", "y2"), rest.stream().map(Departure::member).toList());
    assertFalse(store.counts().containsKey(room) && await(store.nicknames(room)).size() > 0);
  }
}
