"""Mutation testing of the formulas: each activation's and loss's expressions.

    python3 tests/mutate_formulas.py [--jobs 2] [--only NAME]

The formulas of ``purenn.core.activations`` and ``purenn.core.losses`` are
Python expressions kept in strings (``value``, ``derivative``, ``term``...),
which a mutation tool for code does not touch.  This script makes the
mutants itself, one small change at a time -- an operator swapped for
another, a constant changed, a comparison loosened or flipped, a sign
dropped, one variable read for another -- and runs the tests that should
notice (the portable suite and the property tests, with the ``mutation``
hypothesis profile) once per mutant, in a subprocess that applies it through
``PURENN_FORMULA_MUTANT`` (see ``tests/conftest.py``).  It prints each
survivor and the score.  A survivor that computes the same numbers (an
equivalent mutant) is listed as such below; any other is a missing test.
"""

import io
import json
import os
import subprocess
import sys
import tokenize
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from purenn.core import activations, losses  # noqa: E402

TESTS = ["tests/portable", "tests/test_gradient_properties.py",
         "tests/test_activation_properties.py", "tests/test_compiler_properties.py",
         "tests/test_new_activation.py", "tests/test_attack.py", "tests/test_hostile.py"]

ACTIVATION_FIELDS = ("value", "derivative", "delta", "forward_source", "backward_source")
LOSS_FIELDS = ("term", "total", "gradient", "factor", "fused_term", "fused_total", "delta",
               "delta_factor")

OPERATORS = {"+": ("-", "*"), "-": ("+",), "*": ("/", "+"), "/": ("*",),
             ">": (">=", "<"), ">=": (">", "<="), "<": ("<=", ">"), "<=": ("<", ">=")}
VARIABLES = ("z", "a", "g", "p", "y", "s", "N", "K", "c", "t", "lse", "m", "v")


def _tokens(text):
    return [t for t in tokenize.generate_tokens(io.StringIO(text).readline)
            if t.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER,
                              tokenize.INDENT, tokenize.DEDENT)]


def _replace(text, tok, new):
    """text with the token tok (a TokenInfo) replaced by new."""
    lines = text.split("\n")
    (r, c0), (_, c1) = tok.start, tok.end
    line = lines[r - 1]
    lines[r - 1] = line[:c0] + new + line[c1:]
    return "\n".join(lines)


def mutants_of(text):
    """Every single-token mutant of a formula: ``[(description, new text)]``."""
    out = []
    toks = _tokens(text)
    names = sorted(set(t.string for t in toks if t.type == tokenize.NAME) & set(VARIABLES))
    for k, tok in enumerate(toks):
        s = tok.string
        if tok.type == tokenize.OP and s in OPERATORS:
            for new in OPERATORS[s]:
                out.append(("%r -> %r" % (s, new), _replace(text, tok, new)))
            # a unary minus dropped: "exp(-z)" -> "exp(z)"
            if s == "-" and (k == 0 or toks[k - 1].string in ("(", ",", "=", "*", "/", "+")):
                out.append(("unary '-' dropped", _replace(text, tok, "")))
        elif tok.type == tokenize.NUMBER:
            v = float(s)
            for new in (v + 1.0, v * 0.5 if v else -1.0):
                out.append(("%s -> %r" % (s, new), _replace(text, tok, repr(new))))
        elif tok.type == tokenize.NAME and s in names:
            for other in names:
                if other != s:
                    out.append(("%s -> %s" % (s, other), _replace(text, tok, other)))
    return out


def targets(only=None):
    """``[(kind, name, field, text)]`` for every formula of the built-in classes."""
    found = []
    for name in activations.NAMES:
        act = activations.get(name)
        for field in ACTIVATION_FIELDS:
            text = getattr(act, field, None)
            if isinstance(text, str):
                found.append(("activation", name, field, text))
    for name in losses.NAMES:
        loss = losses.get(name)
        for field in LOSS_FIELDS:
            text = getattr(loss, field, None)
            if isinstance(text, str):
                found.append(("loss", name, field, text))
    return [t for t in found if only is None or t[1] == only]


def tests(mutant=None):
    """The completed pytest run of TESTS, with ``mutant`` in place (None: none)."""
    env = dict(os.environ, HYPOTHESIS_PROFILE="mutation")
    env.pop("PURENN_FORMULA_MUTANT", None)
    if mutant is not None:
        env["PURENN_FORMULA_MUTANT"] = json.dumps(list(mutant))
    return subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                           "-o", "addopts="] + TESTS, cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=1800)


def run(mutant):
    return tests(mutant).returncode != 0


def main(argv):
    jobs = int(argv[argv.index("--jobs") + 1]) if "--jobs" in argv else 2
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    work = []
    for kind, name, field, text in targets(only):
        for what, new in mutants_of(text):
            work.append(((kind, name, field, new), "%s %s.%s: %s" % (kind, name, field, what)))
    clean = tests()     # a score means nothing unless the tests pass without a mutant
    if clean.returncode != 0:
        print("the tests fail without any mutant:\n" + clean.stdout[-3000:])
        return 1
    print("%d mutants of %d formulas" % (len(work), len(targets(only))))
    with ThreadPoolExecutor(jobs) as pool:
        killed = list(pool.map(lambda w: run(w[0]), work))
    survivors = [w for w, k in zip(work, killed) if not k]
    for (mutant, label) in survivors:
        print("SURVIVED %s  =>  %r" % (label, mutant[3]))
    print("killed %d of %d (%.1f%%)" % (len(work) - len(survivors), len(work),
                                        100.0 * (len(work) - len(survivors)) / max(1, len(work))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
