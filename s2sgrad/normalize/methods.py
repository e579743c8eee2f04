"""Lowering of method calls to calls of the function they name, and of every
call to one resolved call node.

    y = x.sum(axis=0)    ->    y = np.sum(x, axis=0)
"""

from __future__ import annotations

import inspect
import types

import gast
import numpy

from .. import anno, rules, runtime
from ..errors import NonDifferentiableError, UnsupportedSyntaxError
from ..parsing import _MISSING
from ..syntax import assign, call, clone, const, dotted, name, walk
from .arguments import same_module
from .bound_arguments import bound_method_argument
from .iterator_arguments import listed_iterators
from .iterators import check_generator_read
from .kinds import _is_user_class  # noqa: F401 (imported from here by calls, lowering)
from .masked import masked_reduction
from .passed_partials import partial_argument
from .tables import (
    _ARRAY_METHODS,
    _INPLACE_METHODS,
    _METHOD_HELPERS,
    _VARARG_METHODS,
    OBJECT_METHOD,
    LocalFunction,
    _fn_hint,
    _signature,
)


def _passed(low, arg, fn):
    """An argument of a call of the user function ``fn``: a partial or a bound method
    passed as the function it calls (normalize.passed_partials, bound_arguments)."""
    return bound_method_argument(low, partial_argument(low, arg), fn)


# the position of the order argument of the calls whose order may follow the memory layout
_ORDER_AT = {"np.reshape": 2, "np.ravel": 1}


