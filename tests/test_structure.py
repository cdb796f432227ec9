"""The layout holds: imports point one way, private names stay private.

Every import in ``purenn/`` is read from the source (those inside functions
too), resolved to the module it names, and checked:

* no cycle among purenn's modules;
* no name with a leading underscore imported from another module, and no
  ``x._name`` reaching into another module's privates;
* the layers: ``purenn.core`` imports nothing else of purenn, and nothing
  outside ``purenn.tools`` imports ``purenn.tools``;
* no function longer than :data:`MAX_FUNCTION_LINES`.

Each rule is also run against a small bad package written here, so a checker
that sees nothing cannot pass.
"""

import ast
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_FUNCTION_LINES = 80


def modules(root, package="purenn"):
    """{module name: parsed tree} for every .py file of the package under root."""
    found = {}
    base = os.path.join(root, package)
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for f in sorted(files):
            if not f.endswith(".py"):
                continue
            rel = os.path.relpath(os.path.join(folder, f), root)[:-3].split(os.sep)
            if rel[-1] == "__init__":
                rel = rel[:-1]
            with open(os.path.join(folder, f), encoding="utf-8") as fh:
                found[".".join(rel)] = ast.parse(fh.read())
    return found


def _is_package(name, mods):
    return any(m.startswith(name + ".") for m in mods)


def imports(name, tree, mods):
    """``[(imported module, [names taken from it])]`` for every import in the
    tree that resolves to a module of ``mods`` (names are those of
    ``from m import a, b``; ``from package import module`` counts as
    importing that module)."""
    out = []
    here = name if _is_package(name, mods) else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in mods:
                    out.append((alias.name, []))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = here.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1])
                target = base + ("." + node.module if node.module else "")
            else:
                target = node.module or ""
            if target not in mods:
                continue
            taken = []
            for alias in node.names:
                sub = target + "." + alias.name
                if sub in mods:
                    out.append((sub, []))
                else:
                    taken.append(alias.name)
            if taken:
                out.append((target, taken))
    return out


def graph(mods):
    """{module: sorted set of purenn modules it imports}, a package's
    ``__init__`` counted as the package itself."""
    g = {}
    for name, tree in mods.items():
        g[name] = sorted(set(t for t, _ in imports(name, tree, mods) if t != name))
    return g


def cycles(g):
    """Every cycle (as a list of modules) found by a depth-first walk."""
    found = []
    state = {}

    def visit(node, path):
        state[node] = "open"
        path.append(node)
        for nxt in g.get(node, []):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path)
        path.pop()
        state[node] = "done"

    for node in sorted(g):
        if node not in state:
            visit(node, [])
    return found


def private_imports(mods):
    """``(module, imported module, name)`` for every ``_name`` taken from another module."""
    bad = []
    for name, tree in mods.items():
        for target, taken in imports(name, tree, mods):
            for t in taken:
                if t.startswith("_") and not (t.startswith("__") and t.endswith("__")):
                    bad.append((name, target, t))
    return bad


def _own_private_names(tree):
    """Private names a module defines itself: its functions, classes, globals
    and the attributes it assigns (``self._x = ...``, ``obj._x = ...``)."""
    own = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            own.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            own.add(node.attr)
    return own


def private_attributes(mods):
    """``(module, line, attribute)`` for every ``x._name`` where ``_name`` is
    not one the module defines itself: a reach into another module's privates."""
    bad = []
    for name, tree in mods.items():
        own = _own_private_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                    and not node.attr.startswith("__") and node.attr not in own:
                bad.append((name, node.lineno, node.attr))
    return bad


def layer_violations(g, package="purenn"):
    """Imports against the layers: core -> anything outside core, and
    anything outside tools (but the ``__main__`` entry point) -> tools."""
    core, tools = package + ".core", package + ".tools"
    bad = []
    for name, targets in g.items():
        for t in targets:
            if name.startswith(core) and not t.startswith(core) and t != package:
                bad.append((name, t))
            if t.startswith(tools) and not name.startswith(tools) \
                    and name != package + ".__main__":
                bad.append((name, t))
    return bad


def long_functions(mods, limit=MAX_FUNCTION_LINES):
    """``(module, function, lines)`` for every function longer than ``limit``."""
    bad = []
    for name, tree in mods.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                n = node.end_lineno - node.lineno + 1
                if n > limit:
                    bad.append((name, node.name, n))
    return bad


# -- the rules, on purenn -----------------------------------------------------------

MODS = modules(ROOT)


def test_the_walk_sees_every_module_and_import():
    assert {"purenn", "purenn.core", "purenn.core.network", "purenn.core.training",
            "purenn.tools.cli", "purenn.tools.commands", "purenn.explain"} <= set(MODS)
    g = graph(MODS)
    # an import inside a function is seen: Network.fit imports the training loop
    assert "purenn.core.training" in g["purenn.core.network"]
    assert "purenn.core.kernels" in g["purenn.core.layers"]


def test_no_import_cycles():
    assert cycles(graph(MODS)) == []


def test_no_private_names_across_modules():
    assert private_imports(MODS) == []
    assert private_attributes(MODS) == []


def test_imports_follow_the_layers():
    assert layer_violations(graph(MODS)) == []


def test_no_function_is_longer_than_a_screen():
    assert long_functions(MODS) == []


# -- the checker itself, on a bad package -----------------------------------------

BAD = {
    "bad/__init__.py": "",
    "bad/extra.py": "from .tools import options\n",
    "bad/core/__init__.py": "",
    "bad/core/a.py": "from .b import helper\n",
    "bad/core/b.py": "def helper():\n    from . import a\n    from .. import extra\n",
    "bad/tools/__init__.py": "",
    "bad/tools/options.py": "",
    "bad/tools/cli.py": ("from ..core.a import _secret\nfrom ..core import b\n"
                         "x = b._hidden\n" + "def long():\n" + "    pass\n" * 90),
}


def test_the_checker_finds_each_kind_of_problem(tmp_path):
    for rel, text in BAD.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    mods = modules(str(tmp_path), "bad")
    g = graph(mods)
    assert cycles(g) == [["bad.core.a", "bad.core.b", "bad.core.a"]]
    assert private_imports(mods) == [("bad.tools.cli", "bad.core.a", "_secret")]
    assert private_attributes(mods) == [("bad.tools.cli", 3, "_hidden")]
    assert sorted(layer_violations(g, "bad")) == [("bad.core.b", "bad.extra"),
                                                  ("bad.extra", "bad.tools.options")]
    assert long_functions(mods) == [("bad.tools.cli", "long", 91)]
