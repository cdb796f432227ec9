// Drive the playground page in headless Chromium and report what it shows, as JSON.
//
//   PURENN_WEB_NODE_MODULES=dir CHROMIUM=/usr/bin/chromium \
//     node tests/playground_page.mjs BASE_URL [--screenshot FILE.png] [--cdn URL]
//
// For tests/test_playground_page.py.  BASE_URL is where `python -m purenn
// playground` serves (http://127.0.0.1:PORT/).  Every request that leaves
// that origin is refused and recorded, and no name but localhost's resolves.
// Each visit waits for #status to reach the state it expects.  Printed: one
// JSON object with
//   trained   #dataset=moons&...&train=50 after loading: status (data-*
//             and text), hash, the menus' values, message (each visit
//             reports these), the three
//             pictures' elements (as web_page.mjs reports an SVG), the
//             explain and source texts, the engine note, seconds from
//             navigation to ready; a screenshot with --screenshot
//   step      then Step clicked: status and hash
//   reset     then Reset clicked: status and hash
//   changed   then the data menu set to xor: status and hash
//   bad       #rate=fast: status, message, whether Train is disabled; then
//             the hash set by hand to #dataset=xor&hidden=9 (the same), and
//             to a good one (recovered: status and hash)
//   paused    #dataset=circles&train=10000, Pause clicked while it trains:
//             the status and hash once ready, and the text seen training
//   cdn       (with --cdn URL: a server started without --runtime) the page
//             at URL: status and message once it gives up (MicroPython is
//             on the CDN, and requests there are refused), with its refused
//             requests and errors (kept apart from the others)
//   requests  same-origin paths asked for; refused: those refused;
//   errors    uncaught exceptions and console errors
// The browser is tests/chromium.mjs's: offline, puppeteer-core from
// PURENN_WEB_NODE_MODULES.
import { TIMEOUT_MS, offlineChromium } from "./chromium.mjs";

const base = process.argv[2];
const shotAt = process.argv.indexOf("--screenshot");
const screenshot = shotAt > 0 ? process.argv[shotAt + 1] : null;
const cdnAt = process.argv.indexOf("--cdn");
const cdnBase = cdnAt > 0 ? process.argv[cdnAt + 1] : null;
let origin = new URL(base).origin;

const { browser, close } = await offlineChromium();
const requests = [];
const refused = [];
const errors = [];

async function newPage() {
  const page = await browser.newPage();
  await page.setViewport({ width: 1600, height: 1200 });
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const u = request.url();
    if (u.startsWith("data:")) return request.continue();
    if (new URL(u).origin === origin) {
      requests.push(new URL(u).pathname);
      request.continue();
    } else {
      refused.push(u);
      request.abort();
    }
  });
  page.on("pageerror", (e) => errors.push("pageerror: " + e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push("console: " + m.text()); });
  return page;
}

// wait until #status is in `state` (and at `epoch`, when given), or in "error"
async function settle(page, state, epoch) {
  try {
    await page.waitForFunction((state, epoch) => {
      const s = document.getElementById("status");
      if (s.dataset.state === "error") return true;
      return s.dataset.state === state && (epoch === null || s.dataset.epoch === epoch);
    }, { timeout: TIMEOUT_MS, polling: 50 }, state, epoch === undefined ? null : String(epoch));
  } catch (e) {
    errors.push("timed out waiting for " + state + (epoch === undefined ? "" : " at epoch " + epoch));
  }
}

const statusOf = (page) => page.evaluate(() => {
  const s = document.getElementById("status");
  const m = document.getElementById("message");
  const menus = {};
  for (const id of ["dataset", "hidden", "activation", "rate", "seed"]) {
    menus[id] = document.getElementById(id).value;
  }
  return { data: Object.assign({}, s.dataset), text: s.textContent, hash: location.hash,
           message: m.hidden ? null : m.textContent, menus,
           trainDisabled: document.getElementById("train").disabled };
});

function shown(page) {
  return page.evaluate(() => {
    const pictures = {};
    for (const id of ["boundary", "curve", "neurons"]) {
      const top = document.querySelector("#" + id + " > svg");
      if (!top) { pictures[id] = null; continue; }
      pictures[id] = [top, ...top.querySelectorAll("*")].map((el) => {
        const attrs = el.getAttributeNames().filter((n) => !n.startsWith("xmlns"))
          .sort().map((n) => [n, el.getAttribute(n)]);
        let own = "";
        for (const node of el.childNodes) if (node.nodeType === 3) own += node.data;
        return [el.localName, attrs, own.trim()];
      });
    }
    const note = document.getElementById("engine-note");
    return { pictures, explain: document.getElementById("explain").textContent,
             explainTitle: document.getElementById("explain-title").textContent,
             source: document.getElementById("source").textContent,
             engineNote: note.hidden ? null : note.textContent };
  });
}

async function trained(out) {
  const page = await newPage();
  const start = Date.now();
  await page.goto(base + "#dataset=moons&hidden=4,2&activation=tanh&rate=0.3&seed=1&train=50",
                  { waitUntil: "domcontentloaded" });
  await settle(page, "ready", 50);
  out.trained = Object.assign(await statusOf(page), await shown(page),
                              { seconds: (Date.now() - start) / 1000 });
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await page.click("#step");
  await settle(page, "ready", 51);
  out.step = await statusOf(page);
  await page.click("#reset");
  await settle(page, "ready", 0);
  out.reset = await statusOf(page);
  await page.select("#dataset", "xor");
  await page.waitForFunction(() => location.hash.startsWith("#dataset=xor"), { timeout: TIMEOUT_MS });
  await settle(page, "ready", 0);
  out.changed = await statusOf(page);
  await page.close();
}

async function bad(out) {
  const page = await newPage();
  await page.goto(base + "#rate=fast", { waitUntil: "domcontentloaded" });
  await settle(page, "error");
  out.bad = await statusOf(page);
  await page.evaluate(() => { location.hash = "#dataset=xor&hidden=9"; });
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("hidden"),
                             { timeout: TIMEOUT_MS });
  out.bad.again = await statusOf(page);
  await page.evaluate(() => { location.hash = "#dataset=xor&train=3"; });
  await settle(page, "ready", 3);
  out.bad.recovered = await statusOf(page);
  await page.close();
}

async function paused(out) {
  const page = await newPage();
  await page.goto(base + "#dataset=circles&train=10000", { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => {
    const s = document.getElementById("status");
    return s.dataset.state === "error" || /^Training: epoch [1-9]/.test(s.textContent);
  }, { timeout: TIMEOUT_MS, polling: 20 });
  const seen = await page.evaluate(() => document.getElementById("status").textContent);
  await page.click("#train");                       // the Pause button while it trains
  await settle(page, "ready");
  out.paused = Object.assign(await statusOf(page), { seen });
  await page.close();
}

async function cdn(out) {
  origin = new URL(cdnBase).origin;
  const before = [refused.length, errors.length];
  const page = await newPage();
  await page.goto(cdnBase + "#train=5", { waitUntil: "domcontentloaded" });
  await settle(page, "error");
  out.cdn = Object.assign(await statusOf(page), { refused: refused.splice(before[0]),
                                                  errors: errors.splice(before[1]) });
  await page.close();
}

const out = {};
try {
  await trained(out);
  await bad(out);
  await paused(out);
  if (cdnBase) await cdn(out);
} finally {
  await close();
}
Object.assign(out, { requests, refused, errors });
process.stdout.write(JSON.stringify(out) + "\n");
