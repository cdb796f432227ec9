"""Optimizers, fit options, classification helpers and data sets."""

from purenn import Network, Dense, datasets
from purenn.data import one_hot, argmax, accuracy, classes, train_test_split
from purenn.core.optimizers import SGD, Adam
from checks import close, raises

# y = 2·x0 − 3·x1 + 0.5 exactly: linear regression has the unique minimum
# W = [[2, −3]], b = [0.5] with zero loss.
LX = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.5, -1.0], [-1.0, 0.25], [2.0, 0.5]]
LY = [[2.0 * a - 3.0 * b + 0.5] for a, b in LX]


def _linear(optimizer, epochs, batch_size=None):
    net = Network([Dense(2, 1, "linear")], seed=1)
    net.fit(LX, LY, epochs=epochs, loss="mse", optimizer=optimizer, batch_size=batch_size, seed=3)
    return net.layers[0].weights[0], net.layers[0].biases[0]


def test_each_optimizer_finds_the_least_squares_solution():
    for opt, epochs in ((SGD(0.1), 2000), (SGD(0.05, momentum=0.9), 600),
                        (SGD(0.05, momentum=0.9, nesterov=True), 600), (Adam(0.05), 1500)):
        (w0, w1), b = _linear(opt, epochs)
        assert close(w0, 2.0, abs_=1e-4) and close(w1, -3.0, abs_=1e-4) and close(b, 0.5, abs_=1e-4), \
            (opt, w0, w1, b)


def test_optimizers_by_name_and_mini_batches():
    (w0, w1), b = _linear("adam", 1000, batch_size=2)
    assert close(w0, 2.0, abs_=1e-6) and close(w1, -3.0, abs_=1e-6) and close(b, 0.5, abs_=1e-6)


def test_bad_optimizer_settings():
    assert raises(ValueError, SGD, 0.0)
    assert raises(ValueError, SGD, 0.1, momentum=1.0)
    assert raises(ValueError, SGD, 0.1, nesterov=True)
    assert raises(ValueError, Adam, 0.1, beta1=1.5)
    net = Network([Dense(2, 1, "linear")], seed=1)
    assert raises(ValueError, net.fit, LX, LY, optimizer="rmsprop")


def test_validation_metrics_and_history():
    X, Y = datasets.xor()
    net = Network([Dense(2, 8, "tanh"), Dense(8, 1, "sigmoid")], seed=2)
    h = net.fit(X, Y, epochs=200, learning_rate=0.05, optimizer="adam", loss="binary_crossentropy",
                validation_data=(X, Y), metrics=["accuracy"])
    for key in ("loss", "val_loss", "accuracy", "val_accuracy"):
        assert len(h[key]) == 200, key
    assert h["accuracy"][-1] == 1.0 and h["val_accuracy"][-1] == 1.0
    assert close(h["val_loss"][-1], net.loss(X, Y, loss="binary_crossentropy"))
    assert net.predict_classes(X) == [0, 1, 1, 0]


def test_the_validation_loss_is_the_objective_l2_included():
    X, Y = datasets.xor()
    for compiled in (False, True):
        net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=2)
        h = net.fit(X, Y, epochs=3, learning_rate=0.5, l2=0.01, validation_data=(X, Y),
                    compiled=compiled)
        assert h["val_loss"][-1] == net.loss(X, Y, l2=0.01)
        assert h["val_loss"][-1] > net.loss(X, Y)


def test_one_batch_of_every_row_is_the_full_batch():
    # batch_size >= the number of rows: one full batch in row order, no shuffling
    X, Y = datasets.xor()
    runs = []
    for batch_size in (None, 4, 9):
        net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=2)
        h = net.fit(X, Y, epochs=5, learning_rate=0.5, batch_size=batch_size, seed=7)
        runs.append((h["loss"], net.parameters()))
    assert runs[0] == runs[1] == runs[2]


def test_a_diverging_validation_loss_says_its_epoch():
    from purenn import TrainingDiverged
    X, Y = [[0.5, 1.0], [1.0, -1.0]], [[0.2], [0.7]]
    net = Network([Dense(2, 1, "linear")], seed=1)
    try:
        net.fit(X, Y, epochs=3, learning_rate=0.01, validation_data=([[1e200, 1e200]], [[0.0]]))
    except TrainingDiverged as e:
        assert e.epoch == 1 and e.batch is None and e.loss - e.loss != 0.0
        assert "the validation loss stopped being finite after epoch 1" in str(e)
    else:
        raise AssertionError("no TrainingDiverged")


