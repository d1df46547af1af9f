// The chat of MISSION.md, driven with the official socket.io-client (the repo's node_modules) against
// a running Roomcast. ChatNodeClientScenarioTest runs it; by hand:
//
//   node src/test/node/chat-scenario.mjs http://127.0.0.1:8080 [websocket|polling]
//
// Several clients (chat-clients.mjs), each on a connection of its own over the one transport named
// (WebSocket by default, or long-polling only): nicknames, entering and leaving rooms, welcome/bye
// with counts, room_change, messages both ways, room_members, history, the validation rules, the
// rooms-per-connection cap and the rate limit. The limits are conf/config.json's defaults (LIMITS
// below). Prints one JSON line to stdout ({"ok": ..., "checks": [...], "error": ...}); exits 0 only
// if every check passed.
//
// It never sleeps to let things settle: it waits for the state it expects. "Nothing else arrived"
// is checked after a marker that the server must send after anything it wrongly sent (the ack of a
// later request on the same connection, or a valid message or room_change sent afterwards).

import {
  STEP_MS, Peer, peers, result, connectTo, check, checkEqual, checkRefused, isRefusal, checkEntered, say, delivered,
  countOf, hasCount, lacks, closeAll,
} from "./chat-clients.mjs";

const TIMEOUT_MS = 30_000;
/** conf/config.json's "chat" section, which the server under test must run with. */
const LIMITS = { nickname: 32, room: 64, message: 2000, roomsPerSocket: 10, history: 50, eventsPerSecond: 20 };

const TRANSPORTS = ["websocket", "polling"];
const [url, transport = "websocket"] = process.argv.slice(2);
if (!url || !TRANSPORTS.includes(transport)) {
  console.error(`usage: node chat-scenario.mjs <url, e.g. http://127.0.0.1:8080> [${TRANSPORTS.join("|")}]`);
  process.exit(2);
}

/** Room names of this run carry a random tag, so that a shared server's other rooms do not matter. */
const RUN = Math.random().toString(36).slice(2, 8);
const roomName = (name) => `${name}-${RUN}`;

Object.assign(result, { run: RUN, transport });
connectTo(url, transport);

// Fails a run that stalls. After success it stays armed but unref'd: node then exits by itself once
// the clients' connections are closed, and only a client that leaves one open trips it.
const watchdog = setTimeout(() => fail(result.ok ? `still running ${TIMEOUT_MS} ms after start, though done` : `timed out after ${TIMEOUT_MS} ms`), TIMEOUT_MS);

/** The result line, the error and the counts first and the long list of checks last, for a reader of a failure. */
function report() {
  const { ok, error, checks, ...rest } = result;
  process.stdout.write(JSON.stringify({ ok, error, ...rest, checks }) + "\n");
}

function fail(error) {
  if (result.error) {
    return;
  }
  result.ok = false;
  result.error = error && error.stack ? error.stack : String(error);
  clearTimeout(watchdog);
  process.exitCode = 1;
  report();
  setTimeout(() => process.exit(1), 2_000).unref();
  try {
    closeAll();
  } catch (closing) {
    console.error(`closing after the failure: ${closing}`);
  }
}

// ---- the scenario ------------------------------------------------------------------------------

