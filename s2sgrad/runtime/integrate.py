"""The derivatives of ``scipy.integrate.odeint(func, y0, t, args)`` (rules in
:mod:`s2sgrad.rules.scipy.integrate`), from the derivatives of ``func``
(:mod:`s2sgrad.runtime.functions`).

With ``y' = f(y, s, *args)``, ``y(t[0]) = y0`` and ``Y[i] = y(t[i])``:

- reverse mode (the adjoint method): the cotangent ``a`` of the state is carried back
  from ``t[i]`` to ``t[i-1]`` by ``a' = -a f_y``, integrated backwards together with
  ``y`` itself (from ``Y[i]``) and the cotangent of the arguments, ``p' = -a f_args``;
  each ``G[i]`` is added to ``a`` at its time. The times: ``d t[i] = G[i] . f(Y[i],
  t[i])`` for ``i > 0``; ``y0`` is fixed at ``t[0]``, so ``d t[0] = -a(t[0]) . f(y0,
  t[0])``, the carried cotangent before ``G[0]`` is added.
- forward mode (sensitivities): ``u = dy`` moves by ``u' = f_y u + f_args dargs`` from
  ``u(t[0]) = dy0 - f(y0, t[0]) dt[0]``; ``dY[i] = u(t[i]) + f(Y[i], t[i]) dt[i]``.
"""

from __future__ import annotations

import numpy as np

from .functions import function_jvp, function_vjp, tree_flatten, tree_unflatten


def _odeint():
    import scipy.integrate  # only programs calling odeint reach here: SciPy is installed

    return scipy.integrate.odeint


def _solver_options(rtol, atol, h0, hmax, hmin, mxstep, full_output):
    if full_output:
        raise ValueError(
            "odeint(..., full_output=True) cannot be differentiated: its output is a tuple "
            "with the solver's diagnostics; differentiate a call without full_output"
        )
    return {
        k: v
        for k, v in (
            ("rtol", rtol),
            ("atol", atol),
            ("h0", h0),
            ("hmax", hmax),
            ("hmin", hmin),
            ("mxstep", mxstep),
        )
        if v is not None
    }


def _order(tfirst, y, s):
    """The first two arguments of the field: ``(y, s)``, or ``(s, y)`` for ``tfirst``."""
    return (s, y) if tfirst else (y, s)


def _args_tuple(args):
    return args if isinstance(args, tuple) else (args,)


def odeint_adjoint(
    g, yt, func, y0, times, args, tfirst, full_output, rtol, atol, h0, hmax, hmin, mxstep
):
    """``(d y0, d t, d args)`` of ``yt = odeint(func, y0, t, args)`` for its cotangent
    ``g`` (see the module docstring)."""
    options = _solver_options(rtol, atol, h0, hmax, hmin, mxstep, full_output)
    args = _args_tuple(args)
    ts = np.asarray(times, dtype=float)
    n, size = np.shape(yt)
    g = np.broadcast_to(np.asarray(g, dtype=float), np.shape(yt))
    flat_args = tree_flatten(args)
    n_args = np.size(flat_args)
    y = np.asarray(yt[0], dtype=float)
    vjp = function_vjp(func, _order(tfirst, y, float(ts[0])) + args)

    def augmented(state, s):
        y, a = state[:size], state[size : 2 * size]
        dy, cts = vjp(_order(tfirst, y, s) + args, -a)
        d_args = tree_flatten(cts[2:], args)
        return np.concatenate([np.ravel(dy), np.ravel(cts[1 if tfirst else 0]), d_args])

    def speed(i):
        return np.ravel(func(*_order(tfirst, np.asarray(yt[i], dtype=float), float(ts[i])), *args))

    a = np.array(g[n - 1], dtype=float)
    p = np.zeros(n_args)
    dt = np.zeros(np.shape(ts))
    for i in range(n - 1, 0, -1):
        dt[i] = np.dot(g[i], speed(i))
        state = np.concatenate([np.ravel(yt[i]), a, p])
        back = _odeint()(augmented, state, np.array([ts[i], ts[i - 1]]), **options)[1]
        a, p = back[size : 2 * size], back[2 * size :]
        if i > 1:
            a = a + g[i - 1]
    if n > 1:
        dt[0] = -np.dot(a, speed(0))
        a = a + g[0]
    else:
        a = np.array(g[0], dtype=float)
    d_y0 = np.reshape(a, np.shape(y0)) if np.ndim(y0) else float(a[0])
    d_t = dt if np.ndim(times) else float(dt[0])
    return d_y0, d_t, tree_unflatten(p, args)


def odeint_tangent(
    yt,
    func,
    y0,
    times,
    args,
    t_y0,
    t_times,
    t_args,
    tfirst,
    full_output,
    rtol,
    atol,
    h0,
    hmax,
    hmin,
    mxstep,
):
    """The tangent of ``yt = odeint(func, y0, t, args)`` along the tangents ``t_y0``,
    ``t_times`` and ``t_args`` (zeros for constant ones; see the module docstring)."""
    options = _solver_options(rtol, atol, h0, hmax, hmin, mxstep, full_output)
    args = _args_tuple(args)
    ts = np.asarray(times, dtype=float)
    n, size = np.shape(yt)
    y0 = np.ravel(np.asarray(y0, dtype=float))
    flat = tree_flatten(t_args, args)  # zeros for the arguments that are constant
    t_args = tree_unflatten(flat, args) if np.any(flat) else (None,) * len(args)
    jvp = function_jvp(func, _order(tfirst, y0, float(ts[0])) + args)

    def augmented(state, s):
        y, u = state[:size], state[size:]
        dy, du = jvp(_order(tfirst, y, s) + args, _order(tfirst, u, None) + t_args)
        return np.concatenate([np.ravel(dy), np.ravel(du)])

    t_y0 = np.ravel(np.broadcast_to(np.asarray(t_y0, dtype=float), np.shape(y0)))
    t_times = np.broadcast_to(np.asarray(t_times, dtype=float), np.shape(ts))
    speeds = np.array(
        [
            np.ravel(func(*_order(tfirst, np.asarray(yt[i], dtype=float), float(ts[i])), *args))
            for i in range(n)
        ]
    )
    u0 = t_y0 - speeds[0] * t_times[0]
    u = _odeint()(augmented, np.concatenate([y0, u0]), ts, **options)[:, size:]
    return u + speeds * t_times.reshape(n, 1)
