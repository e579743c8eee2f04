"""``scipy.integrate.odeint``: its derivatives need those of the function it integrates,
which its helpers make when they run (:mod:`s2sgrad.runtime.integrate`)."""

from __future__ import annotations

import scipy.integrate  # noqa: F401  (the rule's target)

from ...runtime import no_second_derivative, odeint_adjoint, odeint_tangent
from ..registry import d, rule, t


@rule(
    "scipy.integrate.odeint",
    functions=("func", "Dfun"),
    constant=("rtol", "atol", "tcrit", "h0", "hmax", "hmin"),  # step controls
)
def odeint(
    yt,
    func,
    y0,
    t,  # noqa: F811 (odeint's parameter; t[...] in the body is the tangent notation)
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


# second derivatives (a Hessian is forward mode over the code calling these helpers) would
# differentiate the solves themselves: not implemented, an error when a tangent reaches them
@rule(odeint_adjoint, functions=("func",))
def _odeint_adjoint(
    out, g, yt, func, y0, times, args, tfirst, full_output, rtol, atol, h0, hmax, hmin, mxstep
):
    t[out] = (
        no_second_derivative(t[g], "scipy.integrate.odeint")
        + no_second_derivative(t[yt], "scipy.integrate.odeint")
        + no_second_derivative(t[y0], "scipy.integrate.odeint")
        + no_second_derivative(t[times], "scipy.integrate.odeint")
        + no_second_derivative(t[args], "scipy.integrate.odeint")
    )


@rule(odeint_tangent, functions=("func",))
def _odeint_tangent(
    out,
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
    t[out] = (
        no_second_derivative(t[yt], "scipy.integrate.odeint")
        + no_second_derivative(t[y0], "scipy.integrate.odeint")
        + no_second_derivative(t[times], "scipy.integrate.odeint")
        + no_second_derivative(t[args], "scipy.integrate.odeint")
        + no_second_derivative(t[t_y0], "scipy.integrate.odeint")
        + no_second_derivative(t[t_times], "scipy.integrate.odeint")
        + no_second_derivative(t[t_args], "scipy.integrate.odeint")
    )
