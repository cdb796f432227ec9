"""A tour of purenn: the tutorial network three ways, with the same numbers.

    python3 examples/tour.py

1. The tutorial in about 20 lines: matrices (lists of rows), purenn's
   matrix helpers and the sigmoid, the update written out.
2. The same network as Neuron objects, trained by hand, one sample and one
   neuron at a time.
3. The same network as a Network of two Dense layers, trained by fit().

All three start from the tutorial's weights (purenn.tutorial, seed 1) and
take 1500 steps of gradient descent on the sum of squared errors with
learning rate 1; they print the same forecasts, and the largest difference
between them, which is only rounding (they add the same numbers in a
different order).

Notation as in the guide (docs/guide.md): z is a weighted sum, a = σ(z) its
activation, ŷ the output, and σ'(z) = a (1 − a) the sigmoid's slope written
through its output.  δ = ∂L/∂z in parts 2 and 3; part 1 keeps the
tutorial's sign, −δ (so it adds its step), as its comments say.
"""

import _path  # noqa: E402,F401  (the repository root on sys.path)
from purenn import Neuron, tutorial  # noqa: E402
from purenn.explain import tutorial_network  # noqa: E402
from purenn.matrix import matmul, transpose  # noqa: E402
from purenn.core.activations import get  # noqa: E402

STEPS = 1500
X, Y = tutorial.X, tutorial.Y
start = tutorial.NeuralNetwork(X, Y)          # the tutorial's starting weights

# -- 1. the tutorial in 20 lines -------------------------------------------------
sigmoid = get("sigmoid").forward              # σ on every entry of a matrix
W1 = [row[:] for row in start.weights1]       # 3 × 4: inputs × hidden
W2 = [row[:] for row in start.weights2]       # 4 × 1: hidden × output
for step in range(STEPS):
    layer1 = sigmoid(matmul(X, W1))           # layer1 = σ(x·W1)
    output = sigmoid(matmul(layer1, W2))      # ŷ = σ(layer1·W2)
    # d2 = −δ² = 2 (y − ŷ) ⊙ σ'(z²), σ'(z²) = ŷ (1 − ŷ): the tutorial's sign,
    # minus ∂L/∂z² of L = Σ (ŷ − y)²  (δ² = ∂L/∂z² = 2 (ŷ − y) ⊙ σ'(z²))
    d2 = [[2 * (y[0] - o[0]) * o[0] * (1 - o[0])] for y, o in zip(Y, output)]
    # d1 = −δ¹ = (d2·W2ᵀ) ⊙ σ'(z¹), σ'(z¹) = layer1 (1 − layer1)
    d1 = [[s * a * (1 - a) for s, a in zip(srow, arow)]
          for srow, arow in zip(matmul(d2, transpose(W2)), layer1)]
    dW2 = matmul(transpose(layer1), d2)       # layer1ᵀ·d2 = −∂L/∂W2
    dW1 = matmul(transpose(X), d1)            # xᵀ·d1 = −∂L/∂W1, so the step adds
    W1 = [[w + d for w, d in zip(wr, dr)] for wr, dr in zip(W1, dW1)]
    W2 = [[w + d for w, d in zip(wr, dr)] for wr, dr in zip(W2, dW2)]
way1 = [row[0] for row in sigmoid(matmul(sigmoid(matmul(X, W1)), W2))]

# -- 2. the same with Neuron objects, by hand ----------------------------------
# hidden neuron j reads the 3 inputs with weights W1[i][j]; the output neuron
# reads the 4 hidden activations.  No biases: the tutorial has none.
hidden = [Neuron([start.weights1[i][j] for i in range(3)], activation="sigmoid")
          for j in range(4)]
out = Neuron([start.weights2[j][0] for j in range(4)], activation="sigmoid")
for step in range(STEPS):
    grads_h = [[0.0] * 3 for _ in hidden]
    grad_o = [0.0] * 4
    for x, y in zip(X, Y):
        h = [n.forward(x) for n in hidden]               # a = σ(w·x)
        o = out.forward(h)
        delta_o = 2 * (o - y[0]) * o * (1 - o)           # δ² = ∂L/∂z² = 2 (ŷ − y)·ŷ (1 − ŷ)
        for j, n in enumerate(hidden):
            # δ¹[j] = ∂L/∂z¹[j] = δ²·w²[0][j] · a¹[j] (1 − a¹[j])
            delta_h = delta_o * out.weights[j] * h[j] * (1 - h[j])
            grad_o[j] += delta_o * h[j]                  # ∂L/∂w²[0][j] += δ²·a¹[j]
            for i in range(3):
                grads_h[j][i] += delta_h * x[i]
    for j, n in enumerate(hidden):                       # w ← w − 1·∂L/∂w
        n.weights[:] = [w - g for w, g in zip(n.weights, grads_h[j])]
    out.weights[:] = [w - g for w, g in zip(out.weights, grad_o)]
way2 = [out.forward([n.forward(x) for n in hidden]) for x in X]

# -- 3. the same with Network ---------------------------------------------------
net, XX, YY = tutorial_network()       # Dense(3, 4) and Dense(4, 1), no biases
net.fit(XX, YY, epochs=STEPS, learning_rate=1.0, loss="sse")
way3 = [row[0] for row in net.predict(XX)]

print("forecasts after %d steps" % STEPS)
print("x          fact  matrices  neurons   Network")
for x, y, a, b, c in zip(X, Y, way1, way2, way3):
    print("%-10s %4d  %.6f  %.6f  %.6f" % (x, y[0], a, b, c))
worst = 0.0
for a, b, c in zip(way1, way2, way3):
    worst = max(worst, abs(a - b), abs(a - c), abs(b - c))
print("largest difference between the three: %.1e" % worst)
