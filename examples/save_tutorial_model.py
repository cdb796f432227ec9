"""Train the tutorial's 3-4-1 network with the library API and keep it.

    python3 examples/save_tutorial_model.py

writes examples/tutorial_model.json (the model) and
examples/tutorial_predict.py (the same model as a standalone file, without
the part that runs it as a program: the smallest heap to import).
"""

import os

import _path  # noqa: F401  (the repository root on sys.path)
from purenn import Network, Dense  # noqa: E402
from purenn.export import export  # noqa: E402

X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]
Y = [[0], [1], [1], [0]]

net = Network([Dense(3, 4, "sigmoid", bias=False, init="uniform"),
               Dense(4, 1, "sigmoid", bias=False, init="uniform")], seed=1)
net.fit(X, Y, epochs=1500, learning_rate=1.0, loss="sse")
net.metadata = {"description": "the tutorial's XOR-like table, 1500 epochs of SSE"}
here = os.path.dirname(os.path.abspath(__file__))
net.save(os.path.join(here, "tutorial_model.json"))
export(net, os.path.join(here, "tutorial_predict.py"), program=False)
for x, p in zip(X, net.predict(X)):
    print(x, "%.3f" % p[0])
