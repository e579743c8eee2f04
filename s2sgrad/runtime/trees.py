"""Fields of differentiated NamedTuple and dataclass trees: reading one (``tree_field``),
making a tree from values (``tree_node``) and replacing fields (``tree_replace``), with
their adjoints (a list like a NamedTuple, a dict of the fields for a dataclass) and tangents.
"""

from __future__ import annotations

from .adjoints import zeros_like
from .places import _unsupported
from .values import _dataclass_fields, _is_namedtuple, _is_zero


def tree_field(x, name):
    """``x.name`` of a differentiated NamedTuple or dataclass ``x`` (a tree, whose
    fields are its items)."""
    if _is_namedtuple(x) or _dataclass_fields(x) is not None:
        return getattr(x, name)
    import sys

    frame = sys._getframe(1)  # the generated function: name the user's function and file
    where = ""
    if frame.f_code.co_filename.startswith("<s2sgrad "):
        where = (
            f" (in the derivative {frame.f_code.co_name} of a function in "
            f"{frame.f_globals.get('__file__', '<unknown>')})"
        )
    _unsupported(
        f"the attribute .{name} of a differentiated {type(x).__name__} value cannot "
        f"be differentiated{where}",
        "differentiate with respect to arrays, or dicts, "
        "lists, tuples, NamedTuples or dataclasses of them",
    )


def tree_field_adjoint(g, x, name):
    """The adjoint of ``x`` from the adjoint ``g`` of ``x.name``: a list like a NamedTuple
    (zero items elsewhere) or a dict of the fields for a dataclass."""
    if _is_namedtuple(x):
        out = [0.0] * len(x)
        out[type(x)._fields.index(name)] = g
        return out
    return {name: g}


def tree_field_tangent(tx, x, name):
    """The tangent of ``x.name`` from the tangent ``tx`` of ``x``: of ``x``'s type, or
    its list or dict form (see :func:`tree_field_adjoint`)."""
    if _is_zero(tx):
        return zeros_like(getattr(x, name))
    if isinstance(tx, dict):
        return tx[name] if name in tx else zeros_like(getattr(x, name))
    if isinstance(tx, (list, tuple)) and not _is_namedtuple(tx):
        return tx[type(x)._fields.index(name)]
    return getattr(tx, name)


def tree_node(cls, names, *values):
    """``cls(**dict(zip(names, values)))``: a NamedTuple or dataclass made from
    differentiated values (its other fields take their defaults)."""
    return cls(**dict(zip(names, values)))


def tree_node_adjoint(g, y, names):
    """The adjoints of the values given for the fields ``names`` of ``y`` (made by
    :func:`tree_node` or :func:`tree_replace`), from the adjoint ``g`` of ``y``."""
    return [tree_field_tangent(g, y, n) for n in names]


def tree_node_tangent(y, names, tvalues):
    """The tangent of ``tree_node(cls, names, *values)``: in the dict (dataclass) or list
    (NamedTuple) form, zero for the fields that took their defaults."""
    return tree_replace_tangent(0.0, y, names, tvalues)


def tree_replace(x, names, *values):
    """``x._replace(**changes)`` or ``dataclasses.replace(x, **changes)``: a copy of the
    NamedTuple or dataclass ``x`` with the fields ``names`` replaced by ``values``."""
    changes = dict(zip(names, values))
    if _is_namedtuple(x):
        return x._replace(**changes)
    import dataclasses

    return dataclasses.replace(x, **changes)


def tree_replace_adjoint(g, x, names):
    """The adjoint of ``x`` in ``tree_replace(x, names, ...)``: ``g`` without the
    replaced fields, in the list (NamedTuple) or dict (dataclass) form."""
    if _is_namedtuple(x):
        return [0.0 if f in names else tree_field_tangent(g, x, f) for f in type(x)._fields]
    return {f: tree_field_tangent(g, x, f) for f in _dataclass_fields(x) if f not in names}


def tree_replace_tangent(tx, x, names, tvalues):
    """The tangent of ``tree_replace(x, names, *values)`` from the tangents of ``x`` and of
    the values."""
    given = dict(zip(names, tvalues))
    fields = type(x)._fields if _is_namedtuple(x) else _dataclass_fields(x)
    out = {
        f: zeros_like(getattr(x, f))
        if f in given and _is_zero(given[f])
        else given[f]
        if f in given
        else tree_field_tangent(tx, x, f)
        for f in fields
    }
    return list(out.values()) if _is_namedtuple(x) else out
