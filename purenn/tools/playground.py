"""``python -m purenn playground``: serve the playground page on this computer.

The page (``purenn/web/``) trains a network in the browser with purenn
itself: it fetches the package's own files from this server and runs them
on MicroPython's WebAssembly port (:mod:`purenn.web.playground` is the
Python it runs).  The server, the standard library's ``http.server`` on
127.0.0.1 only, answers nothing but a fixed set of addresses made when it
starts (:class:`Site`): the page, the package's files, the list of those
files, the page's settings and, with ``--runtime``, MicroPython's two files.
Any other path, a path with ``..`` or ``%2e`` in it included, is not found;
there is no directory listing.
"""

import json
import os
import sys

from .options import UsageError, parse

#: The npm package of MicroPython's WebAssembly port, and the version the
#: page is built and tested with (examples/web/package.json pins the same).
RUNTIME_PACKAGE = "@micropython/micropython-webassembly-pyscript"
RUNTIME_VERSION = "1.29.0-6"
#: Where the browser loads MicroPython from without ``--runtime``.
RUNTIME_URL = "https://cdn.jsdelivr.net/npm/%s@%s/micropython.mjs" % (RUNTIME_PACKAGE,
                                                                       RUNTIME_VERSION)
#: The files of MicroPython's port that the page loads.
RUNTIME_FILES = ("micropython.mjs", "micropython.wasm")
DEFAULT_PORT = 8000
#: The page's own files in purenn/web/ (served, not copied into MicroPython).
PAGE_FILES = (".html", ".mjs", ".css")

HELP = """usage: python -m purenn playground [--port N] [--runtime DIR]

Serve the playground on this computer and print its address; open it in a
web browser.  The page trains a small network in the browser, with
purenn's own files running on MicroPython's WebAssembly port (not a
JavaScript copy): choose the data set (xor, circles, moons, spirals), the
hidden layers, their activation, the learning rate and the seed; Train,
Step, Reset; watch the loss curve, the decision map and each neuron's map
change, with every number of the next step and the Python that runs each
epoch beside them.  The settings and the epoch are kept in the address
after '#' (copy it to share the network), and train=N in it trains N
epochs when the page opens:

  http://127.0.0.1:8000/#dataset=moons&hidden=4,2&activation=tanh&rate=0.3&seed=1&train=50

The server listens on 127.0.0.1 only and serves the page and purenn's
files, nothing else.  Ctrl-C stops it.

The browser loads MicroPython (the npm package
@micropython/micropython-webassembly-pyscript, version 1.29.0-6) from
  https://cdn.jsdelivr.net/npm/@micropython/micropython-webassembly-pyscript@1.29.0-6/micropython.mjs
unless --runtime names a copy on this computer; then nothing is fetched
from elsewhere.

options:
  --port N         the port to listen on (default 8000; 0: any free port)
  --runtime DIR    serve micropython.mjs and micropython.wasm from DIR: the
                   npm package's folder, or a node_modules folder that holds
                   it, or the folder where "npm install" made node_modules
  -h, --help       show this help and exit
"""

_SPEC = {"--port": ("port", "int", DEFAULT_PORT), "--runtime": ("runtime", "str", None)}

_TYPES = {".html": "text/html; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8", ".json": "application/json",
          ".wasm": "application/wasm", ".py": "text/x-python; charset=utf-8",
          ".md": "text/markdown; charset=utf-8"}


def package_folder():
    """The folder of the purenn package this module belongs to."""
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def package_files(root):
    """The files of ``root``/purenn/ that the page copies into MicroPython, as
    sorted "purenn/..." paths: every file of the package but compiled ones
    (``__pycache__``, ``.pyc``) and the page's own (:data:`PAGE_FILES` in
    purenn/web/).  Paths use "/" on every system."""
    base = os.path.join(root, "purenn")
    web = os.path.join(base, "web")
    found = []
    for folder, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        for f in files:
            if f.endswith(".pyc") or (folder == web and os.path.splitext(f)[1] in PAGE_FILES):
                continue
            found.append(rel + "/" + f)
    return sorted(found)


def runtime_folder(path):
    """The folder that holds MicroPython's files: ``path`` itself, or the npm
    package inside ``path`` or inside ``path``/node_modules.  UsageError when
    none has both of :data:`RUNTIME_FILES`."""
    tried = [path, os.path.join(path, RUNTIME_PACKAGE),
             os.path.join(path, "node_modules", RUNTIME_PACKAGE)]
    for folder in tried:
        if all(os.path.isfile(os.path.join(folder, f)) for f in RUNTIME_FILES):
            return os.path.abspath(folder)
    raise UsageError("--runtime %s: no micropython.mjs and micropython.wasm there, nor in "
                     "its node_modules/%s (npm install %s@%s)"
                     % (path, RUNTIME_PACKAGE, RUNTIME_PACKAGE, RUNTIME_VERSION))


def runtime_version(folder):
    """The version in the npm package's package.json, or None."""
    try:
        with open(os.path.join(folder, "package.json"), encoding="utf-8") as f:
            v = json.load(f).get("version")
    except (OSError, ValueError, AttributeError):
        return None
    return v if isinstance(v, str) else None


