// End-to-end test of `whk listen --ui` in a real browser: Debian's chromium, driven by
// playwright-core. Run by `cargo test --test main listen_ui_browser::` (tests/listen_ui_browser.rs),
// or by hand:
//
//   WHK_BIN=target/debug/whk node tests/browser/e2e.mjs
//
// Environment:
//   WHK_BIN          the whk binary (required)
//   CHROMIUM         the browser (default /usr/bin/chromium)
//   WHK_E2E_OUT      where a failure screenshot goes (default: target/)
//   WHK_E2E_PORT     the listener's port (default 0: a free one)
//   WHK_E2E_SHOT     instead of the test, stage a few deliveries (a Vonage call grouped, one
//                    invalid signature) and save a screenshot of the page to this path
//                    (docs/inspector.png)
//   WHK_E2E_SCHEME   with WHK_E2E_SHOT: "light" (default) or "dark"
//
// Everything runs on 127.0.0.1; the test fails if the page requests anything from any other
// origin than its own.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const WHK = process.env.WHK_BIN;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const OUT = process.env.WHK_E2E_OUT || resolve(here, "../../target");
const SHOT = process.env.WHK_E2E_SHOT || "";
const SECRET = "e2e-test-secret-3f9a";
const TIMEOUT = 15000;

// The flags the issue asks for: nothing leaves the machine (Google's update, autofill and
// account services included), only 127.0.0.1 resolves.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--proxy-server=127.0.0.1:9",
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
];


const cleanup = [];
let page = null;
let step = "start";

function fail(msg) {
  const e = new Error(msg);
  e.step = step;
  throw e;
}
function check(cond, msg) { if (!cond) fail(msg); }
function log(msg) { console.log(`e2e: ${msg}`); }

// `whk listen --ui` on 127.0.0.1, port 0; its first --json line names both URLs.
async function startListener(extra = []) {
  const args = ["listen", "--ui", "--port", process.env.WHK_E2E_PORT || "0", "--json", "--secret", SECRET, ...extra];
  const child = spawn(WHK, args, { env: { PATH: process.env.PATH, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  cleanup.push(() => child.kill("SIGKILL"));
  let stderr = "";
  child.stderr.on("data", (b) => { stderr += b; });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error(`whk listen printed nothing in 10 s; stderr: ${stderr}`)), 10000);
    lines.once("line", (l) => { clearTimeout(t); res(l); });
    child.once("exit", (code) => { clearTimeout(t); rej(new Error(`whk listen exited ${code}: ${stderr}`)); });
  });
  lines.on("line", () => {}); // keep draining stdout
  const head = JSON.parse(first);
  check(head.listening && head.ui, `the first --json line has "listening" and "ui": ${first}`);
  return { child, listening: head.listening, ui: head.ui, stderr: () => stderr };
}

// `whk replay` sends real, signed deliveries: exactly how a user meets the page.
function whkReplay(to, ...args) {
  const r = spawnSync(WHK, ["replay", "--to", to, "--quiet", ...args], { env: { PATH: process.env.PATH, NO_COLOR: "1" }, encoding: "utf8", timeout: 30000 });
  return r;
}

// A user's app on 127.0.0.1: answers 200 and remembers what it got.
async function startApp() {
  const got = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      got.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"received":true}');
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  cleanup.push(() => server.close());
  return { url: `http://127.0.0.1:${server.address().port}`, got };
}

async function launch(scheme = "light") {
  const profile = mkdtempSync(join(tmpdir(), "whk-e2e-chromium-"));
  cleanup.push(() => rmSync(profile, { recursive: true, force: true }));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1360, height: 820 },
    colorScheme: scheme,
    acceptDownloads: true,
  });
  cleanup.push(() => ctx.close());
  return ctx;
}

const rows = () => page.locator("#spacer .row[data-id]");
async function waitRows(n, what) {
  step = what;
  await page.waitForFunction((n) => document.querySelectorAll("#spacer .row[data-id]").length === n, n, { timeout: TIMEOUT })
    .catch(async () => fail(`expected ${n} rows, saw ${await rows().count()}`));
}
async function filterTo(q, n) {
  await page.fill("#filter", q);
  await waitRows(n, `filter ${JSON.stringify(q)}`);
}
const row = (id) => page.locator(`#spacer .row[data-id="${id}"]`).first();

