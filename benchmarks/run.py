"""Run every benchmark side by side and report ratios against the peers.

    python3 benchmarks/run.py [--quick] [--out FILE]

One process per interpreter: this one (CPython) runs the tutorial, micrograd,
digits, memory, checkpoint, kernel and scaling benchmarks; PyPy (``pypy3``)
and MicroPython (``$PURENN_MICROPYTHON`` or ``.venv-mp/bin/micropython``)
run ``portable.py`` as sub-processes.  Every floor (``floor_digits.py``,
``floor_tutorial.py``) is checked to give ``Network.fit``'s weights bit for
bit before it is timed; a mismatch stops the run.  Every benchmark warms up, then runs paired
rounds (all candidates once per round, order alternating); the table gives
median times and the median of the per-round ratios purenn / peer.  A full
run writes ``benchmarks/RESULTS.md`` (or ``--out``); ``--quick`` (under two
minutes) only prints, unless ``--out`` is given.  Missing peers or
interpreters are reported in the table, not fatal.
"""

import argparse
import cProfile
import datetime
import gc
import json
import os
import platform
import pstats
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)

import timing  # noqa: E402
import tutorial_bench as tb  # noqa: E402
import micrograd_demo as mg  # noqa: E402
import digits  # noqa: E402
import floor_digits  # noqa: E402
import floor_tutorial  # noqa: E402
import kernels  # noqa: E402
import memory  # noqa: E402
import scaling  # noqa: E402
from purenn import Network  # noqa: E402

OUT = []  # the report, as markdown lines


def emit(line=""):
    print(line, flush=True)
    OUT.append(line)


def table(header, rows):
    emit("| " + " | ".join(header) + " |")
    emit("|" + "---|" * len(header))
    for r in rows:
        emit("| " + " | ".join(str(c) for c in r) + " |")
    emit()


def ms(s):
    return "%.2f ms" % (s * 1e3) if s < 1.0 else "%.3f s" % s


def optional(name):
    try:
        return __import__(name)
    except ImportError:
        return None


# --- machine ---------------------------------------------------------------------

def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version_of(cmd):
    try:
        out = subprocess.run(cmd + ["-c", "import sys; print(sys.version.replace(chr(10), ' '))"],
                             capture_output=True, text=True, timeout=60)
        return out.stdout.strip() or None
    except (OSError, subprocess.TimeoutExpired):
        return None


def micropython_path():
    """$PURENN_MICROPYTHON, else .venv-mp/bin/micropython here, else the one .ci/run installs."""
    if os.environ.get("PURENN_MICROPYTHON"):
        return os.environ["PURENN_MICROPYTHON"]
    for path in (os.path.join(ROOT, ".venv-mp", "bin", "micropython"),
                 os.path.expanduser("~/.cache/purenn-ci/venv-mp/bin/micropython")):
        if os.path.exists(path):
            return path
    return "micropython"


def machine(args):
    np = optional("numpy")
    mgv = None
    if optional("micrograd"):
        from importlib.metadata import version
        mgv = version("micrograd")
    emit("# purenn benchmarks")
    emit()
    emit("Command: `python3 benchmarks/run.py%s`  " % (" --quick" if args.quick else ""))
    emit("Date: %s  " % datetime.datetime.now().strftime("%Y-%m-%d %H:%M"))
    emit("Machine: %s, %d cores (shared and noisy: medians of paired rounds)  "
         % (cpu_model(), os.cpu_count() or 0))
    emit("CPython %s; numpy %s; micrograd %s  " % (platform.python_version(),
         np.__version__ if np else "not installed", mgv or "not installed"))
    emit("PyPy: %s  " % (version_of(["pypy3"]) or "not found"))
    emit("MicroPython: %s" % (version_of([micropython_path()]) or "not found"))
    emit()
    emit("Ratios are purenn time / peer time, the median of per-round ratios in one "
         "process (< 1 means purenn is faster).")
    emit()


