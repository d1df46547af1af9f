"""The chat of MISSION.md, driven with the Python Socket.IO client (python-socketio) against a running
Roomcast. ChatPythonClientScenarioTest runs it with Debian's python3-socketio (5.7); by hand:

    /usr/bin/python3 src/test/python/chat_scenario.py http://127.0.0.1:8080 websocket
    /usr/bin/python3 src/test/python/chat_scenario.py http://127.0.0.1:8080 polling

Three clients, each on a connection of its own over the one transport named: nicknames, a room,
counts in acks and room_change, welcome, messages both ways, room_members, history, leave -> bye,
disconnect -> bye, and the room gone once empty. Prints one JSON line to stdout ({"ok": ...,
"checks": [...], "error": ...}); exits 0 only if every check passed.

It never sleeps to let things settle: it waits (with a timeout) for the state it expects. "Nothing
else arrived" is checked after a marker the server must send after anything it wrongly sent.
"""

import json
import os
import random
import string
import sys
import threading
import time

import socketio

TIMEOUT_S = 30
# How long one expected event may take before the scenario fails with a precise message.
STEP_S = 5
TRANSPORTS = ("websocket", "polling")

RUN = "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(6))

result = {"ok": False, "run": RUN, "client": "python-socketio", "checked": 0, "checks": [], "error": None}
_printed = threading.Lock()
peers = []


class CheckFailed(Exception):
    pass


def report(ok, error=None):
    """Prints the result line once (a watchdog that fires later still prints its own, last)."""
    with _printed:
        result["ok"] = ok
        result["error"] = error
        # The error and the counts first, the long list of checks last, for a reader of a failure.
        line = dict(ok=result["ok"], error=result["error"], **{k: v for k, v in result.items() if k not in ("ok", "error", "checks")})
        line["checks"] = result["checks"]
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()


def watchdog():
    report(False, "still running %s s after start%s" % (TIMEOUT_S, ", though done" if result["ok"] else ""))
    os._exit(1)


def check(name, condition, details=None):
    result["checked"] += 1
    if name not in result["checks"]:
        result["checks"].append(name)
    if not condition:
        raise CheckFailed("check failed: %s%s" % (name, "" if details is None else ": " + json.dumps(details, default=repr)))


def check_equal(name, actual, expected):
    check(name, actual == expected, {"actual": actual, "expected": expected})


def check_refused(name, reply, about):
    check(name, isinstance(reply, dict) and reply.get("ok") is False and isinstance(reply.get("error"), str)
          and about in reply["error"] and set(reply) == {"ok", "error"}, {"reply": reply, "expected": "error about " + about})


class Peer:
    """One chat client: its socketio.Client, every event it received (in order), and waits on them."""

    def __init__(self, label, url, transport):
        self.label = label
        self.url = url
        self.transport = transport
        self.nick = None
        self.events = []
        self.disconnects = 0
        self.changed = threading.Condition()
        self.sio = socketio.Client(reconnection=False, handle_sigint=False)
        self.sio.on("*", self._received)
        self.sio.on("disconnect", self._disconnected)
        peers.append(self)

    def _received(self, event, *args):
        with self.changed:
            self.events.append((event, list(args)))
            self.changed.notify_all()

    def _disconnected(self):
        with self.changed:
            self.disconnects += 1
            self.changed.notify_all()

    def connect(self):
        """Connects over the one transport; the first thing the server sends is the room list."""
        self.sio.connect(self.url, transports=[self.transport], wait_timeout=STEP_S)
        check_equal("%s runs over %s" % (self.label, self.transport), self.sio.transport(), self.transport)
        index, (event, args) = self.wait_for("its first event", lambda e: True)
        check("%s gets room_change right after connecting" % self.label, index == 0 and event == "room_change"
              and isinstance(args[0], list), [event, args])
        check_room_list("%s's first room_change" % self.label, args[0], self)
        return self

    def mark(self):
        with self.changed:
            return len(self.events)

    def wait_for(self, what, match, start=0):
        """The first (index, event) at index >= start that matches; fails after STEP_S."""
        deadline = time.monotonic() + STEP_S
        with self.changed:
            index = start
            while True:
                while index < len(self.events):
                    if match(self.events[index]):
                        return index, self.events[index]
                    index += 1
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CheckFailed("%s: no %s within %s s; received since: %s"
                                      % (self.label, what, STEP_S, json.dumps(self.events[start:])[:2000]))
                self.changed.wait(left)

    def wait_for_event(self, event, args, start=0):
        return self.wait_for("%s%s" % (event, json.dumps(args)), lambda e: e == (event, args), start)

    def wait_for_rooms(self, what, holds, start=0):
        """Waits for a room_change whose list satisfies holds; returns (index, list)."""
        index, (_, args) = self.wait_for("room_change where " + what, lambda e: e[0] == "room_change" and holds(e[1][0]), start)
        check_room_list("%s: room_change where %s" % (self.label, what), args[0], self)
        return index, args[0]

    def received(self, event, start=0):
        with self.changed:
            return [args for name, args in self.events[start:] if name == event]

    def request(self, event, *args):
        """Emits with an ack; the chat acks with one object."""
        try:
            return self.sio.call(event, tuple(args), timeout=STEP_S)
        except socketio.exceptions.TimeoutError:
            raise CheckFailed("%s: no ack for %s within %s s" % (self.label, event, STEP_S)) from None

    def nickname(self, name):
        check_equal("%s sets nickname %s" % (self.label, name), self.request("nickname", name), {"ok": True, "nickname": name})
        self.nick = name
        return self

    def close(self):
        self.sio.disconnect()
        with self.changed:
            check("%s disconnected" % self.label, self.changed.wait_for(lambda: self.disconnects == 1, STEP_S))


