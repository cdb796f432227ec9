"""``python -m purenn``: the tutorial table, --help, and clear usage errors."""


def test_no_arguments_prints_the_tutorial_table(cli):
    r = cli()
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "Forecast / Fact"
    facts = [0, 1, 1, 0]
    assert len(lines) == 5
    for line, fact in zip(lines[1:], facts):
        forecast, shown = line.split(" / ")
        assert int(shown) == fact
        assert len(forecast.split(".")[1]) == 3
        assert abs(float(forecast) - fact) < 0.05


def test_help(cli):
    r = cli("--help")
    assert r.returncode == 0 and "usage: python -m purenn" in r.stdout and "--iterations" in r.stdout


def test_options_change_the_cli(cli):
    r = cli("--iterations", "10", "--seed", "3", "--weights")
    assert r.returncode == 0
    assert "weights1[2][3] = " in r.stdout and "weights2[3][0] = " in r.stdout
    assert r.stdout != cli().stdout


def test_bad_options_give_a_clear_message_and_nonzero_exit(cli):
    for args in (["--seed", "x"], ["--iterations"], ["--iterations", "-5"], ["--frobnicate"]):
        r = cli(*args)
        assert r.returncode == 2, args
        assert r.stderr.startswith("purenn: error: ") and "Traceback" not in r.stderr
        assert r.stdout == ""
