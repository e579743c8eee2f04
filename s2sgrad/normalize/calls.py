"""Lowering of call expressions: builtins, user methods, ``max``/``min``, nested
transforms, ``map``.

    y = f(g(x))    ->    y_g = g(x)
                          y = f(y_g)
"""

from __future__ import annotations

import functools
import inspect
import itertools
import operator
import types

import gast
import numpy as np

from .. import anno, nested, rules, runtime
from ..errors import UnsupportedSyntaxError
from ..parsing import _MISSING, remembered
from ..syntax import assign, clone, const, name, walk
from .branch_functions import branch_function_error
from .branch_keys import keyed_calls
from .callees import called_value
from .frames import check_frame_reads
from .iterator_calls import LISTED, extremum_by_key, listed_call, sorted_call, tuples_listed
from .kinds import _is_user_tree
from .local_trees import local_tree_class
from .numpy_calls import numpy_call
from .outside_logs import attribute_log_call, outside_log_call
from .partials import check_call_keywords
from .passed_partials import passed_partial_call
from .records import made_class, object_calls
from .reparam import reparametrized
from .self_changes import (
    changes_argument,
    changes_self,
    check_outside_change,
    followable,
    read_back_changed,
    self_changing_call,
)
from .tables import (
    _CONSUMERS,
    _MUTATING_METHODS,
    LocalFunction,
    _describe,
    _is_transform,
    _is_user_method,
    _written,
)

# operator's functions of two arguments, as the operators they are (a list's + concatenates)
_OPERATOR_BINOPS = {
    id(operator.add): gast.Add,
    id(operator.sub): gast.Sub,
    id(operator.mul): gast.Mult,
    id(operator.truediv): gast.Div,
    id(operator.pow): gast.Pow,
    id(operator.matmul): gast.MatMult,
}


class BuiltinCalls:
    """``max``/``min`` of several values and ``map`` as a list: methods of :class:`Calls`."""

    def extremum(self, fn, node, hint):
        """``max(a, b, c)`` as ``max(max(a, b), c)``; ``max(items)`` as a loop over the
        items, which is what Python does (the first largest item wins)."""
        what = fn.__name__
        keyed = extremum_by_key(self, fn, node, hint)  # max(xs, key=abs)
        if keyed is not None:
            return keyed
        if node.keywords:
            raise self.info.error(
                node,
                f"{what}() with {node.keywords[0].arg}= cannot be differentiated",
                f"compute the {what} without {node.keywords[0].arg}=, e.g. with an explicit loop",
                UnsupportedSyntaxError,
            )
        args = node.args
        if len(args) == 1 and isinstance(args[0], (gast.List, gast.Tuple)):
            args = args[0].elts
        elif len(args) == 1:
            items = self.atom(args[0], hint + "_items")
            result = self.fresh(hint + "_" + what)
            index = self.fresh("index")
            first = gast.Subscript(value=items, slice=const(0), ctx=gast.Load())
            self.assign_to(name(result, store=True), gast.copy_location(first, node), self.current)
            step = gast.Call(
                func=name(what),
                args=[
                    name(result),
                    gast.Subscript(value=items, slice=name(index), ctx=gast.Load()),
                ],
                keywords=[],
            )
            loop = gast.For(
                target=name(index, store=True),
                iter=gast.Call(
                    func=name("range"),
                    args=[const(1), gast.Call(func=name("len"), args=[items], keywords=[])],
                    keywords=[],
                ),
                body=[assign(result, step)],
                orelse=[],
                type_comment=None,
            )
            for n in walk(loop):
                if isinstance(n, (gast.stmt, gast.expr)):
                    gast.copy_location(n, node)
            self.locals |= {result, index}
            saved = self.current
            self.stmt_For(loop)
            self.current = saved
            return name(result)
        if not args:
            raise self.info.error(node, f"{what}() needs at least one argument")
        if len(args) == 1:
            return self.atom(args[0], hint)
        out = self.make_call(fn, args[:2], [], node, hint)
        for arg in args[2:]:
            out = self.make_call(fn, [self.bind(out, hint + "_" + what), arg], [], node, hint)
        return out

    def over_ranges(self, node) -> bool:
        """Are all the iterables of ``node`` ranges (``combinations(range(n), 2)``: the
        numbers it yields carry no derivative, and a loop lists them as they are)?"""
        return (
            bool(node.args)
            and all(self.range_like(a) == "range" for a in node.args[:1])
            and (
                all(
                    self.range_like(a) == "range" or isinstance(a, gast.Constant) for a in node.args
                )
            )
        )

    def made_partial(self, func):
        """The ``partial(g, a, k=v)`` the local name ``func`` holds (normalize.partials)."""
        if func.id not in self.bound_partials:
            raise self.info.error(
                func,
                f"the functools.partial {func.id!r} is called before the line that makes it",
                "make the partial before the loop or branch that calls it",
                UnsupportedSyntaxError,
            )
        return self.bound_partials[func.id]

    def map_as_list(self, node):
        """``map(f, xs, ys)`` as ``[f(x, y) for x, y in zip(xs, ys)]`` (a lambda's body is
        the item): a map is consumed like a generator, so the list of its items gives the
        same values."""
        f, iters = node.args[0], node.args[1:]
        it = iters[0] if len(iters) == 1 else gast.Call(func=name("zip"), args=iters, keywords=[])
        if len(iters) > 1 and self.info.lookup("zip") is not zip:
            raise self.info.error(
                node, "map over several sequences needs the builtin zip", cls=UnsupportedSyntaxError
            )
        if isinstance(f, gast.Lambda):
            if not _plain_lambda(f, len(iters)):
                raise self.info.error(
                    f,
                    "map with this lambda cannot be differentiated",
                    "write a list comprehension",
                    UnsupportedSyntaxError,
                )
            params = [name(p.id, store=True) for p in f.args.args]
            elt = f.body
        else:
            params = [name(self.fresh("item"), store=True) for _ in iters]
            elt = gast.Call(func=f, args=[name(p.id) for p in params], keywords=[])
        target = params[0] if len(params) == 1 else gast.Tuple(elts=params, ctx=gast.Store())
        comp = gast.ListComp(
            elt=elt, generators=[gast.comprehension(target=target, iter=it, ifs=[], is_async=0)]
        )
        for n in walk(comp):
            if isinstance(n, (gast.expr, gast.stmt)) and getattr(n, "lineno", None) is None:
                gast.copy_location(n, node)
        return comp