async function main() {
  const L = await startListener();
  const origin = new URL(L.ui).origin;
  log(`listening ${L.listening}, page ${L.ui}`);
  const ctx = await launch(process.env.WHK_E2E_SCHEME || "light");
  page = ctx.pages()[0] || (await ctx.newPage());
  const foreign = [];
  const consoleErrors = [];
  page.on("request", (r) => {
    const u = r.url();
    if (u.startsWith("data:") || u.startsWith("blob:")) return;
    if (new URL(u).origin !== origin) foreign.push(u);
  });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });

  step = "open the page";
  await page.goto(L.ui);
  await page.waitForSelector('#conn[data-state="live"]', { timeout: TIMEOUT });
  check((await page.title()) === "whk inspector", `the title is "whk inspector": ${await page.title()}`);

  if (SHOT) return screenshot(L, ctx);

  // 1. A delivery sent with `whk replay` appears.
  step = "send a delivery";
  const r1 = whkReplay(L.listening, "vapi/tool-calls", "--secret", SECRET);
  check(r1.status === 0, `whk replay exits 0: ${r1.status} ${r1.stderr}`);
  await waitRows(1, "the row appears");
  const first = await rows().first().getAttribute("data-id");
  check((await row(first).getAttribute("data-verdict")) === "valid", "the row's signature verdict is valid");
  check((await row(first).innerText()).includes("tool-calls"), "the row names the event");
  step = "the unread count is in the title";
  await page.waitForFunction(() => document.title === "(1) whk inspector", null, { timeout: TIMEOUT }).catch(async () => fail(`title: ${await page.title()}`));

  // 2. Open it: the verdict, the reply's contract verdict.
  step = "open the row";
  await row(first).click();
  await page.waitForSelector("#sig-verdict", { timeout: TIMEOUT });
  check((await page.locator("#sig-verdict").innerText()) === "valid", "the detail shows the valid verdict");
  check((await page.locator("#reqline").innerText()).startsWith("POST /"), "the request line");
  check((await page.locator("#body-pre").innerText()).includes('"toolCallList"'), "the body, pretty-printed");
  check((await page.locator("#contract-verdict").innerText()).includes("meets its contract"), "the reply meets the Vapi tool-calls contract");
  check((await page.locator("#reply-status").innerText()) === "200", "the reply status");
  check((await page.title()) === "whk inspector", "opening the row marks it read");

  // 3. Replay: a second row, linked to the first, with a valid (fresh) signature.
  step = "replay";
  await page.click("#btn-replay");
  await waitRows(2, "the replay's row appears");
  const second = await rows().first().getAttribute("data-id");
  check(second !== first, "the replay is a new row");
  check((await row(second).getAttribute("data-verdict")) === "valid", "the replay's signature is valid (signed afresh)");
  check((await row(second).innerText()).includes(`↻ #${first}`), "the replay's row names its original");
  await page.waitForFunction(() => /replayed to .* signed afresh .* answered 200/.test(document.getElementById("toast")?.textContent || ""), null, { timeout: TIMEOUT })
    .catch(async () => fail(`toast: ${await page.locator("#toast").innerText()}`));

  // 4. Edit and replay: a changed body, sent as those bytes and signed afresh.
  step = "replay with edits";
  await page.click("#btn-edit");
  await page.waitForSelector("#editor.on", { timeout: TIMEOUT });
  const body = await page.inputValue("#ed-body");
  check(body.includes("bookAppointment"), "the editor holds the body");
  await page.fill("#ed-body", body.replace("bookAppointment", "cancelAppointment") + "{");
  check((await page.locator("#ed-json").innerText()).includes("not valid JSON"), "the editor flags invalid JSON");
  await page.fill("#ed-body", body.replace("bookAppointment", "cancelAppointment"));
  check((await page.locator("#ed-json").innerText()).includes("valid JSON"), "the editor accepts valid JSON");
  await page.click("#ed-format");
  check((await page.inputValue("#ed-body")).includes('\n  "message": {'), "Format JSON pretty-prints");
  await page.fill("#ed-path", "/edited?x=1");
  await page.click("#ed-send");
  await waitRows(3, "the edited replay's row appears");
  const third = await rows().first().getAttribute("data-id");
  check((await row(third).getAttribute("data-verdict")) === "valid", "the edited replay's signature is valid");
  check((await row(third).innerText()).includes("/edited?x=1"), "the edited path was sent");
  await row(third).click();
  await page.waitForFunction(() => (document.getElementById("body-pre")?.textContent || "").includes("cancelAppointment"), null, { timeout: TIMEOUT })
    .catch(() => fail("the edited body arrived"));
  check((await page.locator("#sig-verdict").innerText()) === "valid", "the edited body verifies");

  // 5. Replay to another URL: a user's app gets it, freshly signed.
  step = "replay to another URL";
  const app = await startApp();
  await row(first).click();
  await page.waitForSelector("#btn-other", { timeout: TIMEOUT });
  await page.click("#btn-other");
  await page.waitForSelector("#editor.on", { timeout: TIMEOUT });
  await page.fill("#ed-target", app.url + "/webhooks");
  await page.click("#ed-send");
  await waitRows(4, "the row of the replay to another URL");
  check(app.got.length === 1, `the app got one request: ${app.got.length}`);
  check(app.got[0].body.includes("bookAppointment") && app.got[0].headers["x-signature"], "the app got the body, signed");
  const fourth = await rows().first().getAttribute("data-id");
  check((await row(fourth).innerText()).includes("other URL"), "the row says it went to another URL");

  // 6. An invalid signature, then filters.
  step = "an invalid signature";
  const r2 = whkReplay(L.listening, "vapi/end-of-call-report", "--secret", "not-the-secret");
  check(r2.status === 0, `whk replay exits 0: ${r2.status} ${r2.stderr}`);
  await waitRows(5, "the invalid delivery's row");
  const bad = await rows().first().getAttribute("data-id");
  check((await row(bad).getAttribute("data-verdict")) === "invalid", "the row is invalid");
  await row(bad).click();
  await page.waitForSelector("#sig-fix", { timeout: TIMEOUT });
  check((await page.locator("#sig-message").innerText()).length > 0, "the diagnosis is shown");

  step = "filter";
  await filterTo("verdict:invalid", 1);
  check((await rows().first().getAttribute("data-id")) === bad, "only the invalid row");
  await filterTo("is:replay", 3);
  await filterTo("path:/edited*", 1);
  await filterTo("cancelAppointment", 1); // body text: the server's search
  check((await rows().first().getAttribute("data-id")) === third, "the body search finds the edited replay");
  await filterTo("event:end-of-call-report -verdict:valid status:2xx", 1);
  await filterTo("", 5);

  // 7. Pause: the count that arrived meanwhile; resume shows them.
  step = "pause";
  const unreadBefore = Number((/^\((\d+)\)/.exec(await page.title()) || [0, 0])[1]);
  await page.click("#pause");
  check((await page.locator("#pause").innerText()) === "Resume", "the button says Resume");
  const r3 = whkReplay(L.listening, "lifecycles/vonage-inbound", "--gap", "0s", "--secret", SECRET);
  check(r3.status === 0, `whk replay of a Vonage call exits 0: ${r3.status} ${r3.stderr}`);
  await page.waitForFunction(() => document.getElementById("held").textContent === "5 new while paused", null, { timeout: TIMEOUT })
    .catch(async () => fail(`held: ${await page.locator("#held").innerText()}`));
  check((await rows().count()) === 5, "paused: the list did not move");
  check((await page.title()) === `(${unreadBefore + 5}) whk inspector`, `the title counts what arrived while paused: ${await page.title()}`);
  await page.click("#pause");
  await waitRows(10, "resume shows what arrived");

  // 8. Calls: the Vonage call's events grouped as a timeline, in arrival order.
  step = "calls view";
  await page.click("#v-calls");
  await page.waitForSelector("#spacer .row.call", { timeout: TIMEOUT });
  const callHead = page.locator("#spacer .row.call").first();
  check((await callHead.innerText()).includes("vonage") && (await callHead.innerText()).includes("5 deliveries"), `the call groups 5 deliveries: ${await callHead.innerText()}`);
  const events = await page.locator("#spacer .row.child .ev").allInnerTexts();
  check(events.slice(0, 5).join(",") === "vonage · answer,vonage · started,vonage · ringing,vonage · answered,vonage · completed", `the timeline in arrival order: ${events}`);
  await page.click("#v-list");

  // 9. Keyboard: j/k move, Enter opens, r replays.
  step = "keyboard";
  await page.locator("#list").focus();
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  await page.keyboard.press("Enter");
  const top = await rows().first().getAttribute("data-id");
  await page.waitForFunction((id) => document.querySelector(`#spacer .row.sel`)?.dataset.id === id, top, { timeout: TIMEOUT })
    .catch(() => fail("j, j, k, Enter opens the first row"));
  await page.waitForSelector("#sig-verdict", { timeout: TIMEOUT });
  await page.keyboard.press("r");
  await waitRows(11, "r replays");
  check((await rows().first().innerText()).includes(`↻ #${top}`), "the keyboard replay is linked to its original");

  // 10. Diff two deliveries; copy as curl; pin.
  step = "diff";
  await row(first).click();
  await page.waitForSelector("#btn-diff", { timeout: TIMEOUT });
  await page.click("#btn-diff");
  await row(third).click();
  await page.waitForSelector("#diff-body", { timeout: TIMEOUT });
  const diff = await page.locator("#diff-body").innerText();
  check(diff.includes("- ") && diff.includes("cancelAppointment"), "the body diff shows the edit");
  check((await page.locator("#diff-headers").innerText()).includes("x-signature"), "the header diff lists the signature header");

  step = "copy as curl";
  await row(first).click();
  await page.waitForSelector("#btn-curl", { timeout: TIMEOUT });
  await page.click("#btn-curl");
  await page.waitForSelector("#modal.on #md-text", { timeout: TIMEOUT });
  const curl = await page.locator("#md-text").innerText();
  check(curl.startsWith("curl") && !curl.includes(SECRET), "a curl command, without the secret");
  await page.click("#md-close");

  step = "pin";
  await page.click("#btn-pin");
  await page.waitForFunction((id) => document.querySelector("#spacer .row[data-id]")?.dataset.id === id, first, { timeout: TIMEOUT })
    .catch(() => fail("a pinned row goes to the top"));
  await filterTo("is:pinned", 1);
  await filterTo("", 11);

  // 11. A hostile delivery: markup in a header and an XML body stays text.
  step = "markup stays text";
  const dir = mkdtempSync(join(tmpdir(), "whk-e2e-fixture-"));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const evil = "<img src=x onerror=window.__xss=1><script>window.__xss=2</script>";
  writeFileSync(join(dir, "evil.json"), JSON.stringify({
    provider: "generic", method: "POST", path: "/evil",
    headers: { "Content-Type": "text/xml", "X-Note": evil },
    body_text: `<Response><Say>${evil}</Say></Response>`,
  }));
  const r5 = whkReplay(L.listening, join(dir, "evil.json"), "--secret", SECRET, "--expect-status", "2xx,4xx,5xx");
  check(r5.status === 0 || r5.status === 1, `whk replay sent the hostile fixture: ${r5.status} ${r5.stderr}`);
  await waitRows(12, "the hostile row");
  await page.locator('#spacer .row[data-id]:has-text("/evil")').click(); // the top row is the pinned one
  await page.waitForFunction(() => (document.getElementById("body-pre")?.textContent || "").includes("<Say>"), null, { timeout: TIMEOUT })
    .catch(() => fail("the XML body shows as text"));
  for (const view of ["raw", "hex", "pretty"]) await page.click(`#body button[data-view="${view}"]`);
  check((await page.locator("#headers").innerText()).includes("<img src=x"), "the header shows as text");
  check(await page.evaluate(() => window.__xss === undefined && !document.querySelector("#detail img, #detail script")), "no markup from the delivery ran");

  // 12. Thousands of rows: the list stays virtual (a screenful of rows in the DOM).
  step = "thousands of rows";
  const r4 = whkReplay(L.listening, "generic/call.completed", "--repeat", "2000", "--concurrency", "16", "--secret", SECRET);
  check(r4.status === 0, `whk replay --repeat 2000 exits 0: ${r4.status} ${r4.stderr}`);
  await page.waitForFunction(() => /^2012 deliveries/.test(document.getElementById("counts").textContent), null, { timeout: 30000 })
    .catch(async () => fail(`all 2012 rows listed: ${await page.locator("#counts").innerText()}`));
  const inDom = await page.locator("#spacer .row").count();
  check(inDom > 10 && inDom < 120, `only the visible rows are in the DOM: ${inDom}`);
  await page.locator("#list").evaluate((e) => { e.scrollTop = e.scrollHeight; });
  await page.waitForSelector('#spacer .row[data-id="2"]', { timeout: TIMEOUT }); // the oldest unpinned row, at the bottom
  check((await page.locator("#spacer .row").count()) < 120, "scrolled: still only the visible rows");
  step = "rows in view stay put as new ones arrive";
  // Measured in one go: rows are repainted as deliveries arrive.
  const yOf = (id) => page.evaluate((id) => document.querySelector(`#spacer .row[data-id="${id}"]`)?.getBoundingClientRect().y ?? null, id);
  const y0 = await yOf("2");
  check(whkReplay(L.listening, "generic/call.completed", "--secret", SECRET).status === 0, "one more delivery");
  await page.waitForFunction(() => /^2013 deliveries/.test(document.getElementById("counts").textContent), null, { timeout: TIMEOUT })
    .catch(async () => fail(`2013 rows listed: ${await page.locator("#counts").innerText()}`));
  const y1 = await yOf("2");
  check(y0 != null && y1 != null && Math.abs(y1 - y0) < 1, `the bottom row did not move: ${y0} → ${y1}`);

  step = "nothing from another host";
  check(foreign.length === 0, `the page requested only its own origin; also: ${foreign.join(", ")}`);
  check(consoleErrors.length === 0, `no errors in the page: ${consoleErrors.join(" | ")}`);
  log("all steps passed");
}

