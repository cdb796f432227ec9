// The playground page: purenn (purenn/web/playground.py) trains a network in
// MicroPython's WebAssembly port, and this module shows what it computes.
//
// The page's state is its hash (#dataset=moons&hidden=4,2&...&train=50; the
// format is documented, and parsed, in purenn/web/playground.py): opening or
// changing it makes a new Session and trains `train` epochs.  Training runs
// in chunks of epochs sized to take about CHUNK_MS each, giving the browser
// the hand back between chunks, and redraws the pictures after DRAW_EVERY_MS
// or twice the time the last drawing took, whichever is longer (so drawing
// takes at most a third of the time).  The element #status carries the
// state for people and for tests: data-state (loading, training, ready,
// error); data-epoch, data-loss (the loss after data-epoch epochs, as
// JavaScript prints the float MicroPython computed: shortest form, exact)
// and data-accuracy, for what the pictures show; and the time spent
// (data-load-ms; since the hash was opened: data-train-ms in training,
// data-draw-ms the last drawing, data-longest-ms the longest time the
// page was busy at once).
import { startPurenn } from "./purenn-loader.mjs";

const CHUNK_MS = 100;
const DRAW_EVERY_MS = 500;

const $ = (id) => document.getElementById(id);
const status = $("status");
const FIELDS = ["dataset", "hidden", "activation", "rate", "seed"];

let py = null;          // purenn-loader's interpreter
let runtime = null;     // where MicroPython comes from
let choices = null;     // what the menus offer (playground.choices_json)
let live = false;       // a session exists
let run = 0;            // a training loop stops when this changes
let training = false;
let diverged = false;
let timing = { train: 0, draw: 0, longest: 0 };

class PythonError extends Error {}

// run Python in __main__; a traceback becomes a PythonError with its last line
function python(code) {
  const r = py.run(code);
  if (r.error) {
    const lines = r.error.trim().split("\n");
    throw new PythonError(lines[lines.length - 1]);
  }
  return r;
}
const get = (name) => py.get(name);

