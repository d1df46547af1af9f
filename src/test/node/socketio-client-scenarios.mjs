// Drives the official socket.io-client (the repo's node_modules) through one scenario against a
// Socket.IO server that has InteropServer's handlers (src/test/java/io/roomcast/socketio/interop).
// SocketIoNodeClientInteropTest runs it; by hand:
//
//   node src/test/node/socketio-client-scenarios.mjs http://127.0.0.1:3000 events websocket
//
// Transports: polling (long-polling only), websocket (WebSocket only), upgrade (the default: starts
// on polling and must upgrade to WebSocket before the scenario begins). Prints one JSON line to
// stdout ({"ok": ..., "ids": {...}, "checks": [...]}); exits 0 only if every check passed and
// every socket closed. DEBUG=socket.io-client:*,engine.io-client:* adds the client's own trace.

import { io } from "socket.io-client";
import { isDeepStrictEqual } from "node:util";

const TIMEOUT_MS = 15_000;
/** How long one expected event may take before the scenario fails with a precise message. */
const STEP_MS = 5_000;

const TRANSPORTS = {
  polling: { options: { transports: ["polling"], upgrade: false }, endsOn: "polling" },
  websocket: { options: { transports: ["websocket"] }, endsOn: "websocket" },
  upgrade: { options: { transports: ["polling", "websocket"], upgrade: true }, endsOn: "websocket" },
};

/** Every JSON type, nesting, unicode (astral plane too), and the largest exact integer. Java side: MixedArguments. */
const MIXED = [
  "héllo wörld ☃ 🚀 ✓",
  42,
  3.5,
  true,
  null,
  { nested: { list: [1, "two", false, null], emoji: "🎉" }, n: -7 },
  [1, [2, [3]], { k: "v" }],
  "",
  0,
  -1.25,
  9007199254740991,
];

/** Bytes 0..255 in a row, so any re-encoding of a byte (UTF-8, sign, base64) shows. */
const EVERY_BYTE = Buffer.from(Uint8Array.from({ length: 256 }, (_, i) => i));
/** What InteropServer's binary-please nests in an object. */
const NESTED_BYTES = Buffer.from([0xff, 0x00, 0x7f, 0x80]);
/** Larger than one WebSocket frame of Vert.x's default size and than one socket read. */
const LARGE = Buffer.from(Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31 + 7) & 0xff));

const [url, scenario, transport] = process.argv.slice(2);
const SCENARIOS = {
  events, binary, acks, namespaces, refused, broadcast,
  "server-disconnect": () => serverDisconnect(false),
  "server-close": () => serverDisconnect(true),
  "transport-drop": transportDrop,
};
if (!url || !SCENARIOS[scenario] || !TRANSPORTS[transport]) {
  console.error(`usage: node socketio-client-scenarios.mjs <url, e.g. http://127.0.0.1:3000> <${Object.keys(SCENARIOS).join("|")}> <${Object.keys(TRANSPORTS).join("|")}>`);
  process.exit(2);
}

const result = { ok: false, scenario, transport, ids: {}, checks: [], error: null };
const opened = [];

// Fails a run that stalls. After success it stays armed but unref'd: node then exits by itself once
// the clients' last requests are done, and only a client that leaves a connection open trips it.
const watchdog = setTimeout(() => fail(result.ok ? `still running ${TIMEOUT_MS} ms after start, though done` : `timed out after ${TIMEOUT_MS} ms`), TIMEOUT_MS);

/**
 * Reports the failure and exits 1: by itself once the sockets are closed (so the server does not keep
 * their sessions until its heartbeat gives up on them), or after 2 s if something still hangs.
 */
function fail(error) {
  if (result.error) {
    return;
  }
  result.ok = false;
  result.error = error && error.stack ? error.stack : String(error);
  clearTimeout(watchdog);
  process.exitCode = 1;
  process.stdout.write(JSON.stringify(result) + "\n");
  setTimeout(() => process.exit(1), 2_000).unref();
  try {
    closeAll();
  } catch (closing) {
    console.error(`closing after the failure: ${closing}`);
  }
}

/** Records a named check; throws (failing the run) if it does not hold. */
function check(name, condition, details) {
  result.checks.push(name);
  if (!condition) {
    throw new Error(`check failed: ${name}${details === undefined ? "" : `: ${JSON.stringify(details, replacer)}`}`);
  }
}

