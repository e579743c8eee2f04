"""Objects of user classes where Python would call their protocol methods: an error.

    for v in obj: ...        # Python calls obj.__iter__ (or __getitem__ until IndexError)
    p, q = obj               # the same
    f(*obj)                  # the same
    np.sum(obj), abs(obj)    # NumPy calls __array__ / __array_ufunc__, abs calls __abs__

The lowering would iterate the object by ``len(obj)`` and ``obj[i]``, or apply the
library's rule to the object's record: a gradient unrelated to the program's (silently
wrong) or a crash in generated code.  Operators on such objects are their dunder calls
(:mod:`s2sgrad.normalize.operators`); these uses are rejected at the user's line.
"""

from __future__ import annotations

import types

import gast
import numpy as np

from .. import rules
from ..errors import UnsupportedSyntaxError
from ..runtime.libraries import installed_class
from .changed import LIBRARY_ROOTS
from .methods import _function_parameters
from .operators import _method
from .tables import _is_user_class, _is_user_tree

# builtins that read an object through its protocol methods (iteration, __abs__, ...)
_PROTOCOL_BUILTINS = frozenset(
    id(f)
    for f in (
        abs, all, any, complex, dict, divmod, enumerate, filter, float, frozenset, iter,
        list, map, max, min, next, pow, reversed, round, set, sorted, sum, tuple, zip,
    )
)  # fmt: skip
_BUILTIN_DUNDERS = {
    id(abs): "__abs__",
    id(float): "__float__",
    id(complex): "__complex__",
    id(round): "__round__",
}
_LIBRARIES = ("np.", "math.", "cmath.", "scipy.")
_CONTAINERS = (list, tuple, dict, set, frozenset, np.ndarray)

ITERATION_HINT = (
    "iterate a list or array the object holds (for v in obj.items), or call a method of "
    "the class that returns one"
)


def _protocol_class(cls):
    """``cls`` when it is a user class written in Python (a function among its
    attributes; not itertools.combinations) whose objects s2sgrad keeps as records (not a
    subclass of a builtin container or of ndarray); else None."""
    if (
        not _is_user_class(cls)
        or issubclass(cls, _CONTAINERS)
        or installed_class(cls, LIBRARY_ROOTS)
    ):
        return None
    own = (v for c in cls.__mro__[:-1] for v in vars(c).values())
    return cls if any(isinstance(v, types.FunctionType) for v in own) else None  # Python's


def _iterated_tree(cls):
    """``cls`` when it is a dataclass (Python calls its __iter__, or fails) or a NamedTuple
    with an __iter__, __getitem__ or __len__ of its own in Python; else None."""
    if not _is_user_tree(cls) or installed_class(cls, LIBRARY_ROOTS):
        return None
    if not issubclass(cls, tuple):
        return cls
    own = (vars(c).get(m) for c in cls.__mro__[: cls.__mro__.index(tuple)] for m in _ITEMS)
    return cls if any(isinstance(v, types.FunctionType) for v in own) else None


_ITEMS = ("__iter__", "__getitem__", "__len__")


class Protocols:
    """Checks of :class:`~s2sgrad.normalize.lowering._Lowering` (its ``operand_class``)."""

    def check_iterated(self, node, what: str = "iterating") -> None:
        """An error where ``node`` holds an object of a user class that is iterated (a
        dataclass, or a NamedTuple whose class gives its own __iter__)."""
        cls = self.operand_class(node)
        kind = self.static_object_kind(node) if cls is None else None
        if isinstance(kind, tuple) and kind[0] == "namedtuple":
            cls = kind[1]
        cls = _protocol_class(cls) or _iterated_tree(cls)
        if cls is None:
            return
        raise self.info.error(
            node,
            f"{what} an object of class {cls.__name__} (Python calls its __iter__, or "
            "__getitem__ until IndexError) cannot be differentiated",
            ITERATION_HINT,
            cls=UnsupportedSyntaxError,
        )

    def builtin_dunder(self, node, target, hint=None):
        """``abs(obj)``, ``float(obj)``, ``complex(obj)``, ``round(obj, n)`` of an object of
        a user class with that method in Python: the lowered call ``obj.__abs__()``...
        (what Python calls); None for any other call."""
        attr = _BUILTIN_DUNDERS.get(id(target))
        if attr is None or not node.args or node.keywords:
            return None
        if any(isinstance(a, gast.Starred) for a in node.args):
            return None
        cls = _protocol_class(self.operand_class(node.args[0]))
        if cls is None or _method(cls, attr) is None:
            return None
        if attr != "__round__" and len(node.args) != 1:
            return None
        return self.dunder(node.args[0], attr, node.args[1:], node, hint or attr.strip("_"))

    def check_library_objects(self, node, target) -> None:
        """An error where a NumPy, SciPy or math function, or a builtin that reads its
        argument through protocol methods, receives an object of a user class."""
        path = rules.canonical_name(target)
        if path is None or rules.is_nondifferentiable(target):
            return
        if id(target) not in _PROTOCOL_BUILTINS and not path.startswith(_LIBRARIES):
            return
        given = _function_parameters(target, len(node.args), node.keywords)  # odeint(f, ...)
        values = [
            a.value if isinstance(a, gast.Starred) else a
            for i, a in enumerate(node.args)
            if i not in given
        ]
        values += [k.value for k in node.keywords if k.arg not in given]
        for value in values:
            cls = _protocol_class(self.operand_class(value))
            if cls is None:
                continue
            raise self.info.error(
                value,
                f"{path}() of an object of class {cls.__name__}: Python reads the object "
                "through its methods (__iter__, __array__, __array_ufunc__, __float__, "
                "__abs__ ...), which s2sgrad does not differentiate",
                "pass the arrays the object holds (np.sum(obj.v)), or call the method "
                "(obj.__abs__())",
                cls=UnsupportedSyntaxError,
            )
