"""Scale: a 2,000-line straight-line function and a 200-deep call chain transform in
seconds. Times and peak memory are printed (run with ``-s``) for the docs."""

from __future__ import annotations

import importlib.util
import sys
import time

import numpy as np

import s2sgrad

# a ceiling against a blow-up (quadratic passes, say), not a speed measurement: the times
# are printed for the docs and measured without load in benchmarks/
LIMIT_S = 120.0


def _load(tmp_path, name: str, text: str):
    path = tmp_path / f"{name}.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _peak_rss_growth(fn):
    """Run ``fn``; return its result, the time and the growth of the peak RSS (bytes; Linux
    resets the high-water mark through /proc/self/clear_refs; None elsewhere). When the
    growth is under 1 MiB (memory freed by earlier tests was reused) the process's whole
    peak RSS is returned, an upper bound.

    tracemalloc would slow the AST-heavy transforms 4x (2,000 lines) to 25x (the deep
    chain), so the peak resident set size stands in for it."""

    def read(field):
        with open("/proc/self/status") as fh:
            for ln in fh:
                if ln.startswith(field):
                    return int(ln.split()[1]) * 1024
        return None

    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        base = read("VmRSS:")
    except OSError:
        base = None
    start = time.perf_counter()
    out = fn()
    elapsed = time.perf_counter() - start
    peak = read("VmHWM:") - base if base is not None else None
    if peak is not None and peak < 2**20:
        # the allocator reused memory freed earlier: report the process's peak instead
        peak = read("VmHWM:")
    return out, elapsed, peak


def straight_line_source(n: int) -> str:
    """``n`` lines cycling through elementwise ops, all of them feeding the result."""
    ops = [
        "np.sin({a}) * {b}",
        "{a} + 0.5 * {b}",
        "np.tanh({a} - {b})",
        "{a} * {b} * 0.9",
        "np.log(1.0 + {a} * {a}) + {b}",
        "np.exp(-{a} * {a}) - {b}",
        "{a} / (1.0 + {b} * {b})",
    ]
    lines = ["import numpy as np", "", "", "def big(x, y):", "    v0 = x", "    v1 = y"]
    for i in range(2, n):
        a, b = f"v{i - 1}", f"v{i - 2}"
        lines.append(f"    v{i} = " + ops[i % len(ops)].format(a=a, b=b))
    lines.append(f"    return np.sum(v{n - 1}) + np.sum(v{n - 2})")
    return "\n".join(lines) + "\n"


def test_straight_line_2000_lines(tmp_path):
    mod = _load(tmp_path, "s2s_scale_big", straight_line_source(2000))
    x, y = np.array([0.3, -0.2]), np.array([0.1, 0.4])
    s2sgrad.clear_cache()
    g, elapsed, peak = _peak_rss_growth(lambda: s2sgrad.grad(mod.big, argnums=(0, 1))(x, y))
    mem = "n/a" if peak is None else f"{peak / 2**20:.1f} MiB"
    print(
        f"\nscale: 2,000-line function: transform + first call {elapsed:.2f}s, "
        f"peak RSS growth (or process peak) {mem}"
    )
    assert elapsed < LIMIT_S
    # spot check against central differences along a random direction
    rng = np.random.default_rng(0)
    dx, dy = rng.normal(size=2), rng.normal(size=2)
    eps = 1e-6
    fd = (mod.big(x + eps * dx, y + eps * dy) - mod.big(x - eps * dx, y - eps * dy)) / (2 * eps)
    ad = float(np.dot(g[0], dx) + np.dot(g[1], dy))
    assert abs(ad - fd) <= 1e-5 * max(1.0, abs(fd))
    before = s2sgrad.stats["transforms"]
    s2sgrad.grad(mod.big, argnums=(0, 1))(x, y)
    assert s2sgrad.stats["transforms"] == before  # cached: no second transform


