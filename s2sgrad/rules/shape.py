"""Reshaping, transposing, joining, indexing: linear maps, given by their transposes.

The tangent of each is the function applied to the tangent (other arguments unchanged),
unless the rule writes ``t[y]`` itself. See :func:`s2sgrad.rules.registry.linear`.
"""

from __future__ import annotations

import numpy as np

from ..runtime import (
    array_item,
    array_view,
    astype_tangent,
    autograd_make_diagonal,
    autograd_transpose,
    cast_adjoint,
    concatenate_adjoint,
    diag_adjoint,
    hstack_adjoint,
    item_adjoint,
    item_tangent,
    linspace_adjoint,
    repeat_adjoint,
    reshape_like,
    rollaxis_adjoint,
    sort_adjoint,
    sort_tangent,
    stack_adjoint,
    stored_adjoint,
    stored_tangent,
    take_adjoint,
    tile_adjoint,
    tolist_adjoint,
    tolist_tangent,
    trace_adjoint,
    transpose_adjoint,
    unbroadcast,
    unstack,
    vstack_adjoint,
)
from .registry import d, linear, linear_in, nondifferentiable_object, rule, t


@linear("numpy.reshape")
def reshape(y, a, shape=None, order="C", *, newshape=None, copy=None):
    # newshape= is shape= before NumPy 2.1 (deprecated since)
    d[a] = reshape_like(d[y], a, order)
    t[y] = reshape_like(t[a], y, order)  # the shape keyword varies by version


linear_in(reshape_like, "g")
linear_in(astype_tangent, "t")
linear_in(cast_adjoint, "g")
linear_in(stored_adjoint, "g")
linear_in(stored_tangent, "t")


linear_in(tolist_adjoint, "g")
linear_in(tolist_tangent, "t")


@rule(item_adjoint)
def item_adjoint_t(y, g, x, *args):
    t[y] = item_adjoint(t[g], x, *args)


@rule(item_tangent)
def item_tangent_t(y, tx, x, *args):
    t[y] = item_tangent(t[tx], x, *args)


@rule(array_item)
def array_item_t(y, x, *args):
    # x.item(...) in generated reverse code (a Hessian): that item of the tangent
    t[y] = item_tangent(t[x], x, *args)


@linear("numpy.ravel")
def ravel(y, a, order="C"):
    d[a] = reshape_like(d[y], a, order)


@linear("numpy.squeeze", "numpy.expand_dims")
def squeeze(y, a, axis=None):
    d[a] = np.reshape(d[y], np.shape(a))


@linear("numpy.atleast_1d", "numpy.atleast_2d", "numpy.atleast_3d")
def atleast_1d(y, a):
    d[a] = np.reshape(d[y], np.shape(a))


@linear("numpy.transpose")
def transpose(y, a, axes=None):
    d[a] = transpose_adjoint(d[y], axes)


@linear("numpy.rollaxis")
def rollaxis(y, a, axis, start=0):
    d[a] = rollaxis_adjoint(d[y], a, axis, start)


@linear("numpy.rot90")
def rot90(y, m, k=1, axes=(0, 1)):
    d[m] = np.rot90(d[y], -k, axes)


@linear("numpy.swapaxes")
def swapaxes(y, a, axis1, axis2):
    d[a] = np.swapaxes(d[y], axis1, axis2)


@linear("numpy.moveaxis")
def moveaxis(y, a, source, destination):
    d[a] = np.moveaxis(d[y], destination, source)


@linear("numpy.broadcast_to")
def broadcast_to(y, array, shape):
    d[array] = unbroadcast(d[y], array)


@linear("numpy.concatenate")
def concatenate(y, arrays, axis=0, out=None, *, dtype=None, casting="same_kind"):
    # dtype= and casting= convert the result: an integer dtype has no derivative
    # (normalize.cast_of), a floating one keeps it
    d[arrays] = concatenate_adjoint(d[y], arrays, axis)


@linear("numpy.stack")
def stack(y, arrays, axis=0, out=None, *, dtype=None, casting="same_kind"):
    d[arrays] = stack_adjoint(d[y], arrays, axis)


@linear("numpy.hstack")
def hstack(y, tup, *, dtype=None, casting="same_kind"):
    d[tup] = hstack_adjoint(d[y], tup)


