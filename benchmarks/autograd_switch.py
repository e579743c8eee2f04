"""What switching an autograd program to s2sgrad buys: the same program file, run as
written (autograd) and with its imports changed to ``s2sgrad.compat.autograd``.

python benchmarks/autograd_switch.py                    # every program below
python benchmarks/autograd_switch.py --programs rnn_loop --samples 9

Each program comes from tests/programs/ and is timed at its own inputs, then at
larger ones where ``--scale`` applies (see ``SCALED``). A cell is the median over
``--samples`` samples of one ``grad(loss)(*inputs)`` call, each sample looping until it
lasts at least ``--min-time`` seconds; both libraries run in the same process, one
sample of each in turn, after a warm-up call (which pays s2sgrad's one-time transform).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pathlib
import re
import statistics
import sys
import tempfile
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "tests" / "programs"
DEFAULT = ("mlp_tanh", "rnn_loop", "hmm_forward", "physics_projectile", "vae_elbo")


def _load(path: pathlib.Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _switched(source: str) -> str:
    return re.sub(
        r"^(\s*)(from|import) autograd\b",
        r"\1\2 s2sgrad.compat.autograd",
        source,
        flags=re.MULTILINE,
    )


def _rnn_long(module):
    rs = np.random.RandomState(0)
    params = {
        "Wx": 0.3 * rs.randn(4, 8),
        "Wh": 0.3 * rs.randn(8, 8),
        "Wo": rs.randn(8, 1),
        "h0": np.zeros(8),
    }
    return params, rs.randn(100, 4), rs.randn(100, 1)


def _mlp_wide(module):
    rs = np.random.RandomState(0)
    params = module.init_params(0.1, [64, 128, 128, 10], rs)
    targets = np.eye(10)[rs.randint(0, 10, size=256)]
    return params, rs.randn(256, 64), targets


SCALED = {
    "rnn_loop": ("100 steps, width 8", _rnn_long),
    "mlp_tanh": ("64-128-128-10, batch 256", _mlp_wide),
}


def _time(fn, args, min_time):
    n, start = 0, time.perf_counter()
    while True:
        fn(*args)
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return elapsed / n


def _compare(ag_mod, sg_mod, make_inputs, samples, min_time):
    import autograd

    import s2sgrad.compat.autograd as compat

    argnum = getattr(ag_mod, "ARGNUM", 0)
    ag_grad = autograd.grad(ag_mod.loss, argnum)
    sg_grad = compat.grad(sg_mod.loss, argnum)
    args = make_inputs()
    expected, actual = ag_grad(*args), sg_grad(*args)  # warm-up; s2sgrad transforms here
    err = float(np.max(np.abs(_flat(actual) - _flat(expected))))
    times_ag, times_sg = [], []
    for _ in range(samples):
        times_ag.append(_time(ag_grad, args, min_time))
        times_sg.append(_time(sg_grad, args, min_time))
    return statistics.median(times_ag), statistics.median(times_sg), err


def _flat(tree):
    from s2sgrad.compat.autograd.misc import flatten

    return flatten(tree)[0]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", default=",".join(DEFAULT))
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--min-time", type=float, default=0.05)
    opts = parser.parse_args(argv)
    import s2sgrad

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="s2sgrad_switch_"))
    from importlib.metadata import version

    print(
        f"autograd {version('autograd')}, s2sgrad {s2sgrad.__version__}, NumPy "
        f"{np.__version__}, Python {sys.version.split()[0]}, load average "
        f"{os.getloadavg()[0]:.2f}; median of {opts.samples} samples\n"
    )
    print("| program | inputs | autograd | s2sgrad | speed-up | max abs difference |")
    print("|---|---|---:|---:|---:|---:|")
    for name in opts.programs.split(","):
        source = (PROGRAMS / f"{name}.py").read_text()
        (tmp / f"{name}.py").write_text(_switched(source))
        ag_mod = _load(PROGRAMS / f"{name}.py", f"ag_{name}")
        sg_mod = _load(tmp / f"{name}.py", f"sg_{name}")
        cases = [("as written", sg_mod.inputs)]
        if name in SCALED:
            label, scale = SCALED[name]
            cases.append((label, lambda s=scale, m=sg_mod: s(m)))
        for label, make in cases:
            t_ag, t_sg, err = _compare(ag_mod, sg_mod, make, opts.samples, opts.min_time)
            print(
                f"| {name} | {label} | {t_ag * 1e6:,.0f} µs | {t_sg * 1e6:,.0f} µs | "
                f"{t_ag / t_sg:.1f}x | {err:.1e} |"
            )


if __name__ == "__main__":
    main()
