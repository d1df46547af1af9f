package io.roomcast.server;

/**
 * Event-bus addresses of Roomcast's verticles, in one place. Each says who sends and who consumes.
 */
public final class Addresses {

  private Addresses() {
  }

  /** Request, node-local. Sender: the gateway's {@code /health}. Consumer: {@link PresenceVerticle}; replies {@code {self, clustered, members, online}} ({@code online}: sockets, cluster-wide). */
  public static final String PRESENCE_NODES = "roomcast.presence.nodes";

  /** Publish, node-local. Sender: {@link PresenceVerticle} when a cluster member appears or vanishes. Consumers: whoever cleans up after a node, {@code {node, event: "joined"|"left"}}. */
  public static final String PRESENCE_NODE_CHANGED = "roomcast.presence.node-changed";

  /**
   * Send or request, node-local. Sender: the gateway's chat, for its sockets (a send on connect, a
   * request when the chat waits). Consumer: {@link PresenceVerticle}; {@code {member, nickname, rooms}},
   * a socket's whole entry (no {@code rooms}: none); replies {@code null} once every node can read it.
   */
  public static final String PRESENCE_UPDATE = "roomcast.presence.update";

  /** Send, node-local. Sender: the gateway's chat when a socket disconnects. Consumer: {@link PresenceVerticle}; {@code {member}}. */
  public static final String PRESENCE_OFFLINE = "roomcast.presence.offline";

  /** Request, node-local. Sender: whoever wants the list (tools, tests). Consumer: {@link PresenceVerticle}; replies every online socket of the cluster, {@code [{id, nickname, node, rooms}]} sorted by nickname. */
  public static final String PRESENCE_ONLINE = "roomcast.presence.online";

  /** Request, node-local. Sender: whoever wants a room's members. Consumer: {@link PresenceVerticle}; {@code {room}}, replies {@code [{id, nickname, node}]} sorted by nickname, cluster-wide. */
  public static final String PRESENCE_ROOM = "roomcast.presence.room";

  /**
   * Publish, node-local, on every node. Sender: {@link PresenceVerticle}, for every change of a
   * room's members anywhere in the cluster (a vanished node's sockets included). Consumers: whoever
   * follows rooms, {@code {room, joined: [{id, nickname, node}], left: [...]}}; a rename is a leave
   * with the old nickname and a join with the new one.
   */
  public static final String PRESENCE_ROOM_CHANGED = "roomcast.presence.room-changed";

  /** Request, node-local. Sender: the gateway. Consumer: {@link RoomManagerVerticle}; replies {@code [{name, count}]} sorted by name. */
  public static final String ROOMS_LIST = "roomcast.rooms.list";

  /** Request, node-local. Sender: the gateway's chat. Consumer: {@link RoomManagerVerticle}; {@code {room, member, nickname}}, replies {@code {count, shared}} ({@code shared}: another member has that nickname). */
  public static final String ROOMS_JOIN = "roomcast.rooms.join";

  /** Request, node-local. Sender: the gateway's chat. Consumer: {@link RoomManagerVerticle}; {@code {member, nickname}}: a member's new nickname. */
  public static final String ROOMS_RENAME = "roomcast.rooms.rename";

  /** Request, node-local. Sender: the gateway's chat. Consumer: {@link RoomManagerVerticle}; {@code {room}}, replies the sorted nicknames. */
  public static final String ROOMS_MEMBERS = "roomcast.rooms.members";



  /** Publish, cluster-wide. Sender: the {@link RoomManagerVerticle} that purged a vanished node's members. Consumers: every gateway's chat, {@code {room, member, nickname, count, shared}} for a {@code bye}. */
  public static final String ROOMS_DEPARTED = "roomcast.rooms.departed";

  /** Request, node-local. Sender: the gateway. Consumer: {@link RoomManagerVerticle}; {@code {room, member}}, replies {@code {count, shared}}. */
  public static final String ROOMS_LEAVE = "roomcast.rooms.leave";

  /**
   * Publish, node-local. Sender: {@link RoomManagerVerticle} after any change. Consumers: gateways:
   * {@code {name, count}}, one room's new count (0: the room is gone), or {@code null} when any room
   * may have changed (ask {@link #ROOMS_LIST}).
   */
  public static final String ROOMS_CHANGED = "roomcast.rooms.changed";

  /**
   * Publish, node-local. Sender: {@link ClusterGuardVerticle} when the node fences itself
   * ({@code {serving: false, reason}}: it may have been cut off from the cluster) and when it
   * serves again ({@code {serving: true}}). Consumers: the gateways, which close their connections
   * and refuse new ones while fenced.
   */
  public static final String CLUSTER_STANDING = "roomcast.cluster.standing";

  /** Consumer, cluster-wide, one per node ({@code roomcast.cluster.guard.<node id>}): {@link ClusterGuardVerticle}'s own, to see its registrations listed again after a merge. Answers its node id. */
  public static final String GUARD_PROBE_PREFIX = "roomcast.cluster.guard.";

  /**
   * Request, node-local. Sender: {@link ClusterGuardVerticle} before a fenced node serves again.
   * Consumer: {@link RoomManagerVerticle}: reload the rooms from the cluster and remove this node's
   * members (it has no sockets while fenced), saying {@code bye} for each; replies once done.
   */
  public static final String ROOMS_RESYNC = "roomcast.rooms.resync";

  /** Request, node-local. Sender: {@link ClusterGuardVerticle}, as {@link #ROOMS_RESYNC}. Consumer: {@link PresenceVerticle}: reload, remove this node's sockets; replies once done. */
  public static final String PRESENCE_RESYNC = "roomcast.presence.resync";
}
