"""Run the random-program gradient fuzzer.

    python tests/fuzz/run.py --seed 0 --count 2000          # a batch
    python tests/fuzz/run.py --seed 1234 --count 1 --show   # reproduce one program

Program ``k`` of a batch started at ``--seed S`` is the program of seed ``S + k``, so
any failure is reproduced by ``--seed S+k --count 1``. For each program the function is
run; if its value is finite, s2sgrad's reverse-mode gradient (``value_and_grad`` over
all arguments) is compared with central finite differences, and, when s2sgrad has a
``jvp``, the forward-mode directional derivative is compared with a finite-difference
directional derivative. Any mismatch, any exception raised by s2sgrad, and any program
the generator got wrong is a failure, printed with the program and a reproducer.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
for _p in (HERE, os.path.dirname(HERE), ROOT):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from generator import Program, generate  # noqa: E402
from gradcheck import numerical_grad  # noqa: E402

import s2sgrad  # noqa: E402

EPS = 1e-6
RTOL = 1e-6
ATOL = 1e-7  # times the function's scale


@dataclass
class Result:
    seed: int
    status: str  # "ok", "nonfinite" or "fail"
    message: str = ""
    program: Program | None = None

    def report(self) -> str:
        src = self.program.source if self.program is not None else "(no program)"
        return (f"--- fuzz program seed={self.seed}: {self.message}\n{src}\n"
                f"reproduce: {reproducer(self.seed)}\n")


def reproducer(seed: int) -> str:
    return f"python tests/fuzz/run.py --seed {seed} --count 1 --show"


def load(program: Program, directory: str):
    """Write the program to a file and import it (s2sgrad reads source with inspect)."""
    name = f"s2s_fuzz_{program.seed}_{os.getpid()}"
    path = os.path.join(directory, name + ".py")
    with open(path, "w") as fh:
        fh.write(program.source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _mismatch(actual, expected, scale) -> str | None:
    """None when ``actual`` matches ``expected`` within tolerances scaled by ``scale``."""
    if np.shape(actual) != np.shape(expected):
        return f"shape {np.shape(actual)} != expected {np.shape(expected)}"
    a = np.asarray(actual, dtype=float)
    e = np.asarray(expected, dtype=float)
    if not np.all(np.isfinite(a)):
        return f"non-finite gradient {a!r}"
    err = np.abs(a - e)
    tol = ATOL * scale + RTOL * np.abs(e)
    if np.all(err <= tol):
        return None
    return f"got {a!r}, finite differences give {e!r} (max error {err.max():.3g})"


def _scale(value, fds) -> float:
    mags = [1.0, abs(float(value))] + [float(np.max(np.abs(g))) for g in fds]
    return max(mags)


def _jvp(fun, args, tangents):
    """s2sgrad.jvp, accepting the JAX and MLX conventions: returns the output tangent."""
    out = s2sgrad.jvp(fun, list(args), list(tangents))
    tan = out[1]
    if isinstance(tan, (list, tuple)):
        tan = tan[0]
    return tan


def check_program(program: Program, directory: str) -> Result:
    seed = program.seed
    try:
        module = load(program, directory)
        args = program.inputs()
        with np.errstate(all="raise"):
            value = module.f(*args)
        if np.shape(value) != ():
            raise AssertionError(f"program returns shape {np.shape(value)}")
    except Exception:
        return Result(seed, "fail", "generator produced an invalid program:\n"
                      + traceback.format_exc(limit=-3), program)
    if not np.isfinite(value):
        return Result(seed, "nonfinite", program=program)
    f = module.f
    argnums = tuple(range(len(args)))
    # each program starts from an empty cache, so that a failure reproduces on its own
    s2sgrad.clear_cache()
    try:
        got_value, grads = s2sgrad.value_and_grad(f, argnums=argnums)(*args)
    except Exception as exc:
        kind = "TransformError" if isinstance(exc, s2sgrad.TransformError) else "exception"
        return Result(seed, "fail", f"s2sgrad raised ({kind}):\n"
                      + traceback.format_exc(limit=-4), program)
    if not np.allclose(got_value, value, rtol=1e-10, atol=1e-12):
        return Result(seed, "fail", f"value_and_grad value {got_value!r} != f() = {value!r}",
                      program)
    fds = [numerical_grad(f, args, i, EPS) for i in argnums]
    scale = _scale(value, fds)
    for i, (g, fd) in enumerate(zip(grads, fds)):
        problem = _mismatch(g, fd, scale)
        if problem is not None:
            # finite differences at a second step size rule out truncation/rounding noise
            fd2 = numerical_grad(f, args, i, 1e-4)
            if _mismatch(g, fd2, scale) is not None:
                return Result(seed, "fail", f"reverse-mode gradient of x{i}: {problem}",
                              program)
        if args[i] is not None and type(args[i]) is float and not isinstance(
                g, (float, np.floating)):
            return Result(seed, "fail", f"gradient of Python float x{i} has type "
                          f"{type(g).__name__}", program)
    if hasattr(s2sgrad, "jvp"):
        rng = np.random.default_rng(seed + 1)
        tangents = [float(rng.normal()) if type(a) is float else rng.normal(size=np.shape(a))
                    for a in args]
        try:
            tan = _jvp(f, args, tangents)
        except Exception as exc:
            kind = "TransformError" if isinstance(exc, s2sgrad.TransformError) else "exception"
            return Result(seed, "fail", f"s2sgrad.jvp raised ({kind}):\n"
                          + traceback.format_exc(limit=-4), program)

        def along(h):
            return f(*[a + h * t for a, t in zip(args, tangents)])

        fd = (float(along(EPS)) - float(along(-EPS))) / (2 * EPS)
        tscale = max(scale, 1.0) * max(1.0, max(float(np.max(np.abs(t))) for t in tangents))
        problem = _mismatch(np.asarray(tan, dtype=float).reshape(()), fd, tscale)
        if problem is not None:
            fd2 = (float(along(1e-4)) - float(along(-1e-4))) / 2e-4
            if _mismatch(np.asarray(tan, dtype=float).reshape(()), fd2, tscale) is not None:
                return Result(seed, "fail", f"forward-mode jvp: {problem}", program)
    return Result(seed, "ok", program=program)


def run(seed: int, count: int, directory: str | None = None, **gen_kwargs) -> list[Result]:
    """Check the programs of seeds ``seed .. seed + count - 1``."""
    own = directory is None
    tmp = tempfile.TemporaryDirectory(prefix="s2s_fuzz_") if own else None
    directory = tmp.name if own else directory
    try:
        results = []
        for s in range(seed, seed + count):
            results.append(check_program(generate(s, **gen_kwargs), directory))
        return results
    finally:
        if tmp is not None:
            tmp.cleanup()


def _run_chunk(chunk):
    seed, count = chunk
    return [(r.seed, r.status, r.message) for r in run(seed, count)]


def run_parallel(seed: int, count: int, jobs: int) -> list[Result]:
    """Like :func:`run`, split over ``jobs`` processes."""
    if jobs <= 1:
        return run(seed, count)
    import multiprocessing

    per = -(-count // jobs)
    chunks = [(s, min(per, seed + count - s)) for s in range(seed, seed + count, per)]
    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with ctx.Pool(jobs) as pool:
        parts = pool.map(_run_chunk, chunks)
    return [Result(s, st, msg, generate(s) if st == "fail" else None)
            for part in parts for s, st, msg in part]


def summarize(results: list[Result]) -> str:
    ok = sum(r.status == "ok" for r in results)
    nonfinite = sum(r.status == "nonfinite" for r in results)
    failed = [r for r in results if r.status == "fail"]
    return (f"fuzz: {len(results)} programs, {ok} gradients checked, {nonfinite} non-finite "
            f"values, {len(failed)} failures")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument("--show", action="store_true", help="print every program's source")
    ap.add_argument("--max-failures", type=int, default=20)
    opts = ap.parse_args(argv)
    start = time.perf_counter()
    if opts.show:
        for s in range(opts.seed, opts.seed + opts.count):
            print(f"# seed {s}\n{generate(s).source}")
    results = run_parallel(opts.seed, opts.count, opts.jobs)
    failed = [r for r in results if r.status == "fail"]
    for r in failed[:opts.max_failures]:
        print(r.report())
    print(f"{summarize(results)} in {time.perf_counter() - start:.1f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