/** Two clients meet in a room, talk, a third comes later and gets the history; they leave and go. */
async function mainScenario() {
  const room = roomName("lobby");
  const side = roomName("side");
  const [a, b] = await Promise.all([new Peer("A").ready(), new Peer("B").ready()]);
  await a.nickname("Ann");
  // nickname's ack is optional: B asks for none, and what it does next must already use the name.
  b.socket.emit("nickname", "Bob");
  b.nick = "Bob";

  let bMark = b.mark();
  let entered = await a.request("enter_room", room);
  checkEqual("A enters the room first: empty history", checkEntered("A enters", entered, room, 1), []);
  await b.waitForRooms(`${room} has 1`, hasCount(room, 1), bMark);

  let aMark = a.mark();
  bMark = b.mark();
  entered = await b.request("enter_room", room);
  checkEqual("B enters second: empty history", checkEntered("B enters", entered, room, 2), []);
  await a.waitForEvent("welcome", ["Bob", 2, room], aMark);
  await Promise.all([a.waitForRooms(`${room} has 2`, hasCount(room, 2), aMark), b.waitForRooms(`${room} has 2`, hasCount(room, 2), bMark)]);

  // Messages both ways: the other gets "<nick>: <text>" with the details; the sender nothing (its ack
  // comes after anything the server sent it for the message).
  const fromAnn = await say(a, "hello from Ann — ünïcødé 🚀", room);
  await b.waitForEvent("new_message", delivered(fromAnn, room), bMark);
  const fromBob = await say(b, "hi Ann, Bob here", room);
  await a.waitForEvent("new_message", delivered(fromBob, room), aMark);
  checkEqual("A got only Bob's message", a.received("new_message", aMark), [delivered(fromBob, room)]);
  checkEqual("B got only Ann's message", b.received("new_message", bMark), [delivered(fromAnn, room)]);
  // B's welcome to itself would have gone out right after its enter_room ack, so before its message's ack.
  checkEqual("B got no welcome for itself", b.received("welcome", bMark), []);

  checkEqual("room_members lists both, sorted", await a.request("room_members", room), { ok: true, room, members: ["Ann", "Bob"] });

  // C comes later: its ack carries the history with who and when. A also waits in a side room.
  checkEntered("A enters the side room", await a.request("enter_room", side), side, 1);
  aMark = a.mark();
  bMark = b.mark();
  const c = await new Peer("C").ready();
  await c.nickname("Cat");
  entered = await c.request("enter_room", room);
  checkEqual("C gets the room's history with who and when", checkEntered("C enters", entered, room, 3), [fromAnn, fromBob]);
  await Promise.all([a.waitForEvent("welcome", ["Cat", 3, room], aMark), b.waitForEvent("welcome", ["Cat", 3, room], bMark)]);
  checkEntered("C enters the side room", await c.request("enter_room", side), side, 2);
  await a.waitForEvent("welcome", ["Cat", 2, side], aMark);
  checkEqual("room_members lists all three", await b.request("room_members", room), { ok: true, room, members: ["Ann", "Bob", "Cat"] });

  // B leaves: the others get bye with the count after; B's ack has it too; B hears no more of the room.
  aMark = a.mark();
  bMark = b.mark();
  let cMark = c.mark();
  checkEqual("B leaves", await b.request("leave_room", room), { ok: true, room, count: 2 });
  await Promise.all([a.waitForEvent("bye", ["Bob", 2, room], aMark), c.waitForEvent("bye", ["Bob", 2, room], cMark)]);
  // Only the state after the leave has the room at 2 and the side room at 2.
  await b.waitForRooms(`${room} has 2 and ${side} has 2`, (rooms) => hasCount(room, 2)(rooms) && hasCount(side, 2)(rooms), bMark);
  const afterLeaving = await say(a, "Bob left", room);
  await c.waitForEvent("new_message", delivered(afterLeaving, room), cMark);
  checkRefused("B cannot message a room it left", await b.request("new_message", "still here?", room), /room/);
  // That ack went out after A's message was delivered: had B still been in the room, it would have it.
  checkEqual("B no longer gets the room's messages, nor its own bye", [...b.received("new_message", bMark), ...b.received("bye", bMark)], []);

  // C disconnects: a bye in each of its rooms, with the count after it went.
  aMark = a.mark();
  bMark = b.mark();
  c.close();
  await Promise.all([a.waitForEvent("bye", ["Cat", 1, room], aMark), a.waitForEvent("bye", ["Cat", 1, side], aMark)]);
  await b.waitForRooms(`${room} and ${side} have 1`, (rooms) => hasCount(room, 1)(rooms) && hasCount(side, 1)(rooms), bMark);
  checkEqual("room_members after C went", await b.request("room_members", room), { ok: true, room, members: ["Ann"] });

  // Empty rooms disappear, history included.
  bMark = b.mark();
  checkEqual("A leaves the room", await a.request("leave_room", room), { ok: true, room, count: 0 });
  checkEqual("A leaves the side room", await a.request("leave_room", side), { ok: true, room: side, count: 0 });
  await b.waitForRooms(`${room} and ${side} are gone`, (rooms) => lacks(room)(rooms) && lacks(side)(rooms), bMark);
  checkEqual("room_members of a room that is gone", await b.request("room_members", room), { ok: true, room, members: [] });
  entered = await b.request("enter_room", room);
  checkEqual("a room that was empty starts without history", checkEntered("B enters it again", entered, room, 1), []);
  checkEqual("B leaves again", await b.request("leave_room", room), { ok: true, room, count: 0 });

  // Every welcome and bye came once: by now any duplicate would have arrived. C's two byes may come in
  // either order.
  checkEqual("A's welcomes", a.received("welcome"), [["Bob", 2, room], ["Cat", 3, room], ["Cat", 2, side]]);
  checkEqual("A's byes", sorted(a.received("bye")), sorted([["Bob", 2, room], ["Cat", 1, room], ["Cat", 1, side]]));
  checkEqual("B's welcomes and byes", [...b.received("welcome"), ...b.received("bye")], [["Cat", 3, room]]);
  return { a, b };
}

