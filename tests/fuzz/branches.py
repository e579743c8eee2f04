"""The branches a fuzz program takes at a point, to tell a kink from a wrong derivative.

A central difference quotient is an oracle only where the program takes the same
branches at ``x - h``, ``x`` and ``x + h``. A branch decided by rounding, such as
``np.where(np.log(np.exp(x)) > x, ...)``, may go one way at ``x`` and the other way at
both probe points; then the quotients at every step agree with each other (the program
looks smooth) and yet differ from the derivative at ``x``. :func:`tracer` re-runs the
program with every decision recorded::

    v2 = np.where(v1 > x0, a, b)       ->  v2 = np.where(_fz_decide(v1 > x0), a, b)
    v3 = np.maximum(v1, x0)            ->  v3 = _fz_pick(np.maximum, v1, x0)

so that :func:`same_branches` can compare the decisions at the probe points with those
at ``x``. The decisions are the outcomes of comparisons (``if``, ``while``, ``np.where``
masks), which operand ``np.maximum``/``np.minimum`` take, and which elements attain an
extreme (``np.max``, ``np.min``, builtin ``max``/``min``, ``.max()``/``.min()``).
"""

from __future__ import annotations

import ast
import importlib.util
import os

import numpy as np

_PAIRS = {"maximum", "minimum", "fmax", "fmin"}
_EXTREMES = {"max", "min", "amax", "amin", "nanmax", "nanmin"}


def _decide(trace):
    def decide(value):
        trace.append(("cmp", np.shape(value), np.asarray(value, dtype=bool).tobytes()))
        return value

    return decide


def _pick(trace):
    def pick(fn, a, b, *rest, **kw):
        a_, b_ = np.asarray(a), np.asarray(b)
        trace.append(("pick", np.broadcast_shapes(a_.shape, b_.shape), (a_ > b_).tobytes()))
        trace.append(("tie", (a_ == b_).tobytes()))
        return fn(a, b, *rest, **kw)

    return pick


def _extreme(trace):
    def extreme(fn, kind, *args, **kw):
        out = fn(*args, **kw)
        if fn is max or fn is min:
            items = list(args[0]) if len(args) == 1 else list(args)
            try:
                vals = [float(np.asarray(v)) for v in items]
            except (TypeError, ValueError):
                vals = [float(np.sum(np.asarray(v))) for v in items]
            best = max(vals) if fn is max else min(vals)
            trace.append(("builtin", tuple(v == best for v in vals)))
            return out
        a = np.asarray(args[0])
        axis = kw.get("axis", args[1] if len(args) > 1 else None)
        ref = np.max if kind == "max" else np.min
        mask = a == ref(a, axis=axis, keepdims=True)
        trace.append(("extreme", a.shape, mask.tobytes()))
        return out

    return extreme


class _Instrument(ast.NodeTransformer):
    def visit_Compare(self, node):
        self.generic_visit(node)
        return ast.Call(ast.Name("_fz_decide", ast.Load()), [node], [])

    def visit_Call(self, node):
        self.generic_visit(node)
        fn = node.func
        is_np = isinstance(fn, ast.Attribute) and (
            isinstance(fn.value, ast.Name) and fn.value.id in ("np", "numpy")
        )
        if is_np and fn.attr in _PAIRS and len(node.args) >= 2:
            return ast.Call(ast.Name("_fz_pick", ast.Load()), [fn, *node.args], node.keywords)
        if is_np and fn.attr in _EXTREMES and node.args:
            kind = "max" if "max" in fn.attr else "min"
            return ast.Call(
                ast.Name("_fz_extreme", ast.Load()),
                [fn, ast.Constant(kind), *node.args],
                node.keywords,
            )
        if isinstance(fn, ast.Name) and fn.id in ("max", "min") and node.args:
            return ast.Call(
                ast.Name("_fz_extreme", ast.Load()),
                [fn, ast.Constant(fn.id), *node.args],
                node.keywords,
            )
        if isinstance(fn, ast.Attribute) and not is_np and fn.attr in ("max", "min"):
            # a method: v.max(axis) -> np.max(v, axis)
            ref = ast.Attribute(ast.Name("np", ast.Load()), fn.attr, ast.Load())
            return ast.Call(
                ast.Name("_fz_extreme", ast.Load()),
                [ref, ast.Constant(fn.attr), fn.value, *node.args],
                node.keywords,
            )
        return node


def tracer(source: str, directory: str, name: str):
    """A function ``trace(*args)`` running the program's ``f`` with every decision
    recorded; returns the list of decisions, or None when the instrumented program
    fails. The instrumented program is written and imported at the first call."""
    trace: list = []
    loaded = []

    def load():
        tree = _Instrument().visit(ast.parse(source))
        ast.fix_missing_locations(tree)
        path = os.path.join(directory, name + ".py")
        with open(path, "w") as fh:
            fh.write(ast.unparse(tree) + "\n")
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        module._fz_decide = _decide(trace)
        module._fz_pick = _pick(trace)
        module._fz_extreme = _extreme(trace)
        spec.loader.exec_module(module)
        return module

    def run(*args):
        try:
            if not loaded:
                loaded.append(load())
            trace.clear()
            with np.errstate(all="ignore"):
                loaded[0].f(*args)
        except Exception:
            return None
        return list(trace)

    return run


def same_branches(trace, at, moved) -> bool:
    """Does the program take at each of the points ``moved`` (argument lists) the
    branches it takes at ``at``? True when the instrumented program fails: that is no
    evidence of a kink, and a wrong derivative must still show."""
    base = trace(*at)
    if base is None:
        return True
    for m in moved:
        other = trace(*m)
        if other is not None and other != base:
            return False
    return True
