"""Checkpoints: a training run killed at any moment leaves a complete,
loadable model that training can resume from."""

import os
import signal
import subprocess
import sys
import time

import purenn
from purenn import Network, Dense, datasets

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TRAINER = """
import sys
sys.path.insert(0, %r)
from purenn import Network, Dense, datasets
X, Y = datasets.spirals(60, classes=3, seed=0)
net = Network([Dense(2, 32, "tanh"), Dense(32, 3, "softmax")], seed=1)
net.fit(X, Y, epochs=100000, learning_rate=0.05, loss="categorical_crossentropy",
        checkpoint=sys.argv[1], checkpoint_every=1)
"""


def _epochs_in(path):
    """``epochs_trained`` of the checkpoint, or None while there is none yet.
    Loading must never fail: the file is always complete."""
    if not os.path.exists(path):
        return None
    return purenn.load(path).metadata["epochs_trained"]


def test_killed_run_leaves_a_loadable_checkpoint(tmp_path):
    path = str(tmp_path / "model.json")
    script = tmp_path / "train.py"
    script.write_text(TRAINER % ROOT)
    seen = set()
    for kill in range(3):
        proc = subprocess.Popen([sys.executable, str(script), path])
        try:
            # read the file while it is being rewritten, until this run has
            # saved a few more epochs (no fixed timing: slow machines just wait)
            start = _epochs_in(path) or 0
            polls = 0
            while polls < 200000:
                epochs = _epochs_in(path)
                if epochs is not None:
                    seen.add(epochs)
                    if epochs >= start + 3 and polls >= 20:
                        break
                assert proc.poll() is None, "the training process ended early"
                polls += 1
                time.sleep(0.001)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        net = purenn.load(path)
        assert net.metadata["epochs_trained"] >= 1
        assert len(net.predict([[0.1, 0.2]])[0]) == 3
    assert len(seen) >= 3                         # read mid-run, at different epochs
    leftovers = [f for f in os.listdir(str(tmp_path)) if ".tmp-" in f]
    assert len(leftovers) <= 1                    # at most the one being written when killed


def test_resume_continues_where_the_checkpoint_left_off(tmp_path):
    path = str(tmp_path / "model.json")
    X, Y = datasets.xor()
    straight = Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], seed=2)
    straight.fit(X, Y, epochs=40, learning_rate=0.5)
    first = Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], seed=2)
    first.fit(X, Y, epochs=25, learning_rate=0.5, checkpoint=path, checkpoint_every=10)
    resumed = purenn.load(path)
    assert resumed.metadata["epochs_trained"] == 25
    resumed.fit(X, Y, epochs=15, learning_rate=0.5, checkpoint=path)
    assert purenn.load(path).metadata["epochs_trained"] == 40
    assert resumed.predict(X) == straight.predict(X)     # full-batch SGD has no other state


def test_checkpoints_are_written_on_their_schedule(tmp_path, monkeypatch):
    # by default when CHECKPOINT_SECONDS have passed since the last save, and
    # at the end; with checkpoint_every=k after every k-th epoch and the last
    # (and when a callback stops the run)
    from purenn.core import watch
    path = str(tmp_path / "model.json")
    X, Y = datasets.xor()

    def saved_at(every=None, stop_at=None, epochs=7):
        seen = []

        def look(epoch, logs):
            seen.append(purenn.load(path).metadata.get("epochs_trained")
                        if os.path.exists(path) else None)
            return epoch == stop_at
        if os.path.exists(path):
            os.remove(path)
        net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=2)
        options = {} if every is None else {"checkpoint_every": every}
        net.fit(X, Y, epochs=epochs, learning_rate=0.5, checkpoint=path, callbacks=[look],
                **options)
        return seen, purenn.load(path).metadata["epochs_trained"]
    # the callback runs before the save of its own epoch: it sees the one before
    assert saved_at() == ([None] * 7, 7)                # a short run: saved at the end
    monkeypatch.setattr(watch, "CHECKPOINT_SECONDS", 0.0)
    assert saved_at() == ([None, 1, 2, 3, 4, 5, 6], 7)  # every time it is due
    monkeypatch.setattr(watch, "CHECKPOINT_SECONDS", 60.0)
    assert saved_at(every=3) == ([None, None, None, 3, 3, 3, 6], 7)
    assert saved_at(every=3, stop_at=5) == ([None, None, None, 3, 3], 5)


def test_a_checkpoint_may_be_a_bare_file_name(tmp_path, monkeypatch):
    monkeypatch.chdir(str(tmp_path))
    X, Y = datasets.xor()
    Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=2).fit(
        X, Y, epochs=2, checkpoint="model.json")
    assert purenn.load(str(tmp_path / "model.json")).metadata["epochs_trained"] == 2



def test_only_the_last_checkpoint_is_flushed_to_the_disk(tmp_path, monkeypatch):
    """fsync costs milliseconds (more than a small network's epoch): the saves
    during training skip it, the final one does not."""
    path = str(tmp_path / "model.json")
    synced = []
    real = os.fsync

    def fsync(fd):
        synced.append(fd)
        real(fd)
    monkeypatch.setattr(os, "fsync", fsync)
    X, Y = datasets.xor()
    net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=2)
    net.fit(X, Y, epochs=6, learning_rate=0.5, checkpoint=path, checkpoint_every=1)
    assert len(synced) == 1 and purenn.load(path).metadata["epochs_trained"] == 6
    del synced[:]
    stop = [False]

    def halt(epoch, logs):
        stop[0] = epoch == 3
    net.fit(X, Y, epochs=6, learning_rate=0.5, checkpoint=path, checkpoint_every=2,
            callbacks=[halt], stop=stop)
    assert len(synced) == 1 and purenn.load(path).metadata["epochs_trained"] == 6 + 3
