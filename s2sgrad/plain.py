"""The plain variant of a unit with fused regions: its regions' NumPy bodies inline.

    regions, plain = fuse_unit(fdef, builder, filename)    # fdef changed in place
    unit.small = small_variant(plain, fdef, name, params, cells)

A region of a backend whose kernels take NumPy arrays (``backends.kernels``) runs its
NumPy body when an array it reads has fewer elements than the decorator's ``min_size``
(a kernel wants every array of one shape, so one small array anywhere means the body;
where the decorator takes operands that broadcast, ``broadcast``, every array the region
reads from the arguments must be small: a small row may broadcast against a large array
the region computes, which the test cannot see, and then the unfused statements run),
and each such call costs two Python calls beyond the statements. Where every region
call reads an argument of the generated function that it never rebinds, the arguments
say before the call that every region would run its body: the call's entry
(:mod:`s2sgrad.entry`) then runs the same statements compiled before fusing, inline::

    if y.ndim and y.size < m and w.ndim and w.size < m:    # m: the decorator's min_size
        value, grads = plain(w, X, y)                      # the unfused source
    else:
        value, grads = fn(w, X, y)                         # regions decide per call
"""

from __future__ import annotations

from dataclasses import dataclass

import gast
import numpy as np

from .backends import namespace_for
from .emit import compile_unit, to_source, user_line_map
from .fuse import fuse as fuse_regions
from .fuse import is_elementwise
from .reverse.buffers import in_place
from .syntax import iter_child_nodes, walk


@dataclass(frozen=True)
class Small:
    """The plain variant: ``code``, a factory like the unit's (the same parameters);
    ``deciders``, per region call the indices of the positional arguments it reads (an
    ndarray of at least one dimension under ``kernel.min_size`` elements among them
    means the region runs its body); ``kernel``, the backend's ``fused_kernel``."""

    code: object
    deciders: tuple
    kernel: object


def fuse_unit(fdef, builder, filename: str) -> tuple:
    """``(regions, plain)``: the region functions for ``fdef`` (changed in place) when the
    backend compiles them, and ``(source, user lines, filename)`` of ``fdef`` before, for a backend
    whose kernels take NumPy arrays (else ``None``)."""
    kernel = namespace_for(builder.backend).helpers.get("fused_kernel")
    if kernel is None:
        return [], None
    plain = None
    if getattr(kernel, "array_type", None) is np.ndarray:
        tree = gast.Module(body=[in_place(fdef, spill=True)], type_ignores=[])
        source = to_source(tree)
        plain = (source, user_line_map(tree, source, filename), filename)
    helpers = {b: v[1] for b, v in builder.bindings.items() if v[0] == "helper"}
    decorator = builder.helper("fused_kernel")
    _, regions = fuse_regions(
        fdef,
        helpers,
        builder.taken | set(builder.bindings),
        decorator,
        getattr(kernel, "elementwise", None) or is_elementwise,
    )
    if not regions:
        del builder.bindings[decorator]
        return [], None
    if plain is not None:
        plain = (*plain, kernel, {r.name for r in regions})
    return regions, plain


def small_variant(plain, fdef, name: str, params: list, cells: list) -> Small | None:
    """The :class:`Small` variant of the fused ``fdef`` from :func:`fuse_unit`'s
    ``plain``, or ``None`` where some region call reads no argument it could decide by
    (or sits in a nested function, whose names may shadow the arguments)."""
    if plain is None:
        return None
    source, lines, made_from, kernel, regions = plain
    positional = [a.id for a in fdef.args.args]
    rebound = {
        n.id
        for n in walk(fdef)
        if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Del))
    }
    inputs = {p: i for i, p in enumerate(positional) if p not in rebound}
    deciders = []
    for node, nested in _calls(fdef.body, False):
        if not (isinstance(node.func, gast.Name) and node.func.id in regions):
            continue
        found = tuple(
            dict.fromkeys(
                inputs[a.id] for a in node.args if isinstance(a, gast.Name) and a.id in inputs
            )
        )
        if nested or not found:
            return None
        deciders.append(found)
    if not deciders:
        return None
    code, _ = compile_unit(source, name, params, cells, lines, made_from)
    return Small(code, tuple(dict.fromkeys(deciders)), kernel)


def _calls(stmts, nested):
    """``(call, inside a nested function or lambda)`` for every call under ``stmts``."""
    todo = [(s, nested) for s in stmts]
    while todo:
        node, inner = todo.pop()
        if isinstance(node, gast.Call):
            yield node, inner
        deeper = inner or isinstance(node, (gast.FunctionDef, gast.Lambda, gast.AsyncFunctionDef))
        todo += [(child, deeper) for child in iter_child_nodes(node)]


def small_test(small: Small, types: tuple, ndims=()) -> str | None:
    """The entry's test that every region runs its body (arguments ``a0, a1, ...`` of
    ``types``, those at ``ndims`` (``(index, ndim)``) tested of that ndim before; ``m``:
    the decorator's ``min_size``), or ``None`` where some region reads no argument that
    is an ndarray."""
    rank = {i: n for i, n in ndims if n > 0}
    clauses = []
    for found in small.deciders:
        arrays = [i for i in found if types[i] is np.ndarray]
        if not arrays:
            return None
        joiner = " and " if getattr(small.kernel, "broadcast", False) else " or "
        either = joiner.join(
            f"len(a{i}) < m"  # of one axis: its size
            if rank.get(i) == 1
            else (f"a{i}.size < m" if i in rank else f"a{i}.ndim and a{i}.size < m")
            for i in arrays
        )
        clauses.append(f"({either})" if len(arrays) > 1 else either)
    return " and ".join(clauses)
