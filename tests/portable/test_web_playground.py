"""The playground's Python (purenn.web.playground) on every interpreter: the
page runs it on MicroPython's WebAssembly port."""

import json
import sys

from checks import raises

from purenn.web import playground as pg


def test_playground_hashes_round_trip():
    for text in ("dataset=moons&hidden=4,2&activation=tanh&rate=0.3&seed=1&train=50",
                 "dataset=spirals&hidden=&activation=relu&rate=1e-3&seed=0&train=0",
                 "dataset=xor&hidden=8,8,8,8,8,8&activation=linear&rate=.5&seed=999999"
                 "&train=10000"):
        s = pg.parse_hash("#" + text)
        assert pg.format_hash(s) == text
        assert pg.parse_hash(pg.format_hash(s)) == s
    s = pg.parse_hash("train=3&dataset=moons")
    assert s["train"] == 3 and s["dataset"] == "moons" and s["hidden"] == [4, 2]


def test_playground_hashes_are_parsed_strictly():
    for text, start in (("rate=fast", "rate: "), ("rate=0", "rate: "), ("rate=1e", "rate: "),
                        ("hidden=9", "hidden: "), ("hidden=4,,2", "hidden: "),
                        ("seed=01", "seed: "), ("train=10001", "train: "),
                        ("dataset=moons&dataset=xor", "dataset: given twice"),
                        ("colour=red", "unknown key 'colour'"), ("moons", "expected key=value")):
        try:
            pg.parse_hash(text)
        except pg.HashError as e:
            assert str(e).startswith(start), (text, str(e))
        else:
            assert False, text
    assert raises(ValueError, pg.parse_hash, "activation=softmax")


def _by_hand(settings, epochs):
    X, Y = pg.data(settings)
    net = pg.network(settings, len(Y[0]))
    loss = "binary_crossentropy" if len(Y[0]) == 1 else "categorical_crossentropy"
    losses = [net.loss(X, Y, loss=loss)]
    for _ in range(epochs):
        net.fit(X, Y, epochs=1, learning_rate=float(settings["rate"]), loss=loss,
                compiled=False)
        losses.append(net.loss(X, Y, loss=loss))
    return losses


def test_playground_session_is_gradient_descent():
    settings = pg.parse_hash("dataset=moons&hidden=3")
    s = pg.Session(settings)
    assert s.compiled
    s.train(2)
    s.train(2)
    assert list(s.losses) == _by_hand(settings, 4)
    assert s.losses[4] < s.losses[0]
    assert s.hash() == "dataset=moons&hidden=3&activation=tanh&rate=0.3&seed=1&train=4"


def test_playground_large_network_trains_where_it_cannot_be_compiled():
    # MicroPython refuses the generated function of this network ("bytecode
    # overflow"): the session trains through the generic layers instead
    settings = pg.parse_hash("dataset=spirals&hidden=8,8,8,8&activation=relu")
    s = pg.Session(settings)
    if sys.implementation.name == "micropython":
        assert not s.compiled and "bytecode overflow" in s.engine_note
    else:
        assert s.compiled and s.engine_note == ""
    s.train(2)
    assert list(s.losses) == _by_hand(settings, 2)


def test_playground_view():
    s = pg.Session(pg.parse_hash("dataset=spirals&hidden=3"))
    s.train(2)
    v = s.view()
    assert v["epoch"] == 2 and v["loss"] == s.losses[2]
    for key in ("boundary", "neurons", "curve"):
        assert v[key].startswith("<svg") and v[key].rstrip().endswith("</svg>"), key
    assert v["neurons"].count('class="tile"') == 2 + 3 + 3
    assert v["explain"].startswith("One step of gradient descent")
    assert v["source"] == s.source and s.source.startswith("def epochs(")
    sent = json.loads(pg.view_json(v))
    assert sent["epoch"] == 2 and "loss" not in sent and sent["boundary"] == v["boundary"]
