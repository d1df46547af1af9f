// The JSON-lines protocol of the scripts a Java test drives while they run (JsonLinesScript):
// commands as JSON lines on stdin, each with an "id"; replies and events as JSON lines on stdout.

import { createInterface } from "node:readline";

/** Writes one line to stdout. */
export function out(line) {
  process.stdout.write(JSON.stringify(line) + "\n");
}

/** Answers command {@code id}: {ok: true, ...} or {ok: false, error}. */
export function reply(id, result) {
  out({ type: "reply", id, ...result });
}

/**
 * Reads commands from stdin and runs commands[cmd](command); {"cmd": "exit"} or the end of stdin
 * calls exit(). Says {"type": "ready"} first; exits by itself after lifetimeMs (a run nobody ends).
 */
export function serve(commands, exit, lifetimeMs) {
  const watchdog = setTimeout(() => {
    console.error(`still running after ${lifetimeMs} ms: exiting`);
    exit(3);
  }, lifetimeMs);
  watchdog.unref();
  createInterface({ input: process.stdin }).on("line", (line) => {
    if (line.trim() === "") {
      return;
    }
    let command;
    try {
      command = JSON.parse(line);
    } catch (error) {
      reply(null, { ok: false, error: `not JSON: ${line}` });
      return;
    }
    if (command.cmd === "exit") {
      exit(0);
    } else if (commands[command.cmd]) {
      commands[command.cmd](command);
    } else {
      reply(command.id, { ok: false, error: `unknown command ${command.cmd}` });
    }
  }).on("close", () => exit(0));
  out({ type: "ready" });
}
