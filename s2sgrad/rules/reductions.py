"""Sums, products, extrema, statistics and cumulative reductions."""

from __future__ import annotations

import numpy as np

from ..runtime import (
    cumprod_adjoint,
    cumprod_adjoint_dx,
    cumprod_tangent,
    cumprod_tangent_dx,
    cumsum_adjoint,
    empty_extreme,
    mean_adjoint,
    mean_tangent,
    prod_adjoint,
    prod_adjoint_dx,
    prod_adjoint_dx2,
    quantile_adjoint,
    quantile_tangent,
    ratio_or_zero,
    reduce_adjoint,
    select_adjoint,
    trace_adjoint,
    unmoved_method,
    var_adjoint,
    var_where_adjoint,
)
from .registry import d, linear, linear_in, nondifferentiable_object, rule, t


@linear("numpy.sum")
def sum(y, a, axis=None, dtype=None, out=None, keepdims=False):
    d[a] = reduce_adjoint(d[y], a, axis, keepdims)


@linear("numpy.mean")
def mean(y, a, axis=None, dtype=None, out=None, keepdims=False):
    d[a] = mean_adjoint(d[y], a, axis, keepdims)  # sizes from shapes: lazy on Dask


linear_in(mean_adjoint, "g")


@rule("numpy.prod")
def prod(y, a, axis=None, dtype=None, out=None, keepdims=False):
    # products of the other entries, never y / a: zeros in a are fine
    d[a] = prod_adjoint(d[y], a, axis, keepdims)
    t[y] = np.sum(
        prod_adjoint(np.ones_like(y), a, axis, keepdims) * t[a], axis=axis, keepdims=keepdims
    )


@rule(prod_adjoint)
def prod_adjoint_t(r, g, x, axis, keepdims):
    t[r] = prod_adjoint(t[g], x, axis, keepdims) + prod_adjoint_dx(g, x, t[x], axis, keepdims)


@rule(prod_adjoint_dx)
def prod_adjoint_dx_t(r, g, x, tx, axis, keepdims):
    # third derivatives: linear in g and in tx, and the mixed term in x
    t[r] = (
        prod_adjoint_dx(t[g], x, tx, axis, keepdims)
        + prod_adjoint_dx(g, x, t[tx], axis, keepdims)
        + prod_adjoint_dx2(g, x, tx, t[x], axis, keepdims)
    )


@rule("numpy.max", "numpy.amax", "numpy.min", "numpy.amin")
def max(y, a, axis=None, out=None, keepdims=False, *, initial=None):
    # initial=: the plain reduction's start (normalize/masked.py joins the user's initial
    # with np.maximum): no derivative in it, an error if it is differentiated
    d[a] = select_adjoint(d[y], y, a, axis, keepdims)
    t[y] = np.sum(
        select_adjoint(np.ones_like(y), y, a, axis, keepdims) * t[a], axis=axis, keepdims=keepdims
    )


@rule("numpy.var", constant=("where",))
def var(
    y,
    a,
    axis=None,
    dtype=None,
    out=None,
    ddof=0,
    keepdims=False,
    *,
    where=True,
    mean=None,
    correction=None,
):
    # where=: the entries it holds; mean= (NumPy 2.0+): var is the mean of |a - mean| ** 2,
    # differentiated in mean too (without it the mean's own change adds nothing)
    dof = override(ddof, correction)  # NumPy 2.0+: correction= names ddof too
    g = var_where_adjoint(d[y], a, axis, dof, keepdims, where, mean)
    d[a] = g
    d[mean] = unbroadcast(-g, mean)
    # complex a: d var = Re(sum(conj(a - mean) * da)) * 2 / (n - ddof), a real value
    t[y] = np.real(
        np.sum(
            var_where_adjoint(np.ones_like(y), a, axis, dof, keepdims, where, mean)
            * (t[a] - t[mean]),
            axis=axis,
            keepdims=keepdims,
        )
    )


@rule("numpy.std", constant=("where",))
def std(
    y,
    a,
    axis=None,
    dtype=None,
    out=None,
    ddof=0,
    keepdims=False,
    *,
    where=True,
    mean=None,
    correction=None,
):
    # 0 where the spread is 0: exact for one element, a subgradient otherwise
    dof = override(ddof, correction)
    g = var_where_adjoint(ratio_or_zero(d[y], 2.0 * y), a, axis, dof, keepdims, where, mean)
    d[a] = g
    d[mean] = unbroadcast(-g, mean)
    t[y] = ratio_or_zero(
        np.real(
            np.sum(
                var_where_adjoint(np.ones_like(y), a, axis, dof, keepdims, where, mean)
                * (t[a] - t[mean]),
                axis=axis,
                keepdims=keepdims,
            )
        ),
        2.0 * y,
    )


@rule(var_where_adjoint, constant=("where",))
def var_where_adjoint_t(y, g, x, axis, ddof, keepdims, where, mean):
    t[y] = var_where_adjoint(t[g], x, axis, ddof, keepdims, where, mean) + var_where_adjoint(
        g, t[x], axis, ddof, keepdims, where, mean_tangent(mean, t[mean])
    )


