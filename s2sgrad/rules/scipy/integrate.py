"""``scipy.integrate.odeint``: its derivatives need those of the function it integrates,
which its helpers make when they run (:mod:`s2sgrad.runtime.integrate`)."""

from __future__ import annotations

import scipy.integrate  # noqa: F401  (the rule's target)

from ...runtime import odeint_adjoint, odeint_tangent
from ..registry import d, rule  # t[...] below is the tangent notation, not the parameter t


@rule("scipy.integrate.odeint", functions=("func",))
def odeint(
    yt,
    func,
    y0,
    t,
    args=(),
    Dfun=None,
    col_deriv=0,
    full_output=0,
    ml=None,
    mu=None,
    rtol=None,
    atol=None,
    tcrit=None,
    h0=0.0,
    hmax=0.0,
    hmin=0.0,
    ixpr=0,
    mxstep=0,
    mxhnil=0,
    mxordn=12,
    mxords=5,
    printmessg=0,
    tfirst=False,
):
    # Dfun, col_deriv, ml, mu: the Jacobian of func for the solver only; the derivative
    # solves are made without them (their systems are larger)
    adjoints = odeint_adjoint(
        d[yt], yt, func, y0, t, args, tfirst, full_output, rtol, atol, h0, hmax, hmin, mxstep
    )
    d[y0] = adjoints[0]
    d[t] = adjoints[1]
    d[args] = adjoints[2]
    t[yt] = odeint_tangent(
        yt,
        func,
        y0,
        t,
        args,
        t[y0],
        t[t],
        t[args],
        tfirst,
        full_output,
        rtol,
        atol,
        h0,
        hmax,
        hmin,
        mxstep,
    )
