"""Fields of differentiated NamedTuple and dataclass trees: reading one (``tree_field``),
making a tree from values (``tree_node``) and replacing fields (``tree_replace``), with
their adjoints (a list like a NamedTuple, a dict of the fields for a dataclass) and tangents.

Objects of user classes made inside the differentiated function (``HMM(theta)``) are
trees too, whose fields are their instance attributes: ``new_object`` makes the
instance, ``initialised`` runs ``__init__`` on it, ``object_with`` is ``self.a = v`` in
the ``__init__`` differentiated (a copy with the attribute set; see normalize/records.py).
Their adjoints and tangents are dicts of the attributes, as for a dataclass.
"""

from __future__ import annotations

import weakref

from .adjoints import zeros_like
from .places import _unsupported
from .values import _dataclass_fields, _is_namedtuple, _is_zero


def tree_field(x, name):
    """``x.name`` of a differentiated NamedTuple or dataclass ``x`` (a tree, whose
    fields are its items)."""
    fields = type(x)._fields if _is_namedtuple(x) else _dataclass_fields(x)
    if fields is not None:
        if name not in fields and _computed(type(x), name):
            _unsupported(  # its adjoint would go to no field: a silent zero
                f"the attribute .{name} of a differentiated {type(x).__name__} is computed "
                "from its fields (a property or a descriptor), which s2sgrad did not see "
                "when it transformed the function",
                "read it where the object's class is known, or make it a method",
            )
        return getattr(x, name)
    if _is_record(x) and (name in instance_attributes(x) or _is_class_constant(type(x), name)):
        return getattr(x, name)  # an instance attribute, or a constant of the class
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


def _computed(cls, name) -> bool:
    """Is ``cls.name`` computed when read from an instance (a property, a descriptor)?"""
    for klass in cls.__mro__:
        if name in vars(klass):
            static = vars(klass)[name]
            return hasattr(type(static), "__get__") and not isinstance(
                static, (staticmethod, classmethod, type(_computed))
            )
    return False


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


def _is_record(x) -> bool:
    """An instance of a user class with instance attributes (made by :func:`new_object`)."""
    import types

    return (
        not isinstance(
            x, (type, types.ModuleType, types.FunctionType, types.MethodType, tuple, list, dict)
        )
        and (hasattr(x, "__dict__") or bool(_slots(type(x))))
        and (type(x).__module__ or "").split(".")[0] not in ("numpy", "scipy", "s2sgrad")
    )


def _is_class_constant(cls, name) -> bool:
    """Is ``cls.name`` a value of the class, not a property, method or other descriptor
    whose reading runs code (no field of an object's tree)?"""
    import inspect

    missing = object()
    value = inspect.getattr_static(cls, name, missing)
    return value is not missing and not hasattr(type(value), "__get__")


def new_object(cls):
    """``object.__new__(cls)``: the instance ``cls(...)`` makes before its ``__init__``."""
    return object.__new__(cls)


def initialised(cls, method="__init__"):
    """``cls.__init__`` made to return the instance it initialises: ``cls(*args)`` is
    ``initialised(cls)(new_object(cls), *args)`` (``method``: a dataclass's
    ``__post_init__``, see :mod:`s2sgrad.normalize.dataclass_inits`)."""

    def init(self, *args, **kwargs):
        getattr(cls, method)(self, *args, **kwargs)
        return self

    return init


def object_with(x, name, value):
    """``x.name = value`` in an ``__init__`` as a value: a copy of the object ``x`` (its
    instance attributes, the same class) with the attribute ``name`` set to ``value``."""
    out = object.__new__(type(x))
    for k, v in instance_attributes(x).items():
        object.__setattr__(out, k, v)
    object.__setattr__(out, name, value)
    _note_origin(out, x)
    return out


_ORIGINS: dict = {}  # id(copy) -> (weak reference to the copy, the object it copies)


def _note_origin(copy, x) -> None:
    """Remember that ``copy`` is a new value of the object ``x`` stands for (``x`` itself,
    or the object ``x`` is a copy of), so that :func:`outside_state` writes it back into
    that object, which other names outside the function may hold."""
    key = id(copy)
    try:
        ref = weakref.ref(copy, lambda _: _ORIGINS.pop(key, None))
    except TypeError:  # __slots__ without __weakref__: written back by replacing
        return
    _ORIGINS[key] = (ref, _origin(x))