def _from_iterable(target) -> bool:
    return getattr(target, "__self__", None) is itertools.chain and (
        getattr(target, "__name__", None) == "from_iterable"
    )


def _plain_lambda(f, n: int) -> bool:
    """Does the lambda ``f`` take exactly ``n`` plain positional parameters?"""
    a = f.args
    plain = not (a.vararg or a.kwarg or a.kwonlyargs or a.defaults or a.posonlyargs)
    return plain and len(a.args) == n


def _partial_call(func, node):
    """``partial(f, a, k=v)(x)`` is ``f(a, x, k=v)``; the call's own keywords win."""
    named = {k.arg for k in node.keywords}
    fixed = [k for k in func.keywords if k.arg not in named]
    inner = gast.Call(
        func=func.args[0], args=func.args[1:] + node.args, keywords=fixed + node.keywords
    )
    return gast.copy_location(inner, node)


def _partial_object_call(func, target, node):
    """``p(x)`` for a partial object ``p`` known when transforming: ``p.func(*p.args, x,
    **p.keywords)``, its stored arguments read from the object."""
    named = {k.arg for k in node.keywords}

    def read(attr, key):
        return gast.Subscript(
            value=gast.Attribute(value=clone(func), attr=attr, ctx=gast.Load()),
            slice=const(key),
            ctx=gast.Load(),
        )

    stored = [read("args", i) for i in range(len(target.args))]
    fixed = [
        gast.keyword(arg=k, value=read("keywords", k)) for k in target.keywords if k not in named
    ]
    inner = gast.Call(
        func=gast.Attribute(value=clone(func), attr="func", ctx=gast.Load()),
        args=stored + node.args,
        keywords=fixed + node.keywords,
    )
    for n in walk(inner):
        gast.copy_location(n, node)
    return inner


def _callable_object(kind) -> bool:
    """Is ``kind`` an object kind of a user class with a ``__call__`` function?"""
    return (
        isinstance(kind, tuple)
        and kind[0] == "object"
        and isinstance(inspect.getattr_static(kind[1], "__call__", None), types.FunctionType)
    )


