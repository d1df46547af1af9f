package io.roomcast.server.presence;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The node's copy of presence: what it answers after each change, and the diffs each change makes. */
class PresenceViewTest {

  private final PresenceView view = new PresenceView();

  @Test
  void entersRenamesLeavesAndGoingOfflineAreDiffsOfTheRoomsTheyTouch() {
    OnlineSocket guest = OnlineSocket.of("guest-a", "n1", List.of());
    assertEquals(List.of(), view.apply("a", null, guest), "online in no room: no room changed");
    assertEquals(1, view.size());

    OnlineSocket inTwo = OnlineSocket.of("Ann", "n1", List.of("zeta", "alpha"));
    Member ann = new Member("a", "Ann", "n1");
    assertEquals(List.of(new RoomDiff("alpha", List.of(ann), List.of()), new RoomDiff("zeta", List.of(ann), List.of())),
      view.apply("a", guest, inTwo), "a rename and two rooms entered: each room gets a join (the old name was in none)");
    assertEquals(List.of("alpha", "zeta"), inTwo.rooms(), "rooms are kept sorted");
    assertEquals(List.of(ann), view.members("alpha"));

    OnlineSocket bob = OnlineSocket.of("bob", "n2", List.of("alpha"));
    view.apply("b", null, bob);
    assertEquals(List.of(ann, new Member("b", "bob", "n2")), view.members("alpha"), "by nickname, ignoring case");

    OnlineSocket renamed = OnlineSocket.of("Cy", "n1", List.of("alpha", "zeta"));
    Member cy = new Member("a", "Cy", "n1");
    assertEquals(List.of(new RoomDiff("alpha", List.of(cy), List.of(ann)), new RoomDiff("zeta", List.of(cy), List.of(ann))),
      view.apply("a", inTwo, renamed), "a rename in rooms: left with the old nickname, joined with the new one");

    OnlineSocket leftZeta = OnlineSocket.of("Cy", "n1", List.of("alpha"));
    assertEquals(List.of(new RoomDiff("zeta", List.of(), List.of(cy))), view.apply("a", renamed, leftZeta));
    assertEquals(List.of(), view.members("zeta"), "a room nobody is in has no members");

    assertEquals(List.of(new RoomDiff("alpha", List.of(), List.of(cy))), view.apply("a", leftZeta, null), "offline: left its rooms");
    assertEquals(List.of(new Member("b", "bob", "n2")), view.members("alpha"));
    assertEquals(List.of(Map.entry("b", bob)), view.online());
  }

  @Test
  void theSnapshotLoadedAtStartDoesNotUndoChangesHeardBeforeIt() {
    OnlineSocket old = OnlineSocket.of("Old", "n1", List.of("r"));
    OnlineSocket fresh = OnlineSocket.of("Fresh", "n1", List.of("s"));
    OnlineSocket other = OnlineSocket.of("Other", "n2", List.of("r"));
    view.apply("a", old, fresh);
    view.apply("gone", other, null);
    view.load(Map.of("a", old, "gone", other, "c", OnlineSocket.of("Cat", "n2", List.of("r"))));
    assertEquals(List.of("Cat", "Fresh"), view.online().stream().map(e -> e.getValue().nickname()).toList());
    assertEquals(List.of(new Member("c", "Cat", "n2")), view.members("r"));
  }

  @Test
  void theSameEntryAgainChangesNoRoom() {
    OnlineSocket entry = OnlineSocket.of("Ann", "n1", List.of("r"));
    view.apply("a", null, entry);
    assertEquals(List.of(), view.apply("a", entry, OnlineSocket.of("Ann", "n1", List.of("r"))));
  }
}
