"""The classic tutorial, exactly as written there, in pure Python.

    python3 examples/tutorial.py

A 3-4-1 sigmoid network learns a XOR-like table by backpropagation on the
sum of squared errors, 1500 iterations, learning rate 1.  The math of each
step is in purenn/tutorial.py's docstring; note that its deltas are
−∂L/∂z (the step adds them), where the rest of purenn writes δ = ∂L/∂z.
"""

import _path  # noqa: F401  (lets the example run from a checkout)
from purenn.tutorial import NeuralNetwork

X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]
y = [[0], [1], [1], [0]]
nn = NeuralNetwork(X, y)
for i in range(1500):
    nn.feedforward()
    nn.backprop()

print("Forecast / Fact")
for out, fact in zip(nn.output, y):
    print("%.3f / %d" % (out[0], fact[0]))