def _origin(x):
    entry = _ORIGINS.get(id(x))
    return entry[1] if entry is not None and entry[0]() is x else x


def _slots(cls) -> tuple:
    """The names of the ``__slots__`` of ``cls`` and its bases (no ``__dict__``)."""
    out = []
    for c in cls.__mro__:
        slots = c.__dict__.get("__slots__", ())
        out += [slots] if isinstance(slots, str) else [n for n in slots if n != "__dict__"]
    return tuple(out)


def instance_attributes(x) -> dict:
    """The instance attributes of ``x``: its ``__dict__`` and the ``__slots__`` it has
    set (a class with ``__slots__`` has no ``__dict__``)."""
    out = {n: getattr(x, n) for n in _slots(type(x)) if hasattr(x, n)}
    out.update(getattr(x, "__dict__", {}))
    return out


def object_with_adjoint(g, name):
    """The adjoint of ``x`` in ``object_with(x, name, value)``: ``g`` (a dict of the
    attributes, or zero) without the attribute set."""
    if _is_zero(g):
        return g
    return {k: v for k, v in g.items() if k != name}


def object_with_tangent(tx, name, tvalue):
    """The tangent of ``object_with(x, name, value)``: ``tx`` (a dict of the attributes,
    or zero) with ``name``'s tangent ``tvalue``."""
    out = {} if _is_zero(tx) else dict(tx)
    out[name] = tvalue
    return out


def changed_by(method):
    """``method`` (a method that changes its object, ``set_params``) made to change a copy
    of the object and return it after its result: ``obj.m(*args)`` is
    ``changed_by(type(obj).m)(obj, *args)``, ``obj`` then bound to the copy (see
    normalize/self_changes.py)."""

    def run(obj, *args, **kwargs):
        copy = outside_copy(obj)
        return method(copy, *args, **kwargs), copy

    return run


def outside_copy(obj):
    """A copy of ``obj`` (its instance attributes), an object the differentiated function
    reads from outside and changes through its methods: the function follows the copy,
    and :func:`outside_state` writes its changes back to ``obj`` (see
    normalize/self_changes.py)."""
    out = object.__new__(type(obj))
    for k, v in instance_attributes(obj).items():
        object.__setattr__(out, k, v)
    _note_origin(out, obj)
    return out


def outside_state(obj, now) -> None:
    """Write the instance attributes of ``now`` (the copy of ``obj`` a differentiated
    function followed through the methods that changed it) back to ``obj``, as a call of
    the function leaves it: an attribute holding a new value of the object it held (a
    layer of a list, ``self.bn``) is written into that object, which keeps its identity,
    as Python's change in place does."""
    if now is obj:
        return
    before = instance_attributes(obj)
    for k, v in instance_attributes(now).items():
        old = before.get(k, _ABSENT)
        if old is not v and not _written_into(old, v):
            setattr(obj, k, v)


def _written_into(old, new) -> bool:
    """Write ``new`` into ``old`` where ``new`` is a new value of the object ``old`` (or a
    list of new values of the items of the list ``old``, in their places); False, writing
    nothing, for any other value."""
    if type(old) is list and type(new) is list:
        if len(old) != len(new) or not all(
            n is o or (type(n) is type(o) and _origin(n) is o) for o, n in zip(old, new)
        ):
            return False
        for o, n in zip(old, new):
            outside_state(o, n)
        return True
    if type(old) is type(new) and old is not _ABSENT and _origin(new) is old:
        outside_state(old, new)
        return True
    return False


_ABSENT = object()


def rebound_attribute(value, what: str, method: str, symbol: str) -> None:
    """Check, before ``self.a op= v`` of an object s2sgrad follows (an ``__init__``, a
    method changing its object), that the attribute's value has no in-place ``method``
    (``__iadd__``, of the operator ``symbol``): a number or a tuple is rebound, as s2sgrad
    writes it; an array or a list would change in place, seen through every other name
    for it."""
    if hasattr(type(value), method):
        _unsupported(
            f"{what} {symbol}= ... changes the {type(value).__name__} {what} in place, "
            "which s2sgrad cannot follow in an attribute",
            f"write {what} = {what} {symbol} ... (a new value)",
        )
