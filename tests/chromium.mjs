// Headless Chromium that cannot reach the network, for the browser tests
// (tests/web_page.mjs, tests/playground_page.mjs).
//
// puppeteer-core is loaded from PURENN_WEB_NODE_MODULES (default:
// examples/web/node_modules, where `npm ci` in examples/web puts it);
// Chromium is CHROMIUM (default /usr/bin/chromium).  No name resolves but
// localhost's, so nothing a page asks for can leave the machine.
import fs from "fs";
import os from "os";
import path from "path";
import { createRequire } from "module";
import { fileURLToPath } from "url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modules = path.resolve(process.env.PURENN_WEB_NODE_MODULES ||
                             path.join(root, "examples", "web", "node_modules"));
const puppeteer = createRequire(path.join(modules, "noop.js"))("puppeteer-core");

// How long a page may take, in ms (TIMEOUT_MS, default three minutes).
export const TIMEOUT_MS = parseInt(process.env.TIMEOUT_MS || "180000", 10);

// The browser, in a profile of its own; close() ends it and removes the profile.
export async function offlineChromium() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "purenn-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    userDataDir: profile,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"],
  });
  async function close() {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return { browser, close };
}