class Site:
    """What the server answers: ``routes`` maps each path it serves to
    ``(file, body, content type)``, a file's body None (it is read when asked
    for, so an edited page is served as it is now).  The set of paths is
    fixed when the site is made; anything else is 404.  ``hosts`` are the
    Host headers it answers (set once the port is known)."""

    def __init__(self, root=None, runtime=None):
        root = os.path.dirname(package_folder()) if root is None else root
        web = os.path.join(root, "purenn", "web")
        self.files = package_files(root)
        from .. import __version__
        self.routes = {}
        self.file("/", os.path.join(web, "index.html"))
        for name in sorted(os.listdir(web)):
            if os.path.splitext(name)[1] in PAGE_FILES:
                self.file("/purenn/web/" + name, os.path.join(web, name))
        for p in self.files:
            self.file("/" + p, os.path.join(root, *p.split("/")))
        self.json("/purenn/web/purenn-files.json", self.files)
        self.json("/purenn/web/playground.json", {
            "micropython": "/runtime/micropython.mjs" if runtime else RUNTIME_URL,
            "purenn": __version__})
        if runtime:
            for name in RUNTIME_FILES:
                self.file("/runtime/" + name, os.path.join(runtime, name))
        self.hosts = ()

    def file(self, path, file):
        self.routes[path] = (file, None, _TYPES.get(os.path.splitext(file)[1],
                                                    "application/octet-stream"))

    def json(self, path, value):
        self.routes[path] = (None, (json.dumps(value, indent=1) + "\n").encode("utf-8"),
                             _TYPES[".json"])

    def answer(self, path, host):
        """``(status, content type, body)`` for a GET of ``path`` (with its
        query, if any) sent with the Host header ``host``."""
        if host not in self.hosts:      # another name for this address: DNS rebinding
            return 403, "text/plain; charset=utf-8", b"unknown host\n"
        route = self.routes.get(path.split("?", 1)[0])
        if route is None:
            return 404, "text/plain; charset=utf-8", b"not found\n"
        file, body, kind = route
        if body is None:
            try:
                with open(file, "rb") as f:
                    body = f.read()
            except OSError:
                return 404, "text/plain; charset=utf-8", b"not found\n"
        return 200, kind, body


def http_server():
    """The standard library's ``http.server``; ValueError where there is none
    (MicroPython)."""
    try:
        from http import server
    except ImportError:
        raise ValueError("playground: this Python has no http.server (run it with CPython "
                         "or PyPy)")
    return server


def make_server(site, port, log):
    """An ``http.server`` serving ``site`` on 127.0.0.1:``port`` (0: a free
    one), one thread per connection; ``log(line)`` gets a line for each
    request it refuses."""
    http = http_server()

    class Handler(http.BaseHTTPRequestHandler):
        server_version = "purenn-playground"

        def do_GET(self):
            self.reply(True)

        def do_HEAD(self):
            self.reply(False)

        def reply(self, with_body):
            status, kind, body = site.answer(self.path, self.headers.get("Host", ""))
            if status != 200:
                log("purenn playground: %d %s %s" % (status, self.command,
                                                     printable_path(self.path)))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def log_message(self, format, *args):     # refusals are logged in reply()
            pass

    class Server(http.ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address):
            e = sys.exc_info()[1]
            if not isinstance(e, (ConnectionError, TimeoutError)):   # a browser that left
                log("purenn playground: %s: %s" % (type(e).__name__, e))

    try:
        server = Server(("127.0.0.1", port), Handler)
    except OSError as e:
        raise ValueError("cannot listen on 127.0.0.1:%d (%s); choose another --port, or "
                         "--port 0 for any free one" % (port, e.strerror or e))
    real = server.server_address[1]
    site.hosts = ("127.0.0.1:%d" % real, "localhost:%d" % real)
    return server


def printable_path(path):
    """A request's path for the log: at most 200 characters, control
    characters escaped."""
    from .common import printable
    return printable(path if len(path) <= 200 else path[:197] + "...")


def cmd_playground(args, out):
    if "-h" in args or "--help" in args:
        out.write(HELP)
        return 0
    _, o = parse(args, _SPEC, 0)
    http_server()                   # before anything else: the one thing it cannot do without
    if not 0 <= o["port"] <= 65535:
        raise UsageError("--port must be 0 to 65535, got %d" % o["port"])
    runtime = runtime_folder(o["runtime"]) if o["runtime"] is not None else None
    site = Site(runtime=runtime)

    def log(line):
        sys.stderr.write(line + "\n")
        sys.stderr.flush()

    server = make_server(site, o["port"], log)
    try:
        port = server.server_address[1]
        out.write("purenn playground: http://127.0.0.1:%d/\n" % port)
        if runtime:
            v = runtime_version(runtime)
            out.write("MicroPython %s from %s%s\n" % (
                v or "(version unknown)", runtime, "" if v == RUNTIME_VERSION else
                "; the page is tested with %s" % RUNTIME_VERSION))
        else:
            out.write("MicroPython from %s (or use --runtime DIR)\n" % RUNTIME_URL)
        out.write("Ctrl-C stops the server.\n")
        out.flush()
        server.serve_forever()
    finally:
        server.server_close()
    return 0
