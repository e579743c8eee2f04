"""Run the random-program gradient fuzzer.

    python tests/fuzz/run.py --seed 0 --count 2000 --jobs 2     # a batch
    python tests/fuzz/run.py --seed 1234 --count 1 --show       # reproduce one program
    python tests/fuzz/run.py --seed 0 --count 500 --constructs dict,alias   # some constructs

Program ``k`` of a batch started at ``--seed S`` is the program of seed ``S + k``, so
any failure is reproduced by ``--seed S+k --count 1`` (with the same ``--constructs``).
For each program the function is run; if its value is finite, s2sgrad's reverse-mode
gradient (``value_and_grad`` over all arguments) is compared with central finite
differences and its value with the function's, and the forward-mode directional
derivative (``jvp``) with a finite-difference directional derivative.

Each program ends in one outcome:

* ``correct``: every derivative matches;
* ``clear-error``: s2sgrad raised its own error (a ``TransformError``) pointing at a line
  of the program's file, in reverse or forward mode, and the other mode was correct or
  also a clear error; acceptable for the constructs s2sgrad may reject;
* ``wrong``: a wrong (or non-finite) derivative or value, or s2sgrad changed an input;
* ``crash``: an exception that is not s2sgrad's own came out of s2sgrad (the innermost
  s2sgrad frame is reported), or an s2sgrad error points at a file that is not the
  user's (or at no line);
* ``invalid``: the generator wrote a program that does not run (a fuzzer bug);
* ``nonfinite``: the program's value is not finite (not checked);
* ``nonsmooth``: a derivative differs from finite differences only along directions in
  which the program itself is not differentiable at its inputs (its left and right
  difference quotients disagree, e.g. a branch on two values equal up to rounding):
  finite differences are no oracle there (not checked).

``wrong``, ``crash`` and ``invalid`` are bad: the report prints their seeds.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
for _p in (HERE, os.path.dirname(HERE), ROOT):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from branches import same_branches, tracer  # noqa: E402
from constructs import CONSTRUCTS, parse_constructs  # noqa: E402
from generator import Program, generate  # noqa: E402
from gradcheck import numerical_grad  # noqa: E402

import s2sgrad  # noqa: E402

EPS = 1e-6
RTOL = 1e-6
ATOL = 1e-7  # times the function's scale

S2S_DIR = os.path.dirname(os.path.abspath(s2sgrad.__file__))
BAD = ("wrong", "crash", "invalid")
# how bad an outcome is, when reverse and forward mode disagree
_SEVERITY = {"ok": 0, "nonsmooth": 1, "error": 2, "crash": 3, "wrong": 4}


@dataclass
class Result:
    seed: int
    status: str  # "ok", "error", "wrong", "crash", "invalid", "nonfinite" or "nonsmooth"
    message: str = ""
    program: Program | None = None
    kind: str = ""  # the error class, or the kind of wrong value / crash
    stem: str = ""  # the first words of the message, numbers and names blanked
    where: str = ""  # crash: the innermost s2sgrad frame
    features: frozenset = field(default_factory=frozenset)
    constructs: tuple = CONSTRUCTS

    @property
    def bad(self) -> bool:
        return self.status in BAD

    @property
    def base_only(self) -> bool:
        """True when the program uses none of the issue-10 constructs."""
        return not any(c in self.features for c in CONSTRUCTS)

    @property
    def label(self) -> str:
        """The class of the outcome: what the report groups by."""
        if self.status == "crash":
            return f"{self.kind} at {self.where}" if self.where else self.kind
        return f"{self.kind}: {self.stem}" if self.stem else self.kind

    def report(self) -> str:
        src = self.program.source if self.program is not None else "(no program)"
        return (
            f"--- fuzz program seed={self.seed} [{self.status}]: {self.message}\n{src}\n"
            f"reproduce: {reproducer(self.seed, self.constructs)}\n"
        )


def reproducer(seed: int, constructs: tuple = CONSTRUCTS) -> str:
    extra = (
        "" if tuple(constructs) == CONSTRUCTS else f" --constructs {','.join(constructs) or 'none'}"
    )
    return f"python tests/fuzz/run.py --seed {seed} --count 1 --show{extra}"


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
    """s2sgrad.jvp, accepting the JAX and MLX conventions: (primal out, output tangent)."""
    out = s2sgrad.jvp(fun, list(args), list(tangents))
    primal, tan = out[0], out[1]
    if isinstance(tan, (list, tuple)):
        tan = tan[0]
    if isinstance(primal, (list, tuple)):
        primal = primal[0]
    return primal, tan


def stem(text: str) -> str:
    """The first words of a message with the parts that vary between programs blanked."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    line = re.sub(r"^\S+\.py:\d+(:\d+)?: ", "", line)  # a location prefix
    line = re.sub(r"`[^`]*`|'[^']*'|\"[^\"]*\"", "…", line)
    line = re.sub(r"\b[a-z]+\d+\b", "V", line)  # generated names: v12, x0, h3, i4
    line = re.sub(r"\d+(\.\d+)?", "N", line)
    return line[:90]