def chain_source(depth: int, module_prefix: str) -> list[tuple[str, str]]:
    """``depth`` modules: f_k calls f_{k+1} from the next module."""
    mods = []
    for k in range(depth):
        lines = ["import numpy as np"]
        if k + 1 < depth:
            lines.append(f"from {module_prefix}{k + 1} import f{k + 1}")
        lines += ["", "", f"def f{k}(x):"]
        if k + 1 < depth:
            lines.append(f"    return np.sin(f{k + 1}(x)) * 0.5 + x * 0.01")
        else:
            lines.append("    return np.tanh(x)")
        mods.append((f"{module_prefix}{k}", "\n".join(lines) + "\n"))
    return mods


def _check_chain(tmp_path, prefix: str, depth: int = 200):
    for name, text in chain_source(depth, prefix):
        (tmp_path / f"{name}.py").write_text(text)
    sys.path.insert(0, str(tmp_path))
    try:
        import importlib

        # import the deepest module first, so that no import nests 200 deep
        for k in reversed(range(depth)):
            mod = importlib.import_module(f"{prefix}{k}")
        x = 0.7
        s2sgrad.clear_cache()
        before = s2sgrad.stats["transforms"]
        g, elapsed, peak = _peak_rss_growth(lambda: s2sgrad.grad(mod.f0)(x))
        transforms = s2sgrad.stats["transforms"] - before
        print(
            f"\nscale: {depth}-deep call chain over {depth} modules (recursion limit "
            f"{sys.getrecursionlimit()}): transform + first call {elapsed:.2f}s, "
            f"{transforms} transforms, peak RSS growth (or process peak) "
            f"{'n/a' if peak is None else f'{peak / 2**20:.1f} MiB'}"
        )
        assert elapsed < LIMIT_S
        assert transforms == depth
        eps = 1e-6
        fd = (mod.f0(x + eps) - mod.f0(x - eps)) / (2 * eps)
        assert abs(g - fd) <= 1e-6 * max(1.0, abs(fd))
    finally:
        sys.path.remove(str(tmp_path))
        for k in range(depth):
            sys.modules.pop(f"{prefix}{k}", None)


def test_call_chain_200_deep(tmp_path):
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        _check_chain(tmp_path, "s2s_scale_chain_")
    finally:
        sys.setrecursionlimit(old)


def test_call_chain_200_deep_with_raised_recursion_limit(tmp_path):
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 10000))
    try:
        _check_chain(tmp_path, "s2s_scale_chain_hi_")
    finally:
        sys.setrecursionlimit(old)


# ---- the in-place analysis of callees is kept across transformations ------------------


def _grow_none(xs, v):
    return v


def _grow_append(xs, v):
    xs.append(np.sin(v))
    return v


_grow = _grow_none


def _middle(xs, w):
    _grow(xs, w * 2.0)


def _make_top():
    def top(w):
        xs = [w]
        _middle(xs, w)
        return np.sum(xs[-1] * xs[-1])

    return top


def test_kept_callee_analysis_follows_a_rebound_callee():
    """What ``_middle`` changes in place is analysed once and kept only while the names
    the analysis read (``_grow``, two calls down) are bound as they were: rebinding
    ``_grow`` to a function that appends is seen by a new transformation, by a cached
    unit of the same code and by a grad object made before (a kept analysis would miss
    the append: a wrong gradient)."""
    global _grow
    w = np.array([0.3, -0.8])
    kept = s2sgrad.grad(_make_top())
    eps = 1e-6
    try:
        for grow in (_grow_none, _grow_append, _grow_none, _grow_append):
            _grow = grow
            top = _make_top()  # a new function object of the same code
            expected = 2 * np.sin(2 * w) * np.cos(2 * w) * 2 if grow is _grow_append else 2 * w
            fd = np.array([(top(w + eps * e) - top(w - eps * e)) / (2 * eps) for e in np.eye(2)])
            np.testing.assert_allclose(fd, expected, rtol=1e-6, atol=1e-8)
            np.testing.assert_allclose(s2sgrad.grad(top)(w), expected, rtol=1e-10)
            np.testing.assert_allclose(kept(w), expected, rtol=1e-10)
            _, tangent = s2sgrad.jvp(top, (w,), (np.ones(2),))
            np.testing.assert_allclose(tangent, np.sum(expected), rtol=1e-10)
    finally:
        _grow = _grow_none
