// The clients of chat-scenario.mjs: the official socket.io-client (the repo's node_modules), one
// connection each, recording every event it receives so that a scenario can wait for an expected
// one (or a state of the room list) and later check what else arrived; and the checks, which record
// their names in `result` and throw on the first one that fails.

import { io } from "socket.io-client";
import { isDeepStrictEqual } from "node:util";

/** How long one expected event or ack may take before the scenario fails with a precise message. */
export const STEP_MS = 5_000;

// checks: each distinct check once (a check run per message or per room counts once); checked: how many ran.
export const result = { ok: false, checked: 0, checks: [], error: null };
const checkNames = new Set();
/** Every client made, for closing them all and to know the socket ids (private rooms). */
export const peers = [];
let target;

/** The server and transport every Peer connects to. */
export function connectTo(url, transport) {
  target = { url, transport };
}

/** Records a named check; throws (failing the run) if it does not hold. */
export function check(name, condition, details) {
  result.checked++;
  if (!checkNames.has(name)) {
    checkNames.add(name);
    result.checks.push(name);
  }
  if (!condition) {
    throw new Error(`check failed: ${name}${details === undefined ? "" : `: ${JSON.stringify(details)}`}`);
  }
}

export function checkEqual(name, actual, expected) {
  check(name, isDeepStrictEqual(actual, expected), { actual, expected });
}

/** An ack that refused the request: {ok: false, error: "<reason>"}, the reason mentioning {@code about}. */
export function checkRefused(name, reply, about) {
  check(name, isRefusal(reply) && about.test(reply.error), { reply, expected: `{ok:false, error matching ${about}}` });
}

export function isRefusal(reply) {
  return reply !== null && typeof reply === "object" && reply.ok === false
    && typeof reply.error === "string" && reply.error.length > 0 && Object.keys(reply).length === 2;
}

/**
 * One chat client: its socket, every event it received (in order), and waits on them. Waits look at
 * the events from a given index on, so an event that arrived before the wait began still counts.
 */
export class Peer {
  constructor(label) {
    this.label = label;
    this.events = [];
    this.waiters = new Set();
    this.socket = io(target.url, { forceNew: true, reconnection: false, transports: [target.transport], upgrade: false, query: { tag: `chat-${label}` } });
    this.socket.onAny((event, ...args) => {
      this.events.push({ event, args, index: this.events.length });
      for (const waiter of [...this.waiters]) {
        waiter();
      }
    });
    this.disconnectReasons = [];
    this.socket.on("disconnect", (reason) => this.disconnectReasons.push(reason));
    peers.push(this);
  }

