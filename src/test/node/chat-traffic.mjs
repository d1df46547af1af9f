// Chat clients (the official socket.io-client from the repo's node_modules) that keep talking in one
// room while a Java test does harm to the servers (freezes a node, kills one), and report exactly
// what each one sent, was told, and received, so that the test can count every message.
//
// Commands arrive as JSON lines on stdin, each with an "id" that its reply carries:
//   {"id", "cmd": "start", "room", "intervalMs", "ackMs", "clients": [{"label", "url", "transports"}]}
//        connects every client (reconnecting on its own, fast), sets its nickname to its label and
//        enters the room; replies once every client is in. From then on each client, while it is
//        connected and in the room, sends "<label>#<seq>" every intervalMs with an ack (ackMs to answer),
//        and after a reconnect sets its nickname and enters the room again.
//   {"id", "cmd": "join", "clients": [{"label", "url", "transports"}]}
//        more clients, which only listen (they send nothing): each connects and enters the room as above;
//        replies once every one of them is in
//   {"id", "cmd": "stop"}          stops sending; replies once every message sent has its answer or timed out
//   {"id", "cmd": "report"}        replies with what happened so far (below)
//   {"id", "cmd": "members", "client"}  replies with the ack of room_members from that client
//   {"cmd": "exit"} or the end of stdin: closes every client and exits
// Replies: {"type": "reply", "id", "ok": true, ...} or {"type": "reply", "id", "ok": false, "error"}.
// A report, per client label:
//   sent: [{seq, id, outcome: "ok" | "timeout" | "error: <reason>"}]   every message it sent, in order
//   live: [{sender, seq, id}]                 every new_message received, in order
//   history: [{sender, seq, id}]              every message of the histories of its enter_room acks
//   connects, disconnects: [reason...], refusals (connect errors), roomChange (the last room list)
//   notices: [["welcome" | "bye", nickname, count], ...]
// The script waits on nothing but the conditions above, each with a deadline (ackMs, LIFETIME_MS).

import { io } from "socket.io-client";
import { out, reply, serve } from "./json-lines.mjs";

const LIFETIME_MS = 600_000;
const clients = new Map();
let config = null;
let sending = false;
let timer = null;



function parse(text) {
  const at = text.lastIndexOf("#");
  return { sender: text.slice(0, at), seq: Number(text.slice(at + 1)) };
}

function start({ id, room, intervalMs, ackMs, clients: specs }) {
  config = { room, intervalMs, ackMs };
  join({ id, clients: specs }, true);
  sending = true;
  timer = setInterval(tick, intervalMs);
}

/** Connects clients that enter the room (and send, if {@code sends}); replies once every one of them is in. */
function join({ id, clients: specs }, sends = false) {
  const { room, ackMs } = config;
  let pending = specs.length;
  for (const spec of specs) {
    const client = {
      label: spec.label, sends, seq: 0, entered: false, inFlight: 0, sent: [], live: [], history: [], connects: 0,
      disconnects: [], refusals: 0, roomChange: null, notices: [], firstEntry: true,
    };
    const socket = io(spec.url, {
      forceNew: true, transports: spec.transports || ["websocket"],
      reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 1000, randomizationFactor: 0.2, timeout: ackMs,
    });
    client.socket = socket;
    clients.set(spec.label, client);
    // Nickname, then the room; again until it works, while connected (a node may refuse for a moment).
    const enter = () => {
      if (!socket.connected || client.entered) return;
      const retry = () => setTimeout(enter, 200);
      socket.timeout(ackMs).emit("nickname", spec.label, (error, named) => {
        if (error || !named || !named.ok) return retry();
        socket.timeout(ackMs).emit("enter_room", room, (err, ack) => {
          if (err || !ack || !ack.ok) return retry();
          for (const message of ack.history || []) {
            client.history.push({ ...parse(message.text), id: message.id });
          }
          client.entered = true;
          if (client.firstEntry) {
            client.firstEntry = false;
            if (--pending === 0) reply(id, { ok: true });
          }
        });
      });
    };
    socket.on("connect", () => {
      client.connects++;
      enter();
    });
    socket.on("disconnect", (reason) => {
      client.entered = false;
      client.disconnects.push(reason);
    });
    socket.on("connect_error", () => client.refusals++);
    socket.on("new_message", (line, details) => {
      client.live.push({ ...parse(details.text), id: details.id });
    });
    socket.on("room_change", (rooms) => client.roomChange = rooms);
    socket.on("welcome", (nickname, count) => client.notices.push(["welcome", nickname, count]));
    socket.on("bye", (nickname, count) => client.notices.push(["bye", nickname, count]));
  }
}

function tick() {
  if (!sending) return;
  for (const client of clients.values()) {
    if (!client.sends || !client.entered || !client.socket.connected) continue;
    const seq = ++client.seq;
    const record = { seq, id: null, outcome: "pending" };
    client.sent.push(record);
    client.inFlight++;
    client.socket.timeout(config.ackMs).emit("new_message", `${client.label}#${seq}`, config.room, (error, ack) => {
      client.inFlight--;
      if (error) {
        record.outcome = "timeout";
      } else if (ack && ack.ok) {
        record.outcome = "ok";
        record.id = ack.id;
      } else {
        record.outcome = "error: " + (ack ? ack.error : "no answer");
      }
    });
  }
}

function stop({ id }) {
  sending = false;
  clearInterval(timer);
  const check = setInterval(() => {
    if ([...clients.values()].every((client) => client.inFlight === 0)) {
      clearInterval(check);
      reply(id, { ok: true });
    }
  }, 20);
}

function report({ id }) {
  const all = {};
  for (const [label, c] of clients) {
    all[label] = {
      sent: c.sent, live: c.live, history: c.history, connects: c.connects, disconnects: c.disconnects,
      refusals: c.refusals, roomChange: c.roomChange, notices: c.notices, connected: c.socket.connected, entered: c.entered,
    };
  }
  reply(id, { ok: true, clients: all });
}

function members({ id, client }) {
  const c = clients.get(client);
  if (!c) {
    reply(id, { ok: false, error: `no client ${client}` });
    return;
  }
  c.socket.timeout(config.ackMs).emit("room_members", config.room, (error, ack) => {
    reply(id, error ? { ok: false, error: `no answer to room_members from ${client}` } : { ok: true, ack });
  });
}

function exit(code) {
  for (const client of clients.values()) client.socket.disconnect();
  process.stdout.write("", () => process.exit(code));
}


const commands = { start, join: (command) => join(command), stop, report, members };

serve(commands, exit, LIFETIME_MS);