def test_early_stopping_restores_the_best_weights():
    # Train on a few noisy points, validate on others: the validation loss
    # bottoms out, and the weights kept must be those of its minimum.
    X, Y = datasets.sine(12, noise=0.3, seed=4)
    Xv, Yv = datasets.sine(30, noise=0.0, seed=5)
    net = Network([Dense(1, 24, "tanh"), Dense(24, 1, "linear")], seed=1)
    h = net.fit(X, Y, epochs=3000, learning_rate=0.02, optimizer="adam", loss="mse",
                validation_data=(Xv, Yv), patience=50)
    best = h["best_epoch"]
    assert len(h["val_loss"]) < 3000                     # it stopped early
    assert len(h["val_loss"]) == best + 50
    assert h["val_loss"][best - 1] == min(h["val_loss"])
    assert close(net.loss(Xv, Yv, loss="mse"), h["val_loss"][best - 1], rel=1e-12)
    assert raises(ValueError, net.fit, X, Y, patience=3)  # needs validation_data


def test_only_a_strictly_better_validation_loss_is_a_new_best():
    # a learning rate so small that the weights barely move (only the zero
    # biases, by 1e-300): every epoch has the same validation loss, so the
    # best stays the first and training stops after patience more epochs
    X, Y = [[0.5, 1.0], [1.0, -1.0]], [[0.2], [0.7]]
    net = Network([Dense(2, 1, "linear")], seed=1)
    h = net.fit(X, Y, epochs=10, learning_rate=1e-300, validation_data=(X, Y), patience=2)
    assert h["val_loss"][0] == h["val_loss"][1] == h["val_loss"][2]
    assert h["best_epoch"] == 1 and len(h["loss"]) == 3


class _Countdown(list):
    """A stop flag that turns true at its k-th reading (``_countdown(k)``)."""

    def __getitem__(self, i):
        self.k -= 1
        return self.k <= 0


def _countdown(k):
    flag = _Countdown([False])
    flag.k = k
    return flag


def test_stop_ends_training_after_the_batch_under_way():
    X, Y = datasets.xor()

    def net():
        return Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)

    def fit(n, compiled, **options):
        return n.fit(X, Y, epochs=50, learning_rate=0.5, batch_size=2, seed=3,
                     compiled=compiled, callbacks=[lambda epoch, logs: False], **options)
    generic = None
    for compiled in (False, True):
        # set by a callback after epoch 4: training ends there
        stop = [False]

        def after(epoch, logs):
            stop[0] = epoch == 4
        a = net()
        h = a.fit(X, Y, epochs=50, learning_rate=0.5, batch_size=2, seed=3, compiled=compiled,
                  stop=stop, callbacks=[after])
        assert len(h["loss"]) == 4 and h["stopped"] == [4, 2]
        b = net()
        b.fit(X, Y, epochs=4, learning_rate=0.5, batch_size=2, seed=3, compiled=compiled)
        assert a.parameters() == b.parameters()
        # read before epoch 1, after its 2 batches, at its end, before epoch 2,
        # after epoch 2's first batch (the 6th reading): the end
        c = net()
        h = fit(c, compiled, stop=_countdown(6))
        assert len(h["loss"]) == 1 and h["stopped"] == [2, 1]
        if compiled:
            assert c.parameters() == generic
        generic = c.parameters()
    # between one epoch and two
    e1, e2 = net(), net()
    e1.fit(X, Y, epochs=1, learning_rate=0.5, batch_size=2, seed=3)
    e2.fit(X, Y, epochs=2, learning_rate=0.5, batch_size=2, seed=3)
    assert generic != e1.parameters() and generic != e2.parameters()
    # already set: nothing at all
    d = net()
    h = d.fit(X, Y, epochs=9, learning_rate=0.1, stop=[True])
    assert h["loss"] == [] and h["stopped"] == [0, 0] and d.parameters() == net().parameters()
    assert raises(ValueError, d.fit, X, Y, stop=True)
    assert raises(ValueError, d.fit, X, Y, stop=[])