/** Lists of values in a canonical order, to compare them as multisets. */
function sorted(list) {
  return [...list].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
}

/**
 * Invalid input gets {ok: false, error} and nothing is broadcast. V and W are in a room with A and B,
 * and A alone in another. V sends invalid names, W invalid messages (two senders, so that neither
 * reaches the rate limit). Then W's valid message and V's entering a new room are the markers behind
 * which anything broadcast for the refused requests would have arrived.
 */
async function validation({ a, b }) {
  const room = roomName("checks");
  const aOnly = roomName("ann-only");
  const [v, w] = await Promise.all([new Peer("V").ready(), new Peer("W").ready()]);
  await v.nickname("Val");
  await w.nickname("Wes");
  checkEntered("A enters", await a.request("enter_room", room), room, 1);
  checkEntered("B enters", await b.request("enter_room", room), room, 2);
  checkEntered("V enters", await v.request("enter_room", room), room, 3);
  checkEntered("W enters", await w.request("enter_room", room), room, 4);
  checkEntered("A enters a room of its own", await a.request("enter_room", aOnly), aOnly, 1);
  // Only then: everything above has arrived, and what follows must add nothing but the markers.
  const settled = (rooms) => hasCount(room, 4)(rooms) && hasCount(aOnly, 1)(rooms);
  const [aBefore, bBefore] = await Promise.all([a.waitForRoomChange(`${room} has 4`, settled), b.waitForRoomChange(`${room} has 4`, settled)]);
  await Promise.all([a.waitForEvent("welcome", ["Wes", 4, room]), b.waitForEvent("welcome", ["Wes", 4, room])]);
  const aMark = a.mark();
  const bMark = b.mark();

  const tooLongRoom = "r".repeat(LIMITS.room + 1);
  const nicknames = [
    ["an empty nickname", ""],
    ["a blank nickname", "   "],
    [`a ${LIMITS.nickname + 1}-character nickname`, "n".repeat(LIMITS.nickname + 1)],
    ["a nickname with a bell", "bad\u0007name"],
    ["a nickname with a newline", "two\nlines"],
    ["a number as nickname", 42],
    ["null as nickname", null],
    ["an object as nickname", { name: "Obj" }],
    ["a list as nickname", ["List"]],
  ];
  for (const [what, value] of nicknames) {
    checkRefused(`${what} is refused`, await v.request("nickname", value), /nickname/);
  }
  checkRefused("nickname without arguments is refused", await v.request("nickname"), /nickname/);

  const rooms = [
    ["an empty room name", ""],
    ["a blank room name", "  "],
    ["a room name with white space around it", " padded "],
    [`a ${LIMITS.room + 1}-character room name`, tooLongRoom],
    ["a room name with a control character", "tab\there"],
    ["a number as room name", 7],
    ["null as room name", null],
    ["an object as room name", { room }],
    ["another socket's id as room name (its private room)", a.socket.id],
    ["the room V is already in", room],
  ];
  for (const [what, value] of rooms) {
    checkRefused(`entering ${what} is refused`, await v.request("enter_room", value), /room/);
  }
  checkRefused("enter_room without arguments is refused", await v.request("enter_room"), /room/);
  checkRefused("leaving a room V is not in is refused", await v.request("leave_room", aOnly), /room/);
  checkRefused("leaving a number is refused", await v.request("leave_room", 7), /room/);
  checkRefused("room_members of a number is refused", await v.request("room_members", 7), /room/);
  checkRefused("room_members of a too long room name is refused", await v.request("room_members", tooLongRoom), /room/);

  const messages = [
    [`a ${LIMITS.message + 1}-character message`, ["m".repeat(LIMITS.message + 1), room], /message/],
    ["an empty message", ["", room], /message/],
    ["a blank message", [" \n ", room], /message/],
    ["a message to a room W is not in (A is)", ["sneaking in", aOnly], /room/],
    ["a message to a room nobody is in", ["anyone?", roomName("nobody")], /room/],
    ["a number as message", [42, room], /message/],
    ["an object as message", [{ text: "hi" }, room], /message/],
    ["a message without a room", ["where to?"], /room/],
    ["a number as the message's room", ["hi", 7], /room/],
    ["a message to a too long room name", ["hi", tooLongRoom], /room/],
  ];
  for (const [what, args, about] of messages) {
    checkRefused(`${what} is refused`, await w.request("new_message", ...args), about);
  }
  checkRefused("new_message without arguments is refused", await w.request("new_message"), /message/);

  // The markers: a valid message of exactly the maximum length, and a new room.
  const atLimit = await say(w, "x".repeat(LIMITS.message), room);
  const marker = roomName("marker");
  checkEntered("V enters the marker room", await v.request("enter_room", marker), marker, 1);
  await Promise.all([a.waitForEvent("new_message", delivered(atLimit, room), aMark), b.waitForEvent("new_message", delivered(atLimit, room), bMark)]);
  await Promise.all([a.waitForRooms(`${marker} has 1`, hasCount(marker, 1), aMark), b.waitForRooms(`${marker} has 1`, hasCount(marker, 1), bMark)]);
  for (const [peer, mark, before] of [[a, aMark, aBefore], [b, bMark, bBefore]]) {
    checkEqual(`${peer.label} got only the marker message`, peer.received("new_message", mark), [delivered(atLimit, room)]);
    checkEqual(`${peer.label} got no welcome or bye for the refused requests`, [...peer.received("welcome", mark), ...peer.received("bye", mark)], []);
    const known = new Set([...before.args[0].map((r) => r.name), marker]);
    for (const [list] of peer.received("room_change", mark)) {
      check(`${peer.label}'s room_change after the refused requests lists no new room of this run but the marker, and ${room} at 4`,
        list.every((r) => known.has(r.name) || !r.name.endsWith(RUN)) && hasCount(room, 4)(list), list);
    }
  }
  checkEqual("room_members: the refused renames changed nothing", await a.request("room_members", room),
    { ok: true, room, members: ["Ann", "Bob", "Val", "Wes"] });

  // The limits themselves are allowed: a nickname of exactly the maximum after trimming, counted in
  // characters (not UTF-16 units), and a room name of exactly the maximum.
  const longest = `  ${"🚀".repeat(LIMITS.nickname)}  `;
  await v.nickname(longest);
  checkEqual("a renamed member shows its new nickname", await a.request("room_members", room),
    { ok: true, room, members: ["Ann", "Bob", "Wes", longest.trim()] });
  const longestRoom = roomName("l".repeat(LIMITS.room - RUN.length - 1));
  checkEntered(`a ${LIMITS.room}-character room name`, await v.request("enter_room", longestRoom), longestRoom, 1);

  v.close();
  await Promise.all([a.waitForEvent("bye", [longest.trim(), 3, room], aMark), b.waitForEvent("bye", [longest.trim(), 3, room], bMark)]);
  w.close();
  await Promise.all([a.waitForEvent("bye", ["Wes", 2, room], aMark), b.waitForEvent("bye", ["Wes", 2, room], bMark)]);
  await a.waitForRooms(`${marker} and ${longestRoom} are gone`, (list) => lacks(marker)(list) && lacks(longestRoom)(list), aMark);
  checkEqual("A leaves", await a.request("leave_room", room), { ok: true, room, count: 1 });
  checkEqual("A leaves its own room", await a.request("leave_room", aOnly), { ok: true, room: aOnly, count: 0 });
  checkEqual("B leaves", await b.request("leave_room", room), { ok: true, room, count: 0 });
}