function replacer(key, value) {
  return value && value.type === "Buffer" && Array.isArray(value.data) ? `<${value.data.length} bytes>` : value;
}

function checkEqual(name, actual, expected) {
  check(name, isDeepStrictEqual(normalize(actual), normalize(expected)), { actual, expected });
}

/** Received binary arrives as Buffer or ArrayBuffer depending on the transport: compare it as Buffer. */
function normalize(value) {
  if (value instanceof ArrayBuffer) {
    return Buffer.from(value);
  }
  if (ArrayBuffer.isView(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  if (Array.isArray(value)) {
    return value.map(normalize);
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}

/** A new client on a connection of its own, with this run's transport, tagged so the server can find its session. */
function client(nsp = "/", { tag = `${scenario}-${opened.length}`, ...options } = {}) {
  const socket = io(url + nsp, {
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 200,
    randomizationFactor: 0,
    query: { tag },
    ...TRANSPORTS[transport].options,
    ...options,
  });
  opened.push(socket);
  return socket;
}

/**
 * Resolves with the arguments of the next {@code event} on {@code emitter}; rejects after STEP_MS.
 * {@code cancel()} drops the wait (and its timer, which would keep node running).
 */
function next(emitter, event, what = event) {
  let cancel;
  const promise = new Promise((resolve, reject) => {
    const listener = (...args) => {
      clearTimeout(timer);
      resolve(args);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no ${what} within ${STEP_MS} ms`));
    }, STEP_MS);
    cancel = () => {
      clearTimeout(timer);
      emitter.off(event, listener);
    };
    emitter.once(event, listener);
  });
  promise.cancel = cancel;
  return promise;
}

/** Emits with an ack callback; resolves with ALL the ack's arguments (emitWithAck keeps only the first). */
function request(socket, event, ...args) {
  return new Promise((resolve, reject) => {
    socket.timeout(STEP_MS).emit(event, ...args, (error, ...reply) => {
      if (error) {
        reject(new Error(`no ack for ${event} within ${STEP_MS} ms: ${error.message}`));
      } else {
        resolve(reply);
      }
    });
  });
}

/** Connects, and for the upgrade mode waits until the connection runs over WebSocket. */
async function connected(socket) {
  if (!socket.connected) {
    const connect = next(socket, "connect");
    const refused = next(socket, "connect_error");
    try {
      await Promise.race([connect, refused.then(([error]) => {
        throw new Error(`connect_error: ${error.message} ${JSON.stringify(error.data)}`);
      })]);
    } finally {
      connect.cancel();
      refused.cancel();
    }
  }
  const engine = socket.io.engine;
  if (transport === "upgrade" && engine.transport.name !== "websocket") {
    await next(engine, "upgrade", "upgrade to WebSocket");
  }
  check(`${socket.nsp} runs over ${TRANSPORTS[transport].endsOn}`, engine.transport.name === TRANSPORTS[transport].endsOn, engine.transport.name);
  return socket;
}

/** Every event the socket receives, by name, to check later that something did NOT arrive. */
function recordAll(socket) {
  const received = {};
  socket.onAny((event, ...args) => (received[event] ||= []).push(args));
  return received;
}

/**
 * Disconnects every socket: the server sees "client namespace disconnect", and each manager closes its
 * connection once its last socket is gone. Node exits when the last request is done.
 */
function closeAll() {
  for (const socket of opened) {
    socket.disconnect();
  }
}

// ---- scenarios ---------------------------------------------------------------------------------

/** Mixed argument types: the server's emit, and its ack, carry them back unchanged. */
async function events() {
  const socket = await connected(client());
  result.ids.main = socket.id;
  const echo = next(socket, "echo");
  socket.emit("echo", ...MIXED);
  checkEqual("echo carries every JSON type unchanged", await echo, MIXED);
  checkEqual("ack carries every JSON type unchanged", await request(socket, "echo-ack", ...MIXED), MIXED);
  checkEqual("an ack without arguments", await request(socket, "echo-ack"), []);
}

/** Binary both ways: at top level, nested in objects and arrays, large, in acks. */
async function binary() {
  const socket = await connected(client());
  result.ids.main = socket.id;
  const sent = [EVERY_BYTE, "text between", { file: NESTED_BYTES, name: "x" }, [LARGE, 6]];
  const echo = next(socket, "echo");
  socket.emit("echo", ...sent);
  const echoed = await echo;
  checkEqual("binary echo", echoed, sent);
  check("binary arrives as binary", Buffer.isBuffer(echoed[0]) || echoed[0] instanceof ArrayBuffer, typeof echoed[0]);
  checkEqual("binary in an ack", await request(socket, "echo-ack", EVERY_BYTE, { nested: [NESTED_BYTES] }), [EVERY_BYTE, { nested: [NESTED_BYTES] }]);
  const fromServer = next(socket, "binary");
  socket.emit("binary-please");
  checkEqual("binary the server emits", await fromServer, [EVERY_BYTE, { nested: NESTED_BYTES }, "caption"]);
}

/** Acks both ways, and timeouts on both sides. */
async function acks() {
  const socket = await connected(client());
  result.ids.main = socket.id;
  checkEqual("emitWithAck gets the server's ack", await socket.emitWithAck("echo-ack", { b: [2] }, "ignored"), { b: [2] });
  const callback = await new Promise((resolve) => socket.emit("echo-ack", "cb", 2, (...args) => resolve(args)));
  checkEqual("a callback gets every argument of the server's ack", callback, ["cb", 2]);

  // The server asks; this client answers with several arguments, binary among them.
  socket.on("question", (...args) => {
    const answer = args.pop();
    answer({ got: args }, "second", NESTED_BYTES);
  });
  const asked = next(socket, "asked");
  socket.emit("ask", "question", 2000, "what?", 7);
  checkEqual("the server's emitWithAck gets the client's answer", await asked,
    ["question", { ok: true, answer: [{ got: ["what?", 7] }, "second", NESTED_BYTES] }]);

  // The server asks; this client never answers: the server's emitWithAck times out.
  const silent = next(socket, "silent-question");
  const timedOut = next(socket, "asked");
  socket.emit("ask", "silent-question", 300, "hello?");
  const question = await silent;
  check("the unanswered question asked for an ack", typeof question[question.length - 1] === "function", question);
  const [event, outcome] = await timedOut;
  check("the server's emitWithAck times out", event === "silent-question" && outcome.ok === false && outcome.error === "TimeoutException", outcome);

  // The client asks; the server never answers: the client's timeout fires.
  const error = await socket.timeout(300).emitWithAck("never-acked", "x").then(
    (args) => { throw new Error(`never-acked was acknowledged: ${JSON.stringify(args)}`); },
    (e) => e);
  check("timeout(ms).emitWithAck rejects", error instanceof Error && error.message === "operation has timed out", String(error));
  const callbackError = await new Promise((resolve) => socket.timeout(300).emit("never-acked", "y", (e) => resolve(e)));
  check("timeout(ms).emit callback gets an error", callbackError instanceof Error && callbackError.message === "operation has timed out", String(callbackError));
  checkEqual("still connected after the timeouts", await request(socket, "echo-ack", "still here"), ["still here"]);
}

/** / and /admin over one connection: each sees its own events only. */
async function namespaces() {
  const main = await connected(client());
  // The manager's socket() connects by itself (autoConnect); calling connect() too would send a second CONNECT.
  const admin = main.io.socket("/admin", { auth: { token: "s3cret" } });
  opened.push(admin);
  await connected(admin);
  result.ids.main = main.id;
  result.ids.admin = admin.id;
  check("one connection for both namespaces", main.io === admin.io && main.io.engine === admin.io.engine);
  check("a socket id per namespace", main.id !== admin.id, [main.id, admin.id]);
  const mainSeen = recordAll(main);
  const adminSeen = recordAll(admin);

  checkEqual("whoami on /", await request(main, "whoami"), ["/", main.id, {}]);
  checkEqual("whoami on /admin", await request(admin, "whoami"), ["/admin", admin.id, { token: "s3cret" }]);

  const forAdmins = next(admin, "announce");
  admin.emit("announce", "for admins");
  checkEqual("/admin hears its announcement", await forAdmins, ["for admins", "/admin"]);
  // Same connection, so anything the server sent / before this ack would have arrived first.
  await request(main, "echo-ack");
  check("/ does not hear /admin's announcement", !mainSeen.announce, mainSeen.announce);

  const forAll = next(main, "announce");
  main.emit("announce", "for everyone on /");
  checkEqual("/ hears its announcement", await forAll, ["for everyone on /", "/"]);
  await request(admin, "echo-ack");
  checkEqual("/admin heard only its own announcement", adminSeen.announce, [["for admins", "/admin"]]);
}

/** /admin's middleware refuses with data, an unknown namespace is refused; the client then fixes its auth and gets in. */
async function refused() {
  const socket = client("/admin", { auth: { token: "wrong" } });
  const [error] = await next(socket, "connect_error");
  check("connect_error message", error.message === "not authorized", error.message);
  checkEqual("connect_error data", error.data, { code: 42 });
  check("a refused socket does not retry by itself", socket.active === false && socket.connected === false);

  socket.auth = {};
  socket.connect();
  const [again] = await next(socket, "connect_error");
  check("refused without a token too", again.message === "not authorized" && isDeepStrictEqual(again.data, { code: 42 }), again);

  const stranger = client("/nope");
  const [unknown] = await next(stranger, "connect_error");
  check("a namespace the server does not have is refused", unknown.message === "Invalid namespace", unknown.message);

  socket.auth = { token: "s3cret" };
  socket.connect();
  await connected(socket);
  result.ids.admitted = socket.id;
  checkEqual("admitted with the right token", await request(socket, "whoami"), ["/admin", socket.id, { token: "s3cret" }]);
}

/** Two clients in a room, one outside: to(room) reaches the other member only; broadcast reaches all others. */
async function broadcast() {
  const [a, b, c] = await Promise.all([connected(client()), connected(client()), connected(client())]);
  Object.assign(result.ids, { a: a.id, b: b.id, c: c.id });
  const seen = [a, b, c].map(recordAll);
  checkEqual("a joins room-1", await request(a, "join", "room-1"), [true]);
  checkEqual("b joins room-1", await request(b, "join", "room-1"), [true]);

  const inRoom = next(b, "room-message");
  a.emit("to-room", "room-1", "hello room", { n: 1 });
  checkEqual("the other member gets the room message", await inRoom, ["hello room", { n: 1 }]);
  // Anything the server sent a or c for that emit would have arrived before these acks.
  await Promise.all([request(a, "echo-ack"), request(c, "echo-ack")]);
  check("the sender does not get its own room message", !seen[0]["room-message"], seen[0]["room-message"]);
  check("a socket outside the room does not get it", !seen[2]["room-message"], seen[2]["room-message"]);

  const toB = next(b, "others-message");
  const toC = next(c, "others-message");
  a.emit("to-others", "hello all");
  checkEqual("broadcast reaches b", await toB, ["hello all"]);
  checkEqual("broadcast reaches c", await toC, ["hello all"]);
  await request(a, "echo-ack");
  check("broadcast skips the sender", !seen[0]["others-message"], seen[0]["others-message"]);
}

/** socket.disconnect(close) on the server: "io server disconnect", no automatic reconnection; connect() gets a new id. */
async function serverDisconnect(close) {
  const socket = await connected(client());
  result.ids.first = socket.id;
  const disconnected = next(socket, "disconnect");
  socket.emit("disconnect-me", close);
  const [reason] = await disconnected;
  check("disconnect reason", reason === "io server disconnect", reason);
  check("the client will not reconnect by itself", socket.active === false, { active: socket.active });

  socket.connect();
  await connected(socket);
  result.ids.second = socket.id;
  check("connect() gets a new id", socket.id !== result.ids.first, [result.ids.first, socket.id]);
  checkEqual("works after connect()", await request(socket, "echo-ack", "back"), ["back"]);
}

/** The server drops the connection: "transport close", and the client reconnects by itself on a new session. */
async function transportDrop() {
  const socket = await connected(client());
  result.ids.first = socket.id;
  const firstSession = socket.io.engine.id;
  const disconnected = next(socket, "disconnect");
  const reconnected = next(socket.io, "reconnect");
  socket.emit("drop-transport");
  const [reason] = await disconnected;
  check("disconnect reason", reason === "transport close", reason);
  check("the client reconnects by itself", socket.active === true);
  await reconnected;
  await connected(socket);
  result.ids.second = socket.id;
  check("a new socket id", socket.id !== result.ids.first, [result.ids.first, socket.id]);
  check("a new Engine.IO session", socket.io.engine.id !== firstSession, [firstSession, socket.io.engine.id]);
  checkEqual("works after reconnecting", await request(socket, "echo-ack", "back"), ["back"]);
}

try {
  await SCENARIOS[scenario]();
  closeAll();
  result.ok = true;
  process.stdout.write(JSON.stringify(result) + "\n");
  watchdog.unref();
} catch (error) {
  fail(error);
}
