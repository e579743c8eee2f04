"""autograd's own example programs, run as written and with their imports switched to
``s2sgrad.compat.autograd``: does each print the same numbers?

python benchmarks/autograd_examples.py EXAMPLES_DIR [--timeout 120] [--only a b ...]

Each example runs twice in a copy of EXAMPLES_DIR (the switched run has ``autograd``
replaced by ``s2sgrad.compat.autograd`` in the imports of the example and of the modules
it imports, while the files it reads as text stay as written), with matplotlib's Agg
backend, ``plt.pause`` a no-op and NumPy's global generator seeded (some examples draw
without a seed), each under ``--timeout`` seconds. The outputs are compared token by
token, numbers to ``--rtol``, over what both printed before either stopped (a training
loop cut by the timeout still compares its first iterations). A line per example: same,
differs (the first differing line), s2sgrad error (its last line), both fail (an input
autograd cannot get here either, such as a download).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
PRELUDE = (
    "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as _plt\n"
    "_plt.pause = lambda *a, **k: None\n"
    "import numpy.random as _npr\n_npr.seed(0)\n"  # the examples that draw unseeded
)


def switched(source: str) -> str:
    return re.sub(
        r"^(\s*)(from|import) autograd\b", r"\1\2 s2sgrad.compat.autograd", source, flags=re.M
    )


HELPERS = ("data", "data_mnist")  # modules, not examples


def prepare(src: pathlib.Path, dst: pathlib.Path, switch: bool) -> None:
    """A copy of ``src``; switched: with switched copies of every file in ``_switched``,
    which the run imports from first (gplvm imports gaussian_process), the originals left
    beside the example (rnn.py and lstm.py train on their own text)."""
    shutil.copytree(src, dst)
    if switch:
        (dst / "_switched").mkdir()
        for path in dst.glob("*.py"):
            (dst / "_switched" / path.name).write_text(switched(path.read_text()))


def run(directory: pathlib.Path, name: str, timeout: float, root: str, switch: bool):
    script = directory / f"{name}.py"
    if switch:
        original = script
        script = directory / f"_s2s_{name}.py"
        script.write_text(switched(original.read_text()))
    runner = directory / f"_run_{name}.py"
    path = f"import sys\nsys.path.insert(0, {str(directory / '_switched')!r})\n" if switch else ""
    runner.write_text(
        PRELUDE + path + f"import runpy\nrunpy.run_path({str(script)!r}, run_name='__main__')\n"
    )
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=root, PYTHONHASHSEED="0")
    try:
        done = subprocess.run(
            [sys.executable, str(runner)],
            cwd=directory,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        return "timeout", out, err


def first_difference(a: str, b: str, rtol: float):
    """The first pair of lines (over the lines both printed in full) whose words differ,
    numbers compared to ``rtol``, with its index; None when all agree."""
    la, lb = a.splitlines(), b.splitlines()
    n = min(len(la), len(lb))
    for i, (x, y) in enumerate(zip(la[:n], lb[:n])):
        nx, ny = NUMBER.findall(x), NUMBER.findall(y)
        if NUMBER.sub("#", x) != NUMBER.sub("#", y) or len(nx) != len(ny):
            return i, x, y
        for u, v in zip(nx, ny):
            fu, fv = float(u), float(v)
            if abs(fu - fv) > rtol * max(abs(fu), abs(fv), 1e-8) + 1e-10:
                return i, x, y
    return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("examples", type=pathlib.Path)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--rtol", type=float, default=1e-6)
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args(argv)
    root = str(pathlib.Path(__file__).resolve().parent.parent)
    names = sorted(
        p.stem for p in args.examples.glob("*.py") if p.stem not in HELPERS + ("__init__",)
    )
    if args.only:
        names = [n for n in names if n in args.only]
    with tempfile.TemporaryDirectory() as tmp:
        ag, ours = pathlib.Path(tmp) / "autograd", pathlib.Path(tmp) / "s2sgrad"
        prepare(args.examples, ag, False)
        prepare(args.examples, ours, True)
        for name in names:
            rc_a, out_a, err_a = run(ag, name, args.timeout, root, False)
            rc_s, out_s, err_s = run(ours, name, args.timeout, root, True)
            last = (err_s.strip().splitlines() or [""])[-1][:200]
            if rc_a not in (0, "timeout"):
                verdict = "both fail" if rc_s not in (0, "timeout") else "autograd fails"
                detail = (err_a.strip().splitlines() or [""])[-1][:160]
            elif rc_s not in (0, "timeout"):
                verdict, detail = "s2sgrad error", last
            else:
                diff = first_difference(out_a, out_s, args.rtol)
                n = min(len(out_a.splitlines()), len(out_s.splitlines()))
                verdict = "same" if diff is None else "differs"
                detail = (
                    f"{n} lines compared"
                    if diff is None
                    else f"line {diff[0] + 1} of {n}: {diff[1][:70]!r} vs {diff[2][:70]!r}"
                )
                if "timeout" in (rc_a, rc_s):
                    detail += (
                        f" (timeout: autograd {rc_a == 'timeout'}, s2sgrad {rc_s == 'timeout'})"
                    )
            print(f"{name:34s} {verdict:15s} {detail}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
