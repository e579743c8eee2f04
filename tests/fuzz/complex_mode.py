"""Complex mode of the fuzzer: random straight-line programs on complex arrays.

    python tests/fuzz/complex_mode.py --seed 0 --count 200          # a batch
    python tests/fuzz/complex_mode.py --seed 17 --count 1 --show    # reproduce one program

Each program takes two complex vectors (and, in half the programs, a real one), combines
them with complex-safe operations (arithmetic, exp/log/sqrt/trig, conj/real/imag/abs/angle,
products, reductions, numpy.fft, loops carrying values), and returns a real loss.
s2sgrad's ``grad`` with respect to every argument is compared with complex finite
differences (``d/dx - 1j d/dy``, the convention of autograd), and ``jvp`` with a
finite-difference directional derivative.
Program ``k`` of a batch started at ``--seed S`` is the program of seed ``S + k``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
for _p in (os.path.dirname(HERE), ROOT):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import s2sgrad  # noqa: E402

N = 4
# (template, arity): every operand and result is a complex (or real) vector of length N
UNARY = [
    "np.exp({0} * 0.3)",
    "np.log({0} + 3.0)",
    "np.sqrt({0} + 2.0)",
    "np.sin({0})",
    "np.cos({0})",
    "np.tanh({0} * 0.5)",
    "np.conj({0})",
    "np.real({0})",
    "np.imag({0})",
    "np.abs({0} + 0.5)",
    "np.angle({0} + 2.0)",
    "{0} ** 2",
    "({0} + 2.5) ** 1.5",
    "np.fft.fft({0}, norm='ortho')",
    "np.fft.ifft({0})",
    "np.cumsum({0})",
    "np.fft.fftshift({0})",
    "np.flip({0})",
    "{0} * (1.0 - 0.5j)",
    "1.0 / ({0} + 3.0)",
    "np.fft.irfft({0}, n={n})[:{n}] + 0.5j",
    "np.fft.rfft(np.real({0}), n={m})[:{n}]",
    "{0} * np.var({0})",
    "{0} - np.std({0} * 2.0, ddof=1)",
    "np.linalg.svd(np.outer({0}, np.arange(1.0, 4.0)) + np.diag([3.0, 1.0, 0.5, 0.0])"
    "[:, :3], compute_uv=False)[np.array([0, 1, 2, 0])] * {0}",
    "{0} * np.linalg.norm({0} + 0.5, ord=3)",
    "{0} / (1.0 + np.linalg.norm({0}, np.inf))",
    "np.linalg.qr(np.outer({0}, np.arange(1.0, 4.0)) * 0.3 + np.eye(4, 3) * 3.0)[0]"
    " @ np.arange(1.0, 4.0)",
    "np.linalg.cholesky(np.outer({0}, np.conj({0})) * 0.2 + np.eye(4) * 2.0) @ {0}",
    "np.linalg.lstsq(np.outer({0}, np.arange(1.0, 3.0)) * 0.3 + np.eye(4, 2) * 2.0, {0},"
    " rcond=None)[0][np.array([0, 1, 0, 1])]",
]
BINARY = [
    "{0} + {1}",
    "{0} - {1}",
    "{0} * {1}",
    "{0} / ({1} * {1} + 2.0)",
    "np.conj({0}) * {1}",
    "np.outer({0}, {1}) @ {0}",
    "np.vdot({0}, {1}) * {0}",
    "np.einsum('i,j->i', {0}, {1})",
    "np.where(np.real({1}) > 0, {0}, {1})",
    "np.dot({0}, {1}) + {0}",
    "np.mean({0} * {1}) + {1}",
    "np.linalg.solve(np.diag({1} * 0.1 + 3.0) + np.outer({0}, {1}) * 0.1, {0})",
    "np.linalg.pinv(np.outer({0}, {1}) * 0.1 + np.eye(4) * 2.0) @ {1}",
    "np.linalg.tensorsolve((np.outer({0}, {1}) * 0.1 + np.eye(4) * 3.0).reshape(2, 2, 4),"
    " np.reshape({1}, (2, 2)))",
    "np.reshape(np.linalg.tensorinv(np.reshape(np.outer({0}, {1}) * 0.1 + np.eye(4) * 3.0,"
    " (4, 2, 2)), ind=1), (4, 4)) @ {0}",
]
LOSSES = [
    "np.sum(np.abs({0}) ** 2)",
    "np.real(np.sum({0} * (0.5 + 1.0j)))",
    "np.imag(np.prod({0} * 0.5 + 1.0))",
    "np.linalg.norm({0})",
    "np.sum(np.real({0}) * np.imag({0}))",
    "np.linalg.norm({0}, ord=4)",
    "np.linalg.norm(np.outer({0}, np.conj({0})) + np.eye(4), 'nuc')",
]


def generate(seed: int, statements: int = 5) -> str:
    rng = random.Random(seed)
    real_arg = rng.random() < 0.5
    params = ["z", "w"] + (["x"] if real_arg else [])
    names = list(params)
    lines = [f"def f({', '.join(params)}):"]
    for k in range(statements):
        out = f"v{k}"
        if rng.random() < 0.15:  # a loop carrying a complex (or real) value
            a, b = rng.choice(names), rng.choice(names)
            lines.append(f"    {out} = {a} * 0.5")
            lines.append("    for i in range(3):")
            lines.append(
                f"        {out} = {out} * {rng.choice(['(0.5 + 0.5j)', '0.7', b])}"
                f" + {b}[i] * {rng.choice(['1j', '0.3', a])}"
            )
            names.append(out)
            continue
        if rng.random() < 0.55:
            expr = rng.choice(UNARY).format(rng.choice(names), n=N, m=2 * N - 1)
        else:
            expr = rng.choice(BINARY).format(rng.choice(names), rng.choice(names))
        lines.append(f"    {out} = {expr}")
        names.append(out)
    used = rng.sample(names[len(params) :], k=min(2, statements))
    loss = " + ".join(rng.choice(LOSSES).format(v) for v in used)
    lines.append(f"    return {loss} + np.sum(np.abs(z) ** 2) * 0.0")
    return "import numpy as np\n\n\n" + "\n".join(lines) + "\n"


def arguments(seed: int, source: str):
    rng = np.random.default_rng(seed)
    args = [rng.normal(size=N) + 1j * rng.normal(size=N) for _ in range(2)]
    if "x):" in source.splitlines()[3]:
        args.append(rng.normal(size=N))
    return tuple(a * 0.7 for a in args)


def _fd_grad(f, args, i, eps=1e-6):
    x = args[i]
    out = np.zeros(x.shape, dtype=x.dtype)
    for k in range(x.size):
        for d in [1.0, 1j] if np.iscomplexobj(x) else [1.0]:
            e = np.zeros(x.shape, dtype=x.dtype)
            e.flat[k] = d
            hi = f(*args[:i], x + eps * e, *args[i + 1 :])
            lo = f(*args[:i], x - eps * e, *args[i + 1 :])
            out.flat[k] += np.real(hi - lo) / (2 * eps) * (1.0 if d == 1.0 else -1j)
    return out


def check(seed: int, directory: str) -> str | None:
    """None when the program's derivatives match, else a message."""
    source = generate(seed)
    name = f"s2s_cfuzz_{seed}_{os.getpid()}"
    path = os.path.join(directory, name + ".py")
    with open(path, "w") as fh:
        fh.write(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    f = module.f
    args = arguments(seed, source)
    with np.errstate(all="ignore"):
        value = f(*args)
        if not np.isfinite(value) or abs(value) > 1e6:
            return None
        nums = tuple(range(len(args)))
        grads = s2sgrad.grad(f, argnums=nums)(*args)
        for i, g in enumerate(grads):
            fd = _fd_grad(f, args, i)
            scale = max(1.0, np.max(np.abs(fd)))
            if np.shape(g) != np.shape(fd) or not np.allclose(g, fd, rtol=1e-5, atol=1e-6 * scale):
                return f"grad of argument {i}: {g} != {fd}"
        rng = np.random.default_rng(seed + 1)
        tangents = tuple(
            rng.normal(size=N) + (1j * rng.normal(size=N) if np.iscomplexobj(a) else 0.0)
            for a in args
        )
        _, dot = s2sgrad.jvp(f, args, tangents)
        eps = 1e-6
        fd = (
            f(*[a + eps * t for a, t in zip(args, tangents)])
            - f(*[a - eps * t for a, t in zip(args, tangents)])
        ) / (2 * eps)
        if not np.allclose(dot, fd, rtol=1e-5, atol=1e-6 * max(1.0, abs(fd))):
            return f"jvp: {dot} != {fd}"
    return None


def run(seed: int, count: int) -> list[tuple[int, str, str]]:
    """Failures ``(seed, message, source)`` of programs ``seed .. seed + count - 1``."""
    failures = []
    with tempfile.TemporaryDirectory() as directory:
        for s in range(seed, seed + count):
            try:
                message = check(s, directory)
            except Exception as exc:  # noqa: BLE001  (any error of s2sgrad is a failure)
                message = f"{type(exc).__name__}: {exc}"
            if message is not None:
                failures.append((s, message, generate(s)))
    return failures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--show", action="store_true", help="print every program")
    ns = parser.parse_args(argv)
    if ns.show:
        for s in range(ns.seed, ns.seed + ns.count):
            print(f"# seed {s}\n{generate(s)}")
    failures = run(ns.seed, ns.count)
    for s, message, source in failures:
        print(
            f"--- complex fuzz program seed={s}: {message}\n{source}\n"
            f"reproduce: python tests/fuzz/complex_mode.py --seed {s} --count 1 --show\n"
        )
    print(f"{ns.count} programs, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
