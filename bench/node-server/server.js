// The reference server of docs/BENCHMARKS.md: Node.js socket.io 4.8 with the chat handlers of
// Roomcast's README (enter_room, new_message, leave_room, room_members, nickname; welcome, bye,
// new_message, room_change coalesced over 50 ms). Room history (50) is kept per process, as
// Roomcast does. No rate limit (the bench raises Roomcast's too). GET /bench/heap answers
// process.memoryUsage() right after a full GC (run with node --expose-gc).
// Env: PORT (default 8090), REDIS_URL (optional: @socket.io/redis-adapter, for scenario c).
"use strict";
const http = require("http");
const { Server } = require("socket.io");

const port = Number(process.env.PORT || 8090);
const HISTORY = 50;

const httpServer = http.createServer((req, res) => {
  if (req.url === "/bench/heap") {
    if (global.gc) global.gc();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(process.memoryUsage()));
    return;
  }
  res.writeHead(404);
  res.end();
});
const io = new Server(httpServer, { transports: ["websocket", "polling"] });
const nsp = io.of("/");
const history = new Map(); // room -> [{nickname, text, time}]

let roomChangeTimer = null;
function roomList() {
  const list = [];
  for (const [name, sids] of nsp.adapter.rooms) {
    if (!sids.has(name)) list.push({ name, count: sids.size }); // skip each socket's own room
  }
  return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
function roomsChanged() {
  if (roomChangeTimer) return;
  roomChangeTimer = setTimeout(() => {
    roomChangeTimer = null;
    nsp.local.emit("room_change", roomList());
  }, 50);
}
function count(room) {
  const sids = nsp.adapter.rooms.get(room);
  return sids ? sids.size : 0;
}
function validRoom(room) {
  return typeof room === "string" && room.length >= 1 && room.length <= 64;
}
function reply(ack, value) {
  if (typeof ack === "function") ack(value);
}

nsp.on("connection", (socket) => {
  socket.data.nickname = "guest-" + socket.id.substring(0, 6);
  socket.data.rooms = new Set();
  socket.emit("room_change", roomList());

  socket.on("nickname", (name, ack) => {
    if (typeof name !== "string" || name.trim().length < 1 || name.trim().length > 32) {
      return reply(ack, { ok: false, error: "invalid nickname" });
    }
    socket.data.nickname = name.trim();
    reply(ack, { ok: true, nickname: socket.data.nickname });
  });

  socket.on("enter_room", (room, ack) => {
    if (!validRoom(room)) return reply(ack, { ok: false, error: "invalid room" });
    if (socket.data.rooms.has(room)) return reply(ack, { ok: false, error: "already in room " + room });
    if (socket.data.rooms.size >= 10) return reply(ack, { ok: false, error: "at most 10 rooms per connection" });
    socket.data.rooms.add(room);
    socket.join(room);
    const n = count(room);
    reply(ack, { ok: true, room, count: n, history: history.get(room) || [] });
    socket.to(room).emit("welcome", socket.data.nickname, n, room);
    roomsChanged();
  });

  socket.on("new_message", (text, room, ack) => {
    if (typeof text !== "string" || text.length > 2000) return reply(ack, { ok: false, error: "invalid message" });
    if (!validRoom(room) || !socket.data.rooms.has(room)) return reply(ack, { ok: false, error: "not in room " + room });
    const message = { nickname: socket.data.nickname, text, time: Date.now() };
    socket.to(room).emit("new_message", message.nickname + ": " + text, { ...message, room });
    let list = history.get(room);
    if (!list) history.set(room, (list = []));
    list.push(message);
    if (list.length > HISTORY) list.shift();
    reply(ack, { ok: true, time: message.time });
  });

  socket.on("leave_room", (room, ack) => {
    if (!validRoom(room) || !socket.data.rooms.has(room)) return reply(ack, { ok: false, error: "not in room " + room });
    socket.data.rooms.delete(room);
    socket.leave(room);
    const n = count(room);
    reply(ack, { ok: true, room, count: n });
    nsp.to(room).emit("bye", socket.data.nickname, n, room);
    roomsChanged();
  });

  socket.on("room_members", async (room, ack) => {
    if (!validRoom(room)) return reply(ack, { ok: false, error: "invalid room" });
    const sockets = await nsp.in(room).fetchSockets();
    reply(ack, { ok: true, room, members: sockets.map((s) => s.data.nickname).sort() });
  });

  socket.on("disconnecting", () => {
    for (const room of socket.data.rooms) {
      socket.to(room).emit("bye", socket.data.nickname, count(room) - 1, room);
    }
    if (socket.data.rooms.size > 0) roomsChanged();
  });
});

async function start() {
  if (process.env.REDIS_URL) {
    const { createClient } = require("redis");
    const { createAdapter } = require("@socket.io/redis-adapter");
    const pub = createClient({ url: process.env.REDIS_URL });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
  }
  httpServer.listen(port, "127.0.0.1", () => console.log("node socket.io server on " + port));
}
start();
