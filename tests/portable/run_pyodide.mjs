// Run a purenn script under Pyodide (CPython compiled to WebAssembly) in Node.js.
//
//   node tests/portable/run_pyodide.mjs [SCRIPT [ARGS...]]
//
// The counterpart of run_wasm.mjs for Pyodide.  SCRIPT is a path relative to
// the repository root (default: the portable test runner,
// tests/portable/run.py).  As there, purenn/ and tests/portable/ are copied
// into the in-memory file system under /repo (copy_in.mjs), which becomes
// the current folder, so nothing the script writes
// reaches the host.  The npm package `pyodide` is looked up in the folder
// named by PYODIDE_DIR (where `npm install` put node_modules), else here;
// nothing is fetched from the network (only loadPackage() of wheels outside
// the standard library would do that, and this never calls it).
// Exit status: 0, the script's SystemExit code, or 1 on an uncaught exception.
import path from "path";
import { pathToFileURL } from "url";
import { copyRepo, root } from "./copy_in.mjs";

const pkgDir = path.join(process.env.PYODIDE_DIR || root, "node_modules", "pyodide");
const { loadPyodide } = await import(pathToFileURL(path.join(pkgDir, "pyodide.mjs")).href);

const argv = process.argv.slice(2);
const script = argv[0] || "tests/portable/run.py";

const py = await loadPyodide({ indexURL: pkgDir + path.sep });
// raw bytes, as they are written (the default handlers buffer whole lines)
py.setStdout({ write: (b) => { process.stdout.write(b); return b.length; } });
py.setStderr({ write: (b) => { process.stderr.write(b); return b.length; } });

copyRepo(py.FS);

py.globals.set("_purenn_argv", py.toPy(argv.length ? argv : [script]));
let code = 0;
try {
  // the exit status as CPython's would be: sys.exit(n) gives n, sys.exit()
  // 0, and sys.exit("message") prints the message and gives 1
  code = py.runPython([
    "import os, runpy, sys",
    "os.chdir('/repo')",
    "sys.path.insert(0, '/repo')",
    "sys.argv[:] = _purenn_argv",
    "del _purenn_argv",
    "def _purenn_run():",
    "    try:",
    "        runpy.run_path(sys.argv[0], run_name='__main__')",
    "    except SystemExit as e:",
    "        if e.code is None or isinstance(e.code, int):",
    "            return e.code or 0",
    "        print(e.code, file=sys.stderr)",
    "        return 1",
    "    return 0",
    "_purenn_run()",
  ].join("\n"));
} catch (e) {
  if (!e.type) throw e;           // not a Python exception: Node prints it, status 1
  process.stderr.write(e.message.endsWith("\n") ? e.message : e.message + "\n");
  code = 1;
}
process.exitCode = code;
