"""The library imports nothing outside the small standard-library core."""

import ast
import os

PKG = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "purenn")
ALLOWED = {"math", "sys", "os", "json", "time", "array", "struct", "gc"}
GUARDED = {"operator", "itertools", "signal", "binascii", "http"}   # only inside try/except ImportError


def _imports(tree):
    """(module, guarded) for every absolute import in the file."""
    found = []

    def visit(node, guarded):
        if isinstance(node, ast.Try):
            catches = any(isinstance(h.type, ast.Name) and h.type.id == "ImportError"
                          for h in node.handlers)
            for child in node.body:
                visit(child, guarded or catches)
            for child in node.handlers + node.orelse + node.finalbody:
                visit(child, guarded)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((alias.name.split(".")[0], guarded))
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.append((node.module.split(".")[0], guarded))
        for child in ast.iter_child_nodes(node):
            visit(child, guarded)

    visit(tree, False)
    return found


def test_only_core_modules_are_imported():
    names = sorted(os.path.relpath(os.path.join(d, f), PKG) for d, _, fs in os.walk(PKG)
                   for f in fs if f.endswith(".py"))
    assert "matrix.py" in names and os.path.join("core", "network.py") in names
    for fname in names:
        with open(os.path.join(PKG, fname), encoding="utf-8") as f:
            tree = ast.parse(f.read())
        for module, guarded in _imports(tree):
            ok = module in ALLOWED or (module in GUARDED and guarded)
            assert ok, "%s imports %s%s" % (fname, module, "" if guarded else " unguarded")


def test_the_checker_sees_a_forbidden_import():
    bad = ast.parse("import numpy\ntry:\n    import operator\nexcept ImportError:\n    pass\nimport itertools\n")
    assert _imports(bad) == [("numpy", False), ("operator", True), ("itertools", False)]