function show(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

function message(text) {
  const m = $("message");
  m.textContent = text || "";
  m.hidden = !text;
}

function fail(e) {
  run++;
  training = false;
  show("error", "The page stopped: " + e.message);
  buttons();
}

// the browser's turn: input, painting, timers
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function entries(hash) {
  const out = {};
  for (const part of hash.replace(/^#/, "").split("&")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

function option(select, value) {
  const o = document.createElement("option");
  o.value = o.textContent = value;
  select.append(o);
}

function buildControls() {
  for (const name of ["dataset", "activation", "rate"]) {
    for (const value of choices[name]) option($(name), value);
  }
  for (const name of FIELDS) $(name).addEventListener("change", changed);
  $("controls").addEventListener("submit", (e) => { e.preventDefault(); changed(); });
  $("train").addEventListener("click", () => guard(training ? pause : trainOn));
  $("step").addEventListener("click", () => guard(async () => trainTo(epochNow() + 1)));
  $("reset").addEventListener("click", () => guard(reset));
  window.addEventListener("hashchange", () => guard(() => open(location.hash)));
}

async function guard(action) {
  try {
    await action();
  } catch (e) {
    fail(e);
  }
}

function fillControls(canonical) {
  const e = entries(canonical);
  if (![...$("rate").options].some((o) => o.value === e.rate)) option($("rate"), e.rate);
  for (const name of FIELDS) $(name).value = e[name];
}

function buttons() {
  const ready = py !== null;
  for (const name of FIELDS) $(name).disabled = !ready;
  $("train").disabled = !live || (diverged && !training);
  $("train").textContent = training ? "Pause" : "Train";
  $("step").disabled = !live || training || diverged;
  $("reset").disabled = !live;
}

// the settings in the menus, as a hash at epoch 0; playground.py checks it
function changed() {
  const parts = FIELDS.map((name) => name + "=" + $(name).value.replace(/\s+/g, ""));
  location.hash = parts.join("&") + "&train=0";
}

async function open(hash) {
  run++;
  training = false;
  py.mp.globals.set("_pg_hash", hash);
  python("_pg_s, _pg_text = _pg.open_hash(_pg_hash)\n_pg_ok = _pg_s is not None");
  const text = get("_pg_text");
  timing = { train: 0, draw: 0, longest: 0 };
  if (!get("_pg_ok")) {
    live = false;
    // the menus: the defaults, and what the address gave where a menu has it
    fillControls(choices.defaults);
    const given = entries(hash);
    for (const name of FIELDS) {
      const el = $(name);
      if (!(name in given)) continue;
      if (el.tagName !== "SELECT") el.value = given[name];
      else if ([...el.options].some((o) => o.value === given[name])) el.value = given[name];
    }
    message("The settings in the address are not valid: " + text + ".  Change them above, " +
            "or start from the defaults: ");
    const link = document.createElement("a");
    link.href = "#" + choices.defaults;
    link.textContent = "#" + choices.defaults;
    $("message").append(link);
    show("error", "Not started: " + text);
    buttons();
    return;
  }
  live = true;
  diverged = false;
  message("");
  fillControls(text);
  if ("#" + text !== location.hash) history.replaceState(null, "", "#" + text);
  draw(true);
  const target = Number(entries(text).train);
  if (target > 0) await trainTo(target);
  else ready();
}

function epochNow() {
  python("_pg_e = _pg_s.epoch");
  return get("_pg_e");
}

async function trainOn() {
  await trainTo(choices.max_epochs);
}

function pause() {
  run++;
  training = false;
  draw(false);
  ready();
}

async function reset() {
  python("_pg_h = _pg.format_hash(_pg_s.settings)");     // train=0 as opened
  const hash = get("_pg_h").replace(/&train=\d+$/, "&train=0");
  history.replaceState(null, "", "#" + hash);
  await open("#" + hash);
}

// train until epoch `target` (or a pause, a new hash, divergence)
async function trainTo(target) {
  const me = ++run;
  training = true;
  buttons();
  show("training", status.textContent);
  let chunk = 1;
  let drawn = performance.now();
  while (me === run) {
    const n = Math.min(chunk, target - epochNow());
    if (n <= 0) break;
    const t0 = performance.now();
    python("_pg_ran = _pg_s.train(" + n + ")\n_pg_e = _pg_s.epoch\n" +
           "_pg_l = _pg_s.losses[_pg_e]\n_pg_d = _pg_s.diverged or ''");
    const took = performance.now() - t0;
    timing.train += took;
    timing.longest = Math.max(timing.longest, took);
    status.textContent = "Training: epoch " + get("_pg_e") + ", loss " +
      Number(get("_pg_l")).toPrecision(5);
    if (get("_pg_ran") < n || get("_pg_d")) break;
    chunk = Math.max(1, Math.min(1000, Math.round(n * CHUNK_MS / Math.max(took, 1))));
    if (performance.now() - drawn > Math.max(DRAW_EVERY_MS, 2 * timing.draw)) {
      draw(false);
      drawn = performance.now();
    }
    await tick();
  }
  if (me !== run) return;          // stopped by a pause or a new hash: they draw
  training = false;
  draw(false);
  if (epochNow() >= choices.max_epochs) {
    message("This network has trained " + choices.max_epochs + " epochs, the most a " +
            "session keeps: Reset, or change a setting, to start again.");
  }
  ready();
}

function ready() {
  const e = status.dataset.epoch;
  show("ready", "Epoch " + e + ": loss " + Number(status.dataset.loss).toPrecision(5) + ", " +
       status.dataset.accuracy + " of the points right." +
       (diverged ? "" : e === "0" ? "  Train, Step, or change a setting." : ""));
  buttons();
}

function numbers(epoch, loss, accuracy) {
  status.dataset.epoch = String(epoch);
  status.dataset.loss = String(loss);
  status.dataset.accuracy = Number.isFinite(accuracy) ? (100 * accuracy).toFixed(1) + "%" : "?";
  status.dataset.trainMs = timing.train.toFixed(0);
  status.dataset.drawMs = timing.draw.toFixed(0);
  status.dataset.longestMs = timing.longest.toFixed(0);
}

// draw the session's state (with the Python source after a new session)
function draw(withSource) {
  const t0 = performance.now();
  const keys = withSource ? "None"
    : "('epoch', 'boundary', 'neurons', 'curve', 'explain', 'diverged')";
  python("_pg_v = _pg_s.view()\n_pg_json = _pg.view_json(_pg_v, " + keys + ")\n" +
         "_pg_l = _pg_v['loss']\n_pg_a = _pg_v['accuracy']\n_pg_h = _pg_s.hash()");
  const v = JSON.parse(get("_pg_json"));
  $("boundary").innerHTML = v.boundary;
  $("neurons").innerHTML = v.neurons;
  $("curve").innerHTML = v.curve ||
    '<p class="empty">The loss after each epoch is drawn here once training starts.</p>';
  $("explain-title").textContent = "Step " + (v.epoch + 1) + ", every number";
  $("explain").textContent = v.explain;
  if (withSource) {
    $("source").textContent = v.source;
    $("engine-note").textContent = v.engine_note;
    $("engine-note").hidden = !v.engine_note;
  }
  if (v.diverged) {
    diverged = true;
    message(v.diverged + ".  Reset, or choose a smaller learning rate.");
  }
  const hash = "#" + get("_pg_h");
  if (hash !== location.hash) history.replaceState(null, "", hash);
  const took = performance.now() - t0;
  timing.draw = took;
  timing.longest = Math.max(timing.longest, took);
  numbers(v.epoch, get("_pg_l"), get("_pg_a"));
}

async function main() {
  const t0 = performance.now();
  const response = await fetch("purenn/web/playground.json");
  if (!response.ok) {
    throw new Error("cannot fetch purenn/web/playground.json: HTTP " + response.status);
  }
  const config = await response.json();
  runtime = config.micropython;
  py = await startPurenn({ micropython: runtime });
  python("import purenn\npurenn.use_portable_math(True)\n" +
         "from purenn.web import playground as _pg\n_pg_choices = _pg.choices_json()");
  choices = JSON.parse(get("_pg_choices"));
  status.dataset.loadMs = (performance.now() - t0).toFixed(0);
  buildControls();
  buttons();
  await open(location.hash);
}

main().catch((e) => {
  fail(e);
  if (py === null && runtime !== null && /^https?:/.test(runtime)) {
    message("MicroPython could not be loaded from the network.  To run without it, start " +
            "the server with --runtime DIR, a local copy of the npm package " +
            "@micropython/micropython-webassembly-pyscript (python -m purenn playground --help).");
  }
});
