// Run a purenn script under MicroPython's WebAssembly port in Node.js.
//
//   node tests/portable/run_wasm.mjs [--heap BYTES] SCRIPT [ARGS...]
//
// SCRIPT is a path relative to the repository root (default: the portable
// test runner, tests/portable/run.py).  The wasm build has only an in-memory
// file system, so purenn/ and tests/portable/ (their .py sources and data
// files) are copied into it under /repo by copy_in.mjs, and /repo becomes
// the current folder.  The npm package
// @micropython/micropython-webassembly-pyscript is looked up in the folder
// named by MPWASM_DIR (where `npm install` put node_modules), else here.
// Exit status: 0, the script's SystemExit code, or 1 on an uncaught exception.
import fs from "fs";
import path from "path";
import { pathToFileURL } from "url";
import { copyRepo, root } from "./copy_in.mjs";

const pkgDir = process.env.MPWASM_DIR || root;
const entry = path.join(pkgDir, "node_modules", "@micropython",
                        "micropython-webassembly-pyscript", "micropython.mjs");
const { loadMicroPython } = await import(pathToFileURL(entry).href);

let argv = process.argv.slice(2);
let heapsize = 64 * 1024 * 1024;
if (argv[0] === "--heap") { heapsize = parseInt(argv[1], 10); argv = argv.slice(2); }
const script = argv[0] || "tests/portable/run.py";
const scriptArgs = argv.slice(1);

const mp = await loadMicroPython({
  heapsize, linebuffer: false,
  stdout: (b) => process.stdout.write(b), stderr: (b) => process.stderr.write(b),
});

copyRepo(mp.FS);

const setup = [
  "import os, sys",
  "os.chdir('/repo')",
  "sys.path.insert(0, '/repo')",
  "sys.argv.clear()",
  "sys.argv.extend(" + JSON.stringify([script, ...scriptArgs]) + ")",
  "__file__ = " + JSON.stringify(script),
].join("\n");
let code = 0;
try {
  mp.runPython(setup);
  mp.runPython(fs.readFileSync(path.join(root, script), "utf8"));
} catch (e) {
  if (e.name !== "PythonError") throw e;
  if (e.type === "SystemExit") {
    const m = /(-?\d+)\s*$/.exec(e.message || "");
    code = m ? parseInt(m[1], 10) : 0;
  } else {
    process.stderr.write(e.message.endsWith("\n") ? e.message : e.message + "\n");
    code = 1;
  }
}
process.exitCode = code;
