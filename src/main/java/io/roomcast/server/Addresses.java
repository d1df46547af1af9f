package io.roomcast.server;

/**
 * Event-bus addresses of Roomcast's verticles, in one place. Each says who sends and who consumes.
 */
public final class Addresses {

  private Addresses() {
  }

  /** Request, node-local. Sender: the gateway's {@code /health}. Consumer: {@link PresenceVerticle}; replies {@code {self, members}}. */
  public static final String PRESENCE_NODES = "roomcast.presence.nodes";

  /** Publish, node-local. Sender: {@link PresenceVerticle} when a cluster member appears or vanishes. Consumers: whoever cleans up after a node, {@code {node, event: "joined"|"left"}}. */
  public static final String PRESENCE_NODE_CHANGED = "roomcast.presence.node-changed";

  /** Request, node-local. Sender: the gateway. Consumer: {@link RoomManagerVerticle}; replies {@code [{name, count}]} sorted by name. */
  public static final String ROOMS_LIST = "roomcast.rooms.list";

  /** Request, node-local. Sender: the gateway's chat. Consumer: {@link RoomManagerVerticle}; {@code {room, member, nickname}}, replies {@code {count, history}}. */
  public static final String ROOMS_JOIN = "roomcast.rooms.join";

  /** Request, node-local. Sender: the gateway's chat. Consumer: {@link RoomManagerVerticle}; {@code {member, nickname}}: a member's new nickname. */
  public static final String ROOMS_RENAME = "roomcast.rooms.rename";

  /** Request, node-local. Sender: the gateway's chat. Consumer: {@link RoomManagerVerticle}; {@code {room}}, replies the sorted nicknames. */
  public static final String ROOMS_MEMBERS = "roomcast.rooms.members";

  /** Publish, cluster-wide. Sender: the gateway's chat, per message. Consumers: every {@link RoomManagerVerticle}, {@code {room, message}} joins the room's history. */
  public static final String ROOMS_HISTORY = "roomcast.rooms.history";

  /** Request, cluster-wide. Sender: a {@link RoomManagerVerticle} starting in a running cluster. Consumer: any other one; replies {@code {room: [messages]}}. */
  public static final String ROOMS_HISTORY_SNAPSHOT = "roomcast.rooms.history.snapshot";

  /** Publish, cluster-wide. Sender: the {@link RoomManagerVerticle} that purged a vanished node's members. Consumers: every gateway's chat, {@code {room, member, nickname, count}} for a {@code bye}. */
  public static final String ROOMS_DEPARTED = "roomcast.rooms.departed";

  /** Request, node-local. Sender: the gateway. Consumer: {@link RoomManagerVerticle}; {@code {room, member}}, replies the new count. */
  public static final String ROOMS_LEAVE = "roomcast.rooms.leave";

  /** Publish, node-local. Sender: {@link RoomManagerVerticle} after any change. Consumers: gateways, with the new {@code [{name, count}]}. */
  public static final String ROOMS_CHANGED = "roomcast.rooms.changed";
}