# --- tasks -------------------------------------------------------------------------

def tutorial_task(quick, cpy):
    emit("## Tutorial: 3-4-1 sigmoid, SSE, learning rate 1, 1500 iterations")
    emit()
    W1, W2 = tb.initial_weights()
    tnet, gnet = tb.make_network(), tb.make_network()     # made before the timing
    cands = [("purenn tutorial.NeuralNetwork", lambda: tb.run_tutorial()),
             ("the same math fused (benchmarks/tutorial_bench.py run_fused)",
              lambda: tb.run_fused()),
             ("purenn Network.fit (default: generated code)",
              lambda: tb.run_network(W1, W2, net=tnet)),
             ("purenn Network.fit, compiled=False (generic layers)",
              lambda: tb.run_network(W1, W2, net=gnet, compiled=False)),
             ("floor: samples written out too, no snapshot (benchmarks/floor_tutorial.py)",
              lambda: tb.run_floor(W1, W2))]
    floor_tutorial.check(tb.run_floor(W1, W2), tb.run_network(W1, W2))
    np = optional("numpy")
    if np:
        cands.append(("numpy (tutorial's loop)", lambda: tb.run_numpy(W1, W2)))
    times = timing.paired(cands, 5 if quick else 15, warmup=2)
    ref = tb.run_tutorial()
    rows = []
    for name, fn in cands:
        r = timing.ratio(times, name, cands[-1][0]) if np else "numpy not installed"
        rows.append([name, ms(timing.median(times[name])),
                     "%.2f" % r if np else r, "%.1e" % tb.max_diff(ref, fn())])
    table(["implementation", "median time", "ratio to numpy", "max abs weight diff vs tutorial"],
          rows)
    cpy["tutorial floor"] = timing.median(times[cands[4][0]])
    cpy["tutorial ratio"] = timing.ratio(times, cands[2][0], cands[4][0])
    cpy["tutorial.NeuralNetwork"] = timing.median(times[cands[0][0]])
    cpy["tutorial Network.fit"] = timing.median(times[cands[2][0]])


