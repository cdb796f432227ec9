"""Digits epochs for counting instructions (repeatable where seconds are not).

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        "$(python3 -c 'import sys; print(sys.executable)')" \\
        benchmarks/workload_digits.py fit|floor|compress|loop|checks EPOCHS

Loads the digits, then trains EPOCHS epochs from the same initial weights
with ``Network.fit`` or one of the floors of ``floor_digits.py`` (``floor``:
the unrolled one).  The instructions of one epoch are the difference
between the counts for 2 and 1 epochs (the second epoch runs warm: kernels
generated, code specialised).  ``checks`` runs only what each call of
``fit`` does first with X and Y (``checks.as_matrix``, ``checks.as_targets``),
EPOCHS times.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import digits  # noqa: E402
import floor_digits  # noqa: E402

RUNS = {"fit": None,
        "floor": floor_digits.epoch_unrolled_skip,
        "compress": floor_digits.epoch_compress,
        "loop": floor_digits.epoch_loop_skip}


def main(which, epochs):
    X, Y = digits.load()
    if which == "checks":
        from purenn.core import checks, losses
        loss = losses.get("categorical_crossentropy")
        for _ in range(epochs):
            checks.as_targets(Y, "Y", len(checks.as_matrix(X, "X", 64)), 10, loss)
        return
    P = digits.initial_params()
    fn = RUNS[which]
    net = digits.make_network()
    for _ in range(epochs):
        if fn is None:
            digits.epoch_purenn(P, X, Y, net)
        else:
            fn(digits.copy_params(P), X, Y)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1)