class Methods:
    """Method call methods of :class:`~s2sgrad.normalize.lowering._Lowering`."""

    def method_call(self, node, hint):
        func = node.func
        if self.is_super(func.value):
            return self.super_method_call(node, hint)
        lowered = self.read_back_method_call(node, hint)
        if lowered is not None:
            return lowered
        obj, lowered = self.typed_method_call(node, hint)
        if lowered is not None:
            return lowered
        method = func.attr
        if method in _VARARG_METHODS:
            args = node.args
            if len(args) == 1 and isinstance(args[0], gast.Starred):
                args = [args[0].value]  # x.reshape(*shape) is np.reshape(x, shape)
            elif len(args) > 1 or (
                len(args) == 1 and isinstance(args[0], gast.Constant) and method == "reshape"
            ):
                args = [gast.Tuple(elts=args, ctx=gast.Load())]
            if method == "transpose" and not args:
                fn = rules.lookup_function("numpy.transpose")
                return self.make_call(fn, [obj], node.keywords, node)
            fn = rules.lookup_function("numpy." + method)
            return self.make_call(fn, [obj] + args, node.keywords, node)
        if (
            method == "clip"
            and len(node.args) <= 2
            and all(k.arg in ("min", "max") for k in node.keywords)
        ):
            # x.clip(lo), x.clip(max=hi): np.clip takes both bounds, None for a missing one
            bounds = dict(zip(("min", "max"), node.args))
            bounds.update((k.arg, k.value) for k in node.keywords)
            fn = rules.lookup_function("numpy.clip")
            return self.make_call(
                fn,
                [obj]
                + [bounds.get(b, gast.Constant(value=None, kind=None)) for b in ("min", "max")],
                [],
                node,
            )
        if method in _ARRAY_METHODS:
            if method == "astype":
                given = node.args[0] if node.args else _keyword(node.keywords, "dtype")
                kind = self.dtype_kind(given)
                # a float or complex dtype: the identity; an integer or boolean one: none;
                # one known only when it runs (x.astype(x.dtype)): checked then (see cast_of)
                fn = rules.ASTYPE_OTHER if kind == "none" else rules.ASTYPE
                return self.make_call(fn, [obj] + node.args, node.keywords, node)
            if method == "flatten":
                method = "ravel"
            if method in ("conj", "conjugate") and not node.args and not node.keywords:
                # x.conj() of a real array is x itself (aliasing.VIEWS), unlike np.conj(x)
                return self.make_call(runtime.array_conj, [obj], [], node)
            if method == "item":
                return self.make_call(rules.ITEM, [obj] + node.args, node.keywords, node)
            if method == "tolist":
                return self.make_call(rules.TOLIST, [obj], node.keywords, node)
            fn = rules.lookup_function("numpy." + method)
            if fn is None:
                raise self.info.error(
                    node,
                    f"the method .{method}() has no derivative rule",
                    cls=NonDifferentiableError,
                )
            return self.make_call(fn, [obj] + node.args, node.keywords, node)
        if method in _INPLACE_METHODS or (method.startswith("__i") and method.endswith("__")):
            raise self.info.error(
                node,
                f".{method}() changes the array in place, which cannot be differentiated",
                _INPLACE_METHODS.get(method, "write y = y + ... instead"),
                UnsupportedSyntaxError,
            )
        at = node.args
        if (
            method == "pop"
            and isinstance(obj, gast.Name)
            and (not at or (len(at) == 1 and self.indexed_pop(node, obj.id)))
            and not node.keywords
        ):  # xs.pop(); xs.pop(i) of a list of the function's own (normalize.removals)
            at = [self.atom(a, "index") for a in at]
            out = gast.Call(
                func=gast.Attribute(value=obj, attr="pop", ctx=gast.Load()), args=at, keywords=[]
            )
            anno.set(out, "fn", rules.LIST_POP)
            anno.set(out, "pop", obj.id)
            return out
        if method == "keys" and not node.args and not node.keywords:
            return self.make_call(runtime.dict_keys, [obj], [], node)
        if (
            method in ("values", "items")
            and not node.args
            and not node.keywords
            and self.is_dict(obj)
            and (anno.get(node, "read_at_once", False) or anno.get(node, "consumed", False))
        ):
            # list(d.values()) as [v for v in d.values()]: read at once, a snapshot is the
            # same (a view bound to a name would see later changes, and stays an error)
            elt = (
                name("value")
                if method == "values"
                else gast.Tuple(elts=[name("key"), name("value")], ctx=gast.Load())
            )
            target = clone(elt)
            for n in walk(target):
                if isinstance(n, (gast.Name, gast.Tuple)):
                    n.ctx = gast.Store()
            comp = gast.ListComp(
                elt=elt,
                generators=[
                    gast.comprehension(
                        target=target,
                        iter=gast.Call(
                            func=gast.Attribute(value=obj, attr=method, ctx=gast.Load()),
                            args=[],
                            keywords=[],
                        ),
                        ifs=[],
                        is_async=0,
                    )
                ],
            )
            return self.expr_ListComp(gast.copy_location(comp, node), hint)
        if (
            method == "get"
            and len(node.args) == 2
            and not node.keywords
            and not isinstance(node.args[1], gast.Constant)
        ):
            # d.get(key, default) with a default that may be differentiated: the default
            # first, then `d[key] if key in d else default` as an if statement
            key = self.atom(node.args[0], "key")
            default = self.atom(node.args[1], "default")
            found = self.atom(
                gast.Compare(left=clone(key), ops=[gast.In()], comparators=[clone(obj)]), "found"
            )
            out = self.fresh(hint or "got")
            item = gast.Subscript(value=clone(obj), slice=clone(key), ctx=gast.Load())
            branch = gast.If(
                test=found,
                body=[self.emit(assign(out, item), node)],
                orelse=[self.emit(assign(out, clone(default)), node)],
            )
            del self.out[-2:]
            self.emit(branch, self.current)
            return name(out)
        if method == "get" and node.args:
            fn = rules.DICT_GET
            return self.make_call(fn, [obj] + node.args, node.keywords, node)
        cls = self.classes.get(obj.id) if isinstance(obj, gast.Name) else None
        if cls is not None and isinstance(
            inspect.getattr_static(cls, method, None),
            (types.FunctionType, staticmethod, classmethod),
        ):
            return self.class_method_call(cls, obj, node, hint)
        if method == "view" and not node.args and not node.keywords:
            # x.view(): the same values over x's memory (aliasing.VIEWS); x.view(dtype)
            # reinterprets the bytes: an error where a differentiated value reaches it
            return self.make_call(runtime.array_view, [obj], [], node)
        # a method of an object s2sgrad knows nothing about (a RandomState, a user object):
        # it runs as written while nothing differentiated reaches it (activity checks that)
        args = [self.argument(a, hint) for a in node.args]
        kws = [gast.keyword(arg=k.arg, value=self.argument(k.value, hint)) for k in node.keywords]
        out = gast.Call(
            func=gast.Attribute(value=obj, attr=method, ctx=gast.Load()), args=args, keywords=kws
        )
        anno.set(out, "fn", OBJECT_METHOD)
        anno.set(out, "written", node.func)
        return out

    def indexed_pop(self, node, lst: str) -> bool:
        """Is ``lst.pop(i)`` an in-place change of a list (one of the function's own, or
        one in generated code read back, whose ``pop(i)`` restore lists)?"""
        return anno.get(node, "pop", None) == lst or self.info.filename.startswith("<s2sgrad ")

    def make_call(self, fn, args, keywords, node, hint=None):
        _check_overwrite(self.info, fn, args, keywords, node)  # SciPy's overwrite_a=True
        lowered = masked_reduction(self, fn, args, keywords, node, hint) or self.call_effects(
            fn, args, keywords, node, hint
        )  # np.sum(x, where=m) as plain reductions (normalize.masked)
        if lowered is not None:
            return lowered
        if fn is list and len(args) == 1 and not keywords and self.is_dict(args[0]):
            fn = runtime.dict_keys  # list(d) is the keys of d, which carry no derivative
        if (
            isinstance(fn, types.FunctionType)
            and isinstance(node, gast.Call)
            and fn.__code__.co_flags & inspect.CO_GENERATOR
            and _signature(fn) is not None
            and not anno.get(node, "listed", False)
        ):
            # a generator helper: the list of what it yields (see generator_as_list)
            lazy = check_generator_read(self, node, fn)  # read once (normalize.iterators)
            anno.set(node, "listed", True)
            made = self.make_call(fn, args, keywords, node, hint)
            if lazy and isinstance(made, gast.Call):
                anno.set(made, "lazy_items", True)  # checked in callee_changes
            items = self.bind(made, (hint or _fn_hint(fn)) + "_items")
            return self.make_call(list, [items], [], node)
        hint = hint or _fn_hint(fn)
        user = _signature(fn) is not None
        own = user and same_module(self, fn)  # may be given local functions reading locals
        if user:
            args, keywords = listed_iterators(self, fn, args, keywords)  # run(reversed(xs))
            args = [self.function_argument(_passed(self, a, fn)) for a in args]
            passed = [(k.arg, _passed(self, k.value, fn)) for k in keywords]
            keywords = [gast.keyword(arg=k, value=self.function_argument(v)) for k, v in passed]
        given = _function_parameters(fn, len(args), keywords)  # odeint(func, ...)
        if given:
            args = [self.function_argument(a) if i in given else a for i, a in enumerate(args)]
            keywords = [
                gast.keyword(arg=k.arg, value=self.function_argument(k.value))
                if k.arg in given
                else k
                for k in keywords
            ]
        call_args = [
            a
            if (user or i in given) and self.function_value(a, node, own) is not _MISSING
            else self.argument(a, hint)
            for i, a in enumerate(args)
        ]
        kws = [
            gast.keyword(
                arg=k.arg,
                value=k.value
                if (user or k.arg in given)
                and self.function_value(k.value, node, own) is not _MISSING
                else self.argument(k.value, hint),
            )
            for k in keywords
        ]
        canonical = rules.canonical_name(fn)
        if canonical in _ORDER_AT:
            _check_order(self.info, canonical, args, keywords, node)
        if id(fn) in _METHOD_HELPERS:
            func = name(_METHOD_HELPERS[id(fn)])
        elif canonical is not None:
            func = _named(self, canonical, node, fn)
        elif isinstance(fn, LocalFunction):
            func = name(fn.node.name)
        else:
            func = (
                clone(node.func)
                if isinstance(node, gast.Call)
                else dotted(getattr(fn, "__name__", "f"))
            )
        changes = anno.get(node, "changes", ()) if isinstance(node, gast.Call) else ()
        out = gast.Call(func=_primal(node, func, changes), args=call_args, keywords=kws)
        anno.set(out, "fn", fn)
        cast = self.cast_of(fn, args, keywords)
        if cast is not None:
            anno.set(out, "cast", cast)
        spec = self.call_spec(fn, call_args, kws, node) if user else ()
        if changes and not user:  # a @checkpoint function: only what it changes
            spec = (("changes", changes),)
        if spec:
            anno.set(out, "spec", spec)
        if fn is sorted and args and self.is_dict(args[0]):
            anno.set(out, "dict_keys", True)  # sorted keys: no derivative, rightly
        elif fn is sorted and len(args) == 1 and isinstance(args[0], gast.Name):
            anno.set(out, "maybe_keys", True)  # a dict's keys if it is one (validate.py)
        return out

    def dtype_kind(self, node):
        """What a dtype argument ``node`` makes of a value: None for a float dtype (or none
        given), "complex" for a complex one (the adjoint of a real value is the real part),
        "none" for an integer or boolean one (a step function, no derivative), "checked"
        for one known only when the code runs."""
        if node is None or (isinstance(node, gast.Constant) and node.value is None):
            return None
        value = node.value if isinstance(node, gast.Constant) else self.free_value(node)
        if value is _MISSING:
            return "checked"
        try:
            kind = numpy.dtype(value).kind
        except TypeError:
            return "checked"
        if kind in "fc":
            return "complex" if kind == "c" else None
        return "none" if kind in "biu" else "checked"

    def cast_of(self, fn, args, keywords):
        """The cast a call's dtype argument makes (see dtype_kind): np.array(v, dtype=int),
        np.sum(v, dtype=int), np.full(n, v, int) and the astype of generated code."""
        if fn is rules.ASTYPE or fn is runtime.array_astype:
            return self.dtype_kind(args[1] if len(args) > 1 else _keyword(keywords, "dtype"))
        prim = rules.lookup(fn)
        tpl = prim and (prim.reverse or prim.forward)
        if tpl is None or "dtype" not in tpl.params:
            return None
        given = _keyword(keywords, "dtype")
        at = tpl.positional.index("dtype") if "dtype" in tpl.positional else None
        if given is None and at is not None and at < len(args):
            given = args[at]
        if given is None and rules.canonical_name(fn) == "np.full_like":
            return "checked"  # the dtype of its first argument, known when it runs
        return self.dtype_kind(given)