def micrograd_task(quick):
    emit("## micrograd's demo: moons (100, noise 0.1), 2-16-16-1 ReLU, hinge + 1e-4 L2, SGD")
    emit()
    X, y = mg.moons()
    Y = [[v] for v in y]
    have = optional("micrograd") is not None
    model = mg.micrograd_model() if have else None
    start = mg.purenn_from(model) if have else Network(
        [mg.Dense(2, 16, "relu"), mg.Dense(16, 16, "relu"), mg.Dense(16, 1, "linear")], seed=1)
    # whole-run timing of purenn alone (100 steps, several rounds)
    cands = [("purenn", lambda: mg.purenn_train(mg.copy_net(start), X, y)),
             ("purenn, compiled=False", lambda: mg.purenn_train(mg.copy_net(start), X, y,
                                                               compiled=False))]
    whole = timing.paired(cands, 3 if quick else 9, warmup=1)
    net = mg.copy_net(start)
    curve = mg.purenn_train(net, X, y)
    rows = [[name + " (100 steps, whole run)", ms(timing.median(t) / mg.STEPS), "", "", ""]
            for name, t in whole.items()]
    if not have:
        rows.append(["micrograd 0.1.0", "not installed", "", "", ""])
        table(["implementation", "time per step", "speed-up", "loss-curve max abs diff",
               "accuracy after 100 steps"], rows)
        emit("purenn accuracy after 100 steps: %.0f%%, final loss %.4f" % (
            100 * mg.accuracy(net, X, y), curve[-1]))
        emit()
        return
    # paired per step: micrograd step k, then purenn step k (alternating order).
    # micrograd's graph of Values is full of reference cycles, so CPython's
    # cyclic collector runs inside its steps.  Three ways to time a step, in
    # turn: as the demo runs (the collector on, the graphs of earlier steps
    # collected whenever it runs); after a gc.collect() (the collector still
    # on during the step); after a gc.collect() with the collector off during
    # the step (no collection in the timing at all).
    modes = ("as the demo runs", "collected before", "collector off")
    steps = 6 if quick else mg.STEPS
    pn = mg.copy_net(start)      # fit's default: generated code for this size,
    pn.compile()                 # made now, as fit would in its first step
    pc = mg.copy_net(start)      # compiled=False: the generic layers
    t = {"mg": [], "pn": [], "pc": []}
    losses = {"mg": [], "pn": [], "pc": []}
    for k in range(steps):
        lr = mg.learning_rate(k)
        res = {}
        jobs = [("mg", lambda: res.update(mg=mg.micrograd_step(model, X, y, lr)[0])),
                ("pn", lambda: res.update(pn=mg.purenn_step(pn, X, Y, lr))),
                ("pc", lambda: res.update(pc=mg.purenn_step(pc, X, Y, lr, compiled=False)))]
        if k % 2:
            jobs.reverse()
        for name, fn in jobs:
            t[name].append(_timed(fn, k % 3))
            losses[name].append(res[name])
    acc_mg = "n/a (%d steps)" % steps
    if steps == mg.STEPS:
        fwd = [model(x).data for x in X]  # micrograd's own forward pass
        acc_mg = "%.0f%%" % (100 * sum(1 for f, v in zip(fwd, y) if (f > 0) == (v > 0)) / len(y))
    parts = [range(m, steps, 3) for m in range(3)]

    def per_mode(key):
        return "; ".join(ms(timing.median([t[key][i] for i in part])) for part in parts)

    rows.insert(0, ["micrograd 0.1.0 (per step, %d steps)" % steps, per_mode("mg"), "1", "",
                    acc_mg])
    for at, (name, key, nt) in enumerate((("purenn", "pn", pn),
                                          ("purenn, compiled=False", "pc", pc)), 1):
        diff = max(abs(a - b) for a, b in zip(losses[key], losses["mg"]))
        speed = ["%.0f×" % timing.median([t["mg"][i] / t[key][i] for i in part])
                 for part in parts]
        acc = "%.0f%%" % (100 * mg.accuracy(nt, X, y)) if steps == mg.STEPS else \
            "%.0f%% (own 100-step run)" % (100 * mg.accuracy(net, X, y))
        rows.insert(at, [name + " (per step, paired)", per_mode(key), "; ".join(speed),
                         "%.1e over %d steps" % (diff, steps), acc])
    table(["implementation", "time per step: %s" % "; ".join(modes),
           "speed-up (micrograd / purenn): %s" % "; ".join(modes),
           "loss-curve max abs diff vs micrograd", "accuracy after the run"], rows)
    emit("Steps 0, 3, 6, …: timed as the demo runs, Python's cyclic garbage collector on "
         "(it runs inside micrograd's steps, walking the graph being built and collecting "
         "the graphs of earlier steps). Steps 1, 4, 7, …: after a `gc.collect()`, the "
         "collector still on. Steps 2, 5, 8, …: after a `gc.collect()` with the collector "
         "off while the step is timed, so none of micrograd's collection is in the timing "
         "(%d steps each). purenn is timed the same way in each step." % len(parts[2]))
    emit()
    emit("Loss at steps 0, 1, %d: micrograd %s; purenn %s." % (
        steps - 1, ", ".join("%.6f" % losses["mg"][i] for i in (0, 1, steps - 1)),
        ", ".join("%.6f" % losses["pn"][i] for i in (0, 1, steps - 1))))
    emit()
    # a bound: steps of the trained network with a learning rate so small
    # that the weights hardly move (which samples are beyond the margin stays
    # the same), where most samples skip their backward pass, so that a step
    # is mostly the forward pass of X
    quiet = sum(1 for p, v in zip(pn.predict(X), y) if p[0] * v >= 1.0)
    still = mg.copy_net(pn)
    mg.purenn_step(still, X, Y, 1e-12)
    bound = timing.median([_timed(lambda: mg.purenn_step(still, X, Y, 1e-12), 2)
                           for _ in range(50 if quick else 200)])
    off = timing.median([t["mg"][i] for i in parts[2]])
    emit("A step of the trained network with learning rate 1e-12, in which %d of the 100 "
         "samples are beyond the margin and skip their backward pass, so that it is mostly "
         "the forward pass of the 100 samples: %s with the collector off; micrograd's step "
         "with its collector off takes %.0f× as long." % (quiet, ms(bound), off / bound))
    emit()