def _innermost_s2sgrad_frame(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    inner = ""
    for fr in frames:
        fn = fr.filename
        if fn.startswith("<s2sgrad"):
            inner = f"generated code ({fr.name})"
        elif os.path.abspath(fn).startswith(S2S_DIR + os.sep):
            inner = f"{os.path.relpath(fn, os.path.dirname(S2S_DIR))}:{fr.lineno} in {fr.name}"
    return inner


def classify_exception(exc: BaseException, user_path: str):
    """(status, kind, stem, where) of an exception raised by s2sgrad."""
    name = type(exc).__name__
    if isinstance(exc, s2sgrad.TransformError):
        fname = exc.filename or ""
        same = bool(fname) and os.path.exists(fname) and os.path.samefile(fname, user_path)
        if same and exc.lineno is not None:
            return "error", name, stem(exc.msg), ""
        where = f"{fname or 'no file'}:{exc.lineno}"
        if fname.startswith(S2S_DIR):
            where = os.path.relpath(fname, os.path.dirname(S2S_DIR)) + f":{exc.lineno}"
        return "crash", f"{name} not at a user line", stem(exc.msg), where
    if isinstance(exc, s2sgrad.S2SGradError):
        return "crash", f"{name} without a user line", stem(str(exc)), ""
    where = _innermost_s2sgrad_frame(exc) or "outside s2sgrad"
    return "crash", name, stem(str(exc)), where


def _exception_outcome(mode: str, exc: BaseException, user_path: str):
    status, kind, st, where = classify_exception(exc, user_path)
    text = (
        f"{mode}: s2sgrad raised {kind}"
        + (f" at {where}" if where else "")
        + ":\n"
        + "".join(traceback.format_exception_only(type(exc), exc)).rstrip()
    )
    if status == "crash":
        text += "\n" + "".join(traceback.format_tb(exc.__traceback__)[-4:]).rstrip()
    return status, kind, st, where, text


STEPS = (1e-5, 1e-6, 1e-7)


def _erratic(quotients, scale) -> bool:
    """Do central difference quotients at the steps ``STEPS`` disagree far beyond rounding
    and truncation, i.e. is the program not differentiable there (a branch such as
    ``np.where(a > b, ...)`` on values equal up to rounding, which flips at random)?"""
    return max(quotients) - min(quotients) > 1e-3 * scale


def _moved(args, i, c, t):
    """``args`` with coordinate ``c`` of ``args[i]`` moved by ``t``."""
    moved = list(args)
    if np.ndim(args[i]) == 0:
        moved[i] = args[i] + t
    else:
        a = np.array(args[i], dtype=float)
        a[c] += t
        moved[i] = a
    return moved


def _kinked(f, args, i, coords, scale, trace) -> bool:
    """Is ``f`` not differentiable along each of the ``coords`` of ``args[i]``: are its
    difference quotients erratic there, or does it take other branches at the probe
    points ``x ± EPS`` than at ``x`` (a branch decided by rounding)? Finite differences
    are no oracle there."""
    for c in coords:

        def at(t, c=c):
            return float(f(*_moved(args, i, c, t)))

        if _erratic([(at(h) - at(-h)) / (2 * h) for h in STEPS], scale):
            continue
        probes = [_moved(args, i, c, EPS), _moved(args, i, c, -EPS)]
        if not same_branches(trace, args, probes):
            continue
        return False
    return True


def _check_reverse(f, args, value, user_path, scales, trace):
    """(status, kind, stem, where, message) of reverse mode; appends the function's
    scale (for the tolerances) to ``scales`` once the finite differences are known."""
    argnums = tuple(range(len(args)))
    try:
        got_value, grads = s2sgrad.value_and_grad(f, argnums=argnums)(*args)
    except Exception as exc:
        return _exception_outcome("reverse", exc, user_path)
    if not np.allclose(got_value, value, rtol=1e-10, atol=1e-12):
        return (
            "wrong",
            "value",
            "value_and_grad value differs from f()",
            "",
            f"reverse: value_and_grad value {got_value!r} != f() = {value!r}",
        )
    fds = [numerical_grad(f, args, i, EPS) for i in argnums]
    erratic = {}  # argument -> coordinates along which f is not differentiable
    outcome = _compare_reverse(f, args, grads, fds, _scale(value, fds), erratic, trace)
    if erratic:
        # an erratic difference quotient must not widen the tolerance of the others
        clean = []
        for i, fd in enumerate(fds):
            fd = np.array(fd, dtype=float)
            for c in erratic.get(i, ()):
                fd[c] = 0.0
            clean.append(fd)
        scale = _scale(value, clean)
        masked = []
        for i, fd in enumerate(clean):
            for c in erratic.get(i, ()):
                fd[c] = np.asarray(grads[i], dtype=float)[c]
            masked.append(float(fd) if np.ndim(fds[i]) == 0 else fd)
        outcome = _compare_reverse(f, args, grads, masked, scale, {}, trace)
        if outcome[0] == "ok":
            where = {f"x{i}": [tuple(map(int, c)) for c in cs] for i, cs in erratic.items()}
            outcome = (
                "nonsmooth",
                "nonsmooth",
                "",
                "",
                f"reverse: f is not differentiable along {where}",
            )
    else:
        scale = _scale(value, fds)
    scales.append(scale)
    return outcome


def _compare_reverse(f, args, grads, fds, scale, erratic, trace):
    """The outcome of comparing ``grads`` with finite differences ``fds``; the
    coordinates where they differ because ``f`` is erratic there go to ``erratic``."""
    for i, (g, fd) in enumerate(zip(grads, fds)):
        problem = _mismatch(g, fd, scale)
        if problem is not None:
            # finite differences at a second step size rule out truncation/rounding noise
            fd2 = numerical_grad(f, args, i, 1e-4)
            if _mismatch(g, fd2, scale) is not None:
                bad = np.abs(
                    np.asarray(g, dtype=float) - np.asarray(fd, dtype=float)
                ) > ATOL * scale + RTOL * np.abs(np.asarray(fd, dtype=float))
                coords = [tuple(c) for c in np.argwhere(bad)] if np.ndim(g) else [()]
                if not problem.startswith(("non-finite", "shape")) and _kinked(
                    f, args, i, coords, scale, trace
                ):
                    erratic[i] = coords  # not checked there; the rest still is
                    continue
                kind = "nonfinite" if problem.startswith("non-finite") else "gradient"
                if problem.startswith("shape"):
                    kind = "shape"
                return (
                    "wrong",
                    f"reverse {kind}",
                    "",
                    "",
                    f"reverse-mode gradient of x{i}: {problem}",
                )
        if type(args[i]) is float and not isinstance(g, (float, np.floating)):
            return (
                "wrong",
                "reverse type",
                "",
                "",
                f"gradient of Python float x{i} has type {type(g).__name__}",
            )
    return "ok", "", "", "", ""


def _check_forward(f, args, value, seed, user_path, scales, trace):
    rng = np.random.default_rng(seed + 1)
    tangents = [
        float(rng.normal()) if type(a) is float else rng.normal(size=np.shape(a)) for a in args
    ]
    try:
        primal, tan = _jvp(f, args, tangents)
    except Exception as exc:
        return _exception_outcome("forward", exc, user_path)
    if not np.allclose(primal, value, rtol=1e-10, atol=1e-12):
        return (
            "wrong",
            "value",
            "jvp primal output differs from f()",
            "",
            f"forward: jvp primal output {primal!r} != f() = {value!r}",
        )

    def moved(h):
        return [a + h * t for a, t in zip(args, tangents)]

    def along(h):
        return f(*moved(h))

    fd = (float(along(EPS)) - float(along(-EPS))) / (2 * EPS)
    scale = scales[0] if scales else max(1.0, abs(float(value)), abs(fd))
    tscale = scale * max(1.0, max(float(np.max(np.abs(t))) for t in tangents))
    try:
        tan = np.asarray(tan, dtype=float).reshape(())
    except (TypeError, ValueError):
        return (
            "wrong",
            "forward shape",
            "",
            "",
            f"forward-mode jvp: tangent {tan!r} is not a scalar",
        )
    problem = _mismatch(tan, fd, tscale)
    if problem is not None:
        fd2 = (float(along(1e-4)) - float(along(-1e-4))) / 2e-4
        if not problem.startswith("non-finite") and (
            _erratic([(float(along(h)) - float(along(-h))) / (2 * h) for h in STEPS], tscale)
            or not same_branches(trace, args, [moved(EPS), moved(-EPS)])
        ):
            return (
                "nonsmooth",
                "nonsmooth",
                "",
                "",
                f"forward: f is not differentiable along the tangent: {problem}",
            )
        if _mismatch(tan, fd2, tscale) is not None:
            kind = "nonfinite" if problem.startswith("non-finite") else "tangent"
            return "wrong", f"forward {kind}", "", "", f"forward-mode jvp: {problem}"
    return "ok", "", "", "", ""


def _same_inputs(args, saved) -> bool:
    return all(np.array_equal(a, s) for a, s in zip(args, saved))


def check_program(program: Program, directory: str, constructs: tuple = CONSTRUCTS) -> Result:
    seed = program.seed
    features = frozenset(program.features)

    def result(status, message="", kind="", st="", where=""):
        return Result(seed, status, message, program, kind, st, where, features, tuple(constructs))

    try:
        module = load(program, directory)
        args = program.inputs()
        with np.errstate(all="raise"):
            value = module.f(*args)
        if np.shape(value) != ():
            raise AssertionError(f"program returns shape {np.shape(value)}")
    except Exception:
        return result(
            "invalid",
            "generator produced an invalid program:\n" + traceback.format_exc(limit=-3),
            "invalid",
        )
    if not np.isfinite(value):
        return result("nonfinite")
    f = module.f
    user_path = module.__file__
    trace = tracer(program.source, directory, f"s2s_fuzz_trace_{seed}_{os.getpid()}")
    saved = [np.copy(a) for a in args]
    # each program starts from an empty cache, so that a failure reproduces on its own
    s2sgrad.clear_cache()
    scales = []
    with warnings.catch_warnings():
        # a NaN in a derivative is reported as a wrong gradient, not as a warning
        warnings.simplefilter("ignore", RuntimeWarning)
        outcomes = [_check_reverse(f, args, value, user_path, scales, trace)]
        if not _same_inputs(args, saved):
            return result(
                "wrong", "s2sgrad's reverse mode changed an input in place", "input changed"
            )
        if hasattr(s2sgrad, "jvp"):
            outcomes.append(_check_forward(f, args, value, seed, user_path, scales, trace))
            if not _same_inputs(args, saved):
                return result(
                    "wrong", "s2sgrad's forward mode changed an input in place", "input changed"
                )
    worst = max(outcomes, key=lambda o: _SEVERITY[o[0]])
    status, kind, st, where, _ = worst
    message = "\n".join(o[4] for o in outcomes if o[0] != "ok")
    return result(status, message, kind, st, where)


def run(
    seed: int,
    count: int,
    directory: str | None = None,
    constructs: tuple = CONSTRUCTS,
    **gen_kwargs,
) -> list[Result]:
    """Check the programs of seeds ``seed .. seed + count - 1``."""
    own = directory is None
    tmp = tempfile.TemporaryDirectory(prefix="s2s_fuzz_") if own else None
    directory = tmp.name if own else directory
    try:
        results = []
        for s in range(seed, seed + count):
            program = generate(s, constructs=constructs, **gen_kwargs)
            results.append(check_program(program, directory, constructs))
        return results
    finally:
        if tmp is not None:
            tmp.cleanup()


def _run_chunk(chunk):
    seed, count, constructs = chunk
    return [
        (r.seed, r.status, r.message, r.kind, r.stem, r.where, r.features)
        for r in run(seed, count, constructs=constructs)
    ]


def run_parallel(seed: int, count: int, jobs: int, constructs: tuple = CONSTRUCTS) -> list[Result]:
    """Like :func:`run`, split over ``jobs`` processes."""
    if jobs <= 1:
        return run(seed, count, constructs=constructs)
    import multiprocessing

    per = -(-count // jobs)
    chunks = [
        (s, min(per, seed + count - s), tuple(constructs)) for s in range(seed, seed + count, per)
    ]
    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with ctx.Pool(jobs) as pool:
        parts = pool.map(_run_chunk, chunks)
    out = []
    for part in parts:
        for s, st, msg, kind, stm, where, feats in part:
            program = generate(s, constructs=constructs) if st in BAD or st == "error" else None
            out.append(Result(s, st, msg, program, kind, stm, where, feats, tuple(constructs)))
    return out


def counts(results: list[Result]) -> Counter:
    return Counter(r.status for r in results)


def summarize(results: list[Result]) -> str:
    c = counts(results)
    return (
        f"fuzz: {len(results)} programs, {c['ok']} correct, {c['error']} clear-error, "
        f"{c['wrong']} wrong, {c['crash']} crash, {c['invalid']} invalid, "
        f"{c['nonfinite']} non-finite, {c['nonsmooth']} non-smooth"
    )


def _seeds(rs, limit=12) -> str:
    text = ", ".join(str(r.seed) for r in rs[:limit])
    return text + (f", ... ({len(rs)})" if len(rs) > limit else "")


def detailed_report(results: list[Result], by_construct: bool = False) -> str:
    """The outcome classes with their counts and (for bad ones) seeds."""
    lines = [summarize(results)]
    for status, title in (
        ("error", "clear errors"),
        ("wrong", "wrong"),
        ("crash", "crashes"),
        ("invalid", "invalid programs"),
    ):
        groups: dict[str, list] = {}
        for r in results:
            if r.status == status:
                groups.setdefault(r.label, []).append(r)
        if not groups:
            continue
        lines.append(f"  {title} by class:")
        for label, rs in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            line = f"    {len(rs):5d}  {label}"
            if status != "error":
                line += f"\n           seeds: {_seeds(rs)}"
            else:
                base = sum(r.base_only for r in rs)
                if base:
                    line += f"  ({base} on programs without issue-10 constructs)"
            lines.append(line)
    if by_construct:
        lines.append("  by construct (programs: correct/clear-error/wrong/crash):")
        for c in CONSTRUCTS:
            rs = [r for r in results if c in r.features]
            if rs:
                k = counts(rs)
                lines.append(
                    f"    {c:10s} {len(rs):5d}: {k['ok']}/{k['error']}/{k['wrong']}/{k['crash']}"
                )
        forms = Counter()
        bad_forms = Counter()
        for r in results:
            for feat in r.features:
                if "." in feat:
                    forms[feat] += 1
                    bad_forms[feat] += r.bad
        lines.append("  by form (programs, bad):")
        for feat, n in sorted(forms.items()):
            lines.append(f"    {feat:28s} {n:5d} {bad_forms[feat]:5d}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument(
        "--constructs",
        default="all",
        help="issue-10 constructs to generate: all (default), none, or a "
        f"comma-separated list of {', '.join(CONSTRUCTS)}",
    )
    ap.add_argument("--show", action="store_true", help="print every program's source")
    ap.add_argument(
        "--by-construct", action="store_true", help="also count outcomes per construct and form"
    )
    ap.add_argument(
        "--max-failures", type=int, default=20, help="how many bad programs to print in full"
    )
    ap.add_argument(
        "--save",
        metavar="PATH",
        help="write every outcome (seed, status, class, message) as JSON lines",
    )
    opts = ap.parse_args(argv)
    constructs = parse_constructs(opts.constructs)
    start = time.perf_counter()
    if opts.show:
        for s in range(opts.seed, opts.seed + opts.count):
            print(f"# seed {s}\n{generate(s, constructs=constructs).source}")
    results = run_parallel(opts.seed, opts.count, opts.jobs, constructs)
    bad = [r for r in results if r.bad]
    for r in bad[: opts.max_failures]:
        print(r.report())
    if opts.show:
        for r in results:
            if r.status == "error":
                print(f"--- seed={r.seed} clear error: {r.message}")
    if opts.save:
        import json

        with open(opts.save, "w") as fh:
            for r in results:
                fh.write(
                    json.dumps(
                        {
                            "seed": r.seed,
                            "status": r.status,
                            "label": r.label,
                            "message": r.message,
                            "features": sorted(r.features),
                        }
                    )
                    + "\n"
                )
    print(detailed_report(results, opts.by_construct))
    print(f"in {time.perf_counter() - start:.1f}s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