def _primal(node, func, changes):
    """The function the primal call of a user function calls: ``func``, or made to return
    the lists and dicts it changes after its result (``changes``, normalize.changes) or
    the object it changes (a method called for that, normalize.self_changes)."""
    if changes:
        func = call("returning_changes", func, **{p: const(k) for p, k in changes})
    if isinstance(node, gast.Call) and anno.get(node, "self_changes", False):
        func = call("changed_by", func)
        anno.set(func, "fn", runtime.changed_by)  # bound by name in the generated code
    return func


def _named(low, canonical, node, fn):
    """The name a call of ``fn`` (``canonical``) is written with: its canonical path, or
    for a runtime helper whose name a local, a closure value or a global of the program
    holds (the user's ``part`` in a program read back for a Hessian) the name the call was
    written with (``part_``) when that names it too."""
    func = node.func if isinstance(node, gast.Call) else None
    if "." in canonical or not isinstance(func, gast.Name) or func.id == canonical:
        return dotted(canonical)
    info = low.info
    held = info.closure.get(canonical, info.globals.get(canonical, fn))
    # a local, or a closure value or global of the program (the user's own ``part``)
    if (canonical in low.locals or held is not fn) and low.free_value(func) is fn:
        return name(func.id)
    return dotted(canonical)


def _check_overwrite(info, fn, args, keywords, node) -> None:
    """An error where a SciPy call may overwrite an array argument (``overwrite_a=True``,
    by keyword or position): the derivative reads values the call would change."""
    canonical = rules.canonical_name(fn)
    if canonical is None or not canonical.startswith("scipy."):
        return
    try:
        names = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        names = []
    given = [(k.arg, k.value) for k in keywords]
    given += [(names[i], a) for i, a in enumerate(args) if i < len(names)]
    for arg, value in given:
        if not (isinstance(arg, str) and arg.startswith("overwrite_")):
            continue
        if isinstance(value, gast.Constant) and value.value in (False, 0, None):
            continue
        raise info.error(
            node,
            f"{arg}= lets SciPy overwrite an argument in place, which cannot be "
            "differentiated: the derivative reads the values the call would change",
            f"leave {arg} False (its default)",
            UnsupportedSyntaxError,
        )


