"""Run every benchmark side by side and report ratios against the peers.

    python3 benchmarks/run.py [--quick] [--out FILE]

One process per interpreter: this one (CPython) runs the tutorial, micrograd,
digits, kernel and scaling benchmarks; PyPy (``pypy3``) and MicroPython
(``$PURENN_MICROPYTHON`` or ``.venv-mp/bin/micropython``) run
``portable.py`` as sub-processes.  Every benchmark warms up, then runs paired
rounds (all candidates once per round, order alternating); the table gives
median times and the median of the per-round ratios purenn / peer.  A full
run writes ``benchmarks/RESULTS.md`` (or ``--out``); ``--quick`` (under two
minutes) only prints, unless ``--out`` is given.  Missing peers or
interpreters are reported in the table, not fatal.
"""

import argparse
import cProfile
import datetime
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
import kernels  # noqa: E402
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
    return os.environ.get("PURENN_MICROPYTHON") or os.path.join(ROOT, ".venv-mp", "bin",
                                                                 "micropython")


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
    cands = [("purenn tutorial.NeuralNetwork", lambda: tb.run_tutorial()),
             ("the same math fused (benchmarks/tutorial_bench.py run_fused)",
              lambda: tb.run_fused()),
             ("purenn Network.fit (default: generated code)", lambda: tb.run_network(W1, W2)),
             ("purenn Network.fit, compiled=False (generic layers)",
              lambda: tb.run_network(W1, W2, compiled=False))]
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
    # paired per step: micrograd step k, then purenn step k (alternating order)
    steps = 3 if quick else mg.STEPS
    pn = mg.copy_net(start)      # fit's default: generated code for this size
    pc = mg.copy_net(start)      # compiled=False: the generic layers
    t_mg, t_pn, t_pc, l_mg, l_pn, l_pc = [], [], [], [], [], []
    for k in range(steps):
        lr = mg.learning_rate(k)
        res = {}
        jobs = [("mg", lambda: res.update(mg=mg.micrograd_step(model, X, y, lr)[0])),
                ("pn", lambda: res.update(pn=mg.purenn_step(pn, X, Y, lr))),
                ("pc", lambda: res.update(pc=mg.purenn_step(pc, X, Y, lr, compiled=False)))]
        if k % 2:
            jobs.reverse()
        tt = {}
        for name, fn in jobs:
            tt[name] = timing.seconds(fn)
        t_mg.append(tt["mg"])
        t_pn.append(tt["pn"])
        t_pc.append(tt["pc"])
        l_mg.append(res["mg"])
        l_pn.append(res["pn"])
        l_pc.append(res["pc"])
    med_mg = timing.median(t_mg)
    acc_mg = "n/a (%d steps)" % steps
    if steps == mg.STEPS:
        fwd = [model(x).data for x in X]  # micrograd's own forward pass
        acc_mg = "%.0f%%" % (100 * sum(1 for f, t in zip(fwd, y) if (f > 0) == (t > 0)) / len(y))
    rows.insert(0, ["micrograd 0.1.0 (per step, %d steps)" % steps, ms(med_mg), "1", "", acc_mg])
    for name, ts, ls, nt in (("purenn", t_pn, l_pn, pn), ("purenn, compiled=False", t_pc, l_pc, pc)):
        diff = max(abs(a - b) for a, b in zip(ls, l_mg))
        speed = timing.median([a / b for a, b in zip(t_mg, ts)])
        acc = "%.0f%%" % (100 * mg.accuracy(nt, X, y)) if steps == mg.STEPS else \
            "%.0f%% (own 100-step run)" % (100 * mg.accuracy(net, X, y))
        rows.insert(1 if name == "purenn" else 2,
                    [name + " (per step, paired)", ms(timing.median(ts)), "%.0f×" % speed,
                     "%.1e over %d steps" % (diff, steps), acc])
    table(["implementation", "time per step", "speed-up (micrograd / purenn)",
           "loss-curve max abs diff vs micrograd", "accuracy after the run"], rows)
    emit("Loss at steps 0, 1, %d: micrograd %s; purenn %s." % (
        steps - 1, ", ".join("%.6f" % l_mg[i] for i in (0, 1, steps - 1)),
        ", ".join("%.6f" % l_pn[i] for i in (0, 1, steps - 1))))
    emit()


def digits_task(quick, cpy):
    emit("## Digits: 64-32-10 ReLU/softmax, cross-entropy, mini-batch 32, one epoch "
         "(1797 samples)")
    emit()
    X, Y = digits.load()
    P = digits.initial_params()
    cnet = digits.make_network(compiled=True)
    cands = [("purenn Network.fit (default: generic layers at this size)",
              lambda: digits.epoch_purenn(P, X, Y)),
             ("purenn Network.fit after net.compile()",
              lambda: digits.epoch_purenn(P, X, Y, net=cnet))]
    floors = []
    for name, fn in floor_digits.IDIOMS:
        floors.append("floor: " + name)
        cands.append((floors[-1], lambda fn=fn: fn(digits.copy_params(P), X, Y)))
    np = optional("numpy")
    if np:
        Xa, Ya = np.array(X), np.array(Y)
        cands.append(("numpy", lambda: digits.epoch_numpy(P, Xa, Ya)))
    times = timing.paired(cands, 2 if quick else 7, warmup=1)
    best = min(floors, key=lambda f: timing.median(times[f]))
    ref = digits.epoch_purenn(P, X, Y)
    rows = []
    for name, fn in cands:
        if name.startswith("floor"):
            Q = digits.copy_params(P)
            dict(floor_digits.IDIOMS)[name[len("floor: "):]](Q, X, Y)
        else:
            Q = fn()
        rows.append([name + (" (fastest floor)" if name == best else ""),
                     ms(timing.median(times[name])), "%.2f" % timing.ratio(times, name, best),
                     "%.2f" % timing.ratio(times, name, "numpy") if np else "numpy not installed",
                     "%.1e" % digits.max_diff(ref, Q)])
    table(["implementation", "median epoch", "ratio to floor", "ratio to numpy",
           "max abs weight diff vs Network.fit"], rows)
    cpy["digits Network.fit"] = timing.median(times[cands[0][0]])
    cpy["digits floor"] = timing.median(times[best])
    cpy["digits floor name"] = best


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
            ms(cpy["digits Network.fit"]), "%s %s" % (ms(cpy["digits floor"]),
                                                      cpy["digits floor name"][7:]),
            "%.2f" % (cpy["digits Network.fit"] / cpy["digits floor"]), "1"]]
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
                    ms(t["median"]["Network.fit"]), ms(d["median"]["Network.fit"]),
                    "%s %s" % (ms(d["median"][fl]), fl[6:]),
                    "%.2f" % d["ratio"]["Network.fit"],
                    "%.1f" % (cpy["digits Network.fit"] / d["median"]["Network.fit"])])
    table(["interpreter", "tutorial.NeuralNetwork", "tutorial Network.fit",
           "digits Network.fit", "digits floor (idiom)", "digits ratio to floor",
           "digits speed vs CPython"], out)
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
