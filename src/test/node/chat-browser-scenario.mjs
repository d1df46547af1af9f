// Two people use the chat page (webroot/) in Debian's Chromium, driven by playwright-core: nicknames,
// a room one of them creates and the other enters from the room list, messages both ways (one of
// them HTML that must stay text), and a leave. ChatBrowserTest runs it against an in-process
// Roomcast; by hand, with Roomcast on port 8080:
//
//   node src/test/node/chat-browser-scenario.mjs http://127.0.0.1:8080 target/screenshots/chat.png
//
// Prints one JSON line to stdout ({"ok": ..., "step": ..., "checks": [...]}) and exits 0 only if
// every check passed. Every wait polls the page for a condition (no fixed sleeps); a wait that
// fails names the step and shows what the page had instead. playwright-core downloads no browser:
// it starts /usr/bin/chromium (apt-get install chromium).

import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

const CHROMIUM = "/usr/bin/chromium";
/** The whole scenario, browser start-up included. */
const TIMEOUT_MS = 60_000;
/** How long one expected change may take to show before the step fails. */
const STEP_MS = 10_000;
const ROOM = "café talk";
const INJECTION = `<img src=x onerror=alert(1)> & <b>bold?</b>`;

// Bob's page may come from another instance of a cluster: then the two chat across it.
const [baseUrl, screenshotPath, bobUrl = baseUrl] = process.argv.slice(2);
if (!baseUrl || !screenshotPath) {
  console.error("usage: node chat-browser-scenario.mjs <Alice's base url, e.g. http://127.0.0.1:8080> <screenshot.png> [<Bob's base url>]");
  process.exit(2);
}

const result = { ok: false, step: "start", browser: null, screenshot: null, checks: [], pageErrors: [], dialogs: [], consoleErrors: [], error: null };
let browser = null;

const overall = setTimeout(() => finish(new Error(`scenario still running after ${TIMEOUT_MS} ms (at step "${result.step}")`)), TIMEOUT_MS);

try {
  await scenario();
  await finish(null);
} catch (error) {
  await finish(error);
}

async function scenario() {
  step("launch chromium");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without the background-networking flags Chromium keeps dialling Google's hosts, which this
    // machine's closed network refuses; a non-persistent context below means a fresh profile.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
    timeout: STEP_MS,
  });
  result.browser = browser.version();

  const alice = await openUser("Alice", baseUrl);
  const bob = await openUser("Bob", bobUrl);

  step("both connected");
  for (const user of [alice, bob]) {
    await waitText(user, "#connection-state", "connected");
  }

  step("nicknames");
  for (const user of [alice, bob]) {
    await user.page.locator("#nickname-input").fill(user.name);
    await user.page.locator("#nickname-save").click();
  }
  for (const user of [alice, bob]) {
    await waitText(user, "#nickname-status", `You are ${user.name}`);
  }

  step("Alice creates the room");
  await alice.page.locator("#room-input").fill(ROOM);
  await alice.page.locator("#room-enter").click();
  await waitText(alice, "#active-room", ROOM);
  await waitNotice(alice, `You entered ${ROOM} (1 here)`);
  await waitCount(alice, 1);

  step("Bob sees the room with one member and enters it");
  await waitCount(bob, 1);
  await roomItem(bob).click();
  await waitText(bob, "#active-room", ROOM);
  await waitNotice(bob, `You entered ${ROOM} (2 here)`);
  await waitNotice(alice, `Bob entered (2 here)`);
  await waitCount(alice, 2);
  await waitCount(bob, 2);
  for (const user of [alice, bob]) {
    await waitFor(user, `#my-rooms to show "${ROOM}" as the current room`,
      (room) => [...document.querySelectorAll("#my-rooms button")]
        .some((b) => b.textContent === room && b.getAttribute("aria-current") === "true"), ROOM);
  }

  step("messages both ways");
  await send(alice, "Hi Bob, welcome!");
  await waitMessage(bob, "Alice", "Hi Bob, welcome!");
  await send(bob, "Hi Alice 👋");
  await waitMessage(alice, "Bob", "Hi Alice 👋");

  step("HTML in a message stays text");
  await send(alice, INJECTION);
  await waitMessage(bob, "Alice", INJECTION);
  for (const user of [alice, bob]) {
    const images = await user.page.evaluate(() => document.images.length);
    const bold = await user.page.locator("#messages b").count();
    check(images === 0 && bold === 0, `${user.name}: the HTML in a message made no element (<img>: ${images}, <b>: ${bold})`);
  }
  check(result.dialogs.length === 0, `no alert() ran (dialogs: ${JSON.stringify(result.dialogs)})`);

  step("screenshot of Alice's page");
  mkdirSync(dirname(screenshotPath), { recursive: true });
  await alice.page.screenshot({ path: screenshotPath, fullPage: true });
  result.screenshot = screenshotPath;

  step("Bob leaves");
  await bob.page.locator("#leave-room").click();
  await waitNotice(alice, `Bob left (1 here)`);
  await waitCount(alice, 1);
  await waitCount(bob, 1);
  await waitText(bob, "#active-room", "Not in a room");
  await waitFor(bob, "#leave-room and #message-send to be disabled",
    () => document.getElementById("leave-room").disabled && document.getElementById("message-send").disabled);

  step("still connected, no errors");
  for (const user of [alice, bob]) {
    await waitText(user, "#connection-state", "connected");
    await waitText(user, "#error", "");
  }
  check(result.pageErrors.length === 0, `no uncaught errors in the pages (${JSON.stringify(result.pageErrors)})`);
  step("done");
}