def _dunder_call(func, node):
    """``obj(x)`` as ``obj.__call__(x)``."""
    called = gast.Call(
        func=gast.Attribute(value=func, attr="__call__", ctx=gast.Load()),
        args=node.args,
        keywords=node.keywords,
    )
    return gast.copy_location(called, node)


def _dict_display(node):
    """``dict(a=x)``, ``dict({'a': x})``, ``dict([('a', x)], b=y)`` as the display
    ``{'a': x, 'b': y}``, or None when the items are not written out."""
    if (
        any(k.arg is None for k in node.keywords)
        or len(node.args) > 1
        or not (node.args or node.keywords)
    ):
        return None
    pairs = _display_pairs(node.args[0]) if node.args else []
    if pairs is None:
        return None
    keys = [k for k, _ in pairs] + [const(k.arg) for k in node.keywords]
    values = [v for _, v in pairs] + [k.value for k in node.keywords]
    return gast.copy_location(gast.Dict(keys=keys, values=values), node)


def _display_pairs(node):
    """The ``(key, value)`` nodes of a dict display or of a list or tuple display of pairs
    (``[('a', x), ('b', y)]``), or None."""
    if isinstance(node, gast.Dict) and None not in node.keys:
        return list(zip(node.keys, node.values))
    if isinstance(node, (gast.List, gast.Tuple)) and all(
        isinstance(e, gast.Tuple) and len(e.elts) == 2 for e in node.elts
    ):
        return [(e.elts[0], e.elts[1]) for e in node.elts]
    return None


