// Load web pages in headless Chromium and report what they show, as JSON.
//
//   PURENN_WEB_NODE_MODULES=dir CHROMIUM=/usr/bin/chromium \
//     node tests/web_page.mjs URL [URL ...]
//
// For tests/test_web_page.py.  Each page is loaded with every request that
// leaves its own origin refused (and recorded), and followed until the
// element #status has data-state "done" or "error" (or TIMEOUT_MS passes).
// Printed: a JSON array, one object per URL:
//   state, status        #status's data-state and text
//   texts                {id: textContent} of every <pre> with an id
//   svg                  the elements of the first <svg> in the page, in
//                        document order: [tag, [[attribute, value], ...] sorted,
//                        the element's own text, trimmed]
//   refused              URLs of the requests refused
//   errors               uncaught exceptions and console errors of the page
//   seconds              from navigation to the final state
//   loader               (pages that are done) what probeLoader found, with
//                        the loader's RUNTIME_URL and DEFAULTS
// The browser is tests/chromium.mjs's: offline, puppeteer-core from
// PURENN_WEB_NODE_MODULES.
import { TIMEOUT_MS, offlineChromium } from "./chromium.mjs";

const { browser, close } = await offlineChromium();

async function visit(url) {
  const origin = new URL(url).origin;
  const page = await browser.newPage();
  const refused = [];
  const errors = [];
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const u = request.url();
    if (u.startsWith("data:") || new URL(u).origin === origin) request.continue();
    else { refused.push(u); request.abort(); }
  });
  page.on("pageerror", (e) => errors.push("pageerror: " + e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push("console: " + m.text()); });
  const start = Date.now();
  await page.goto(url, { waitUntil: "domcontentloaded" });
  let timedOut = false;
  try {
    await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]',
                               { timeout: TIMEOUT_MS });
  } catch (e) {
    timedOut = true;
  }
  const seconds = (Date.now() - start) / 1000;
  const shown = await page.evaluate(() => {
    const status = document.getElementById("status");
    const texts = {};
    for (const pre of document.querySelectorAll("pre[id]")) texts[pre.id] = pre.textContent;
    const svg = [];
    const top = document.querySelector("svg");
    if (top) {
      for (const el of [top, ...top.querySelectorAll("*")]) {
        const attrs = el.getAttributeNames().filter((n) => !n.startsWith("xmlns"))
          .sort().map((n) => [n, el.getAttribute(n)]);
        let own = "";
        for (const node of el.childNodes) if (node.nodeType === 3) own += node.data;
        svg.push([el.localName, attrs, own.trim()]);
      }
    }
    return { state: status ? status.dataset.state : null,
             status: status ? status.textContent : null, texts, svg };
  });
  if (timedOut) errors.push("timed out after " + TIMEOUT_MS + " ms");
  const pageErrors = errors.slice();      // the probe's own 404 is no error of the page
  if (shown.state === "done") shown.loader = await page.evaluate(probeLoader);
  await page.close();
  return Object.assign(shown, { refused, errors: pageErrors, seconds });
}

// Run in a page that is done: a second MicroPython from purenn-loader.mjs
// (purenn/web/, found from the page as its own script imports it), put
// through what its interface promises.  MicroPython and the file list are
// the page's own (the loader's defaults are the CDN and a list beside it,
// as the playground's server provides); the root is the loader's default.
async function probeLoader() {
  const loader = await import("../../purenn/web/purenn-loader.mjs");
  const { startPurenn, DEFAULTS, RUNTIME_URL } = loader;
  const py = await startPurenn({
    micropython: "./node_modules/@micropython/micropython-webassembly-pyscript/micropython.mjs",
    fileList: "./purenn-files.json",
  });
  const out = { files: py.files.length, runtimeUrl: RUNTIME_URL,
                defaults: { micropython: String(DEFAULTS.micropython), root: String(DEFAULTS.root),
                            fileList: String(DEFAULTS.fileList) } };
  out.first = py.run("import sys\nx = 6 * 7\nprint('x is', x)\nsys.stderr.write('to stderr\\n')\n"
                     + "print('after')");
  out.second = py.run("print(x + 1)");
  out.raised = py.run("s = 'text'\nraise ValueError('bad value')");
  out.exit = py.run("import sys\nsys.exit(3)");
  out.got = [py.get("x"), py.get("s"), typeof py.get("no_such_name")];
  out.purenn = py.run("import purenn\nprint(purenn.__file__)");
  const local = "./node_modules/@micropython/micropython-webassembly-pyscript/micropython.mjs";
  const refusal = async (options) => {
    try { await startPurenn(Object.assign({ micropython: local }, options)); return null; }
    catch (e) { return e.message; }
  };
  out.outside = [await refusal({ fileList: 'data:application/json,["purenn/../../secret.py"]' }),
                 await refusal({ fileList: 'data:application/json,["main.py"]' })];
  out.missing = await refusal({ fileList: 'data:application/json,["purenn/no_such_file.py"]' });
  return out;
}

const results = [];
try {
  for (const url of process.argv.slice(2)) results.push(await visit(url));
} finally {
  await close();
}
process.stdout.write(JSON.stringify(results) + "\n");
