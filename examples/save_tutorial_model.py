"""Train the tutorial's 3-4-1 network with the library API and keep it.

    python3 examples/save_tutorial_model.py

writes examples/tutorial_model.json (the model) and
examples/tutorial_predict.py (the same model as a standalone file).
Run it from the repository root.
"""

import sys

sys.path.insert(0, ".")
from purenn import Network, Dense  # noqa: E402
from purenn.export import export  # noqa: E402

X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]
Y = [[0], [1], [1], [0]]

net = Network([Dense(3, 4, "sigmoid", bias=False, init="uniform"),
               Dense(4, 1, "sigmoid", bias=False, init="uniform")], seed=1)
net.fit(X, Y, epochs=1500, learning_rate=1.0, loss="sse")
net.metadata = {"description": "the tutorial's XOR-like table, 1500 epochs of SSE"}
net.save("examples/tutorial_model.json")
export(net, "examples/tutorial_predict.py")
for x, p in zip(X, net.predict(X)):
    print(x, "%.3f" % p[0])