def _check_order(info, canonical, args, keywords, node):
    """order="A" and "K" read in an order that depends on the array's memory layout, which
    the derivative (of a differently laid out adjoint or tangent) cannot follow."""
    at = _ORDER_AT[canonical]
    order = (
        args[at] if len(args) > at else next((k.value for k in keywords if k.arg == "order"), None)
    )
    if (
        isinstance(order, gast.Constant)
        and isinstance(order.value, str)
        and order.value.upper() in ("A", "K")
    ):
        raise info.error(
            node,
            f"{canonical} with "
            f"order={order.value!r} reads in the order of the array's "
            "memory layout, which cannot be differentiated",
            "write order='C' or order='F' (np.isfortran(x) tells which one 'A' picks)",
            UnsupportedSyntaxError,
        )


def _keyword(keywords, key):
    """The value of the keyword argument ``key`` among ``keywords``, or None."""
    return next((k.value for k in keywords if k.arg == key), None)


def _function_parameters(fn, n_args, keywords) -> dict:
    """The positions (and keywords) of a call to the primitive ``fn`` whose rule takes a
    function value there (``rule(..., functions=...)``), each to its parameter's name."""
    prim = rules.lookup(fn)
    if prim is None or not prim.functions:
        return {}
    tpl = prim.reverse or prim.forward
    out = {i: p for i, p in enumerate(tpl.positional[:n_args]) if p in prim.functions}
    out.update((k.arg, k.arg) for k in keywords if k.arg in prim.functions)
    return out