def _timed(fn, mode):
    """Seconds of ``fn()``: mode 0 as it is; 1 after a full collection; 2 after a
    full collection with the collector off while it runs."""
    if mode:
        gc.collect()
    if mode == 2:
        gc.disable()
    try:
        return timing.seconds(fn)
    finally:
        gc.enable()


def digits_task(quick, cpy):
    emit("## Digits: 64-32-10 ReLU/softmax, cross-entropy, mini-batch 32, one epoch "
         "(1797 samples)")
    emit()
    X, Y = digits.load()
    P = digits.initial_params()
    ref = digits.reference(P, X, Y)
    fnet = digits.make_network()
    lnet, gnet = digits.make_network(), digits.make_network()
    cands = [("purenn Network.fit (default: generated code at this size)",
              lambda: digits.epoch_purenn(P, X, Y, net=fnet)),
             ("purenn Network.fit, the loops (purenn.core.loops)",
              lambda: _forced(loops_engine, lambda: digits.epoch_purenn(P, X, Y, net=lnet))),
             ("purenn Network.fit, compiled=False (generic layers)",
              lambda: _epoch_generic(P, X, Y, gnet))]
    floors = []
    for name, fn in floor_digits.FLOORS:
        if quick and name == "loop":
            continue                                # the dense loop: a reference, not a floor
        floor_digits.check(fn, P, X, Y, ref)        # the same bits as fit, or stop here
        floors.append("floor: " + name)
        cands.append((floors[-1], lambda fn=fn: fn(digits.copy_params(P), X, Y)))
    np = optional("numpy")
    if np:
        Xa, Ya = np.array(X), np.array(Y)
        cands.append(("numpy", lambda: digits.epoch_numpy(P, Xa, Ya)))
    times = timing.paired(cands, 3 if quick else 9, warmup=1)
    best = min(floors, key=lambda f: timing.median(times[f]))
    rows = []
    for name, fn in cands:
        if name.startswith("floor"):
            diff = "0 (checked bit for bit)"
        else:
            diff = "%.1e" % digits.max_diff(ref[0], fn())
        rows.append([name + (" (fastest floor)" if name == best else ""),
                     ms(timing.median(times[name])), "%.2f" % timing.ratio(times, name, best),
                     "%.2f" % timing.ratio(times, name, "numpy") if np else "numpy not installed",
                     diff])
    table(["implementation", "median epoch", "ratio to fastest floor", "ratio to numpy",
           "max abs weight diff vs Network.fit"], rows)
    emit("Floors: `benchmarks/floor_digits.py` (how each is built, what was tried and lost); "
         "each gives Network.fit's weights and loss to the last bit, checked before timing.")
    emit()
    cpy["digits Network.fit"] = timing.median(times[cands[0][0]])
    cpy["digits loops"] = timing.ratio(times, cands[1][0], best)
    cpy["digits floor"] = timing.median(times[best])
    cpy["digits floor name"] = best
    cpy["digits ratio"] = timing.ratio(times, cands[0][0], best)


def loops_engine(net, loss, optimizer, l2, compiled, exact=True, X=None, full=False):
    from purenn.core.loops import LoopEngine
    return LoopEngine(net, loss, optimizer, l2)