// docs/inspector.png: a Vonage call grouped, a Vapi tool call and its replay, an invalid signature.
async function screenshot(L, ctx) {
  step = "stage the screenshot";
  const send = (...a) => { const r = whkReplay(L.listening, ...a); check(r.status === 0, `whk replay ${a.join(" ")}: ${r.stderr}`); };
  // One Vonage call, its events spaced out, ringing arriving after answered (marked).
  send("vonage/answer", "vonage/started", "vonage/answered", "vonage/ringing", "vonage/completed",
    "--var", "call_id=63f61863-4a51-4f6b-86e1-46edebcd9356", "--rate", "6", "--secret", SECRET);
  send("vapi/end-of-call-report", "--secret", "an-old-secret");
  send("vapi/tool-calls", "--secret", SECRET);
  await waitRows(7, "staged rows");
  await rows().first().click();
  await page.waitForSelector("#sig-verdict");
  await page.click("#btn-replay");
  await waitRows(8, "the replay");
  await page.click("#v-calls");
  await page.waitForSelector("#spacer .row.call");
  // Open the invalid one, so the verdict and its fix show.
  const bad = page.locator('#spacer .row[data-verdict="invalid"]').first();
  await bad.click();
  await page.waitForSelector("#sig-fix");
  await page.locator("#list").focus();
  mkdirSync(dirname(resolve(SHOT)), { recursive: true });
  await page.screenshot({ path: SHOT });
  log(`screenshot saved to ${SHOT}`);
}