linear_in(mean_tangent, "tm")


@rule(var_adjoint)
def var_adjoint_t(y, g, x, axis, ddof, keepdims):
    t[y] = var_adjoint(t[g], x, axis, ddof, keepdims) + var_adjoint(g, t[x], axis, ddof, keepdims)


@rule(ratio_or_zero)
def ratio_or_zero_t(r, n, m):
    t[r] = ratio_or_zero(t[n], m) - ratio_or_zero(n * t[m], m * m)


@linear("numpy.cumsum")
def cumsum(y, a, axis=None, dtype=None, out=None):
    d[a] = cumsum_adjoint(d[y], a, axis)


@rule("numpy.cumprod")
def cumprod(y, a, axis=None, dtype=None, out=None):
    d[a] = cumprod_adjoint(d[y], a, axis)
    t[y] = cumprod_tangent(t[a], a, axis)


@rule(cumprod_adjoint)
def cumprod_adjoint_t(r, g, x, axis):
    t[r] = cumprod_adjoint(t[g], x, axis) + cumprod_adjoint_dx(g, x, t[x], axis)


@rule(cumprod_tangent)
def cumprod_tangent_t(r, tx, x, axis):
    t[r] = cumprod_tangent(t[tx], x, axis) + cumprod_tangent_dx(tx, x, t[x], axis)


