"""Lowering of ``super()`` method calls in a method of a user class whose object the
derivative is specialised on: the parent's function, written by its class's name.

    return super().f(x) ** 2    ->    result_f = Base.f(self, x)
"""

from __future__ import annotations

import types

import gast

from ..errors import UnsupportedSyntaxError
from ..parsing import _MISSING
from ..syntax import clone, name, walk
from .kinds import _is_user_class
from .records import _init_call, constructible
from .tables import _written


class Supers:
    """``super()`` call methods of :class:`~s2sgrad.normalize.lowering._Lowering`."""

    def is_super(self, node) -> bool:
        """Is ``node`` ``super()`` or ``super(Class, obj)``?"""
        return (
            isinstance(node, gast.Call)
            and self.free_value(node.func) is super
            and len(node.args) in (0, 2)
            and not node.keywords
        )

    def super_method_call(self, node, hint):
        """``super().f(x)`` in a method whose ``self`` holds an object of a user class the
        derivative is specialised on: the function ``f`` of the next class after the
        method's own in that class's MRO, written ``Parent.f(self, x)``."""
        sup = node.func.value
        if sup.args:
            owner, obj = self.free_value(sup.args[0]), sup.args[1]
        else:
            owner = self.info.closure.get("__class__", _MISSING)
            obj = name(self.first_param) if self.first_param is not None else None
        cls = self.classes.get(obj.id) if isinstance(obj, gast.Name) else None
        method = node.func.attr
        found, static = None, None
        if _is_user_class(cls) and isinstance(owner, type) and owner in cls.__mro__:
            later = cls.__mro__[cls.__mro__.index(owner) + 1 :]
            found = next((c for c in later if method in c.__dict__), None)
            static = found.__dict__[method] if found is not None else None
        if (
            not isinstance(static, types.FunctionType)
            or self.info.globals.get(found.__name__) is not found
        ):
            raise self.info.error(
                node,
                f"super().{method}() cannot be resolved: s2sgrad reads super() in a method "
                "of a user class whose object it knows, for a plain method of a "
                "module-level class",
                f"call the parent class's method by name: Parent.{method}(self, ...)",
                UnsupportedSyntaxError,
            )
        self.remember_method(found, method, static)
        if method == "__init__" and obj.id == self.init_self and constructible(found):
            # super().__init__(x) in the __init__ of an object made in the function
            owner = gast.copy_location(name(found.__name__), node)
            args = [clone(obj)] + list(node.args)
            return _init_call(self, found, owner, args, node.keywords, node, hint)
        func = gast.Attribute(value=name(found.__name__), attr=method, ctx=gast.Load())
        call = gast.Call(func=func, args=node.args, keywords=node.keywords)
        for n in walk(call):
            gast.copy_location(n, node)
        args = [clone(obj)] + list(node.args)
        return _written(self.make_call(static, args, node.keywords, call, hint), node.func)
