// Chat clients (the official socket.io-client from the repo's node_modules) that a Java test drives
// step by step, for scenarios where the test does something between the steps, such as killing a
// node (ClusterFailureIT). By hand:
//
//   node src/test/node/cluster-chat-clients.mjs
//   {"id": 1, "cmd": "connect", "client": "A", "url": "http://127.0.0.1:8080"}
//   {"id": 2, "cmd": "emit", "client": "A", "event": "enter_room", "args": ["lobby"]}
//
// Commands arrive as JSON lines on stdin:
//   {"id", "cmd": "connect", "client", "url"[, "transports"]}
//                                                 a client of its own connection, no reconnection: a client whose node is
//                                                 gone stays gone; WebSocket only (one frame per event, in order) unless
//                                                 "transports" says otherwise (["polling"], or ["polling", "websocket"]:
//                                                 the default of the client, polling then an upgrade)
//   {"id", "cmd": "emit", "client", "event", "args"}  emits with an ack callback as the last argument
//   {"id", "cmd": "close", "client"}             disconnects
//   {"id", "cmd": "transport", "client"}         replies [the Engine.IO transport's name now: "polling" or "websocket"]
//   {"cmd": "exit"} or the end of stdin          closes every client and exits
// Everything that happens goes to stdout as JSON lines, in order:
//   {"type": "ready"}                                          once, first
//   {"type": "reply", "id", "ok": true, "ack": [...]}          a command done (ack: the ack's arguments; for connect:
//                                                              the socket id, the Engine.IO session id, the transport)
//   {"type": "reply", "id", "ok": false, "error"}              a command that failed (connect_error, no ack in time, ...)
//   {"type": "event", "client", "event", "args": [...]}        every event a client receives, and "disconnect" with its reason;
//                                                              "engine:upgrade" [transport] and "engine:upgradeError" [message]
//                                                              when the Engine.IO connection upgraded or its probe failed
// The script never waits on time except the per-command deadline (ACK_MS) and a watchdog for a run
// nobody ends (LIFETIME_MS).

import { io } from "socket.io-client";
import { out, reply, serve } from "./json-lines.mjs";

const ACK_MS = 15_000;
const LIFETIME_MS = 300_000;

const clients = new Map();



function exit(code) {
  for (const socket of clients.values()) {
    socket.disconnect();
  }
  clients.clear();
  // Exit once stdout is flushed.
  process.stdout.write("", () => process.exit(code));
}


function connect({ id, client, url, transports = ["websocket"] }) {
  if (clients.has(client)) {
    reply(id, { ok: false, error: `client ${client} exists` });
    return;
  }
  const socket = io(url, { forceNew: true, reconnection: false, transports, timeout: ACK_MS });
  clients.set(client, socket);
  socket.onAny((event, ...args) => out({ type: "event", client, event, args }));
  socket.on("disconnect", (reason) => out({ type: "event", client, event: "disconnect", args: [reason] }));
  // The manager's "open" comes before the engine starts its upgrade probe, so no upgrade goes unseen.
  socket.io.once("open", () => {
    const engine = socket.io.engine;
    engine.on("upgrade", (transport) => out({ type: "event", client, event: "engine:upgrade", args: [transport.name] }));
    engine.on("upgradeError", (error) => out({ type: "event", client, event: "engine:upgradeError", args: [String(error.message)] }));
  });
  socket.once("connect", () => reply(id, { ok: true, ack: [socket.id, socket.io.engine.id, socket.io.engine.transport.name] }));
  socket.once("connect_error", (error) => reply(id, { ok: false, error: `connect_error: ${error.message}` }));
}

function emit({ id, client, event, args = [] }) {
  const socket = clients.get(client);
  if (!socket) {
    reply(id, { ok: false, error: `no client ${client}` });
    return;
  }
  socket.timeout(ACK_MS).emit(event, ...args, (error, ...ack) => {
    reply(id, error ? { ok: false, error: `${client}: no ack for ${event} within ${ACK_MS} ms` } : { ok: true, ack });
  });
}

function close({ id, client }) {
  const socket = clients.get(client);
  if (!socket) {
    reply(id, { ok: false, error: `no client ${client}` });
    return;
  }
  clients.delete(client);
  socket.disconnect();
  reply(id, { ok: true, ack: [] });
}

function transport({ id, client }) {
  const socket = clients.get(client);
  if (!socket) {
    reply(id, { ok: false, error: `no client ${client}` });
    return;
  }
  reply(id, { ok: true, ack: [socket.io.engine.transport.name] });
}

const commands = { connect, emit, close, transport };

serve(commands, exit, LIFETIME_MS);