/** A connection may be in roomsPerSocket rooms; the next is refused and never appears anywhere. */
async function roomsCap({ b }) {
  const r = await new Peer("R").ready();
  await r.nickname("Rita");
  const names = Array.from({ length: LIMITS.roomsPerSocket + 1 }, (_, i) => roomName(`cap-${String(i).padStart(2, "0")}`));
  const allowed = names.slice(0, LIMITS.roomsPerSocket);
  const refused = names[LIMITS.roomsPerSocket];
  const bMark = b.mark();
  for (const name of allowed) {
    checkEntered(`R enters ${name}`, await r.request("enter_room", name), name, 1);
  }
  const full = await b.waitForRoomChange(`all ${allowed.length} cap rooms have 1`, (rooms) => allowed.every((name) => countOf(rooms, name) === 1), bMark);
  checkRefused(`R's room number ${LIMITS.roomsPerSocket + 1} is refused`, await r.request("enter_room", refused), /room/);
  checkEqual("R leaves the first", await r.request("leave_room", allowed[0]), { ok: true, room: allowed[0], count: 0 });
  // The marker: the room list after the leave. Had the refused join counted, it would be in it.
  const afterLeave = await b.waitForRooms(`${allowed[0]} is gone`, lacks(allowed[0]), full.index + 1);
  checkEqual("the list after the leave: the other nine cap rooms", afterLeave.filter((r) => names.includes(r.name)),
    allowed.slice(1).map((name) => ({ name, count: 1 })));
  check("no room_change ever listed the refused room", b.received("room_change", bMark).every(([rooms]) => lacks(refused)(rooms)));
  checkEqual("the refused room has no members", await b.request("room_members", refused), { ok: true, room: refused, members: [] });
  checkEntered("with one room free again, R may enter another", await r.request("enter_room", refused), refused, 1);

  const gone = b.mark();
  r.close();
  await b.waitForRooms("every cap room is gone after R disconnected", (rooms) => names.every((name) => lacks(name)(rooms)), gone);
}

