"""fit(verbose=1) shows progress and a loss sparkline; verbose=0 prints nothing.
(pytest's capsys: MicroPython cannot swap sys.stdout, so this one is not portable.)"""

from purenn import Network, Dense, datasets


def test_fit_verbose_prints_progress_and_a_sparkline_and_quiet_prints_nothing(capsys):
    X, Y = datasets.xor()
    for verbose in (0, 1):
        Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1).fit(
            X, Y, epochs=40, learning_rate=0.5, verbose=verbose)
        out = capsys.readouterr().out
        if verbose:
            lines = out.split("\n")
            assert lines[0].startswith("epoch 1/40 [") and "epoch 40/40" in out
            assert lines[-2].startswith("loss ") and " -> " in lines[-2]
        else:
            assert out == ""
    Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1).fit(X, Y, epochs=5)
    assert capsys.readouterr().out == ""                 # quiet by default