def test_callbacks_see_each_epoch_and_can_stop():
    X, Y = datasets.xor()
    seen = []

    def cb(epoch, logs):
        seen.append((epoch, logs["loss"]))
        return epoch == 5
    h = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1).fit(
        X, Y, epochs=50, learning_rate=0.1, callbacks=[cb])
    assert [e for e, _ in seen] == [1, 2, 3, 4, 5] and len(h["loss"]) == 5
    assert [l for _, l in seen] == h["loss"]


def test_classification_helpers():
    assert one_hot([2, 0], 3) == [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    assert raises(ValueError, one_hot, [3], 3)
    assert argmax([[0.1, 0.5, 0.4], [0.3, 0.3, 0.1]]) == [1, 0]
    assert classes([[0.7], [0.2]]) == [1, 0]
    assert classes([[0.7], [-0.2]], [[1.0], [-1.0]]) == [1, -1]
    assert accuracy([[1.0], [0.0], [1.0], [0.0]], [[0.9], [0.1], [0.4], [0.6]]) == 0.5
    assert accuracy([[0.0, 1.0], [1.0, 0.0]], [[0.2, 0.8], [0.9, 0.1]]) == 1.0
    X = [[float(i)] for i in range(10)]
    Y = [[float(i % 2)] for i in range(10)]
    a = train_test_split(X, Y, 0.3, seed=1)
    assert a == train_test_split(X, Y, 0.3, seed=1)
    assert len(a[0]) == 7 and len(a[1]) == 3
    assert sorted(a[0] + a[1]) == X
    for x, y in zip(a[0] + a[1], a[2] + a[3]):
        assert y[0] == x[0] % 2


def test_datasets_are_seeded_and_shaped():
    assert datasets.moons(50, seed=3) == datasets.moons(50, seed=3)
    assert datasets.moons(50, seed=3) != datasets.moons(50, seed=4)
    X, Y = datasets.circles(40, seed=1)
    assert len(X) == 40 and sum([y[0] for y in Y]) == 20.0
    X, Y = datasets.spirals(10, classes=4)
    assert len(X) == 40 and len(Y[0]) == 4
    X, Y = datasets.sine(20)
    assert len(X) == 20 and -3.2 < X[0][0] < 3.2
    assert datasets.tutorial()[1] == [[0.0], [1.0], [1.0], [0.0]]


def test_digits_loads_in_parts():
    X, Y = datasets.digits(0, 5)
    assert len(X) == 5 and len(X[0]) == 64 and len(Y[0]) == 10
    assert argmax(Y) == [0, 1, 2, 3, 4]            # the set starts 0, 1, 2, ...
    assert X[0][:8] == [0.0, 0.0, 0.3125, 0.8125, 0.5625, 0.0625, 0.0, 0.0]
    X2, _ = datasets.digits(3, 4, scale=False)
    assert X2[0] == [16.0 * v for v in X[3]]


class _Stream:
    def __init__(self, tty):
        self.tty = tty
        self.text = ""

    def isatty(self):
        return self.tty

    def write(self, s):
        self.text += s


def test_progress_redraws_one_line_on_a_terminal_and_prints_lines_otherwise():
    from purenn.core.progress import Progress
    for tty in (True, False):
        stream = _Stream(tty)
        p = Progress(100, stream)
        for epoch in range(1, 101):
            p.update(epoch, {"loss": 1.0 / epoch, "val_loss": 2.0 / epoch})
        p.close()
        out = stream.text
        assert "epoch 100/100 [####################]" in out and "loss 0.01" in out
        assert out.index("loss") < out.index("val_loss")
        if tty:
            assert out.count("\n") == 1 and out.endswith("\n") and out.count("\r") >= 2
        else:
            lines = out.split("\n")[:-1]
            assert "\r" not in out and 2 <= len(lines) <= 22
            assert lines[0].startswith("epoch 1/100 ") and "eta" in lines[0]
            assert lines[-1].startswith("epoch 100/100 ")



def test_classes_and_accuracy_at_their_thresholds():
    # a sigmoid output of exactly 0.5 is class 1; a signed (hinge) output of exactly 0 is −1
    assert classes([[0.5], [0.4999999]]) == [1, 0]
    assert classes([[0.0], [1e-9], [-1e-9]], [[1.0], [-1.0], [1.0]]) == [-1, 1, -1]
    assert accuracy([[1.0], [-1.0], [1.0], [-1.0]], [[0.2], [-0.3], [0.0], [0.0]]) == 0.75
    assert accuracy([[1.0], [0.0]], [[0.5], [0.5]]) == 0.5
    # signed targets: +1 is class 1 and −1 class −1, whichever the predictions
    assert accuracy([[1.0], [1.0], [-1.0]], [[0.3], [0.2], [-0.1]]) == 1.0
    assert accuracy([[1.0], [-1.0]], [[-0.5], [0.5]]) == 0.0
    assert accuracy([[1.0], [0.0], [1.0]], [[0.9], [0.1], [0.2]]) == 2 / 3
    assert accuracy([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]], [[0.1, 0.2, 0.7], [0.5, 0.5, 0.0]]) == 0.5
    assert argmax([[0.3, 0.3, 0.1], [0.1, 0.2, 0.2]]) == [0, 1]      # the first of a tie
    assert raises(ValueError, accuracy, [[1.0]], [[1.0], [0.0]])
    assert raises(ValueError, accuracy, [], [])
    assert raises(ValueError, accuracy, [[1.0, 0.0]], [[1.0]])


