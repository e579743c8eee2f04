"""Object kinds that the call making an object, or a method returning one, says.

    layer = Dense(W, b, act=np.sin)     # __init__: self.act = act
    h = layer(h)                        # Dense.__call__ reads self.act: np.sin

``Cls(args)``: the kind :func:`~.records.made_kind` gives, with the attributes the
``__init__`` sets to one of its parameters (``self.act = act``, ``self.layers = layers``)
where this call gives that parameter a function, leaves it to a function default, or gives
it objects whose kinds are known. ``obj.m(...)``: the class every return of ``m`` makes.
"""

from __future__ import annotations

import inspect
import types

import gast
import numpy as np

from ..parsing import _MISSING
from .dataclass_inits import source_init
from .init_fields import _field_chains
from .records import _FIELDS, constructible, made_kind, returned_class
from .tables import _is_user_class, _is_user_tree


def _object_class(kind):
    return kind[1] if isinstance(kind, tuple) and kind[0] == "object" else None


def parameter_fields(cls) -> list:
    """``[(attr, parameter)]`` for the attributes the ``__init__`` of ``cls`` sets once to
    one of its parameters, never rebound (``self.act = act``)."""
    init = source_init(cls)
    if not isinstance(init, types.FunctionType) or not constructible(cls):
        return []
    if init not in _FIELDS:
        _FIELDS[init] = _field_chains(init)
    return [(attr, chain[0]) for attr, how, chain in _FIELDS[init] if how == "parameter"]


def made_kind_at(low, cls, node):
    """The kind of the object ``node`` (``Cls(...)``) makes: :func:`made_kind`, with
    the attributes its ``__init__`` sets to a parameter given a function here, or left
    to a function default (``Layer(W, b, act=np.sin)``: ``self.act = act``), or given an
    object or a list of objects whose kinds are known (``Model([Dense(w), ...])``)."""
    kind = made_kind(cls)
    extra = parameter_fields(cls)
    args = list(node.args)
    if isinstance(node.func, gast.Call):  # initialised(Cls)(new, W, b) read back
        args = args[1:]
    if not extra or any(isinstance(a, gast.Starred) for a in args):
        return kind
    if any(k.arg is None for k in node.keywords):
        return kind
    init = source_init(cls)
    params = inspect.signature(init).parameters
    names = list(params)[1:]
    bound = dict(zip(names, args))
    bound.update((k.arg, k.value) for k in node.keywords)
    fields = dict(kind[2]) if len(kind) > 2 else {}
    for attr, p in extra:
        if p in bound:
            value = low.function_value(bound[p], node)
        else:
            value = params[p].default if p in params else _MISSING
        if attr in fields:
            continue
        if isinstance(value, (types.FunctionType, np.ufunc)):
            fields[attr] = ("function", value)
        elif p in bound and low.static_object_kind(bound[p]) is not None:
            fields[attr] = low.static_object_kind(bound[p])  # Model([Dense(w), ...])
    return ("object", cls, tuple(sorted(fields.items()))) if fields else kind


def method_result_class(low, node):
    """The class of the objects ``obj.m(...)`` (``node``) returns, where the kind of
    ``obj`` says its user class and every return of the method ``m`` makes an object
    of one class (``return System(...)``, ``return self``); else None."""
    func = node.func
    if not isinstance(func, gast.Attribute):
        return None
    owner = _object_class(low.static_object_kind(func.value))
    if not (_is_user_class(owner) or _is_user_tree(owner)):
        return None
    static = inspect.getattr_static(owner, func.attr, None)
    if isinstance(static, types.FunctionType):
        return returned_class(static, owner, method=True)
    if isinstance(static, classmethod):
        return returned_class(static.__func__, owner)
    return None