class Calls(BuiltinCalls):
    """Call lowering methods of :class:`~s2sgrad.normalize.lowering._Lowering`."""

    def expr_Call(self, node, hint):
        if isinstance(node.func, gast.Name) and node.func.id in self.branch_functions:
            raise branch_function_error(self, node.func)  # if c: f = lambda ...; else: ...
        changed = read_back_changed(self, node, hint)  # changed_by(Cls.m)(obj, w) read back
        if changed is not None:
            return changed
        summed = self.sum_of_objects(node, hint)  # sum([u, v]) of user objects: 0 + u + v
        if summed is not None:
            return summed
        dunder = self.builtin_dunder(node, self.free_value(node.func), hint)  # abs(obj)
        if dunder is not None:
            return dunder
        self.check_library_objects(node, self.free_value(node.func))  # np.sum(obj)
        check_frame_reads(self.info, node, self.free_value(node.func))  # eval("x * 2")
        comp = self.new_container(node)
        if comp is not None:
            return self.expr_ListComp(comp, hint)
        folded = self.folded_call(node)
        if folded is not None:
            return folded  # isinstance(x, dict) where x's type is known (normalize.folds)
        func = node.func
        if any(isinstance(a, gast.GeneratorExp) for a in node.args) and any(
            self.free_value(func) is c for c in _CONSUMERS
        ):
            for a in node.args:
                anno.set(a, "consumed", True)
        if any(
            k.arg is None and getattr(k.value, "id", None) in self.branch_keys
            for k in node.keywords
        ):
            chosen = keyed_calls(self, node)  # f(**kw), kw["mask"] = m in a branch
            if isinstance(chosen, gast.IfExp):
                return self.expr_IfExp(chosen, hint)
            if chosen is not None:  # one call: the keys are certain or defaulted
                return self.expr_Call(chosen, hint)
        if any(isinstance(a, gast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            node = self.call_starred(node, runtime_keys=_made_when_run(self, func))
            if any(k.arg is None for k in node.keywords):
                # LOSSES[name](y, p, **opts), opts an item of a config: keys known when it runs
                return called_value(self, node, hint)
        if isinstance(func, gast.Name) and func.id in self.local_partials:
            check_call_keywords(self, self.made_partial(func), node)  # f(x, k=v), **kwargs
            return self.expr_Call(_partial_call(self.made_partial(func), node), hint)
        if isinstance(func, gast.Name) and func.id in self.passed_partials:
            return passed_partial_call(self, func, node, hint)  # a partial passed in
        if (
            isinstance(func, gast.Call)
            and not any(isinstance(a, gast.Starred) for a in func.args)
            and all(k.arg is not None for k in func.keywords)
            and func.args
            and self.resolve_call(func) is functools.partial
        ):
            return self.expr_Call(_partial_call(func, node), hint)
        if isinstance(func, gast.Lambda):  # (lambda z: z)(c): a call of a local def
            made = gast.Call(
                func=self.function_argument(func), args=node.args, keywords=node.keywords
            )
            return self.expr_Call(gast.copy_location(made, node), hint)
        if isinstance(func, gast.Call) and _is_transform(self.resolve_call(func)):
            return nested.lower_call(self, node, hint)  # grad(f)(x): a nested derivative
        model = local_tree_class(self, func)  # P(w, b) of P = namedtuple(...) made here
        tree = self.tree_call(model, node, hint) if model is not None else None
        if tree is not None:
            anno.set(tree, "made", model)
            return tree
        target = self.free_value(func)
        if _is_transform(target) or nested.is_derivative(target):
            return nested.lower_direct(self, node, hint)  # jvp(f, (x,), (v,)), DF(x), ...
        if (
            target is map
            and len(node.args) >= 2
            and not node.keywords
            and not any(isinstance(a, gast.Starred) for a in node.args)
        ):
            comp = gast.copy_location(self.map_as_list(node), node)
            if anno.get(node, "lazy_loop", False):
                anno.set(comp, "lazy_loop", True)
            return self.expr_ListComp(comp, hint)
        if any(target is c for c in LISTED) or _from_iterable(target):
            listed = None if self.over_ranges(node) else listed_call(self, target, node, hint)
            if listed is not None:  # combinations(xs, 2), chain(a, b), filter(f, xs)
                return listed
        if (
            id(target) in _OPERATOR_BINOPS
            and len(node.args) == 2
            and not node.keywords
            and not any(isinstance(a, gast.Starred) for a in node.args)
        ):
            # operator.add(a, b) is a + b: of lists, their concatenation (not np.add's rule)
            op = _OPERATOR_BINOPS[id(target)]()
            binop = gast.BinOp(left=node.args[0], op=op, right=node.args[1])
            return self.expr_BinOp(gast.copy_location(binop, node), hint)
        if target is np.fromiter or target is np.choose or target is np.piecewise:
            made = numpy_call(self, target, node, hint)
            if made is not None:  # np.piecewise(x, conds, funcs): item writes of each
                return made
        drawn = reparametrized(self, node, hint)  # rng.normal(mu, sigma): mu + sigma * z
        if drawn is not None:
            return drawn
        if target is list or target is sorted:
            listed = tuples_listed(self, node)  # list(zip(a, b)): the tuples listed
            if listed is not None:
                if target is list:
                    return self.expr_ListComp(listed, hint)
                return self.expr_Call(listed, hint)
        if target is sorted:
            ordered = sorted_call(self, node, hint)
            if ordered is not None:  # sorted(xs, key=abs): the items by their order
                return ordered
        if target is functools.reduce and self.reducible(node):
            return self.reduce_as_loop(node)
        if isinstance(target, functools.partial) and isinstance(func, (gast.Name, gast.Attribute)):
            return self.expr_Call(_partial_object_call(func, target, node), hint)
        frozen = self.frozen_call(node, hint)
        if frozen is not None:
            return frozen
        made = object_calls(self, target, node, hint)  # HMM(theta), Cls.make(x): records.py
        if made is not None:
            return made
        if isinstance(func, gast.Name) and func.id in self.known_functions:
            known = self.known_functions[func.id]
            if isinstance(known, functools.partial):  # a partial passed in: f(x) is
                inner = _partial_object_call(func, known, node)  # f.func(*f.args, x, ...)
                return self.make_call(known.func, inner.args, inner.keywords, node, hint)
            out = self.make_call(known, node.args, node.keywords, node, hint)
            if isinstance(out, gast.Call) and isinstance(known, LocalFunction):
                out.func = clone(func)  # the caller's local function, passed in as func
            return _copies_returned(node, out)  # R(i - 1) in R: a recursion
        if isinstance(func, gast.Name) and func.id in self.local_functions:
            return _copies_returned(
                node,
                self.make_call(self.local_functions[func.id], node.args, node.keywords, node, hint),
            )
        if isinstance(func, gast.Attribute):
            logged = attribute_log_call(self, func, node, hint)  # self.history.append(v)
            if logged is not None:
                return logged
        target = self.free_value(func)
        owner = getattr(target, "__self__", None)
        if (
            isinstance(func, gast.Attribute)
            and func.attr in _MUTATING_METHODS
            and isinstance(owner, (list, dict, set, bytearray, np.ndarray))
        ):
            logged = outside_log_call(self, func, owner, node, hint)  # LOG.append(v)
            if logged is not None:
                return logged
            raise self.info.error(
                node,
                f"{_describe(func)} changes a {type(owner).__name__} "
                "that is not local to the function, which cannot be "
                "differentiated",
                "build a local list and return it, or pass the value in as an argument",
                UnsupportedSyntaxError,
            )
        if (
            isinstance(func, gast.Call)
            and isinstance(
                inspect.getattr_static(made_class(self, func), "__call__", None),
                types.FunctionType,
            )
            and made_class(self, func) is not None
        ):
            # Sigmoid()(x), build(params)(x): the object made here, called
            return self.method_call(_dunder_call(func, node), hint)
        if (
            isinstance(func, gast.Name)
            and func.id in self.classes
            and isinstance(
                inspect.getattr_static(self.classes[func.id], "__call__", None), types.FunctionType
            )
        ):
            # activation(x) for a parameter or local object of a user class with __call__
            return self.method_call(_dunder_call(func, node), hint)
        if isinstance(func, gast.Subscript) and _callable_object(self.static_object_kind(func)):
            # layers[0](x) of a list of objects whose kinds are known
            return self.method_call(_dunder_call(func, node), hint)
        if target is _MISSING or (
            isinstance(func, gast.Attribute)
            and isinstance(_bound_self(target), np.ndarray)
            and rules.lookup_function("numpy." + func.attr) is not None
        ):
            if target is not _MISSING:  # F.dot(x) of a module-level array F: as np.dot(F, x)
                return self.method_call(node, hint)
            if isinstance(func, gast.Attribute) and func.attr == "_replace":
                tree = self.tree_call(target, node, hint)
                if tree is not None:
                    return tree
            if isinstance(func, gast.Attribute):
                return self.method_call(node, hint)
            if not isinstance(func, gast.Name) or func.id in self.locals:
                return called_value(self, node, hint)  # ACTS[i](x): known when it runs
            raise self.info.error(
                node,
                f"cannot call {_describe(func)}: it is not a "
                "function known when the function is transformed",
                cls=UnsupportedSyntaxError,
            )
        if (
            any(target is c for c in _CONSUMERS)
            or isinstance(target, np.ufunc)
            or (getattr(target, "__module__", None) or "").startswith("numpy")
        ):
            for a in node.args:  # a builtin or NumPy function reads d.values() at once
                anno.set(a, "read_at_once", True)
        display = _dict_display(node) if target is dict else None
        if display is not None:
            return self.expr_Dict(display, hint)
        if target is functools.partial:
            raise self.info.error(
                node,
                "a functools.partial object made inside the "
                "differentiated function cannot be differentiated",
                "bind it to a name once and call that name (f = partial(g, X=X); f(w)), "
                "call the function with all its arguments, or make the partial at module "
                "level",
                UnsupportedSyntaxError,
            )
        if target is max or target is min:
            return self.extremum(target, node, hint)
        if isinstance(func, (gast.Attribute, gast.Name)) and _is_user_method(target):
            return _user_method_call(self, target, node, hint)
        dunder = inspect.getattr_static(type(target), "__call__", None)
        if (
            isinstance(func, (gast.Name, gast.Attribute))
            and not isinstance(target, (type, types.FunctionType))
            and isinstance(dunder, types.FunctionType)
            and _is_user_method(types.MethodType(dunder, target))
        ):
            # sigmoid(x) for an object of a user class with __call__: sigmoid.__call__(x)
            return _user_method_call(
                self, types.MethodType(dunder, target), _dunder_call(func, node), hint
            )
        tree = self.tree_call(target, node, hint)
        if tree is not None:
            if anno.get(tree, "fn", None) is runtime.tree_node and _is_user_tree(target):
                anno.set(tree, "made", target)  # Params(w, b): its methods are known
            return tree
        if self.dispatches_on_kind(target, node):
            return called_value(self, node, hint)  # tree_l2(tree[k]): made for the value
        if changes_argument(self, target, node):  # Model.fit_step(model, w), changing model
            return self_changing_call(
                self, node.args[0], target, node.args, node.keywords, node, node, hint
            )
        return self.make_call(target, node.args, node.keywords, node, hint)

    def remember_method(self, cls, method, static):
        if self.info.globals.get(cls.__name__) is cls:
            self.info.resolved.setdefault((cls.__name__,), cls)
            self.info.resolved[(cls.__name__, method)] = remembered(static)

    def class_method_call(self, cls, obj, node, hint):
        """``self.predict(x)`` where parameter ``self`` holds an instance of the user class
        ``cls`` (the derivative is specialised on it): ``self.__class__.predict(self, x)``.
        Replacing the method is seen while ``cls`` is a global of the function's module."""
        method = node.func.attr
        static = inspect.getattr_static(cls, method)
        fn = static.__func__ if isinstance(static, (staticmethod, classmethod)) else static
        self.remember_method(cls, method, static)
        func = gast.Attribute(
            value=gast.Attribute(value=clone(obj), attr="__class__", ctx=gast.Load()),
            attr=method,
            ctx=gast.Load(),
        )
        if isinstance(static, classmethod):  # the function, given the class first
            func = gast.Attribute(value=func, attr="__func__", ctx=gast.Load())
        call = gast.Call(func=func, args=node.args, keywords=node.keywords)
        gast.copy_location(call, node)
        if isinstance(static, staticmethod):
            args = list(node.args)
        elif isinstance(static, classmethod):
            owner = gast.Attribute(value=clone(obj), attr="__class__", ctx=gast.Load())
            args = [gast.copy_location(owner, node)] + list(node.args)
        else:
            args = [clone(obj)] + list(node.args)
            kind = self.static_object_kind(obj)  # the objects its __init__ was given
            if changes_self(cls, fn, kind) and followable(self, obj, node):  # set_params(w)
                return self_changing_call(self, obj, fn, args, node.keywords, call, node, hint)
        return _written(self.make_call(fn, args, node.keywords, call, hint), node.func)


def _user_method_call(low, method, node, hint):
    """``model.predict(x)`` on a free object of a user class: the function
    ``type(model).predict`` called with ``model`` first, written
    ``model.__class__.predict(model, x)``; the derivative holds while ``model.predict``
    is the same function bound to the same object. ``predict(x)`` of a free name bound to
    the method (``predict = model.predict``): the same, ``predict.__self__`` first."""
    func = node.func
    if isinstance(func, gast.Name):
        path, attr = [func.id], method.__func__.__name__
        owner = gast.copy_location(
            gast.Attribute(value=clone(func), attr="__self__", ctx=gast.Load()), func
        )
    else:
        path, sub, attr, owner = [func.attr], func.value, func.attr, func.value
        while isinstance(sub, gast.Attribute):
            path.append(sub.attr)
            sub = sub.value
        path.append(sub.id)
        path.reverse()
    low.info.resolved[tuple(path)] = method
    check_outside_change(low, method, node, owner)  # MODEL.fit(w) in a callee
    call = gast.Call(
        func=gast.Attribute(
            value=gast.Attribute(value=clone(owner), attr="__class__", ctx=gast.Load()),
            attr=attr,
            ctx=gast.Load(),
        ),
        args=node.args,
        keywords=node.keywords,
    )
    gast.copy_location(call, node)
    return _written(
        low.make_call(method.__func__, [clone(owner)] + list(node.args), node.keywords, call, hint),
        func,
    )


def _made_when_run(lowering, func) -> bool:
    """Whether a call of ``func`` with a ``**opts`` whose keys are known only when the
    code runs can be a call whose derivative is made then, for the keywords it finds
    (constants of that derivative): ``func`` is a function value known only then
    (``LOSSES[name]``, a local bound to one) or a def of the user's."""
    if isinstance(func, gast.Name) and func.id in lowering.local_functions:
        return False
    target = lowering.free_value(func)
    if target is _MISSING:
        return isinstance(func, gast.Subscript) or (
            isinstance(func, gast.Name) and func.id in lowering.locals
        )
    library = (getattr(target, "__module__", None) or "").split(".")[0]
    return (
        isinstance(target, types.FunctionType)
        and rules.lookup(target) is None
        and library not in ("numpy", "scipy", "s2sgrad", "autograd")
    )


def _bound_self(target):
    """The object a builtin method such as ``F.dot`` is bound to, or None."""
    if isinstance(target, types.BuiltinMethodType):
        return getattr(target, "__self__", None)
    return None


def _copies_returned(node, out):
    """``out``, the lowered call ``node`` of a local def returning copies of the variables
    of its function it changes (normalize.changes), marked so: not the caller's objects."""
    if anno.get(node, "returns_changes", False):
        anno.set(out, "returns_changes", True)
    return out