  /** Connected, and the first thing the server sent was the room list. */
  async ready() {
    if (!this.socket.connected) {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${this.label}: not connected within ${STEP_MS} ms`)), STEP_MS);
        this.socket.once("connect", () => {
          clearTimeout(timer);
          resolve();
        });
        this.socket.once("connect_error", (error) => {
          clearTimeout(timer);
          reject(new Error(`${this.label}: connect_error ${error.message}`));
        });
      });
    }
    const { name } = this.socket.io.engine.transport;
    check(`${this.label} runs over ${target.transport}`, name === target.transport, name);
    const first = await this.waitFor("its first event", () => true);
    check(`${this.label} gets room_change right after connecting`, first.event === "room_change" && Array.isArray(first.args[0]), first);
    checkRoomList(`${this.label}'s first room_change`, first.args[0]);
    return this;
  }

  /** The index the next event will have. */
  mark() {
    return this.events.length;
  }

  /** The index of the last room_change so far: waiting from it gives the current list or a newer one. */
  lastRoomChange() {
    const last = this.events.findLastIndex((e) => e.event === "room_change");
    return last < 0 ? 0 : last;
  }

  /** Resolves with the first event at index >= {@code from} that {@code match}es; fails after STEP_MS. */
  waitFor(what, match, from = 0) {
    return new Promise((resolve, reject) => {
      let index = from;
      const look = () => {
        for (; index < this.events.length; index++) {
          if (match(this.events[index])) {
            done();
            resolve(this.events[index]);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.label}: no ${what} within ${STEP_MS} ms; received since: ${JSON.stringify(this.events.slice(from)).slice(0, 2000)}`));
      }, STEP_MS);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(look);
      };
      this.waiters.add(look);
      look();
    });
  }

  /** Waits for the event named {@code event} with exactly these arguments. */
  waitForEvent(event, args, from = 0) {
    return this.waitFor(`${event}(${JSON.stringify(args)})`, (e) => e.event === event && isDeepStrictEqual(e.args, args), from);
  }

  /** Waits for a room_change whose list satisfies {@code holds}; returns the event ({event, args, index}). */
  async waitForRoomChange(what, holds, from = 0) {
    const event = await this.waitFor(`room_change where ${what}`, (e) => e.event === "room_change" && holds(e.args[0]), from);
    checkRoomList(`${this.label}: room_change where ${what}`, event.args[0]);
    return event;
  }

  /** As waitForRoomChange; returns the list. */
  async waitForRooms(what, holds, from = 0) {
    return (await this.waitForRoomChange(what, holds, from)).args[0];
  }

  /** The events named {@code event} received since {@code from}, as argument lists. */
  received(event, from = 0) {
    return this.events.slice(from).filter((e) => e.event === event).map((e) => e.args);
  }

  /** Emits with an ack callback; resolves with the ack's first argument (the chat acks with one object). */
  request(event, ...args) {
    return new Promise((resolve, reject) => {
      this.socket.timeout(STEP_MS).emit(event, ...args, (error, reply, ...more) => {
        if (error) {
          reject(new Error(`${this.label}: no ack for ${event} within ${STEP_MS} ms`));
        } else if (more.length > 0) {
          reject(new Error(`${this.label}: the ack for ${event} has ${1 + more.length} arguments: ${JSON.stringify([reply, ...more])}`));
        } else {
          resolve(reply);
        }
      });
    });
  }

  /** Sets the nickname and checks the ack. */
  async nickname(name) {
    checkEqual(`${this.label} sets nickname ${name}`, await this.request("nickname", name), { ok: true, nickname: name.trim() });
    this.nick = name.trim();
    return this;
  }

  /** Disconnects (the client lets the server know before it returns). */
  close() {
    this.socket.disconnect();
    check(`${this.label} disconnected`, this.socket.disconnected);
  }
}

/** A room list as the contract has it: [{name, count}], sorted by name, public rooms only, counts >= 1. */
export function checkRoomList(name, rooms) {
  const wellFormed = Array.isArray(rooms) && rooms.every((r) => r && typeof r.name === "string" && Number.isInteger(r.count)
    && r.count >= 1 && Object.keys(r).length === 2);
  check(`${name} is a list of {name, count} with count >= 1`, wellFormed, rooms);
  const names = rooms.map((r) => r.name);
  checkEqual(`${name} is sorted by name without duplicates`, names, [...new Set(names)].sort());
  const socketIds = new Set(peers.map((p) => p.socket.id).filter(Boolean));
  check(`${name} holds no socket's private room`, !names.some((n) => socketIds.has(n)), names);
}

export const countOf = (rooms, name) => rooms.find((r) => r.name === name)?.count ?? 0;
export const hasCount = (name, count) => (rooms) => countOf(rooms, name) === count;
export const lacks = (name) => (rooms) => !rooms.some((r) => r.name === name);

/** A successful enter_room ack: {ok, room, count, history}. Returns the history. */
export function checkEntered(name, reply, room, count) {
  check(`${name}: ack ok`, reply && reply.ok === true, reply);
  checkEqual(`${name}: ack room and count`, { room: reply.room, count: reply.count }, { room, count });
  check(`${name}: ack history is a list`, Array.isArray(reply.history), reply);
  return reply.history;
}

/**
 * Sends a message and checks the ack: {ok: true, time, id} with the server's time, epoch ms, around
 * now, and the message's id (the same in history and in what the others receive).
 */
export async function say(peer, text, room) {
  const before = Date.now();
  const reply = await peer.request("new_message", text, room);
  const after = Date.now();
  check(`${peer.label}'s message to ${room} acked ok with a time`, reply && reply.ok === true && Number.isInteger(reply.time), reply);
  check(`${peer.label}'s message to ${room} acked with its id`, typeof reply.id === "string" && reply.id.length > 0, reply);
  // Same machine, same clock; a second of slack for a clock step during the run.
  check(`${peer.label}'s message time is the server's now`, reply.time >= before - 1000 && reply.time <= after + 1000, { before, time: reply.time, after });
  return { id: reply.id, nickname: peer.nick, text, time: reply.time };
}

/** What the other members receive for a message: "<nick>: <text>" and {id, nickname, text, time, room}. */
export const delivered = (message, room) => [`${message.nickname}: ${message.text}`, { ...message, room }];

export function closeAll() {
  for (const peer of peers) {
    peer.socket.disconnect();
  }
}
