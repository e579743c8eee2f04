"""The one finite-difference helper every test uses."""

from __future__ import annotations

import dataclasses

import numpy as np

import s2sgrad


def _leaves(tree, path=()):
    if dataclasses.is_dataclass(tree) and not isinstance(tree, type):
        for f in dataclasses.fields(tree):
            yield from _leaves(getattr(tree, f.name), path + (f.name,))
    elif isinstance(tree, dict):
        for k in tree:
            yield from _leaves(tree[k], path + (k,))
    elif isinstance(tree, (list, tuple)):
        for i, v in enumerate(tree):
            yield from _leaves(v, path + (i,))
    else:
        yield path, tree


def _get(tree, path):
    for p in path:
        tree = getattr(tree, p) if dataclasses.is_dataclass(tree) else tree[p]
    return tree


def _replace(tree, path, value):
    if not path:
        return value
    head, rest = path[0], path[1:]
    if dataclasses.is_dataclass(tree) and not isinstance(tree, type):
        return dataclasses.replace(tree, **{head: _replace(getattr(tree, head), rest, value)})
    if isinstance(tree, dict):
        out = dict(tree)
        out[head] = _replace(tree[head], rest, value)
        return out
    out = list(tree)
    out[head] = _replace(tree[head], rest, value)
    if hasattr(tree, "_fields"):
        return type(tree)(*out)  # a NamedTuple
    return type(tree)(out) if isinstance(tree, tuple) else out


def numerical_grad(f, args, argnum, eps=1e-6):
    """Central finite differences of scalar ``f(*args)`` with respect to ``args[argnum]``."""
    target = args[argnum]
    out = target
    for path, leaf in _leaves(target):
        arr = np.array(leaf, dtype=float)
        g = np.zeros_like(arr)
        for idx in np.ndindex(arr.shape):
            plus, minus = arr.copy(), arr.copy()
            plus[idx] += eps
            minus[idx] -= eps
            a_plus = list(args)
            a_minus = list(args)
            a_plus[argnum] = _replace(target, path, plus if arr.ndim else float(plus))
            a_minus[argnum] = _replace(target, path, minus if arr.ndim else float(minus))
            fp = f(*a_plus)
            fm = f(*a_minus)
            if isinstance(fp, (tuple, list)):
                fp, fm = fp[0], fm[0]
            g[idx] = (float(fp) - float(fm)) / (2 * eps)
        out = _replace(out, path, g if arr.ndim else float(g))
    return out


def assert_tree_close(actual, expected, rtol=1e-6, atol=1e-7):
    la, le = list(_leaves(actual)), list(_leaves(expected))
    assert [p for p, _ in la] == [p for p, _ in le], (actual, expected)
    for (p, a), (_, e) in zip(la, le):
        assert np.shape(a) == np.shape(e), f"shape mismatch at {p}: {np.shape(a)} vs {np.shape(e)}"
        np.testing.assert_allclose(a, e, rtol=rtol, atol=atol, err_msg=f"at {p}")


def check_grads(f, *args, argnums=0, rtol=1e-6, atol=1e-6, eps=1e-6):
    """Assert that s2sgrad's gradient of ``f`` matches central finite differences."""
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    grads = s2sgrad.grad(f, argnums=argnums)(*args)
    if isinstance(argnums, int):
        grads = (grads,)
    for n, g in zip(nums, grads):
        expected = numerical_grad(f, args, n, eps)
        assert_tree_close(g, expected, rtol=rtol, atol=atol)
    return grads
