"""Hypothesis strategies shared by the test modules."""

from hypothesis import strategies as st

from purenn import Network, Dense
from purenn.core.activations import NAMES

#: Every built-in activation, and leaky ReLU with two other slopes.
ACTIVATIONS = tuple(NAMES) + ("leaky_relu(0.3)", "leaky_relu(1.7)")


@st.composite
def networks(draw, weights, max_width=6):
    """Networks of 1-4 Dense layers with every activation, bias on or off,
    and every weight drawn from ``weights`` (softmax layers get >= 2 outputs)."""
    depth = draw(st.integers(1, 4))
    widths = draw(st.lists(st.integers(1, max_width), min_size=depth + 1, max_size=depth + 1))
    layers = []
    for k in range(depth):
        act = draw(st.sampled_from(ACTIVATIONS))
        if act == "softmax" and widths[k + 1] < 2:
            widths[k + 1] = 2
        layer = Dense(widths[k], widths[k + 1], act, bias=draw(st.booleans()), seed=k)
        layer.weights = [[draw(weights) for _ in range(widths[k])]
                         for _ in range(widths[k + 1])]
        if layer.has_bias:
            layer.biases = [draw(weights) for _ in range(widths[k + 1])]
        layers.append(layer)
    return Network(layers)