@linear("numpy.trace")
def trace(y, a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    d[a] = trace_adjoint(d[y], a, offset, axis1, axis2)


for _helper in (reduce_adjoint, select_adjoint, cumsum_adjoint):
    linear_in(_helper, "g")


# -- issue 12: NaN-ignoring reductions and weighted averages -------------------------------
# NaN entries are left out of the result, so their derivative is 0

from ..runtime import (  # noqa: E402
    average_output,
    average_part,
    average_weights,
    average_weights_adjoint,
    nanvar_adjoint,
    override,
    unbroadcast,
    valid,
    weights_tangent,
    weights_total_adjoint,
)


@rule("numpy.nansum")
def nansum(y, a, axis=None, dtype=None, out=None, keepdims=False):
    d[a] = np.where(valid(a), reduce_adjoint(d[y], a, axis, keepdims), 0.0)
    t[y] = np.sum(np.where(valid(a), t[a], 0.0), axis=axis, keepdims=keepdims)


@rule("numpy.nanmean")
def nanmean(y, a, axis=None, dtype=None, out=None, keepdims=False):
    count = np.sum(valid(a), axis=axis, keepdims=keepdims)
    d[a] = np.where(valid(a), reduce_adjoint(d[y] / count, a, axis, keepdims), 0.0)
    t[y] = np.sum(np.where(valid(a), t[a], 0.0), axis=axis, keepdims=keepdims) / count


@rule("numpy.nanmax", "numpy.nanmin")
def nanmax(y, a, axis=None, out=None, keepdims=False):
    # NaN never equals the extreme value, so select_adjoint leaves it out
    d[a] = select_adjoint(d[y], y, a, axis, keepdims)
    t[y] = np.sum(
        select_adjoint(np.ones_like(y), y, a, axis, keepdims) * np.where(valid(a), t[a], 0.0),
        axis=axis,
        keepdims=keepdims,
    )


@rule("numpy.nanprod")
def nanprod(y, a, axis=None, dtype=None, out=None, keepdims=False):
    ones = np.where(valid(a), a, 1.0)
    d[a] = np.where(valid(a), prod_adjoint(d[y], ones, axis, keepdims), 0.0)
    t[y] = np.sum(
        prod_adjoint(np.ones_like(y), ones, axis, keepdims) * np.where(valid(a), t[a], 0.0),
        axis=axis,
        keepdims=keepdims,
    )


@rule("numpy.nanvar")
def nanvar(y, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, correction=None):
    dof = override(ddof, correction)
    d[a] = nanvar_adjoint(d[y], a, valid(a), axis, dof, keepdims)
    t[y] = np.real(
        np.sum(
            nanvar_adjoint(np.ones_like(y), a, valid(a), axis, dof, keepdims)
            * np.where(valid(a), t[a], 0.0),
            axis=axis,
            keepdims=keepdims,
        )
    )


@rule("numpy.nanstd")
def nanstd(y, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, correction=None):
    dof = override(ddof, correction)
    d[a] = nanvar_adjoint(ratio_or_zero(d[y], 2.0 * y), a, valid(a), axis, dof, keepdims)
    t[y] = ratio_or_zero(
        np.real(
            np.sum(
                nanvar_adjoint(np.ones_like(y), a, valid(a), axis, dof, keepdims)
                * np.where(valid(a), t[a], 0.0),
                axis=axis,
                keepdims=keepdims,
            )
        ),
        2.0 * y,
    )


@rule(nanvar_adjoint)
def nanvar_adjoint_t(r, g, x, mask, axis, ddof, keepdims):
    t[r] = nanvar_adjoint(t[g], x, mask, axis, ddof, keepdims) + nanvar_adjoint(
        g, t[x], mask, axis, ddof, keepdims
    )


@rule("numpy.average")
def average(y, a, axis=None, weights=None, returned=False, *, keepdims=False):
    # with returned, y = (average, sum of weights), the sum the shape of the average
    w = average_weights(a, weights, axis)
    total = np.sum(w * np.ones_like(a), axis=axis, keepdims=True)
    mean = np.sum(w * a, axis=axis, keepdims=True) / total
    d[a] = unbroadcast(
        reduce_adjoint(average_part(d[y], returned, 0), a, axis, keepdims) * w / total, a
    )
    d[weights] = average_weights_adjoint(
        reduce_adjoint(average_part(d[y], returned, 0), a, axis, keepdims) * (a - mean) / total
        + weights_total_adjoint(average_part(d[y], returned, 1), a, axis, keepdims),
        weights,
        axis,
    )
    t[y] = average_output(
        np.reshape(
            np.sum(
                t[a] * w + (a - mean) * weights_tangent(a, t[weights], axis),
                axis=axis,
                keepdims=True,
            )
            / total,
            np.shape(average_part(y, returned, 0)),
        ),
        np.sum(weights_tangent(a, t[weights], axis) * np.ones_like(a), axis=axis, keepdims=True),
        y,
        returned,
    )


nondifferentiable_object(valid, "valid")
linear_in(average_weights, "weights")
linear_in(average_weights_adjoint, "g")
linear_in(average_part, "v")
linear_in(weights_total_adjoint, "g")
linear_in(average_output, "ta", "ts")
linear_in(weights_tangent, "tw")


@rule("numpy.quantile")
def quantile(
    y,
    a,
    q,
    axis=None,
    out=None,
    overwrite_input=False,
    method="linear",
    keepdims=False,
    *,
    weights=None,
    interpolation=None,
):
    # weights= needs method="inverted_cdf", which the helpers reject
    kept = unmoved_method(method, overwrite_input)
    d[a] = quantile_adjoint(d[y], a, q, axis, keepdims, kept, interpolation, False)
    t[y] = quantile_tangent(t[a], a, q, axis, keepdims, kept, interpolation, False)


@rule("numpy.nanquantile")
def nanquantile(
    y,
    a,
    q,
    axis=None,
    out=None,
    overwrite_input=False,
    method="linear",
    keepdims=False,
    *,
    weights=None,
    interpolation=None,
):
    kept = unmoved_method(method, overwrite_input)
    d[a] = quantile_adjoint(d[y], a, q, axis, keepdims, kept, interpolation, True)
    t[y] = quantile_tangent(t[a], a, q, axis, keepdims, kept, interpolation, True)


@rule("numpy.percentile")
def percentile(
    y,
    a,
    q,
    axis=None,
    out=None,
    overwrite_input=False,
    method="linear",
    keepdims=False,
    *,
    weights=None,
    interpolation=None,
):
    share = np.true_divide(q, 100.0)
    kept = unmoved_method(method, overwrite_input)
    d[a] = quantile_adjoint(d[y], a, share, axis, keepdims, kept, interpolation, False)
    t[y] = quantile_tangent(t[a], a, share, axis, keepdims, kept, interpolation, False)


@rule("numpy.nanpercentile")
def nanpercentile(
    y,
    a,
    q,
    axis=None,
    out=None,
    overwrite_input=False,
    method="linear",
    keepdims=False,
    *,
    weights=None,
    interpolation=None,
):
    share = np.true_divide(q, 100.0)
    kept = unmoved_method(method, overwrite_input)
    d[a] = quantile_adjoint(d[y], a, share, axis, keepdims, kept, interpolation, True)
    t[y] = quantile_tangent(t[a], a, share, axis, keepdims, kept, interpolation, True)


@rule("numpy.median")
def median(y, a, axis=None, out=None, overwrite_input=False, keepdims=False):
    kept = unmoved_method("linear", overwrite_input)
    d[a] = quantile_adjoint(d[y], a, 0.5, axis, keepdims, kept, None, False)
    t[y] = quantile_tangent(t[a], a, 0.5, axis, keepdims, kept, None, False)


@rule("numpy.nanmedian")
def nanmedian(y, a, axis=None, out=None, overwrite_input=False, keepdims=False):
    kept = unmoved_method("linear", overwrite_input)
    d[a] = quantile_adjoint(d[y], a, 0.5, axis, keepdims, kept, None, True)
    t[y] = quantile_tangent(t[a], a, 0.5, axis, keepdims, kept, None, True)


linear_in(quantile_adjoint, "g")
nondifferentiable_object(unmoved_method, "unmoved_method")  # checks an option
nondifferentiable_object(empty_extreme, "empty_extreme")  # the start of max(initial=)
linear_in(quantile_tangent, "tx")
