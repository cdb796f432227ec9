"""Bad input is refused clearly; divergence stops training with usable weights."""

from purenn import Network, Dense, ShapeError, TrainingDiverged
from checks import raises

X = [[0.5, -1.0], [1.0, 2.0], [-1.5, 0.3], [2.0, 1.0]]
Y = [[0.3], [-0.2], [1.0], [0.5]]


def _net():
    return Network([Dense(2, 4, "linear"), Dense(4, 1, "linear")], seed=3)


def _message(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except ValueError as e:
        return str(e)
    raise AssertionError("no ValueError")


def test_inputs_are_checked_and_named():
    net = _net()
    assert "X[1]: expected 2 numbers, got 3" in _message(net.predict, [[1.0, 2.0], [1.0, 2.0, 3.0]])
    assert "X[0][1]: expected a number, got str" in _message(net.predict, [[1.0, "2"]])
    assert "X[0][0]: expected a number, got NoneType" in _message(net.predict, [[None, 1.0]])
    assert "X[0][1]: expected a number, got list" in _message(net.predict, [[1.0, [2.0]]])
    assert "X[1][0]: expected a finite number" in _message(net.predict, [[1.0, 1.0], [float("inf"), 1.0]])
    assert "X[0][1]: expected a number, got bool" in _message(net.predict, [[1.0, True]])
    assert "X: expected a list of rows, got dict" in _message(net.predict, {"a": 1})
    assert "X[0]: expected a row" in _message(net.predict, [1.0, 2.0])
    assert "Y: expected 4 rows" in _message(net.fit, X, Y[:3])
    assert "Y[2]: expected 1 numbers, got 2" in _message(net.loss, X, [[1.0], [1.0], [1.0, 2.0], [1.0]])
    assert raises(ShapeError, net.predict, [])
    for bad in ({"epochs": 0}, {"epochs": 2.0}, {"epochs": True}, {"batch_size": 0},
                {"learning_rate": -1.0}, {"learning_rate": float("nan")}, {"learning_rate": "0.1"},
                {"l2": -0.1}, {"loss": "nope"}, {"optimizer": 3}):
        assert raises(ValueError, net.fit, X, Y, **bad), bad


def test_targets_are_checked_against_the_loss():
    clf = Network([Dense(2, 3, "tanh"), Dense(3, 3, "softmax")], seed=1)
    cce = "categorical_crossentropy"
    # class labels are accepted and one-hot encoded ...
    assert clf.loss(X, [0, 2, 1, 2], loss=cce) == clf.loss(
        X, [[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, 1]], loss=cce)
    # ... and must be in range
    assert "Y[1]: class label 3 is out of range for 3 outputs" in _message(clf.fit, X, [0, 3, 1, 2], loss=cce)
    assert "Y[0][0]: categorical_crossentropy needs targets in [0, 1]" in _message(
        clf.loss, X, [[-1, 1, 1]] * 4, loss=cce)
    binary = Network([Dense(2, 1, "sigmoid")], seed=1)
    assert "needs targets in [0, 1], got 2.0" in _message(binary.loss, X, [0, 1, 2, 0], loss="binary_crossentropy")
    assert "hinge needs targets -1 or +1" in _message(binary.loss, X, [0, 1, 1, -1], loss="hinge")


def test_target_rows_are_checked_to_the_tolerance_and_the_first_culprit_is_named():
    """Targets in [0, 1], and rows summing to 1 within 1e-9 per value for
    categorical cross-entropy: the first culprit in row order is named."""
    from purenn.core import checks, losses
    cce, bce = losses.get("categorical_crossentropy"), losses.get("binary_crossentropy")
    good = [[0.25, 0.75], [1.0, 0.0], [-0.0, 1.0], [0.5, 0.5]] * 3
    assert checks.as_targets(good, "Y", 12, 2, cce) == good
    tol = 2e-9      # 1e-9 per value, two values
    for ok, row in ((True, [0.5 + 0.5 * tol, 0.5]), (True, [0.5 - 0.5 * tol, 0.5]),
                    (False, [0.5 + 2 * tol, 0.5]), (False, [0.5 - 2 * tol, 0.5])):
        Y = good[:7] + [row] + good[8:]
        try:
            checks.as_targets(Y, "Y", 12, 2, cce)
            got = True
        except ValueError as e:
            got = False
            assert str(e).startswith("Y[7]: categorical_crossentropy needs each target row "
                                     "to sum to 1"), str(e)
        assert got == ok, row
    # the first culprit in row order, whichever check it fails
    Y = good[:3] + [[0.5, 0.6]] + good[4:9] + [[1.5, -0.5]] + good[10:]
    assert "Y[3]: categorical_crossentropy needs each target row to sum to 1" in _message(
        checks.as_targets, Y, "Y", 12, 2, cce)
    Y = good[:3] + [[1.5, -0.5]] + good[4:9] + [[0.5, 0.6]] + good[10:]
    assert "Y[3][0]: categorical_crossentropy needs targets in [0, 1], got 1.5" in _message(
        checks.as_targets, Y, "Y", 12, 2, cce)
    # in [0, 1] only: rows need not sum to 1
    assert checks.as_targets([[1.0, 1.0], [0.0, 0.0]], "Y", 2, 2, bce) == [[1.0, 1.0], [0.0, 0.0]]
    assert "Y[1][1]: binary_crossentropy needs targets in [0, 1], got -0.5" in _message(
        checks.as_targets, [[1.0, 1.0], [0.0, -0.5]], "Y", 2, 2, bce)


def test_inputs_are_never_mutated():
    net = _net()
    x = [[0.5, -1], [1, 2], [-1.5, 0.3], [2, 1]]
    y = [0.3, -0.2, 1, 0.5]
    x0 = [r[:] for r in x]
    y0 = y[:]
    net.predict(x)
    net.loss(x, y)
    net.gradients(x, y)
    net.fit(x, y, epochs=3, batch_size=2, validation_data=(x, y))
    assert x == x0 and y == y0 and type(x[0][1]) is int


def _weights(net):
    return [([r[:] for r in l.weights], l.biases[:]) for l in net.layers]


def _diverging_epoch(compiled):
    """Train one epoch at a time with an absurd learning rate: the weights
    before each epoch, and the epoch (from 1) that raised."""
    net = _net()
    before = []
    for epoch in range(1, 200):
        before.append(_weights(net))
        try:
            net.fit(X, Y, epochs=1, learning_rate=50.0, compiled=compiled)
        except TrainingDiverged:
            return net, before, epoch
    raise AssertionError("did not diverge")


def test_divergence_restores_the_last_finite_weights():
    for compiled in (False, True):
        stepwise, before, failed = _diverging_epoch(compiled)
        # a call whose very first loss is not finite leaves the weights alone
        assert _weights(stepwise) == before[failed - 1]
        net = _net()
        try:
            net.fit(X, Y, epochs=500, learning_rate=50.0, compiled=compiled)
        except TrainingDiverged as e:
            text = str(e)
        else:
            raise AssertionError("no TrainingDiverged")
        assert ("epoch %d" % failed) in text and "learning_rate" in text
        assert "the weights are back to the last ones with a finite loss" in text
        assert "the loss became " in text
        # one long run goes back to the weights that gave the last finite
        # loss: those from before the epoch preceding the failure
        assert _weights(net) == before[failed - 2]
        P = net.predict(X)
        for row in P:
            assert row[0] - row[0] == 0.0        # finite
        assert isinstance(TrainingDiverged("x"), RuntimeError)


def test_mini_batch_divergence_names_the_batch():
    net = _net()
    try:
        net.fit(X, Y, epochs=500, learning_rate=30.0, batch_size=2, seed=1)
    except TrainingDiverged as e:
        assert ", batch " in str(e)
    else:
        raise AssertionError("no TrainingDiverged")
    for row in net.predict(X):
        assert row[0] - row[0] == 0.0


def test_divergence_names_the_first_batch_whose_loss_is_not_finite():
    # replay the run by hand up to the reported epoch: batch k is the first
    # whose loss, on the weights the steps before it left, is not finite
    from purenn.core.rng import Rng
    from purenn.core.losses import get
    loss = get("mse")
    XX = X * 3                                    # 12 rows: 6 batches of 2
    YY = Y * 3
    for compiled in (False, True):
        net = _net()
        try:
            net.fit(XX, YY, epochs=500, learning_rate=4.0, batch_size=2, seed=1,
                    compiled=compiled)
        except TrainingDiverged as e:
            failed = e
        else:
            raise AssertionError("no TrainingDiverged")
        assert failed.epoch >= 1 and 1 <= failed.batch <= 6
        if failed.epoch > 1:
            again = _net()
            again.fit(XX, YY, epochs=failed.epoch - 1, learning_rate=4.0, batch_size=2, seed=1,
                      compiled=compiled)
        else:
            again = _net()
        gen = Rng(1)
        for _ in range(failed.epoch - 1):
            gen.permutation(12)
        order = gen.permutation(12)
        first_bad = None
        for b in range(6):
            idx = order[2 * b:2 * b + 2]
            Xb = [XX[i] for i in idx]
            Yb = [YY[i] for i in idx]
            cache = again.forward(Xb)
            value = again.objective(loss, cache[-1][1], cache[-1][2], Yb)
            if not (value - value == 0.0):
                first_bad = b + 1
                break
            grads = again.gradient_rows(again.backward(cache, loss, Yb))
            for row, g in zip(again.parameters(), grads):
                row[:] = [w - 4.0 * gi for w, gi in zip(row, g)]
        assert first_bad == failed.batch, (compiled, first_bad, failed.batch)
        # and the weights put back are those the last finite batch started from
        for row in net.parameters():
            for w in row:
                assert w - w == 0.0


def test_the_message_says_whether_the_weights_moved():
    # a loss that is not finite from the first batch of the first epoch: the
    # weights were never changed; later, they are put back
    net = _net()
    try:
        net.fit([[1e200, 1e200]], [[0.0]], epochs=3)
    except TrainingDiverged as e:
        assert "the weights are unchanged (their loss was not finite to begin with)" in str(e)
        assert e.epoch == 1 and e.batch is None and e.loss - e.loss != 0.0
    else:
        raise AssertionError("no TrainingDiverged")
    seen = []
    for seed in range(1, 9):            # the huge row comes first in some orders, not others
        net = _net()
        X2 = [[0.5, -1.0], [1e200, 1e200], [0.1, 0.2]]
        try:
            net.fit(X2, [[0.0], [0.0], [0.0]], epochs=3, batch_size=1, seed=seed)
        except TrainingDiverged as e:
            text = str(e)
            assert e.epoch == 1 and e.batch is not None
            seen.append(e.batch)
            if e.batch == 1:
                assert "unchanged" in text
            else:
                assert "back to the last ones" in text
        else:
            raise AssertionError("no TrainingDiverged")
    assert 1 in seen and [b for b in seen if b > 1]


class _Countdown(list):
    def __getitem__(self, i):
        self.k -= 1
        return self.k <= 0


def test_a_stop_right_after_an_overflowing_step_still_leaves_finite_weights():
    # the first step overflows the weights and training is asked to stop right
    # after it (the flag's second reading): the weights are checked all the same
    for compiled in (False, True):
        net = _net()
        before = _weights(net)
        stop = _Countdown([False])
        stop.k = 2
        try:
            net.fit(X, [[30.0], [-20.0], [100.0], [50.0]], epochs=3, learning_rate=1e307,
                    batch_size=2, seed=1, stop=stop, compiled=compiled)
        except TrainingDiverged as e:
            assert "the weights stopped being finite" in str(e)
        else:
            raise AssertionError("no TrainingDiverged")
        assert _weights(net) == before



def test_a_step_to_a_weight_that_is_not_finite_is_caught_at_once():
    """ReLU turns a NaN into 0, so a weight that a step sends to -inf can leave
    the next losses finite: every step is checked, and the weights put back
    are those before it (finite), not a later copy holding the -inf."""
    from purenn.core.rng import Rng
    seed = [s for s in range(1, 50) if Rng(s).permutation(4)[0] == 0][0]
    for compiled in (False, True):
        net = Network([Dense(2, 3, "relu"), Dense(3, 2, "softmax")], seed=1)
        net.layers[0].weights[:] = [[1e-300, 0.5], [2e-300, -0.3], [1e-300, 0.2]]
        before = _weights(net)
        X2 = [[1e300, 1.0], [0.0, 1.0], [0.0, 1.0], [0.0, 1.0]]
        Y2 = [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]
        try:
            net.fit(X2, Y2, epochs=3, batch_size=1, learning_rate=1e10, seed=seed,
                    loss="categorical_crossentropy", compiled=compiled)
        except TrainingDiverged as e:
            assert "the weights stopped being finite after epoch 1, batch 1" in str(e), str(e)
            assert (e.epoch, e.batch) == (1, 1)
        else:
            raise AssertionError("no TrainingDiverged")
        assert _weights(net) == before, compiled


def test_training_starts_from_finite_weights_only():
    for bad in (float("inf"), float("nan")):
        net = _net()
        net.layers[0].weights[0][1] = bad
        assert raises(ValueError, net.fit, X, [[0.0], [1.0], [1.0], [0.0]], epochs=1)


def test_rows_of_floats_are_checked_not_copied():
    from purenn.core.rows import as_matrix
    floats = [[0.5, -1.0, 2.0], [0.0, 1.0, 3.5]]
    out = as_matrix(floats, "X")
    assert out[0] is floats[0] and out[1] is floats[1]          # kept as they are
    mixed = [[1, 2.0, 3], (0.5, 1.0, 2.0)]
    out = as_matrix(mixed, "X")
    assert out == [[1.0, 2.0, 3.0], [0.5, 1.0, 2.0]]
    assert out[0] is not mixed[0] and type(out[1]) is list       # converted
    wide = [[0.25] * 20, [1] * 20]
    out = as_matrix(wide, "X")
    assert out[0] is wide[0] and out[1] is not wide[1] and out[1] == [1.0] * 20


def test_a_matrix_checked_all_at_once_still_names_each_bad_entry():
    """Wide rows of floats are checked in a few passes over the whole matrix
    (PyPy: one loop); any entry they cannot pass sends the check row by row,
    which names it, converts what is a number, and copies nothing else."""
    from purenn.core.rows import as_matrix
    for where in ((0, 0), (1, 7), (2, 19)):
        for bad, message in ((float("nan"), "a finite number"), (float("inf"), "a finite number"),
                             (-float("inf"), "a finite number"), ("1", "a number"),
                             (None, "a number")):
            data = [[0.5] * 20 for _ in range(3)]
            data[where[0]][where[1]] = bad
            try:
                as_matrix(data, "X")
            except ValueError as e:
                assert str(e).startswith("X[%d][%d]: expected %s" % (where + (message,))), str(e)
            else:
                raise AssertionError("accepted %r" % (bad,))
    data = [[0.5] * 20 for _ in range(3)]
    data[1][3] = 2                  # an int among floats: that row converted, the others kept
    out = as_matrix(data, "X", 20)
    assert out[0] is data[0] and out[2] is data[2] and out[1] is not data[1]
    assert out[1][3] == 2.0 and type(out[1][3]) is float
    big = [[1e308] * 20, [1e308] * 20]      # every entry finite, their sum is not
    out = as_matrix(big, "X")
    assert out == big and all(type(v) is float for row in out for v in row)
    assert raises(ValueError, as_matrix, [[0.5] * 20, [0.5] * 19], "X")
    assert raises(ValueError, as_matrix, [[0.5] * 20, [0.5] * 20], "X", 21)