try {
  if (!WHK) fail("WHK_BIN is not set: the path of the whk binary");
  await main();
} catch (e) {
  process.exitCode = 1;
  console.error(`e2e: FAILED at "${step}": ${e.step ? e.message : e.stack || e}`);
  if (page) {
    try {
      // What the page holds against what the server holds, to tell a page bug from a server one.
      const diag = await page.evaluate(async () => {
        const list = await (await fetch("api/requests?limit=10000")).json();
        const server = list.requests.map((r) => String(r.id));
        const missing = server.filter((id) => !S.items.has(id));
        return { server: server.length, page: S.items.size, latest: list.latest, maxId: S.maxId, syncedTo: S.syncedTo, conn: S.conn, missing: missing.slice(0, 20) };
      });
      console.error(`e2e: page state: ${JSON.stringify(diag)}`);
    } catch (_) { /* the page is gone */ }
    try {
      mkdirSync(OUT, { recursive: true });
      const p = join(OUT, "whk-ui-e2e-failure.png");
      await page.screenshot({ path: p, fullPage: true });
      console.error(`e2e: screenshot of the failure: ${p}`);
    } catch (_) { /* the browser is gone */ }
  }
} finally {
  for (const f of cleanup.reverse()) { try { await f(); } catch (_) { /* already gone */ } }
}
