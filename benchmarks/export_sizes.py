"""The `export --digits` trade-off, on the README's fruit classifier.

    python3 benchmarks/export_sizes.py

Trains the README's model (`train examples/fruit.csv --target fruit
--hidden 16,16 --activation relu --epochs 50`), exports it exactly and with
12, 8, 6, 4, 3 and 2 significant digits, and prints for each the file size
and, over the 150 rows of `examples/fruit.csv`, the largest change in a
probability and how many class decisions changed (the table in
docs/model-format.md).
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)


def main():
    from purenn.tools import csvfile
    fruit = os.path.join(ROOT, "examples", "fruit.csv")
    with tempfile.TemporaryDirectory() as d:
        model = os.path.join(d, "fruit-model.json")
        env = dict(os.environ, PYTHONPATH=ROOT)
        subprocess.run([sys.executable, "-m", "purenn", "train", fruit, "--target", "fruit",
                        "--hidden", "16,16", "--activation", "relu", "--epochs", "50",
                        "--out", model], check=True, env=env, stdout=subprocess.DEVNULL)
        table = csvfile.read(fruit)
        names = ["mass", "width", "height", "colour"]
        rows = [[row[table.header.index(n)] for n in names] for row in table.rows]
        exact = None
        print("| digits | file size | largest change in a probability | "
              "class decisions changed (of %d) |" % len(rows))
        print("|---|---|---|---|")
        for digits in (None, 12, 8, 6, 4, 3, 2):
            out = os.path.join(d, "p%s.py" % digits)
            args = [] if digits is None else ["--digits", str(digits)]
            subprocess.run([sys.executable, "-m", "purenn", "export", model, "-o", out] + args,
                           check=True, env=env, stdout=subprocess.DEVNULL)
            space = {}
            exec(open(out).read(), space)
            P = [space["predict"](r) for r in rows]
            if exact is None:
                exact = P
            change = max(abs(a - b) for p, q in zip(P, exact) for a, b in zip(p, q))
            flips = sum(1 for p, q in zip(P, exact) if p.index(max(p)) != q.index(max(q)))
            print("| %s | %d bytes | %s | %d |" % (
                "exact (repr)" if digits is None else digits, os.path.getsize(out),
                "0" if change == 0 else "%.1e" % change, flips))


if __name__ == "__main__":
    main()
