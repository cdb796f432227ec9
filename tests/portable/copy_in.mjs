// Copy the package and the portable suite into an emscripten file system
// (MicroPython's wasm port, Pyodide), under /repo, for run_wasm.mjs and
// run_pyodide.mjs: Python sources and the data files the tests read.
import fs from "fs";
import path from "path";
import { fileURLToPath } from "url";

// The repository's root on the host.
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function copyIn(FS, rel) {
  const host = path.join(root, rel);
  const guest = "/repo/" + rel;
  FS.mkdirTree(guest);
  for (const e of fs.readdirSync(host, { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== "__pycache__") copyIn(FS, rel + "/" + e.name);
    else if (e.isFile() && /\.(py|bin|onnx|json|txt)$/.test(e.name)) {
      FS.writeFile(guest + "/" + e.name, fs.readFileSync(path.join(host, e.name)));
    }
  }
}

// purenn/ and tests/portable/ into FS at /repo.
export function copyRepo(FS) {
  copyIn(FS, "purenn");
  copyIn(FS, "tests/portable");
}