def _forced(choose, fn):
    """``fn()`` with ``choose`` as fit's choice of engine."""
    from purenn.core import training
    before = training.choose_engine
    training.choose_engine = choose
    try:
        return fn()
    finally:
        training.choose_engine = before


def _epoch_generic(P, X, Y, net):
    P = digits.copy_params(P)
    net.layers[0].weights, net.layers[0].biases, net.layers[1].weights, net.layers[1].biases = P
    net.fit(X, Y, epochs=1, batch_size=digits.BATCH, loss="categorical_crossentropy",
            learning_rate=digits.LR, seed=digits.SEED, compiled=False)
    a, b = net.layers
    return [a.weights, a.biases, b.weights, b.biases]


def memory_task(quick):
    emit("## Memory: peak growth during fit, 784-128-10 on 2,000 samples (CPython, tracemalloc)")
    emit()
    try:
        import tracemalloc  # noqa: F401
    except ImportError:
        emit("tracemalloc is not available on this interpreter.")
        emit()
        return
    g = memory.fit_growth(2)
    mb = 1024.0 * 1024.0
    train = g["peak"] - g["input_copy"]
    rows = [["the weights (float objects and row lists), for scale",
             "%.2f MB" % (g["weights"] / mb), "1.00", "%.0f" % (g["weights"] / g["parameters"])],
            ["one batch of 32 inputs as floats, for scale", "%.2f MB" % (g["batch"] / mb),
             "%.2f" % (g["batch"] / g["weights"]), ""],
            ["peak growth during fit (first %d batches)" % g["batches"],
             "%.2f MB" % (g["peak"] / mb), "%.2f" % (g["peak"] / g["weights"]),
             "%.0f" % (g["peak"] / g["parameters"])],
            ["of which: fit's check of X (checks.as_matrix: rows that are lists of floats "
             "are kept, not copied)",
             "%.2f MB" % (g["input_copy"] / mb), "%.2f" % (g["input_copy"] / g["weights"]),
             "%.0f" % (g["input_copy"] / g["parameters"])],
            ["of which: training (gradients, new rows, the last good weights as an array "
             "of doubles, activations)",
             "%.2f MB" % (train / mb), "%.2f" % (train / g["weights"]),
             "%.0f" % (train / g["parameters"])]]
    table(["what", "bytes", "in weights' sizes", "bytes per parameter"], rows)
    emit("Peak growth relative to the weights plus one batch: **%.1f×** (%.1f× without the "
         "copy of X). %d parameters. Each batch allocates alike, so the first two batches "
         "give the epoch's peak (a whole epoch under tracemalloc takes minutes: every "
         "float is traced)." % (g["peak"] / (g["weights"] + g["batch"]),
                                train / (g["weights"] + g["batch"]), g["parameters"]))
    emit()


def checkpoint_task(quick):
    emit("## Checkpoints: cost per epoch of `fit(checkpoint=...)` (CPython)")
    emit()
    plain, extra = memory.checkpoint_cost(3 if quick else 9)
    table(["network", "epoch without", "added per epoch by `checkpoint=` (the default policy)",
           "relative"],
          [["2-16-16-1, 200 moons, batches of 16", ms(plain), ms(extra),
            "+%.1f%%" % (100 * extra / plain)]])
    emit("Paired rounds of 20 epochs with `checkpoint=` (by default the model is saved when "
         "60 s have passed since the last save, and at the end; only that last save is "
         "flushed to the disk with fsync) against the same training with a callback that "
         "does nothing.")
    emit()


