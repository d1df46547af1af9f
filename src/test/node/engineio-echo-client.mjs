// Drives the official engine.io-client (the repo's node_modules) against an Engine.IO echo
// endpoint and checks every echo. EngineIoClientInteropTest runs it; by hand:
//
//   node src/test/node/engineio-echo-client.mjs http://127.0.0.1:3000/engine.io/ upgrade
//
// Modes: polling (long-polling only), websocket (WebSocket only), upgrade (starts on polling,
// must upgrade to WebSocket). Prints one JSON line of results to stdout; exits 0 only if every
// echo came back identical, in order, over the expected transport, and the socket closed cleanly.
// DEBUG=engine.io-client:* adds the client's own trace on stderr.

import { Socket } from "engine.io-client";

const TIMEOUT_MS = 10_000;

// Client options, and the transport the session must open on and end on.
const MODES = {
  polling: { options: { transports: ["polling"], upgrade: false }, opensOn: "polling", endsOn: "polling" },
  websocket: { options: { transports: ["websocket"] }, opensOn: "websocket", endsOn: "websocket" },
  upgrade: { options: { transports: ["polling", "websocket"], upgrade: true }, opensOn: "polling", endsOn: "websocket" },
};

const [url, mode] = process.argv.slice(2);
if (!url || !MODES[mode]) {
  console.error(`usage: node engineio-echo-client.mjs <url, e.g. http://127.0.0.1:3000/engine.io/> <${Object.keys(MODES).join("|")}>`);
  process.exit(2);
}

/** Bytes 0..255 in a row, so any re-encoding of a byte (UTF-8, sign, base64) shows. */
function everyByte() {
  return Uint8Array.from({ length: 256 }, (_, i) => i);
}

/** Larger than Vert.x's default 64 KiB WebSocket frame and than one socket read. */
function largeBinary() {
  return Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31 + 7) & 0xff);
}

// What goes out once the socket is on its final transport; each must come back as sent.
const MESSAGES = [
  { name: "ascii", data: "hello" },
  { name: "unicode", data: "héllo wörld ☃ 🚀 ✓" },
  { name: "empty", data: "" },
  { name: "every-byte", data: everyByte() },
  { name: "large-text", data: "0123456789".repeat(7_000) },
  { name: "large-binary", data: largeBinary() },
];

const result = {
  ok: false,
  mode,
  sid: null,
  transportAtOpen: null,
  upgraded: false,
  upgradeTransport: null,
  transportAtEnd: null,
  sent: [],
  echoes: [],
  closeReason: null,
};

const { options, opensOn, endsOn } = MODES[mode];
const socket = new Socket(new URL(url).origin, { path: new URL(url).pathname, ...options });
const expected = [];
let closing = false;

// Fails a run that stalls. After success it stays armed but unref'd: node then exits by itself
// once the client's last request (the close packet, on polling) is done, and only a client that
// leaves a connection open trips it.
const watchdog = setTimeout(() => {
  fail(result.ok ? `still running ${TIMEOUT_MS} ms after start, though closed` : `timed out after ${TIMEOUT_MS} ms`);
}, TIMEOUT_MS);

function fail(error) {
  if (result.error) {
    return;
  }
  result.ok = false;
  result.error = String(error);
  result.transportAtEnd = socket.transport ? socket.transport.name : null;
  clearTimeout(watchdog);
  process.stdout.write(JSON.stringify(result) + "\n", () => process.exit(1));
}

/** Reports success without exiting: exiting now could cut off the close packet in flight. */
function succeed() {
  result.ok = true;
  process.stdout.write(JSON.stringify(result) + "\n");
  watchdog.unref();
}

function isBinary(data) {
  return data instanceof ArrayBuffer || ArrayBuffer.isView(data);
}

function bytes(data) {
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function same(sent, got) {
  if (sent === "" && got === undefined) {
    // engine.io-parser decodes the bare packet "4" as a message without data: the official
    // client hands an empty text message to its listeners as undefined, whatever the server.
    return true;
  }
  if (typeof sent === "string") {
    return typeof got === "string" && got === sent;
  }
  return isBinary(got) && Buffer.compare(Buffer.from(bytes(sent)), Buffer.from(bytes(got))) === 0;
}

/** Sends a batch and resolves once each echo has come back, in order. */
function roundTrip(batch) {
  return new Promise((resolve) => {
    for (const message of batch) {
      expected.push({ ...message, resolve: message === batch[batch.length - 1] ? resolve : null });
      result.sent.push({ name: message.name, kind: typeof message.data === "string" ? "text" : "binary", length: length(message.data) });
      socket.send(message.data);
    }
  });
}

function length(data) {
  if (data === undefined) {
    return 0;
  }
  return typeof data === "string" ? data.length : data.byteLength;
}

socket.on("message", (data) => {
  try {
    checkEcho(data);
  } catch (error) {
    fail(error);
  }
});

function checkEcho(data) {
  const next = expected.shift();
  if (!next) {
    fail(`unexpected message: ${String(data).slice(0, 80)}`);
    return;
  }
  const ok = same(next.data, data);
  result.echoes.push({
    name: next.name,
    kind: isBinary(data) ? "binary" : "text",
    length: length(data),
    transport: socket.transport.name,
    ...(data === undefined ? { deliveredAs: "undefined" } : {}),
    ok,
  });
  if (!ok) {
    fail(`echo of ${next.name} differs from what was sent`);
  } else if (next.resolve) {
    next.resolve();
  }
}

socket.on("error", (error) => fail(`error: ${error && error.message ? error.message : error}`));
socket.on("upgradeError", (error) => fail(`upgrade failed: ${error && error.message ? error.message : error}`));

socket.on("close", (reason, description) => {
  result.closeReason = reason;
  if (!closing) {
    fail(`closed before the test was done: ${reason} ${description ? description.message || description : ""}`.trim());
    return;
  }
  succeed();
});

const upgraded = new Promise((resolve) => socket.on("upgrade", (transport) => {
  result.upgraded = true;
  result.upgradeTransport = transport.name;
  resolve();
}));

socket.on("open", async () => {
  result.sid = socket.id;
  result.transportAtOpen = socket.transport.name;
  try {
    if (socket.transport.name !== opensOn) {
      throw new Error(`opened on ${socket.transport.name}, expected ${opensOn}`);
    }
    if (mode === "upgrade") {
      // One message while still on polling; the upgrade must not lose or reorder it.
      await Promise.all([roundTrip([{ name: "before-upgrade", data: "sent on polling" }]), upgraded]);
      if (socket.transport.name !== "websocket") {
        throw new Error(`upgrade event fired but the transport is ${socket.transport.name}`);
      }
    }
    await roundTrip(MESSAGES);
    result.transportAtEnd = socket.transport.name;
    const elsewhere = result.echoes.slice(-MESSAGES.length).filter((echo) => echo.transport !== endsOn);
    if (elsewhere.length > 0) {
      throw new Error(`echoes arrived over ${elsewhere[0].transport}, expected ${endsOn}: ${elsewhere.map((e) => e.name)}`);
    }
    closing = true;
    socket.close();
  } catch (error) {
    fail(error);
  }
});