def test_fit_defaults_are_the_documented_ones():
    # Network.fit(X, Y) alone: 1 epoch of full-batch SGD at 0.01 on the MSE
    X, Y = LX, LY
    a = Network([Dense(2, 1, "linear")], seed=1)
    h = a.fit(X, Y)
    b = Network([Dense(2, 1, "linear")], seed=1)
    b.fit(X, Y, epochs=1, learning_rate=0.01, loss="mse", optimizer=SGD(0.01), l2=0.0,
          compiled=False)
    assert len(h["loss"]) == 1 and a.layers[0].weights == b.layers[0].weights
    assert close(h["loss"][0], Network([Dense(2, 1, "linear")], seed=1).loss(X, Y))


def test_the_history_holds_every_epoch_or_only_the_last():
    X, Y = datasets.xor()
    seen = []

    def note(epoch, logs):
        seen.append((logs["loss"], logs["val_loss"], logs["accuracy"]))

    runs = []
    for history in ("all", "last"):
        net = Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], seed=5)
        before = net.loss(X, Y, loss="binary_crossentropy")
        h = net.fit(X, Y, epochs=300, learning_rate=0.3, loss="binary_crossentropy",
                    validation_data=(X, Y), metrics=["accuracy"], callbacks=[note],
                    history=history)
        runs.append((net, h))
    (a, full), (b, last) = runs
    assert a.layers[0].weights == b.layers[0].weights and a.layers[1].biases == b.layers[1].biases
    assert type(full["loss"]) is list and len(full["loss"]) == 300   # (it grew past 8, 16, ... 256)
    assert full["loss"][0] == before        # full batch: epoch 1's loss is the loss before it
    assert [(l, v, c) for l, v, c in zip(full["loss"], full["val_loss"], full["accuracy"])] \
        == seen[:300]
    for key in ("loss", "val_loss", "accuracy", "val_accuracy"):
        assert last[key] == [full[key][-1]], key
    net = Network([Dense(2, 1, "sigmoid")], seed=1)
    for bad in ("none", None, 1, "ALL"):
        assert raises(ValueError, net.fit, X, Y, history=bad)


def test_both_ways_of_keeping_the_history_agree():
    """Series appends through array.append where arrays grow in proportion
    (CPython, PyPy) and doubles its room itself elsewhere (MicroPython):
    each way, on this interpreter, keeps the same values."""
    from purenn.core import history
    X, Y = datasets.xor()
    before = history.GROWS_IN_PROPORTION
    seen = []
    try:
        for grows in (True, False):
            history.GROWS_IN_PROPORTION = grows
            s, last = history.Series(True), history.Series(False)
            assert s.to_list() == [] and last.to_list() == []
            for i in range(300):
                s.append(i * 0.5)
                last.append(i * 0.5)
                assert s.last() == last.last() == i * 0.5
            assert s.to_list() == [i * 0.5 for i in range(300)] and last.to_list() == [149.5]
            assert s.size() == last.size() == 300
            net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=2)
            seen.append((net.fit(X, Y, epochs=40, learning_rate=0.5, loss="mse"),
                         net.fit(X, Y, epochs=20, learning_rate=0.5, loss="mse", history="last"),
                         net.parameters()))
    finally:
        history.GROWS_IN_PROPORTION = before
    assert seen[0] == seen[1] and len(seen[0][0]["loss"]) == 40 and len(seen[0][1]["loss"]) == 1
