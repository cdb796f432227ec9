"""A fixed training run, for counting instructions (repeatable where seconds are not).

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        "$(python3 -c 'import sys; print(sys.executable)')" tools/workload.py tutorial|moons

(PYTHONPATH=CHECKOUT to count another checkout.)  ``tutorial``: the
tutorial's 1500 full-batch epochs (the generated code); ``moons``: a 2-16-16-1
ReLU network, Adam, 20 epochs of mini-batches of 16 over 200 points (the
generic layers).
"""

import sys

from purenn import Network, Dense, datasets


def main(which):
    if which == "tutorial":
        X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]
        Y = [[0], [1], [1], [0]]
        net = Network([Dense(3, 4, "sigmoid", bias=False, init="uniform"),
                       Dense(4, 1, "sigmoid", bias=False, init="uniform")], seed=1)
        net.fit(X, Y, epochs=1500, learning_rate=1.0, loss="sse")
    else:
        X, Y = datasets.moons(200, seed=1)
        net = Network([Dense(2, 16, "relu"), Dense(16, 16, "relu"), Dense(16, 1, "sigmoid")],
                      seed=1)
        net.fit(X, Y, epochs=20, learning_rate=0.1, batch_size=16, seed=2, optimizer="adam",
                loss="binary_crossentropy")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tutorial")