/**
 * A client that never set a nickname enters a room and disconnects at once, without waiting for the
 * ack. It goes by the default "guest-xxxxxx". The server gets the two events in that order, so it
 * must treat them as an entry and a departure: welcome, then bye, and no member left behind.
 */
async function enterAndVanish({ a }) {
  const room = roomName("brief");
  checkEntered("A enters", await a.request("enter_room", room), room, 1);
  const aMark = a.mark();
  const g = await new Peer("G").ready();
  g.socket.emit("enter_room", room, () => {});
  g.close();
  const welcome = await a.waitFor("welcome from G", (e) => e.event === "welcome", aMark);
  const [guest] = welcome.args;
  check("a client without a nickname is guest-xxxxxx", typeof guest === "string" && /^guest-\S{6}$/.test(guest), guest);
  await a.waitForEvent("bye", [guest, 1, room], aMark);
  checkEqual("A saw the guest come and go", [...a.received("welcome", aMark), ...a.received("bye", aMark)], [[guest, 2, room], [guest, 1, room]]);
  checkEqual("no ghost member", await a.request("room_members", room), { ok: true, room, members: ["Ann"] });
  await a.waitForRooms(`${room} has 1`, hasCount(room, 1), a.lastRoomChange());
  checkEqual("A leaves", await a.request("leave_room", room), { ok: true, room, count: 0 });
}

/** A room keeps the last historySize messages, oldest first, for whoever enters. */
async function historyCap({ b }) {
  const room = roomName("history");
  const perSender = 30;
  const [h1, h2] = await Promise.all([new Peer("H1").ready(), new Peer("H2").ready()]);
  await h1.nickname("Hal");
  await h2.nickname("Hana");
  checkEntered("H1 enters", await h1.request("enter_room", room), room, 1);
  checkEntered("H2 enters", await h2.request("enter_room", room), room, 2);
  const sent = [];
  for (const sender of [h1, h2]) {
    for (let i = 0; i < perSender; i++) {
      sent.push(await say(sender, `${sender.nick} #${i}`, room));
    }
  }
  const entered = await b.request("enter_room", room);
  checkEqual(`the history is the last ${LIMITS.history} messages`, checkEntered("B enters", entered, room, 3), sent.slice(-LIMITS.history));
  checkEqual("B leaves", await b.request("leave_room", room), { ok: true, room, count: 2 });
  h1.close();
  h2.close();
}

/**
 * 100 messages at once: more than the rate allows. Some are refused ("slow down"), the rest reach
 * the other member in order, and once the bucket refills the connection works as before.
 */
