"""Is an example that "differs" (benchmarks/autograd_examples.py) a wrong derivative, or
rounding amplified by a long optimisation? Compare s2sgrad's derivatives with autograd's
at the very points autograd's own run visits.

    python benchmarks/autograd_example_grads.py EXAMPLES_DIR NAME [--calls 40]
        [--ops grad,value_and_grad,hessian_vector_product] [--timeout 300]

The example runs first with autograd: every derivative function made by one of ``--ops``
records its first ``--calls`` calls (arguments and result; the k-th call of the n-th
function made). Then it runs switched to ``s2sgrad.compat.autograd``: at each recorded
call, the same derivative also runs at autograd's recorded arguments, and a line gives
the largest difference from autograd's result relative to its largest entry, with the
distance of this run's own arguments from autograd's (how far the trajectories drifted).
Derivatives nested inside a differentiated function (``grad(grad(f))`` in a callee) are
not wrapped: compare those by hand.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from autograd_examples import PRELUDE, prepare, switched  # noqa: E402

HOOK = r"""
import pickle, sys
import numpy as _np
MODE, LOG, NCALLS = {mode!r}, {log!r}, {calls}
if MODE == "autograd":
    import autograd as _lib
else:
    import s2sgrad.compat.autograd as _lib
    with open(LOG, "rb") as _f:
        RECORDED = pickle.load(_f)
_made = [0]
_log = {{}}


def _leaves(t):
    if isinstance(t, dict):
        for k in sorted(t, key=repr):
            yield from _leaves(t[k])
    elif isinstance(t, (list, tuple)):
        for v in t:
            yield from _leaves(v)
    else:
        yield _np.asarray(t, dtype=float)


def _relative(a, b):
    worst = 0.0
    for x, y in zip(_leaves(a), _leaves(b), strict=True):
        if x.size:
            scale = max(float(_np.max(_np.abs(x))), 1e-300)
            worst = max(worst, float(_np.max(_np.abs(x - y))) / scale)
    return worst


def _recording(op):
    made_by = getattr(_lib, op)

    def make(*a, **k):
        derivative = made_by(*a, **k)
        made = _made[0]
        _made[0] += 1
        calls = [0]

        def call(*args, **kw):
            key = (op, made, calls[0])
            calls[0] += 1
            out = derivative(*args, **kw)
            if MODE == "autograd" and len(_log) < NCALLS:
                _log[key] = (pickle.loads(pickle.dumps((args, kw))), out)
                with open(LOG, "wb") as f:
                    pickle.dump(_log, f)
            elif MODE != "autograd" and key in RECORDED:
                (rargs, rkw), theirs = RECORDED[key]
                ours = derivative(*rargs, **rkw)
                print(
                    f"GRADS {{op}}#{{made}} call {{key[2]}}: relative difference at "
                    f"autograd's point {{_relative(theirs, ours):.2e}}, drift of this run's "
                    f"point {{_relative(rargs, args):.2e}}",
                    file=sys.stderr,
                    flush=True,
                )
            return out

        call._s2sgrad = getattr(derivative, "_s2sgrad", None)
        return call

    setattr(_lib, op, make)


for _op in {ops!r}:
    _recording(_op)
"""


def run(src: pathlib.Path, name: str, calls: int, ops: list[str], timeout: float) -> int:
    root = str(pathlib.Path(__file__).resolve().parent.parent)
    with tempfile.TemporaryDirectory() as tmp:
        log = str(pathlib.Path(tmp) / "recorded.pkl")
        for mode in ("autograd", "s2sgrad"):
            d = pathlib.Path(tmp) / mode
            prepare(src, d, mode == "s2sgrad")
            script = d / f"{name}.py"
            path = ""
            if mode == "s2sgrad":
                (d / f"_s2s_{name}.py").write_text(switched(script.read_text()))
                script = d / f"_s2s_{name}.py"
                path = f"import sys\nsys.path.insert(0, {str(d / '_switched')!r})\n"
            runner = d / "_run_grads.py"
            runner.write_text(
                PRELUDE
                + path
                + HOOK.format(mode=mode, log=log, calls=calls, ops=ops)
                + f"import runpy\nrunpy.run_path({str(script)!r}, run_name='__main__')\n"
            )
            env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=root, PYTHONHASHSEED="0")
            try:
                done = subprocess.run(
                    [sys.executable, str(runner)],
                    cwd=d,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                )
                err = done.stderr
            except subprocess.TimeoutExpired as exc:  # the recorded calls are kept
                err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else exc.stderr or ""
            if mode == "s2sgrad":
                lines = [line for line in err.splitlines() if line.startswith("GRADS ")]
                print("\n".join(lines) if lines else err[-2000:])
            elif not os.path.exists(log):
                print(f"autograd's run recorded no call:\n{err[-2000:]}")
                return 1
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("examples", type=pathlib.Path)
    parser.add_argument("name")
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--ops", default="grad,value_and_grad,hessian_vector_product")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    return run(args.examples, args.name, args.calls, args.ops.split(","), args.timeout)


if __name__ == "__main__":
    raise SystemExit(main())