@linear("numpy.vstack")
def vstack(y, tup, *, dtype=None, casting="same_kind"):
    d[tup] = vstack_adjoint(d[y], tup)


@linear("numpy.tile")
def tile(y, A, reps):
    d[A] = tile_adjoint(d[y], A, reps)


@linear("numpy.repeat")
def repeat(y, a, repeats, axis=None):
    d[a] = repeat_adjoint(d[y], a, repeats, axis)


@linear("numpy.flip")
def flip(y, m, axis=None):
    d[m] = np.flip(d[y], axis)


@linear("numpy.fliplr")
def fliplr(y, m):
    d[m] = np.fliplr(d[y])


@linear("numpy.flipud")
def flipud(y, m):
    d[m] = np.flipud(d[y])


@linear("numpy.roll")
def roll(y, a, shift, axis=None):
    d[a] = np.reshape(np.roll(d[y], np.negative(shift), axis), np.shape(a))


@linear("numpy.diag")
def diag(y, v, k=0):
    d[v] = diag_adjoint(d[y], v, k)


@linear("numpy.diagonal")
def diagonal(y, a, offset=0, axis1=0, axis2=1):
    d[a] = trace_adjoint(d[y], a, offset, axis1, axis2)


# autograd.numpy's own: make_diagonal (the transpose of diagonal) and linalg.T


@linear(autograd_make_diagonal)
def make_diagonal(A, D, offset=0, axis1=0, axis2=1):
    d[D] = np.copy(np.diagonal(d[A], offset, axis1, axis2))  # a gradient the caller may write


@linear(autograd_transpose)
def transpose_last_two(y, x):
    d[x] = np.swapaxes(d[y], -1, -2)


@linear("numpy.triu")
def triu(y, m, k=0):
    # a 1-D m is each row of the matrix: its adjoint sums them
    d[m] = unbroadcast(np.triu(d[y], k), m)


@linear("numpy.tril")
def tril(y, m, k=0):
    d[m] = unbroadcast(np.tril(d[y], k), m)


@rule("numpy.sort")
def sort(y, a, axis=-1, kind=None, order=None, *, stable=None, descending=False):
    # descending= is NumPy 2.5's
    d[a] = sort_adjoint(d[y], a, axis, descending)
    t[y] = sort_tangent(t[a], a, axis, descending)


@linear("numpy.take")
def take(y, a, indices, axis=None, out=None, mode="raise"):
    d[a] = take_adjoint(d[y], a, indices, axis, mode)


@linear(
    "numpy.copy",
    "numpy.ascontiguousarray",
    "numpy.asfortranarray",
    "numpy.float64",
    "builtins.float",
)
def copy(y, a):
    d[a] = d[y]


@linear(array_view)
def array_view_rule(y, x):
    # x.view() (normalize.methods): the same values over the same memory
    d[x] = d[y]
    t[y] = t[x]


@linear("numpy.asarray", "numpy.asanyarray")
def asarray(y, a, dtype=None, order=None, *, copy=None):
    # an integer dtype has no derivative (normalize.cast_of); order is the memory layout
    d[a] = d[y]


@linear("numpy.array")
def array(y, object, dtype=None, *, copy=True, order="K"):
    d[object] = unstack(d[y], object)


@linear("numpy.astype")
def astype(y, x, dtype, *, copy=True):
    # NumPy 2.1's function form of x.astype(dtype): none for an integer or boolean dtype
    d[x] = cast_adjoint(d[y], y)
    t[y] = astype_tangent(t[x], y)


@linear("numpy.full_like", constant=("a",))  # a: its shape and dtype
def full_like(y, a, fill_value, dtype=None):
    d[fill_value] = unbroadcast(d[y], fill_value)


@linear("numpy.full")
def full(y, shape, fill_value, dtype=None):
    d[fill_value] = unbroadcast(d[y], fill_value)


# tangents of the helpers above (forward over reverse), all linear in the adjoint g
for _helper in (
    transpose_adjoint,
    concatenate_adjoint,
    stack_adjoint,
    hstack_adjoint,
    vstack_adjoint,
    unstack,
    tile_adjoint,
    repeat_adjoint,
    diag_adjoint,
    trace_adjoint,
    sort_adjoint,
    take_adjoint,
    rollaxis_adjoint,
):
    linear_in(_helper, "g")
linear_in(sort_tangent, "tx")


# -- evenly spaced values: smooth in the end points -------------------------------------