async function flood({ a }) {
  const room = roomName("flood");
  const f = await new Peer("F").ready();
  await f.nickname("Flo");
  checkEntered("F enters", await f.request("enter_room", room), room, 1);
  checkEntered("A enters", await a.request("enter_room", room), room, 2);
  const aMark = a.mark();
  const texts = Array.from({ length: 100 }, (_, i) => `flood #${i}`);
  const replies = await Promise.all(texts.map((text) => f.request("new_message", text, room)));
  const accepted = texts.filter((_, i) => replies[i].ok === true);
  const refused = replies.filter((reply) => reply.ok !== true);
  check("every flood message was acked ok or refused", replies.every((reply) => reply.ok === true ? Number.isInteger(reply.time) : isRefusal(reply)), replies);
  check("some flood messages are accepted, some refused", accepted.length > 0 && refused.length > 0, { accepted: accepted.length, refused: refused.length });
  check("refusals say slow down", refused.every((reply) => /slow down/.test(reply.error)), refused[0]);
  result.flood = { accepted: accepted.length, refused: refused.length };

  // The bucket refills at eventsPerSecond: ask again until the server takes the message (bounded).
  const deadline = Date.now() + STEP_MS;
  let after;
  while (after === undefined) {
    const before = Date.now();
    const reply = await f.request("new_message", "after the flood", room);
    if (reply.ok === true) {
      after = { id: reply.id, nickname: "Flo", text: "after the flood", time: reply.time };
    } else {
      checkRefused("a refusal while the bucket refills", reply, /slow down/);
      check(`a message is accepted again within ${STEP_MS} ms`, Date.now() < deadline);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 / LIMITS.eventsPerSecond - (Date.now() - before))));
    }
  }
  check("F stayed connected", f.socket.connected && f.disconnectReasons.length === 0, f.disconnectReasons);
  await a.waitForEvent("new_message", delivered(after, room), aMark);
  checkEqual("A got exactly the accepted messages, in order", a.received("new_message", aMark).map(([line]) => line),
    [...accepted, after.text].map((text) => `Flo: ${text}`));
  checkEqual("room_members after the flood", await a.request("room_members", room), { ok: true, room, members: ["Ann", "Flo"] });
  f.close();
  await a.waitForEvent("bye", ["Flo", 1, room], aMark);
  checkEqual("A leaves", await a.request("leave_room", room), { ok: true, room, count: 0 });
}

/**
 * Binary arguments are not strings: a nickname, room name or message sent as bytes is refused like
 * any other non-string, not taken as some text made of the bytes. Last but one, so that everything
 * else has been checked when this fails.
 */
async function binaryArguments({ a }) {
  const room = roomName("bytes");
  const x = await new Peer("X").ready();
  await x.nickname("Xan");
  checkEntered("A enters", await a.request("enter_room", room), room, 1);
  checkEntered("X enters", await x.request("enter_room", room), room, 2);
  await a.waitForEvent("welcome", ["Xan", 2, room]);
  const aMark = a.mark();
  const bytes = (text) => Buffer.from(text, "utf8");
  checkRefused("binary as nickname is refused", await x.request("nickname", bytes("Bin")), /nickname/);
  checkRefused("binary as room name is refused", await x.request("enter_room", bytes(room)), /room/);
  checkRefused("binary as message is refused", await x.request("new_message", bytes("hello"), room), /message/);
  checkRefused("binary as the message's room is refused", await x.request("new_message", "hello", bytes(room)), /room/);
  checkRefused("binary as room_members' room is refused", await x.request("room_members", bytes(room)), /room/);
  const marker = await say(x, "after the bytes", room);
  await a.waitForEvent("new_message", delivered(marker, room), aMark);
  checkEqual("A got only the marker message", a.received("new_message", aMark), [delivered(marker, room)]);
  checkEqual("room_members after the binary requests", await a.request("room_members", room), { ok: true, room, members: ["Ann", "Xan"] });
  x.close();
  await a.waitForEvent("bye", ["Xan", 1, room], aMark);
  checkEqual("A leaves", await a.request("leave_room", room), { ok: true, room, count: 0 });
}

/** Last: no room of this run is left in the list the last client sees (its latest one, or a later one). */
async function noRoomLeft({ a, b }) {
  a.close();
  await b.waitForRooms("no room of this run is left", (list) => list.every((r) => !r.name.endsWith(RUN)), b.lastRoomChange());
  b.close();
}

try {
  const pair = await mainScenario();
  await validation(pair);
  await roomsCap(pair);
  await enterAndVanish(pair);
  await historyCap(pair);
  await flood(pair);
  await binaryArguments(pair);
  // Invalid input, floods and abrupt departures included, the server dropped no client: every
  // disconnect was a client's own.
  check("no client was disconnected by the server", peers.every((p) => p.disconnectReasons.every((reason) => reason === "io client disconnect")),
    peers.map((p) => [p.label, p.disconnectReasons]));
  await noRoomLeft(pair);
  closeAll();
  result.ok = true;
  report();
  watchdog.unref();
} catch (error) {
  fail(error);
}
