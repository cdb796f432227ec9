// purenn in a web page: load MicroPython's WebAssembly port, copy purenn's
// own files into its in-memory file system, and run Python.
//
//   import { startPurenn } from "./purenn/web/purenn-loader.mjs";
//   const py = await startPurenn();
//   const result = py.run("from purenn import tutorial\nprint(tutorial.train(10).output)");
//   // result.output: what the code printed; result.error: null, or the traceback
//
// This file is part of the package (purenn/web/): the playground's page
// (python -m purenn playground) and examples/web/ both load it.
// startPurenn(options) resolves to { run, get, files, mp } once purenn can be
// imported.  Options, each with a default:
//
//   micropython  URL of micropython.mjs from the npm package
//                @micropython/micropython-webassembly-pyscript (default:
//                RUNTIME_URL below, the pinned version on jsDelivr's CDN;
//                micropython.wasm is loaded from beside it)
//   root         URL of the folder that holds purenn/ (default: ../../ from
//                this file, the folder its package sits in)
//   fileList     URL of a JSON array of the files to copy, as paths under
//                root: "purenn/__init__.py", ... (default: ./purenn-files.json
//                beside this file, as the playground's server makes it; in a
//                checkout, examples/web/make_file_list.py writes one)
//   heapsize     MicroPython's first heap, in bytes (default 32 MiB; the
//                heap grows beyond it when it has to)
const here = (rel) => new URL(rel, import.meta.url);
// relative URLs in the options are read against the page
const base = () => (globalThis.document ? document.baseURI : globalThis.location.href);

// MicroPython's WebAssembly port, the version purenn is tested with
// (purenn/tools/playground.py's RUNTIME_URL; a test keeps the two equal)
export const RUNTIME_URL =
  "https://cdn.jsdelivr.net/npm/@micropython/micropython-webassembly-pyscript@1.29.0-6/micropython.mjs";

export const DEFAULTS = {
  micropython: RUNTIME_URL,
  root: here("../../"),
  fileList: here("./purenn-files.json"),
  heapsize: 32 * 1024 * 1024,
};

async function fetchOk(url, what) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error("cannot fetch " + what + " (" + url + "): " + e.message);
  }
  if (!response.ok) {
    throw new Error("cannot fetch " + what + " (" + url + "): HTTP " + response.status);
  }
  return response;
}

function checkedList(list, url) {
  // only paths inside purenn/: the list decides what is written into /lib
  const ok = Array.isArray(list) && list.length > 0 && list.every(
    (p) => typeof p === "string" && p.startsWith("purenn/") &&
      !p.split("/").some((part) => part === "" || part === "." || part === ".."));
  if (!ok) throw new Error(url + ": expected a JSON array of paths under purenn/");
  return list;
}

export async function startPurenn(options = {}) {
  const o = Object.assign({}, DEFAULTS, options);
  const root = new URL(o.root, base());
  const listUrl = new URL(o.fileList, base());
  const list = checkedList(await (await fetchOk(listUrl, "the file list")).json(), listUrl);

  // the interpreter and purenn's files arrive side by side
  const [{ loadMicroPython }, contents] = await Promise.all([
    import(new URL(o.micropython, base()).href).catch((e) => {
      throw new Error("cannot load MicroPython (" + o.micropython + "): " + e.message);
    }),
    Promise.all(list.map(async (p) =>
      new Uint8Array(await (await fetchOk(new URL(p, root), p)).arrayBuffer()))),
  ]);

  let sink = [];
  const collect = (bytes) => { for (const b of bytes) sink.push(b); };
  const mp = await loadMicroPython({
    heapsize: o.heapsize, linebuffer: false, stdout: collect, stderr: collect,
  });
  list.forEach((p, i) => {
    const guest = "/lib/" + p;
    mp.FS.mkdirTree(guest.slice(0, guest.lastIndexOf("/")));
    mp.FS.writeFile(guest, contents[i]);
  });

  function run(code) {
    sink = [];
    let error = null;
    let type = null;
    try {
      mp.runPython(code);
    } catch (e) {
      if (e.name !== "PythonError") throw e;
      error = e.message;
      type = e.type;
    }
    const output = new TextDecoder().decode(new Uint8Array(sink));
    sink = [];
    return { output, error, type };
  }

  return { run, get: (name) => mp.globals.get(name), files: list, mp };
}
