// The Roomcast chat page: the MISSION.md contract over the official Socket.IO client.
// All user text is put in the page with textContent, never as HTML.
(() => {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const socket = io({ transports: ["polling", "websocket"] });

  const state = {
    nickname: localStorage.getItem("roomcast.nickname") || "",
    rooms: new Map(),   // room -> [{kind, nickname, text, time}]
    seen: new Map(),    // room -> Set of message ids shown (each message is shown once)
    active: null,
  };

  // ---- connection state ------------------------------------------------------------------

  function showConnection(text) {
    const badge = $("connection-state");
    badge.textContent = text;
    badge.className = "state state-" + text;
  }

  socket.on("connect", () => {
    showConnection("connected");
    // After a reconnect the server knows nothing of us: set the nickname and re-enter our rooms.
    if (state.nickname) {
      sendNickname(state.nickname);
    }
    for (const room of state.rooms.keys()) {
      enter(room, { rejoin: true });
    }
  });
  socket.on("disconnect", (reason) => {
    showConnection(reason === "io client disconnect" ? "offline" : "reconnecting");
  });
  socket.io.on("reconnect_attempt", () => showConnection("reconnecting"));
  socket.io.on("reconnect_failed", () => showConnection("offline"));
  socket.on("connect_error", () => showConnection(socket.active ? "reconnecting" : "offline"));

  // ---- nickname --------------------------------------------------------------------------

  function sendNickname(name) {
    socket.emit("nickname", name, (reply) => {
      if (reply && reply.ok) {
        state.nickname = reply.nickname;
        localStorage.setItem("roomcast.nickname", reply.nickname);
        $("nickname-status").textContent = "You are " + reply.nickname;
        showError("");
      } else {
        showError(reply ? reply.error : "could not set nickname");
      }
    });
  }

  $("nickname-input").value = state.nickname;
  $("nickname-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sendNickname($("nickname-input").value);
  });

  // ---- rooms -----------------------------------------------------------------------------

  socket.on("room_change", (rooms) => {
    const list = $("room-list");
    list.replaceChildren();
    for (const room of rooms) {
      const item = document.createElement("li");
      item.dataset.room = room.name;
      item.tabIndex = 0;
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = room.name;
      const count = document.createElement("span");
      count.className = "count";
      count.textContent = String(room.count);
      item.append(name, count);
      item.addEventListener("click", () => enter(room.name));
      item.addEventListener("keydown", (e) => { if (e.key === "Enter") enter(room.name); });
      list.append(item);
    }
    $("room-list-empty").hidden = rooms.length > 0;
  });

  function enter(room, { rejoin = false } = {}) {
    if (!rejoin && state.rooms.has(room)) {
      activate(room);
      return;
    }
    socket.emit("enter_room", room, (reply) => {
      if (!reply || !reply.ok) {
        showError(reply ? reply.error : "could not enter room");
        return;
      }
      showError("");
      // The rule of the contract: the history holds every message of the room before we entered,
      // every later one arrives live after this ack. After a reconnect, the history brings what
      // we missed meanwhile; the ids tell what is shown already.
      if (!state.rooms.has(room)) {
        state.rooms.set(room, []);
        state.seen.set(room, new Set());
      }
      for (const message of reply.history || []) {
        addMessage(room, { kind: "message", ...message });
      }
      addLine(room, { kind: "notice", text: "You entered " + room + " (" + reply.count + " here)", time: Date.now() });
      activate(room);
    });
  }

  $("room-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const room = $("room-input").value.trim();
    if (room) {
      enter(room);
      $("room-input").value = "";
    }
  });

  $("leave-room").addEventListener("click", () => {
    const room = state.active;
    if (!room) return;
    socket.emit("leave_room", room, (reply) => {
      if (reply && !reply.ok) {
        showError(reply.error);
        return;
      }
      state.rooms.delete(room);
      state.seen.delete(room);
      activate(state.rooms.keys().next().value || null);
    });
  });

  function activate(room) {
    state.active = room;
    $("active-room").textContent = room || "Not in a room";
    $("leave-room").disabled = !room;
    $("message-input").disabled = !room;
    $("message-send").disabled = !room;
    $("message-input").placeholder = room ? "Message " + room : "Enter a room to chat";
    renderMyRooms();
    renderMessages();
  }

  function renderMyRooms() {
    const nav = $("my-rooms");
    nav.replaceChildren();
    for (const room of state.rooms.keys()) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = room;
      button.setAttribute("aria-current", String(room === state.active));
      button.addEventListener("click", () => activate(room));
      nav.append(button);
    }
  }

  // ---- messages --------------------------------------------------------------------------

  socket.on("welcome", (nickname, count, room) => {
    addLine(room || state.active, { kind: "notice", text: nickname + " entered (" + count + " here)", time: Date.now() });
  });
  socket.on("bye", (nickname, count, room) => {
    addLine(room || state.active, { kind: "notice", text: nickname + " left (" + count + " here)", time: Date.now() });
  });
  socket.on("new_message", (line, details) => {
    if (details && details.room) {
      addMessage(details.room, { kind: "message", id: details.id, nickname: details.nickname, text: details.text, time: details.time });
    } else {
      addLine(state.active, { kind: "message", nickname: "", text: line, time: Date.now() });
    }
  });

  $("message-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const room = state.active;
    const text = $("message-input").value;
    if (!room || !text.trim()) return;
    socket.emit("new_message", text, room, (reply) => {
      if (reply && reply.ok) {
        addMessage(room, { kind: "message", id: reply.id, nickname: state.nickname || "you", text, time: reply.time || Date.now(), mine: true });
        $("message-input").value = "";
        showError("");
      } else {
        showError(reply ? reply.error : "could not send");
      }
    });
  });

  /** A message, unless it is shown already (by id). */
  function addMessage(room, message) {
    const seen = state.seen.get(room);
    if (!seen || (message.id && seen.has(message.id))) return;
    if (message.id) seen.add(message.id);
    addLine(room, message);
  }

  function addLine(room, line) {
    if (!room || !state.rooms.has(room)) return;
    state.rooms.get(room).push(line);
    if (room === state.active) appendLine(line);
  }

  function renderMessages() {
    $("messages").replaceChildren();
    for (const line of state.rooms.get(state.active) || []) appendLine(line);
  }

  function appendLine(line) {
    const item = document.createElement("li");
    const when = document.createElement("time");
    when.className = "when";
    const date = new Date(line.time);
    when.dateTime = date.toISOString();
    when.textContent = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    item.append(when);
    if (line.kind === "notice") {
      item.className = "notice";
      item.append(document.createTextNode(line.text));
    } else {
      if (line.mine) item.classList.add("mine");
      const who = document.createElement("span");
      who.className = "who";
      who.textContent = line.nickname;
      const text = document.createElement("span");
      text.className = "text";
      text.textContent = line.text;
      item.append(who, text);
    }
    const list = $("messages");
    list.append(item);
    list.scrollTop = list.scrollHeight;
  }

  function showError(text) {
    $("error").textContent = text;
  }
})();
