"""train's toolkit through fit: early stopping, checkpoints and resuming,
the loss, and a clean stop on Ctrl-C or SIGTERM (real processes, real signals)."""

import os
import signal
import subprocess
import sys

import pytest

import purenn

from conftest import PENGUINS, ROOT, run_command as run


def test_early_stopping_is_on_by_default_and_off_with_patience_0(tmp_path):
    model = str(tmp_path / "m.json")
    assert run("train", PENGUINS, "--target", "species", "--epochs", "2000",
               "--out", model)[0] == 0
    md = purenn.load(model).metadata
    assert md["training"]["patience"] == 20
    assert md["training"]["best_epoch"] + 20 == md["epochs_trained"] < 2000
    assert run("train", PENGUINS, "--target", "species", "--epochs", "30", "--patience", "0",
               "--out", model)[0] == 0
    md = purenn.load(model).metadata
    assert md["epochs_trained"] == 30 and "best_epoch" not in md["training"]
    status, _, err = run("train", PENGUINS, "--target", "species", "--validation", "0",
                         "--patience", "5")
    assert status == 2 and "--patience needs validation rows" in err


def test_patience_stops_early_and_keeps_the_best_weights(tmp_path):
    model = str(tmp_path / "m.json")
    status, out, err = run("train", PENGUINS, "--target", "species", "--epochs", "2000",
                           "--patience", "5", "--out", model)
    assert status == 0, err
    tr = purenn.load(model).metadata
    ran = tr["epochs_trained"]
    best = tr["training"]["best_epoch"]
    assert ran < 2000 and best + 5 == ran
    assert tr["training"]["patience"] == 5
    # the weights kept are those of the best epoch: a run that stops there has them
    other = str(tmp_path / "o.json")
    assert run("train", PENGUINS, "--target", "species", "--epochs", str(best),
               "--patience", "0", "--out", other)[0] == 0
    assert purenn.load(model).parameters() == purenn.load(other).parameters()


def test_a_resumed_run_continues_exactly(tmp_path):
    # full-batch SGD has no state beyond the weights: 10 epochs, then 10 more
    # from the checkpoint, give the weights of 20 epochs in one run
    common = ["train", PENGUINS, "--target", "species", "--batch-size", "0", "--patience", "0"]
    ck, resumed, straight = (str(tmp_path / n) for n in ("ck.json", "r.json", "s.json"))
    assert run(*(common + ["--epochs", "10", "--checkpoint", ck, "--out", ck]))[0] == 0
    assert purenn.load(ck).metadata["epochs_trained"] == 10
    status, out, err = run(*(common + ["--epochs", "20", "--resume", ck, "--out", resumed]))
    assert status == 0, err
    assert "resuming %s at epoch 11" % ck in out
    assert run(*(common + ["--epochs", "20", "--out", straight]))[0] == 0
    a, b = purenn.load(resumed), purenn.load(straight)
    assert a.parameters() == b.parameters()
    assert a.metadata["epochs_trained"] == 20
    # another file, or nothing left to do, is refused
    status, _, err = run(*(common + ["--epochs", "10", "--resume", ck, "--out", resumed]))
    assert status == 2 and "trained for 10 epochs already" in err
    status, _, err = run("train", PENGUINS, "--target", "island", "--resume", ck)
    assert status == 1 and "trained on other data or settings" in err


def test_the_loss_can_be_chosen_where_it_fits(tmp_path):
    model = str(tmp_path / "m.json")
    status, out, err = run("train", PENGUINS, "--target", "species", "--epochs", "3",
                           "--loss", "mse", "--out", model)
    assert status == 0 and "loss mse" in out, err
    assert purenn.load(model).metadata["training"]["loss"] == "mse"
    status, _, err = run("train", PENGUINS, "--target", "species", "--loss", "hinge")
    assert status == 2 and "--loss: for classification, expected one of" in err


def start(tmp_path, *extra):
    """A real train process, once its first epoch is done."""
    model = str(tmp_path / "m.json")
    p = subprocess.Popen([sys.executable, "-m", "purenn", "train", PENGUINS, "--target",
                          "species", "--epochs", "1000000", "--progress", "1", "--patience", "0",
                          "--out", model] + list(extra),
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True)
    for line in p.stdout:
        if line.startswith("epoch"):
            break
    return p, model


@pytest.mark.parametrize("sig, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_training_after_the_batch_and_saves(tmp_path, sig, status):
    p, model = start(tmp_path)
    p.send_signal(sig)
    out, err = p.communicate(timeout=120)
    assert p.returncode == status, err
    assert err.startswith("purenn: interrupted: training stops after this batch")
    assert "Traceback" not in err and err.count("\n") == 1
    last = out.strip().splitlines()[-1]
    assert last.startswith("interrupted ") and last.endswith(": saved " + model)
    if last.startswith("interrupted in epoch "):     # within an epoch: after a batch
        assert ", after batch " in last
        done = int(last.split()[3]) - 1
    else:                                            # between two epochs
        done = int(last.split()[3])
    assert purenn.load(model).metadata["epochs_trained"] == done


def test_a_long_epoch_is_cut_short_after_the_batch_under_way(tmp_path):
    # an epoch of 275 batches of one row through 3000 hidden units takes
    # seconds: the signal lands within one, and it ends after that batch
    p, model = start(tmp_path, "--hidden", "3000", "--batch-size", "1")
    import time
    time.sleep(0.3)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=300)
    assert p.returncode == 130, err
    last = out.strip().splitlines()[-1]
    words = last.split()
    assert words[:3] == ["interrupted", "in", "epoch"] and words[5:8] == ["1000000,", "after",
                                                                         "batch"], last
    epoch, batch = int(words[3]), int(words[8].rstrip(":"))
    assert epoch >= 2 and 1 <= batch < 275
    assert purenn.load(model).metadata["epochs_trained"] == epoch - 1


def test_a_second_ctrl_c_stops_at_once_and_saves_nothing(tmp_path):
    model = tmp_path / "m.json"
    model.write_text("the old model")
    # big hidden layers: an epoch takes long enough for both signals to land in it
    p, _ = start(tmp_path, "--hidden", "3000", "--batch-size", "0")
    p.send_signal(signal.SIGINT)
    first = p.stderr.readline()             # the first has been seen: now the second
    assert first.startswith("purenn: interrupted: training stops after this batch")
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 130, err
    assert err == "purenn: interrupted\n"
    assert model.read_text() == "the old model"
    assert sorted(os.listdir(str(tmp_path))) == ["m.json"]
