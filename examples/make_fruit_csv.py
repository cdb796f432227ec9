"""Write examples/fruit.csv: a small made-up data set for the command line.

    python3 examples/make_fruit_csv.py

150 fruits (50 each of apple, orange and lemon) with four measurements
drawn from overlapping normal distributions by purenn's own seeded
generator, so every interpreter writes the same file.
"""

import _path  # noqa: E402,F401  (the repository root on sys.path)
from purenn.core.rng import Rng  # noqa: E402

# class: (mass g, width cm, height cm, colour score) means and spreads
KINDS = [
    ("apple", (160.0, 7.4, 7.2, 0.78), (25.0, 0.6, 0.6, 0.08)),
    ("orange", (190.0, 7.9, 7.8, 0.62), (30.0, 0.7, 0.7, 0.07)),
    ("lemon", (120.0, 6.1, 8.4, 0.70), (20.0, 0.5, 0.7, 0.08)),
]


def rows(seed=7, per_class=50):
    g = Rng(seed)
    out = []
    for name, mean, sd in KINDS:
        for _ in range(per_class):
            out.append(["%.1f" % (mean[0] + sd[0] * g.gauss()),
                        "%.2f" % (mean[1] + sd[1] * g.gauss()),
                        "%.2f" % (mean[2] + sd[2] * g.gauss()),
                        "%.3f" % (mean[3] + sd[3] * g.gauss()),
                        name])
    g.shuffle(out)
    return out


def main():
    with open(_path.HERE + "/fruit.csv", "w") as f:
        f.write("mass,width,height,colour,fruit\n")
        for r in rows():
            f.write(",".join(r) + "\n")


if __name__ == "__main__":
    main()
