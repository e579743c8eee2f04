"""Lowering of calls with effects: in-place arguments, ``out=``, ufunc methods
(``np.add.at``, ``reduce``, ``accumulate``).

    np.add.at(g, i, v)    ->    g = add_at_value(g, i, v)
"""

from __future__ import annotations

import inspect

import gast
import numpy as np

from .. import rules
from ..errors import NonDifferentiableError, UnsupportedSyntaxError
from ..syntax import assign, clone, const, name, substitute, walk
from .spread import spread_elts
from .tables import (
    _INPLACE_METHODS,
    _MASKED_REDUCTIONS,
    _MUTATING_IDS,
    _UFUNC_ACCUMULATE,
    _UFUNC_AT,
    _UFUNC_REDUCE,
    _describe,
    _fn_hint,
    _is_numpy,
    _out_position,
)


class Effects:
    """Effectful call methods of :class:`~s2sgrad.normalize.lowering._Lowering`."""

    def call_effects(self, fn, args, keywords, node, hint):
        """Lower or reject a call that writes into an array; None for other calls.

        A write the derivative does not know about would make it silently wrong, so
        ``f(..., out=y)`` becomes ``y[...] = f(...)``, ufunc methods become the NumPy
        function with the same derivative, and every other mutating call is an error.
        """
        mutating = _MUTATING_IDS.get(id(fn))
        owner = getattr(fn, "__self__", None)
        method = getattr(fn, "__name__", None) or ""
        if (
            mutating is None
            and method in _INPLACE_METHODS
            and isinstance(owner, (np.random.Generator, np.random.RandomState))
        ):
            mutating = (
                f"{type(owner).__name__}.{method}",
                _INPLACE_METHODS[method],
                "its argument",
            )
        if (
            mutating is None
            and isinstance(owner, np.ndarray)
            and (method in _INPLACE_METHODS or method.startswith("__i"))
        ):
            # a method of a global array, such as BUFFER.fill(0.0)
            what = _describe(node.func) if isinstance(node, gast.Call) else f".{method}()"
            mutating = (
                what,
                _INPLACE_METHODS.get(method, "write y = y + ... instead"),
                "the array",
            )
        if mutating is not None:
            raise self.info.error(
                node,
                f"{mutating[0]} changes {mutating[2]} in place, which cannot be differentiated",
                mutating[1],
                UnsupportedSyntaxError,
            )
        if isinstance(owner, np.ufunc) and not isinstance(fn, np.ufunc):
            return self.ufunc_method(owner, fn.__name__, args, keywords, node, hint)
        if getattr(fn, "__objclass__", None) is np.ndarray:
            raise self.info.error(
                node,
                f"np.ndarray.{fn.__name__} called on the class cannot be differentiated",
                "call the NumPy function and assign its result: y = np.add(y, x)",
                UnsupportedSyntaxError,
            )
        wheres = [k for k in keywords if k.arg == "where"]
        if wheres and isinstance(wheres[0].value, gast.Constant) and wheres[0].value.value is True:
            rest = [k for k in keywords if k.arg != "where"]
            return self.make_call(fn, args, rest, node, hint)
        if wheres and id(fn) in _MASKED_REDUCTIONS and args:
            # np.sum(x, where=m) is np.sum(np.where(m, x, 0)): the masked-out items add 0
            rest = [k for k in keywords if k.arg != "where"]
            mask = self.atom(wheres[0].value, "mask")
            masked = self.bind(
                self.make_call(
                    np.where, [mask, args[0], const(_MASKED_REDUCTIONS[id(fn)])], [], node
                ),
                "masked",
            )
            return self.make_call(fn, [masked] + list(args[1:]), rest, node, hint)
        if not _is_numpy(fn):
            return None  # a user function's parameter named out is just a parameter
        outs = [k for k in keywords if k.arg == "out"]
        if isinstance(fn, np.ufunc) and len(args) > fn.nin:
            if outs:
                raise self.info.error(node, "out given twice")
            if all(isinstance(a, gast.Constant) and a.value is None for a in args[fn.nin :]):
                return self.make_call(fn, args[: fn.nin], keywords, node, hint)  # out=None
            return self.call_with_out(fn, args[: fn.nin], keywords, args[fn.nin :], node, hint)
        position = _out_position(fn)
        if position is not None and len(args) > position:
            # np.sum(x, 0, None, y): out passed by position; later ones become keywords
            params = list(inspect.signature(fn).parameters)
            rest = list(keywords) + [
                gast.keyword(arg=p, value=a)
                for p, a in zip(params[position + 1 :], args[position + 1 :])
            ]
            out = args[position]
            if isinstance(out, gast.Constant) and out.value is None:  # np.sum(x, 1, None, None)
                return self.make_call(fn, args[:position], rest, node, hint)
            return self.call_with_out(fn, args[:position], rest, [out], node, hint)
        if outs:
            rest = [k for k in keywords if k.arg != "out"]
            out = outs[0].value
            if isinstance(out, gast.Constant) and out.value is None:
                return self.make_call(fn, args, rest, node, hint)
            out = out.elts if isinstance(out, gast.Tuple) else [out]
            return self.call_with_out(fn, args, rest, out, node, hint)
        return None

    def call_with_out(self, fn, args, keywords, outs, node, hint):
        """``f(x, out=y)`` as ``y[...] = f(x)``: the write becomes an item assignment."""
        what = _describe(node.func) if isinstance(node, gast.Call) else "this call"
        if len(outs) != 1:
            raise self.info.error(
                node,
                f"{what} with several outputs in out= cannot be differentiated",
                "assign the results instead",
                UnsupportedSyntaxError,
            )
        if any(k.arg == "where" for k in keywords):
            raise self.info.error(
                node,
                f"{what} with out= and where= keeps the old values "
                "where the mask is False, which cannot be differentiated",
                "write y = np.where(mask, f(x), y)",
                UnsupportedSyntaxError,
            )
        out = outs[0]
        if isinstance(out, gast.Name) and out.id in self.locals:
            obj, index = name(out.id), const(Ellipsis)
        elif (
            isinstance(out, gast.Subscript)
            and isinstance(out.value, gast.Name)
            and out.value.id in self.locals
            and out.value.id not in self.star_params  # args[2] is the caller's array
        ):
            obj, index = name(out.value.id), self.index(out.slice, "index")
        else:
            raise self.info.error(
                node,
                f"{what} writes into out={_describe(out)}, which is "
                "not a local array, so the write cannot be differentiated",
                "assign the result instead: y = f(x)",
                UnsupportedSyntaxError,
            )
        hint = hint or _fn_hint(fn)
        result = self.bind(self.make_call(fn, args, keywords, node, hint), hint)
        self.setitem(obj, index, result, self.current)
        if isinstance(index, gast.Constant):
            return obj
        return gast.Subscript(value=obj, slice=index, ctx=gast.Load())

    def ufunc_method(self, ufunc, method, args, keywords, node, hint):
        """``np.add.reduce`` is ``np.sum`` over axis 0, ``np.multiply.outer(a, b)`` is
        ``a`` reshaped to broadcast against ``b`` times ``b``, and so on; ``.at`` writes
        into its first argument and is rejected."""
        label = f"np.{ufunc.__name__}.{method}"
        if method == "at":
            return self.ufunc_at(ufunc, label, args, keywords, node)
        kws = {k.arg: k.value for k in keywords}
        table = {"reduce": _UFUNC_REDUCE, "accumulate": _UFUNC_ACCUMULATE}.get(method, {})
        allowed = {"axis", "out"} | ({"keepdims"} if method == "reduce" else set())
        if (
            ufunc.__name__ in table
            and 1 <= len(args) <= 2
            and set(kws) <= allowed
            and not (len(args) == 2 and "axis" in kws)
        ):
            axis = args[1] if len(args) == 2 else kws.pop("axis", const(0))
            rest = [gast.keyword(arg=k, value=v) for k, v in kws.items()]
            target = table[ufunc.__name__]
            return self.make_call(
                target,
                [args[0]],
                [gast.keyword(arg="axis", value=axis)] + rest,
                node,
                hint or _fn_hint(target),
            )
        if (
            method == "outer"
            and ufunc.nin == 2
            and len(args) == 2
            and set(kws) <= {"out"}
            and rules.lookup(ufunc) is not None
        ):
            a = self.atom(args[0], "outer")
            b = self.atom(args[1], "outer")
            shape = self.bind(self.make_call(np.shape, [a], [], node), "outer_shape")
            ndim = self.bind(self.make_call(np.ndim, [b], [], node), "outer_ndim")
            ones = self.bind(
                gast.BinOp(
                    left=gast.Tuple(elts=[const(1)], ctx=gast.Load()), op=gast.Mult(), right=ndim
                ),
                "outer_ones",
            )
            shape = self.bind(gast.BinOp(left=shape, op=gast.Add(), right=ones), "outer_shape")
            column = self.bind(self.make_call(np.reshape, [a, shape], [], node), "outer_column")
            return self.make_call(ufunc, [column, b], keywords, node, hint)
        equivalent = {
            "reduce": "np.sum, np.prod, np.max or np.min",
            "accumulate": "np.cumsum or np.cumprod",
        }.get(method, "a loop")
        raise self.info.error(
            node,
            f"{label} with these arguments cannot be differentiated",
            f"write it with {equivalent}",
            NonDifferentiableError,
        )

    def ufunc_at(self, ufunc, label, args, keywords, node):
        """``np.add.at(y, idx, x)`` as the loop it is: one item update per position that
        ``y[idx]`` names, in order, so repeated positions accumulate (``_ufunc_at``)."""
        module = (
            node.func.value.value
            if isinstance(node, gast.Call) and isinstance(node.func.value, gast.Attribute)
            else None
        )
        if (
            module is None
            or self.free_value(module) is not np
            or ufunc.nin != 2
            or getattr(np, ufunc.__name__, None) is not ufunc
            or len(args) != 3
            or keywords
            or rules.lookup(ufunc) is None
        ):
            raise self.info.error(
                node,
                f"{label} with these arguments cannot be differentiated",
                "write np.<ufunc>.at(y, idx, x) with a "
                "NumPy ufunc that has a derivative, or a loop: "
                "for k in range(len(idx)): y[idx[k]] += x[k]",
                UnsupportedSyntaxError,
            )
        target = self.atom(args[0], "at")
        if not (isinstance(target, gast.Name) and target.id in self.locals):
            raise self.info.error(
                node,
                f"{label} writes into {_describe(args[0])}, which is "
                "not a local array, so the write cannot be differentiated",
                "make a local copy first: y = y.copy()",
                UnsupportedSyntaxError,
            )
        hint = target.id + "_at"
        index = self.argument(args[1], hint + "_index")
        if not isinstance(index, gast.Name):
            index = self.bind(index, hint + "_index")
        value = self.atom(args[2], hint + "_value")
        if not isinstance(value, gast.Name):
            value = self.bind(value, hint + "_value")
        mapping = {
            "np": clone(module),
            "ufunc": clone(node.func.value),
            "y": target,
            "index": index,
            "x": value,
        }
        for n in ("positions", "coords", "items", "k", "point"):
            mapping[n] = name(self.fresh(f"{hint}_{n}"))
            self.locals.add(mapping[n].id)
        saved = self.current
        for stmt in _UFUNC_AT.body:
            stmt = substitute(stmt, mapping)
            for n in walk(stmt):
                if isinstance(n, (gast.stmt, gast.expr)):
                    gast.copy_location(n, node)
                    n.end_lineno = getattr(node, "end_lineno", None)
            self.stmt(stmt)
        self.current = saved
        return const(None)

    def bind(self, value, hint):
        """``value`` assigned to a fresh name at the current statement."""
        temp = self.fresh(hint)
        self.emit(assign(temp, value), self.current)
        return name(temp)

    def argument(self, node, hint):
        if isinstance(node, (gast.Tuple, gast.List)):
            elts = [self.argument(e, hint) for e in spread_elts(self, node.elts, node, hint)]
            return type(node)(elts=elts, ctx=gast.Load())
        if isinstance(node, gast.Slice):
            return self.index(node, hint)
        if isinstance(node, gast.Starred):  # *x.shape, kept by call_starred
            kept = gast.Starred(value=self.atom(node.value, hint), ctx=gast.Load())
            return gast.copy_location(kept, node)
        return self.atom(node, hint)