@linear("numpy.linspace")
def linspace(y, start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    d[start] = linspace_adjoint(d[y], start, stop, num, endpoint, retstep, axis, 0)
    d[stop] = linspace_adjoint(d[y], start, stop, num, endpoint, retstep, axis, 1)


@rule("numpy.logspace")
def logspace(y, start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    # y = base ** linspace(start, stop): dy = y * log(base) * dl + y * log(y) / base * dbase
    d[start] = linspace_adjoint(d[y] * y * np.log(base), start, stop, num, endpoint, False, axis, 0)
    d[stop] = linspace_adjoint(d[y] * y * np.log(base), start, stop, num, endpoint, False, axis, 1)
    d[base] = unbroadcast(np.sum(d[y] * y * np.log(y), axis=axis) / (np.log(base) * base), base)
    t[y] = y * np.log(base) * np.linspace(
        t[start], t[stop], num=num, endpoint=endpoint, axis=axis
    ) + t[base] * y * np.log(y) / (np.log(base) * base)


linear_in(linspace_adjoint, "g")


# -- issue 12: more joining, splitting, differences and selections ------------------------

from ..runtime import (  # noqa: E402
    append_adjoint,
    column_stack_adjoint,
    diff_adjoint,
    diff_tangent,
    dstack_adjoint,
    gradient_adjoint,
    hsplit_axis,
    no_derivative,
    pad_adjoint,
    pad_tangent,
    partition_adjoint,
    partition_tangent,
    select_adjoint_choices,
    select_adjoint_default,
    split_adjoint,
    take_along_axis_adjoint,
)


@linear("numpy.diff")
def diff(y, a, n=1, axis=-1, prepend=None, append=None):
    d[a] = diff_adjoint(d[y], a, n, axis, prepend, append, 0)
    d[prepend] = diff_adjoint(d[y], a, n, axis, prepend, append, 1)
    d[append] = diff_adjoint(d[y], a, n, axis, prepend, append, 2)
    t[y] = diff_tangent(t[a], n, axis, prepend, append, t[prepend], t[append])


@linear("numpy.append")
def append(y, arr, values, axis=None):
    d[arr] = append_adjoint(d[y], arr, values, axis, 0)
    d[values] = append_adjoint(d[y], arr, values, axis, 1)


@linear("numpy.column_stack")
def column_stack(y, tup):
    d[tup] = column_stack_adjoint(d[y], tup)


@linear("numpy.dstack")
def dstack(y, tup):
    d[tup] = dstack_adjoint(d[y], tup)


@linear("numpy.split", "numpy.array_split")
def split(y, ary, indices_or_sections, axis=0):
    d[ary] = split_adjoint(d[y], ary, indices_or_sections, axis)


@linear("numpy.hsplit")
def hsplit(y, ary, indices_or_sections):
    d[ary] = split_adjoint(d[y], ary, indices_or_sections, hsplit_axis(ary))


@linear("numpy.vsplit")
def vsplit(y, ary, indices_or_sections):
    d[ary] = split_adjoint(d[y], ary, indices_or_sections, 0)


@linear("numpy.dsplit")
def dsplit(y, ary, indices_or_sections):
    d[ary] = split_adjoint(d[y], ary, indices_or_sections, 2)


@linear("numpy.take_along_axis")
def take_along_axis(y, arr, indices, axis=-1):
    d[arr] = take_along_axis_adjoint(d[y], arr, indices, axis)


@linear("numpy.select")
def select(y, condlist, choicelist, default=0):
    d[choicelist] = select_adjoint_choices(d[y], condlist, choicelist)
    d[default] = select_adjoint_default(d[y], condlist, default)


@rule("numpy.partition")
def partition(y, a, kth, axis=-1, kind="introselect", order=None):
    d[a] = partition_adjoint(d[y], a, kth, axis)
    t[y] = partition_tangent(t[a], a, kth, axis)


@linear("numpy.gradient")
def gradient(y, f, *varargs, axis=None, edge_order=1):
    # uniform spacings (or coordinates), one or one per axis differentiated
    d[f] = gradient_adjoint(d[y], f, varargs, axis, edge_order)
    d[varargs] = no_derivative("the derivative of np.gradient in its spacings is not implemented")
    t[y] = np.gradient(t[f], *varargs, axis=axis, edge_order=edge_order) + t[
        varargs
    ] * no_derivative("the derivative of np.gradient in its spacings is not implemented")


for _helper in (
    append_adjoint,
    column_stack_adjoint,
    dstack_adjoint,
    split_adjoint,
    take_along_axis_adjoint,
    select_adjoint_choices,
    select_adjoint_default,
    partition_adjoint,
    gradient_adjoint,
):
    linear_in(_helper, "g")
linear_in(partition_tangent, "tx")
linear_in(diff_adjoint, "g")
linear_in(diff_tangent, "ta", "tp", "tq")
nondifferentiable_object(hsplit_axis, "hsplit_axis")


@linear("numpy.pad")
def pad(y, array, pad_width, mode="constant", constant_values=0):
    # the modes that copy entries (constant, edge, reflect, symmetric, wrap); stat_length=,
    # reflect_type= and end_values= have no rule
    d[array] = pad_adjoint(d[y], array, pad_width, mode, constant_values, 0)
    d[constant_values] = pad_adjoint(d[y], array, pad_width, mode, constant_values, 1)
    t[y] = pad_tangent(t[array], pad_width, mode, t[constant_values])


linear_in(pad_adjoint, "g")
linear_in(pad_tangent, "ta", "tc")


if getattr(np, "row_stack", np.vstack) is not np.vstack:  # NumPy 2.0-2.3: vstack, deprecated

    @linear("numpy.row_stack")
    def row_stack(y, tup, *, dtype=None, casting="same_kind"):
        d[tup] = vstack_adjoint(d[y], tup)


# -- several arrays in, several out; keyword-only options after *args ----------------------

from ..runtime import (  # noqa: E402
    broadcast_arrays_adjoint,
    broadcast_arrays_tangent,
    meshgrid_adjoint,
    meshgrid_tangent,
)


@linear("numpy.meshgrid")
def meshgrid(y, *xi, copy=True, sparse=False, indexing="xy"):
    d[xi] = meshgrid_adjoint(d[y], xi, sparse, indexing)
    t[y] = meshgrid_tangent(t[xi], xi, sparse, indexing)


@linear("numpy.broadcast_arrays")
def broadcast_arrays(y, *args, subok=False):
    d[args] = broadcast_arrays_adjoint(d[y], args)
    t[y] = broadcast_arrays_tangent(t[args], args)


linear_in(meshgrid_adjoint, "g")
linear_in(meshgrid_tangent, "txi")
linear_in(broadcast_arrays_adjoint, "g")
linear_in(broadcast_arrays_tangent, "targs")


# -- np.r_[a:b:c] and np.c_[a:b:c]: ranges of constants ------------------------------------

from ..runtime import index_range  # noqa: E402


@rule(index_range)
def index_range_rule(y, start, stop, step):
    # arange(start, stop, step) is smooth in start and step, but its length is not: an error
    d[start] = no_derivative("a range a:b:c in np.r_[...] has no derivative in its bounds")
    d[stop] = no_derivative("a range a:b:c in np.r_[...] has no derivative in its bounds")
    d[step] = no_derivative("a range a:b:c in np.r_[...] has no derivative in its bounds")
    t[y] = (t[start] + t[stop] + t[step]) * no_derivative(
        "a range a:b:c in np.r_[...] has no derivative in its bounds"
    )


# -- np.ediff1d and np.block -----------------------------------------------------------------

from ..runtime import (  # noqa: E402
    block_adjoint,
    block_tangent,
    ediff1d_adjoint,
    ediff1d_tangent,
)


@linear("numpy.ediff1d")
def ediff1d(y, ary, to_end=None, to_begin=None):
    d[ary] = ediff1d_adjoint(d[y], ary, to_end, to_begin, 0)
    d[to_end] = ediff1d_adjoint(d[y], ary, to_end, to_begin, 1)
    d[to_begin] = ediff1d_adjoint(d[y], ary, to_end, to_begin, 2)
    t[y] = ediff1d_tangent(t[ary], to_end, to_begin, t[to_end], t[to_begin])


linear_in(ediff1d_adjoint, "g")
linear_in(ediff1d_tangent, "ta", "te", "tb")


@linear("numpy.block")
def block(y, arrays):
    d[arrays] = block_adjoint(d[y], arrays)
    t[y] = np.block(block_tangent(arrays, t[arrays]))


linear_in(block_adjoint, "g")
linear_in(block_tangent, "tangents")