def kernels_task(quick, portable_rows):
    emit("## Kernels: ns per multiply-add for C = A·B")
    emit()
    np = optional("numpy")
    rows = []
    for n, k, m in kernels.SIZES:
        ns, best, times = kernels.bench(n, k, m, 200000, 3 if quick else 7)
        size = "%d×%d·%d×%d" % (n, k, k, m)
        npns = ""
        if np:
            A, B = (np.array(M) for M in kernels.operands(n, k, m))
            reps = max(1, 2000000 // (n * k * m))
            run = kernels.repeated(np.dot, A, B, reps)
            npns = "%.3f" % (timing.median(timing.paired([("np", run)], 5)["np"]) * 1e9
                             / (reps * n * k * m))
        rows.append(["CPython", size, "%.1f" % ns["purenn matmul"],
                     ", ".join("%s %.1f" % (nm, ns[nm]) for nm, _ in kernels.IDIOMS),
                     best, "%.2f" % timing.ratio(times, "purenn matmul", best),
                     npns or "not installed"])
    for r in portable_rows:
        if r["task"] == "kernels":
            ns = r["ns"]
            rows.append([r["interpreter"], r["size"].replace("x", "×").replace(".", "·"),
                         "%.1f" % ns["purenn matmul"],
                         ", ".join("%s %.1f" % (nm, v) for nm, v in sorted(ns.items())
                                   if nm != "purenn matmul"),
                         r["best"], "%.2f" % r["ratio"], ""])
    table(["interpreter", "size", "purenn matmul", "idioms (ns)", "best idiom",
           "ratio to best", "numpy np.dot"], rows)


def scaling_task(quick):
    emit("## Scaling: Network.fit time per epoch (CPython)")
    emit()
    if quick:
        s = scaling.sweep([8, 16, 32, 64, 128], [32, 64, 128, 256], [8, 32, 128, 512], 1)
    else:
        s = scaling.sweep([8, 16, 32, 64, 128, 256], [16, 64, 256, 1024],
                          [1, 8, 32, 128, 512], 3)
    table(["hidden width W (W-W-W, 64 samples)"] + [str(w) for w, _ in s["width"]],
          [["time per epoch"] + [ms(t) for _, t in s["width"]]])
    emit("Fitted exponent in width: %.2f over all widths, %.2f over the upper half "
         "(arithmetic: 2).\n" % (s["p_width"], s["p_width_top"]))
    table(["samples N (width 32, full batch)"] + [str(n) for n, _ in s["samples"]],
          [["time per epoch"] + [ms(t) for _, t in s["samples"]]])
    emit("Fitted exponent in samples: %.2f (arithmetic: 1).\n" % s["p_samples"])
    table(["mini-batch size (N = 512, width 32)"] + [str(b) for b, _ in s["batch"]],
          [["time per epoch"] + [ms(t) for _, t in s["batch"]]])


def run_portable(quick):
    """JSON rows from portable.py under PyPy and MicroPython; notes for missing ones."""
    heap = os.environ.get("PURENN_MP_HEAP", "64m")
    rows, notes = [], []
    script = os.path.join(HERE, "portable.py")
    for label, cmd in (("pypy", ["pypy3"]),
                       ("micropython", [micropython_path(), "-X", "heapsize=" + heap])):
        try:
            out = subprocess.run(cmd + [script, ROOT] + (["quick"] if quick else []),
                                 capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as e:
            notes.append("%s: not run (%s)" % (label, e.__class__.__name__ + ": " + str(e)))
            continue
        got = [json.loads(ln) for ln in out.stdout.splitlines() if ln.startswith("{")]
        rows += got
        if out.returncode:
            notes.append("%s: exited %d: %s" % (label, out.returncode,
                                                 out.stderr.strip().splitlines()[-1:]))
    return rows, notes


def interpreters_task(cpy, rows, notes):
    emit("## Interpreters: the tutorial and digits on CPython, PyPy, MicroPython")
    emit()
    out = [["CPython", ms(cpy["tutorial.NeuralNetwork"]), ms(cpy["tutorial Network.fit"]),
            ms(cpy["tutorial floor"]), "%.2f" % cpy["tutorial ratio"],
            ms(cpy["digits Network.fit"]), "%s %s" % (ms(cpy["digits floor"]),
                                                      cpy["digits floor name"][7:]),
            "%.2f" % cpy["digits ratio"], "1"]]
    by = {}
    for r in rows:
        by[(r["interpreter"], r["task"])] = r
    for interp in ("pypy", "micropython"):
        t = by.get((interp, "tutorial"))
        d = by.get((interp, "digits"))
        if not (t and d):
            continue
        fl = d["ratio_to"]
        out.append([interp, ms(t["median"]["tutorial.NeuralNetwork"]),
                    ms(t["median"]["Network.fit"]), ms(t["median"]["floor"]),
                    "%.2f" % t["ratio"]["Network.fit"],
                    ms(d["median"]["Network.fit"]),
                    "%s %s" % (ms(d["median"][fl]), fl[7:]),
                    "%.2f" % d["ratio"]["Network.fit"],
                    "%.1f" % (cpy["digits Network.fit"] / d["median"]["Network.fit"])])
    table(["interpreter", "tutorial.NeuralNetwork", "tutorial Network.fit", "tutorial floor",
           "tutorial fit / floor", "digits Network.fit", "digits fastest floor",
           "digits fit / floor", "digits speed vs CPython"], out)
    for n in notes:
        emit("- " + n)
    if notes:
        emit()
    emit("PyPy and MicroPython rows: separate processes (`portable.py`), so their ratios are "
         "paired within that process; MicroPython runs with `-X heapsize=%s`."
         % os.environ.get("PURENN_MP_HEAP", "64m"))
    emit()


def profile_task():
    emit("## Where Network.fit spends its time (cProfile, CPython)")
    emit()
    emit("Functions of purenn by cumulative time, as a share of the whole call "
         "(the profiler slows small calls most, so shares are indicative).")
    emit()
    X, Y = digits.load()
    P = digits.initial_params()
    W1, W2 = tb.initial_weights()
    for title, fn in (("digits, one epoch", lambda: digits.epoch_purenn(P, X, Y)),
                      ("tutorial, 1500 iterations", lambda: tb.run_network(W1, W2))):
        pr = cProfile.Profile()
        pr.enable()
        fn()
        pr.disable()
        st = pstats.Stats(pr).stats
        total = max(v[3] for v in st.values())
        mine = [(k, v) for k, v in st.items() if "purenn" in k[0] and k[2] != "fit"]
        rows = []
        for (file, line, func), (cc, nc, tt, ct, _) in sorted(mine, key=lambda kv: -kv[1][3])[:8]:
            rows.append([func, "%s:%d" % (os.path.relpath(file, ROOT), line), nc,
                         "%.0f%%" % (100 * ct / total), "%.0f%%" % (100 * tt / total)])
        emit("**%s** (%.0f ms under the profiler)" % (title, total * 1e3))
        emit()
        table(["function", "where", "calls", "cumulative", "own"], rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer rounds and steps (< 2 min)")
    ap.add_argument("--out", help="write the markdown report here "
                    "(default for a full run: benchmarks/RESULTS.md)")
    args = ap.parse_args()
    out = args.out or (None if args.quick else os.path.join(HERE, "RESULTS.md"))
    start = timing.perf_counter() if hasattr(timing, "perf_counter") else 0.0
    cpy = {}
    machine(args)
    tutorial_task(args.quick, cpy)
    micrograd_task(args.quick)
    digits_task(args.quick, cpy)
    memory_task(args.quick)
    checkpoint_task(args.quick)
    prow, notes = run_portable(args.quick)
    interpreters_task(cpy, prow, notes)
    kernels_task(args.quick, prow)
    scaling_task(args.quick)
    profile_task()
    emit("Total benchmark time: %.0f s." % (timing.perf_counter() - start))
    if out:
        with open(out, "w") as f:
            f.write("\n".join(OUT) + "\n")
        print("wrote", out)


if __name__ == "__main__":
    main()
