"""The one finite-difference helper every test uses, and the checks built on it: every
mode against finite differences (``check_all_modes``), every mode refusing a program at the
user's line (``check_rejected``)."""

from __future__ import annotations

import dataclasses
import inspect

import numpy as np
import pytest

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


def _fd(f, x, eps=1e-6):
    return numerical_grad(f, (x,), 0, eps)


def fd_hessian(f, x, eps=1e-4):
    """The Hessian of scalar ``f`` at ``x`` by central differences of its finite-difference
    gradient."""
    x = np.asarray(x, dtype=float)
    h = np.zeros(x.shape + x.shape)
    for i in np.ndindex(x.shape):
        a, b = x.copy(), x.copy()
        a[i] += eps
        b[i] -= eps
        h[(Ellipsis,) + i] = (_fd(f, a, 1e-5) - _fd(f, b, 1e-5)) / (2 * eps)
    return h


def _autograd(f):
    """autograd's gradient of ``f`` where autograd can run it (a second oracle), else None."""
    try:
        import autograd
        import autograd.numpy as anp
    except ImportError:
        return None
    glob = dict(f.__globals__, np=anp)
    g = type(f)(f.__code__, glob, f.__name__, f.__defaults__, f.__closure__)
    return autograd.grad(g)


def check_all_modes(f, x, hess=True, oracle=True):
    """``f``'s derivatives in every mode agree with finite differences (and autograd, where
    it runs and ``oracle``: autograd differentiates through x.astype(int))."""
    x = np.array(x, dtype=float)
    expected = _fd(f, x)
    ag = _autograd(f) if oracle else None
    if ag is not None:
        try:
            oracle = ag(x.copy())
        except Exception:
            oracle = None
        if oracle is not None:
            np.testing.assert_allclose(oracle, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(s2sgrad.grad(f)(x.copy()), expected, rtol=1e-5, atol=1e-6)
    value, g = s2sgrad.value_and_grad(f)(x.copy())
    np.testing.assert_allclose(value, f(x.copy()), rtol=1e-12)
    np.testing.assert_allclose(g, expected, rtol=1e-5, atol=1e-6)
    _, (v,) = s2sgrad.vjp(f, (x.copy(),), 1.0)
    np.testing.assert_allclose(v, expected, rtol=1e-5, atol=1e-6)
    tangent = 0.7 + 0.1 * np.arange(x.size).reshape(x.shape)
    out, dot = s2sgrad.jvp(f, (x.copy(),), (tangent,))
    assert np.shape(dot) == np.shape(out)
    np.testing.assert_allclose(dot, np.sum(expected * tangent), rtol=1e-5, atol=1e-6)
    if hess:
        np.testing.assert_allclose(
            s2sgrad.hessian(f)(x.copy()), fd_hessian(f, x), rtol=1e-3, atol=1e-4
        )


def check_rejected(f, x, text, lines=None):
    """Every mode raises s2sgrad's own error naming ``f``'s file and one of its lines (or
    one of ``lines``), with ``text``."""
    source, start = inspect.getsourcelines(f)
    where = lines or range(start, start + len(source))
    x = np.array(x, dtype=float)
    modes = [
        lambda: s2sgrad.grad(f)(x.copy()),
        lambda: s2sgrad.value_and_grad(f)(x.copy()),
        lambda: s2sgrad.vjp(f, (x.copy(),), 1.0),
        lambda: s2sgrad.jvp(f, (x.copy(),), (np.ones_like(x),)),
        lambda: s2sgrad.hessian(f)(x.copy()),
    ]
    for mode in modes:
        with pytest.raises(s2sgrad.S2SGradError) as info:
            mode()
        err = info.value
        assert text in str(err)
        assert err.filename == f.__code__.co_filename and err.lineno in where, str(err)


def check_pass_keeps_numbers(pass_name, fun, args, argnums, calls, removed):
    """The optimisation pass ``pass_name`` removes ``removed`` calls of ``calls`` from the
    derivative of ``fun`` at ``args`` and changes no number: the same gradients bit for bit
    with the pass off, of the arguments' shapes and dtypes, right against finite differences
    and against autograd."""
    import autograd
    import autograd.numpy as anp

    from s2sgrad.pipeline import disabled

    g = s2sgrad.grad(fun, argnums=argnums)
    on, src = g(*args), g.source_for(*args)
    with disabled(pass_name):
        h = s2sgrad.grad(fun, argnums=argnums)
        off, src_off = h(*args), h.source_for(*args)
    assert sum(src_off.count(c) for c in calls) - sum(src.count(c) for c in calls) == removed
    assert_tree_close(on, off, rtol=0, atol=0)
    for d, a in zip(on, [args[i] for i in argnums]):
        assert d.shape == a.shape and d.dtype == a.dtype
    check_grads(fun, *args, argnums=argnums, rtol=1e-5, atol=1e-6)
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(fun.__globals__, "np", anp)
        ref = autograd.grad(fun, argnum=list(argnums))(*args)
    assert_tree_close(on, tuple(ref), rtol=1e-10, atol=1e-12)