def check_room_list(name, rooms, peer):
    """[{name, count}], sorted by name, public rooms only (no socket ids), counts >= 1."""
    check(name + " is a list of {name, count} with count >= 1", isinstance(rooms, list) and all(
        isinstance(r, dict) and set(r) == {"name", "count"} and isinstance(r["name"], str)
        and isinstance(r["count"], int) and r["count"] >= 1 for r in rooms), rooms)
    names = [r["name"] for r in rooms]
    # Java's String order and Python's agree for the names used here (no characters beyond U+FFFF).
    check_equal(name + " is sorted by name without duplicates", names, sorted(set(names)))
    ids = {p.sio.get_sid() for p in peers if p.sio.connected}
    check(name + " holds no socket's private room", not ids.intersection(names), names)


def count_of(rooms, name):
    return next((r["count"] for r in rooms if r["name"] == name), 0)


def check_entered(name, reply, room, count):
    """A successful enter_room ack: {ok, room, count, history}; returns the history."""
    check(name + ": ack ok", isinstance(reply, dict) and reply.get("ok") is True, reply)
    check_equal(name + ": ack room and count", [reply.get("room"), reply.get("count")], [room, count])
    check(name + ": ack history is a list", isinstance(reply.get("history"), list), reply)
    return reply["history"]


def say(peer, text, room):
    """Sends a message; the ack is {ok: true, time, id}: the server's time in epoch ms and the message's id."""
    before = int(time.time() * 1000)
    reply = peer.request("new_message", text, room)
    after = int(time.time() * 1000)
    check("%s's message acked ok with a time" % peer.label, isinstance(reply, dict) and reply.get("ok") is True
          and isinstance(reply.get("time"), int), reply)
    check("%s's message acked with its id" % peer.label, isinstance(reply.get("id"), str) and reply["id"] != "", reply)
    # Same machine, same clock; a second of slack for a clock step during the run.
    check("%s's message time is the server's now" % peer.label, before - 1000 <= reply["time"] <= after + 1000,
          [before, reply["time"], after])
    return {"id": reply["id"], "nickname": peer.nick, "text": text, "time": reply["time"]}


def delivered(message, room):
    """What the other members get: "<nick>: <text>" and {id, nickname, text, time, room}."""
    return ["%s: %s" % (message["nickname"], message["text"]), dict(message, room=room)]