/** A user of their own: a fresh, non-persistent browser context (no shared cookies or localStorage). */
async function openUser(name, url) {
  step(`open the page for ${name}`);
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  page.on("pageerror", (error) => result.pageErrors.push(`${name}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") result.consoleErrors.push(`${name}: ${message.text()} (${message.location().url})`);
  });
  page.on("dialog", (dialog) => {
    result.dialogs.push(`${name}: ${dialog.type()} ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  const response = await page.goto(url, { waitUntil: "load" });
  check(response && response.status() === 200, `${name}: GET ${url} answered ${response && response.status()}`);
  return { name, page };
}

function roomItem(user) {
  return user.page.locator(`#room-list li[data-room="${ROOM}"]`);
}

async function send(user, text) {
  await user.page.locator("#message-input").fill(text);
  await user.page.locator("#message-send").click();
  // The page clears the input when the server acks, and shows the line as the sender's own.
  await waitFor(user, `the input to clear after sending "${text}"`, () => document.getElementById("message-input").value === "");
  await waitMessage(user, user.name, text, true);
}

async function waitText(user, selector, expected) {
  await waitFor(user, `${selector} to read "${expected}"`,
    ([sel, text]) => document.querySelector(sel)?.textContent.trim() === text, [selector, expected]);
}

async function waitCount(user, count) {
  await waitFor(user, `#room-list to show "${ROOM}" with count ${count}`,
    ([room, n]) => [...document.querySelectorAll("#room-list li")]
      .some((li) => li.dataset.room === room && li.querySelector(".name")?.textContent === room
        && li.querySelector(".count")?.textContent === String(n)), [ROOM, count]);
}

async function waitNotice(user, text) {
  await waitFor(user, `a notice "${text}" in #messages`,
    (t) => [...document.querySelectorAll("#messages li.notice")].some((li) => li.textContent.includes(t)), text);
}

async function waitMessage(user, who, text, mine = false) {
  await waitFor(user, `a message from ${who} "${text}" in #messages${mine ? " (marked as mine)" : ""}`,
    ([w, t, m]) => [...document.querySelectorAll("#messages li:not(.notice)")].some((li) =>
      li.querySelector(".who")?.textContent === w && li.querySelector(".text")?.textContent === t
        && li.querySelector(".when")?.textContent.trim() !== "" && li.classList.contains("mine") === m),
    [who, text, mine]);
}

/** Polls the page until predicate(arg) is true; on timeout, fails with what the page showed. */
async function waitFor(user, what, predicate, arg) {
  try {
    await user.page.waitForFunction(predicate, arg, { timeout: STEP_MS });
  } catch (error) {
    throw new Error(`${user.name}: waited ${STEP_MS} ms for ${what}; the page shows ${JSON.stringify(await pageState(user.page))}`
      + ` (${error.message.split("\n")[0]})`);
  }
  check(true, `${user.name}: ${what}`);
}

async function pageState(page) {
  return page.evaluate(() => {
    const text = (id) => document.getElementById(id)?.textContent.trim();
    const parts = (li) => [...li.childNodes].map((n) => n.textContent.trim()).join(" | ");
    return {
      connection: text("connection-state"),
      nicknameStatus: text("nickname-status"),
      activeRoom: text("active-room"),
      rooms: [...document.querySelectorAll("#room-list li")].map(parts),
      messages: [...document.querySelectorAll("#messages li")].map(parts),
      error: text("error"),
    };
  }).catch((error) => `unreadable: ${error.message}`);
}

function step(name) {
  result.step = name;
}

function check(passed, what) {
  if (!passed) throw new Error(what);
  result.checks.push(what);
}

async function finish(error) {
  clearTimeout(overall);
  if (error) {
    result.ok = false;
    // Playwright colours its call logs; the report is read as plain text.
    result.error = `step "${result.step}": ${error.message.replace(/\u001b\[\d+m/g, "")}`;
  } else {
    result.ok = true;
  }
  if (browser) {
    const closing = browser;
    browser = null;
    await Promise.race([closing.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
  console.log(JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
}