def scenario(url, transport):
    room = "lobby-py-" + RUN
    a = Peer("A", url, transport).connect()
    b = Peer("B", url, transport).connect()
    a.nickname("Ann")
    # nickname's ack is optional: B asks for none, and what it does next must already use the name.
    b.sio.emit("nickname", "Bob")
    b.nick = "Bob"

    b_mark = b.mark()
    check_equal("A enters first: empty history", check_entered("A enters", a.request("enter_room", room), room, 1), [])
    b.wait_for_rooms(room + " has 1", lambda rooms: count_of(rooms, room) == 1, b_mark)

    a_mark, b_mark = a.mark(), b.mark()
    check_equal("B enters second: empty history", check_entered("B enters", b.request("enter_room", room), room, 2), [])
    a.wait_for_event("welcome", ["Bob", 2, room], a_mark)
    a.wait_for_rooms(room + " has 2", lambda rooms: count_of(rooms, room) == 2, a_mark)
    b.wait_for_rooms(room + " has 2", lambda rooms: count_of(rooms, room) == 2, b_mark)

    # Messages both ways; the sender's ack comes after anything the server sent it for its message.
    from_ann = say(a, "hello from Ann — ünïcødé ☃", room)
    b.wait_for_event("new_message", delivered(from_ann, room), b_mark)
    from_bob = say(b, "hi Ann, Bob here", room)
    a.wait_for_event("new_message", delivered(from_bob, room), a_mark)
    check_equal("A got only Bob's message", a.received("new_message", a_mark), [delivered(from_bob, room)])
    check_equal("B got only Ann's message", b.received("new_message", b_mark), [delivered(from_ann, room)])
    check_equal("B got no welcome for itself", b.received("welcome", b_mark), [])
    check_equal("room_members lists both, sorted", a.request("room_members", room), {"ok": True, "room": room, "members": ["Ann", "Bob"]})

    # A refused request: an error ack, nothing broadcast (B's next message is the marker).
    check_refused("a 33-character nickname is refused", a.request("nickname", "n" * 33), "nickname")
    check_refused("a message to a room A is not in is refused", a.request("new_message", "psst", "elsewhere-" + RUN), "room")

    # C comes later: its ack carries the history with who and when.
    a_mark, b_mark = a.mark(), b.mark()
    c = Peer("C", url, transport).connect().nickname("Cat")
    history = check_entered("C enters", c.request("enter_room", room), room, 3)
    check_equal("C gets the history with who and when", history, [from_ann, from_bob])
    a.wait_for_event("welcome", ["Cat", 3, room], a_mark)
    b.wait_for_event("welcome", ["Cat", 3, room], b_mark)
    b_three, _ = b.wait_for_rooms(room + " has 3", lambda rooms: count_of(rooms, room) == 3, b_mark)

    # B leaves: the others get bye with the count after; B's ack has it too.
    a_mark, c_mark = a.mark(), c.mark()
    check_equal("B leaves", b.request("leave_room", room), {"ok": True, "room": room, "count": 2})
    a.wait_for_event("bye", ["Bob", 2, room], a_mark)
    c.wait_for_event("bye", ["Bob", 2, room], c_mark)
    b.wait_for_rooms(room + " has 2 again", lambda rooms: count_of(rooms, room) == 2, b_three + 1)
    after_leaving = say(c, "Bob left", room)
    a.wait_for_event("new_message", delivered(after_leaving, room), a_mark)
    check_refused("B cannot message the room it left", b.request("new_message", "still here?", room), "room")
    # That ack went out after C's message was delivered: had B still been in the room, it would have it.
    check_equal("B hears no more of the room", b.received("new_message", b_three) + b.received("bye", b_three), [])

    # C disconnects: the others in the room get bye with the count after.
    a_mark, b_mark = a.mark(), b.mark()
    c.close()
    a.wait_for_event("bye", ["Cat", 1, room], a_mark)
    b.wait_for_rooms(room + " has 1", lambda rooms: count_of(rooms, room) == 1, b_mark)
    check_equal("room_members after C went", b.request("room_members", room), {"ok": True, "room": room, "members": ["Ann"]})

    # The room disappears once empty.
    b_mark = b.mark()
    check_equal("A leaves", a.request("leave_room", room), {"ok": True, "room": room, "count": 0})
    b.wait_for_rooms(room + " is gone", lambda rooms: count_of(rooms, room) == 0, b_mark)

    # By now any duplicate would have arrived.
    check_equal("A's welcomes and byes", a.received("welcome") + a.received("bye"),
                [["Bob", 2, room], ["Cat", 3, room], ["Bob", 2, room], ["Cat", 1, room]])
    check_equal("A got exactly the others' messages", a.received("new_message"),
                [delivered(from_bob, room), delivered(after_leaving, room)])
    check("nobody was disconnected by the server", a.disconnects == 0 and b.disconnects == 0, [a.disconnects, b.disconnects])
    a.close()
    b.close()


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in TRANSPORTS:
        sys.stderr.write("usage: chat_scenario.py <url, e.g. http://127.0.0.1:8080> <%s>\n" % "|".join(TRANSPORTS))
        sys.exit(2)
    url, transport = sys.argv[1], sys.argv[2]
    result["transport"] = transport
    timer = threading.Timer(TIMEOUT_S, watchdog)
    timer.daemon = True
    timer.start()
    try:
        scenario(url, transport)
    except Exception as error:  # noqa: BLE001 - any failure is reported as the run's result
        report(False, "%s: %s" % (type(error).__name__, error))
        for peer in peers:
            peer.sio.disconnect()
        sys.exit(1)
    report(True)
    # The watchdog stays armed: a client thread that keeps the process alive still fails the run.


if __name__ == "__main__":
    main()
