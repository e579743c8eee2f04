"""Lowering of expressions to atoms: operators, comparisons, boolean operators,
conditional expressions, containers, subscripts, comprehensions, lambdas.

    y = a if c else b    ->    if c: y = a
                               else: y = b
"""

from __future__ import annotations

import gast
import numpy as np

from .. import anno, rules, runtime
from ..errors import UnsupportedSyntaxError
from ..optimize import fold_constants
from ..parsing import _MISSING
from ..syntax import assign, call, const, name, names_in, walk
from .callees import lambda_value
from .iterators import lazy_reads
from .records import made_class, property_read
from .sets import set_comprehension
from .spread import merged_dict, spread_elts
from .tables import _INDEX_TRICKS, _builtin_call, _is_user_class, _is_user_tree


class Indexing:
    """``np.r_[...]``-style index tricks and index lowering: methods of :class:`Expressions`."""

    def index_trick(self, trick, node, hint):
        """``np.r_[a, b]`` as ``np.concatenate``, ``np.s_[i]`` as the index itself;
        ``np.mgrid``/``np.ogrid`` make constant grids; ``np.c_[a, b]`` as ``np.concatenate``
        of ``a`` and ``b`` reshaped to at least 2-D (1-D items as columns) on the last axis."""
        parts = list(node.slice.elts) if isinstance(node.slice, gast.Tuple) else [node.slice]
        if trick is np.s_ or trick is np.index_exp:
            index = self.index(node.slice, hint)
            if isinstance(index, gast.Slice):
                index = _builtin_call(
                    slice,
                    *[
                        const(None) if p is None else p
                        for p in (index.lower, index.upper, index.step)
                    ],
                )
            elif isinstance(index, gast.Tuple):
                index = gast.Tuple(
                    elts=[
                        _builtin_call(
                            slice,
                            *[const(None) if p is None else p for p in (e.lower, e.upper, e.step)],
                        )
                        if isinstance(e, gast.Slice)
                        else e
                        for e in index.elts
                    ],
                    ctx=gast.Load(),
                )
            if trick is np.index_exp and not isinstance(index, gast.Tuple):
                index = gast.Tuple(elts=[index], ctx=gast.Load())
            return index
        if trick is np.mgrid or trick is np.ogrid:
            obj = self.atom(node.value, hint)
            return gast.Subscript(
                value=obj, slice=self.index(node.slice, hint + "_index"), ctx=gast.Load()
            )
        if any(isinstance(p, gast.Constant) and isinstance(p.value, str) for p in parts):
            what = "np.c_[...]" if trick is np.c_ else "np.r_[...]"
            raise self.info.error(
                node,
                f"{what} with a string cannot be differentiated",
                "use np.concatenate, np.column_stack or np.stack",
                UnsupportedSyntaxError,
            )
        # a slice item is a range of constants (np.arange, or np.linspace for a step 5j)
        for i, p in enumerate(parts):
            if isinstance(p, gast.Slice):
                parts[i] = name(self.fresh(hint + "_range"))
                self.emit(
                    assign(
                        parts[i].id,
                        self.make_call(
                            runtime.index_range,
                            [const(None) if b is None else b for b in (p.lower, p.upper, p.step)],
                            [],
                            node,
                        ),
                    ),
                    self.current,
                )
        items = []
        if trick is np.c_:
            # np.c_ makes each item at least 2-D (a 1-D item a column) and joins the last axis
            reshape = rules.lookup_function("numpy.reshape")
            for p in parts:
                p = self.atom(p, hint)
                shape = self.fresh(hint + "_column_shape")
                self.emit(
                    assign(shape, self.make_call(runtime.column_shape, [p], [], node)), self.current
                )
                temp = self.fresh(hint + "_column")
                self.emit(
                    assign(temp, self.make_call(reshape, [p, name(shape)], [], node)), self.current
                )
                items.append(name(temp))
            return self.make_call(
                rules.lookup_function("numpy.concatenate"),
                [gast.List(elts=items, ctx=gast.Load())],
                [gast.keyword(arg="axis", value=const(-1))],
                node,
            )
        at_least_1d = rules.lookup_function("numpy.atleast_1d")
        for p in parts:
            temp = self.fresh(hint + "_atleast_1d")
            self.emit(assign(temp, self.make_call(at_least_1d, [p], [], node)), self.current)
            items.append(name(temp))
        return self.make_call(
            rules.lookup_function("numpy.concatenate"),
            [gast.List(elts=items, ctx=gast.Load())],
            [],
            node,
        )

    def index(self, node, hint):
        if isinstance(node, gast.Slice):
            parts = [
                None if p is None else self.atom(p, hint)
                for p in (node.lower, node.upper, node.step)
            ]
            return gast.Slice(lower=parts[0], upper=parts[1], step=parts[2])
        if isinstance(node, gast.Tuple):
            return gast.Tuple(elts=[self.index(e, hint) for e in node.elts], ctx=gast.Load())
        return self.atom(node, hint)


class Expressions(Indexing):
    """Expression lowering methods of :class:`~s2sgrad.normalize.lowering._Lowering`."""

    def expr_Name(self, node, hint):
        return self.name_value(node)

    def expr_Constant(self, node, hint):
        return node

    def expr_BinOp(self, node, hint):
        dispatched = self.operator_call(node, hint)  # a * x of a user class (operators)
        if dispatched is not None:
            return dispatched
        left = self.atom(node.left, hint)
        right = self.atom(node.right, hint)
        return fold_constants(gast.BinOp(left=left, op=node.op, right=right))

    def expr_UnaryOp(self, node, hint):
        dispatched = self.operator_call(node, hint)
        if dispatched is not None:
            return dispatched
        operand = self.atom(node.operand, hint)
        if isinstance(node.op, gast.UAdd) and isinstance(operand, gast.Constant):
            return operand  # +v of anything else calls its __pos__ (an object's: operands)
        if isinstance(operand, gast.Constant) and isinstance(node.op, gast.USub):
            return const(-operand.value)
        if isinstance(operand, gast.Constant) and isinstance(node.op, gast.Not):
            return const(not operand.value)  # a folded test (normalize.folds)
        return gast.UnaryOp(op=node.op, operand=operand)

    def expr_Compare(self, node, hint):
        if len(node.ops) == 1:
            return self.one_compare(node, hint)  # folded where both sides are constants
        parts, left = [], node.left
        for op, right in zip(node.ops, node.comparators):
            parts.append(gast.Compare(left=left, ops=[op], comparators=[right]))
            left = right
        return self.expr_BoolOp(gast.BoolOp(op=gast.And(), values=parts), hint)

    def expr_BoolOp(self, node, hint):
        folded, node = self.folded_bool(node, hint)
        if folded is not None:
            return folded
        result = self.fresh(hint + ("_and" if isinstance(node.op, gast.And) else "_or"))
        self.emit(assign(result, self.atom(node.values[0], hint)), self.current)
        self._bool_rest(result, node.op, node.values[1:], hint)
        return name(result)

    def _bool_rest(self, result, op, values, hint):
        if not values:
            return
        if isinstance(op, gast.And):
            test = name(result)
        else:
            test_name = self.fresh(hint + "_not")
            self.emit(
                assign(test_name, gast.UnaryOp(op=gast.Not(), operand=name(result))), self.current
            )
            test = name(test_name)
        cond = self.fresh("cond")
        self.emit(assign(cond, _truth(self, test)), self.current)
        saved, self.out = self.out, []
        self.emit(assign(result, self.atom(values[0], hint)), self.current)
        self._bool_rest(result, op, values[1:], hint)
        body, self.out = self.out, saved
        self.emit(gast.If(test=name(cond), body=body, orelse=[]), self.current)

    def expr_IfExp(self, node, hint):
        test = self.atom(node.test, "cond")
        if isinstance(test, gast.Constant) and type(test.value) is bool:
            return self.atom(node.body if test.value else node.orelse, hint)  # folded
        result = self.fresh(hint + "_ifexp")
        if isinstance(test, gast.Name) and not test.id.startswith("cond"):
            cond = self.fresh("cond")
            self.emit(assign(cond, _truth(self, test)), self.current)
            test = name(cond)
        saved, self.out = self.out, []
        self.emit(assign(result, self.atom(node.body, hint)), self.current)
        body, self.out = self.out, []
        self.emit(assign(result, self.atom(node.orelse, hint)), self.current)
        orelse, self.out = self.out, saved
        self.emit(gast.If(test=test, body=body, orelse=orelse), self.current)
        return name(result)

    def expr_Tuple(self, node, hint):
        elts = spread_elts(self, node.elts, node, hint)  # [*ws[1:], x]: normalize.spread
        return gast.Tuple(elts=[self.atom(e, hint) for e in elts], ctx=gast.Load())

    def expr_List(self, node, hint):
        elts = spread_elts(self, node.elts, node, hint)
        return gast.List(elts=[self.atom(e, hint) for e in elts], ctx=gast.Load())

    def expr_Set(self, node, hint):
        # {"relu", "tanh"}, {i, j}: a set of values nothing differentiates (activity
        # refuses one holding a differentiated value)
        elts = spread_elts(self, node.elts, node, hint)
        return gast.Set(elts=[self.atom(e, hint) for e in elts])

    def expr_SetComp(self, node, hint):
        return self.simple(set_comprehension(node), hint)  # set([... for ...])

    def expr_Dict(self, node, hint):
        if any(k is None for k in node.keys):
            return merged_dict(self, node, hint)  # {**state, "x": x1}: normalize.spread
        keys = [self.atom(k, hint) for k in node.keys]
        values = [self.atom(v, hint) for v in node.values]
        return gast.Dict(keys=keys, values=values)

    def expr_JoinedStr(self, node, hint):
        return node

    def expr_Attribute(self, node, hint):
        value = self.free_value(node)
        if value is not _MISSING:
            return node
        folded = self.folded_attribute(node)
        if folded is not None:
            return folded
        made = made_class(self, node.value)  # HMM(theta).pi: an object made here
        kind = self.static_object_kind(node.value) if made is None else None
        obj = self.atom(node.value, hint)
        if made is not None and isinstance(obj, gast.Name):
            self.classes.setdefault(obj.id, made)
        cls = self.classes.get(obj.id) if isinstance(obj, gast.Name) else None
        if cls is None and isinstance(kind, tuple) and kind[0] == "object":
            cls = kind[1] if _is_user_tree(kind[1]) else None  # params["gp"].ls: a property
        if cls is not None and node.attr in getattr(cls, "_fields", ()):
            return gast.Subscript(
                value=obj, slice=const(cls._fields.index(node.attr)), ctx=gast.Load()
            )  # p.w of a NamedTuple is an item
        getter = property_read(self, cls, obj, node, hint) if cls is not None else None
        if getter is not None:
            return getter
        # .T, .real and .imag of an array; of an object of a class of the user's (its
        # self.T: a temperature) the attribute as written
        if not _user_object(cls, kind) and node.attr == "T":
            return self.make_call(rules.lookup_function("numpy.transpose"), [obj], [], node)
        if not _user_object(cls, kind) and node.attr in ("real", "imag"):
            return self.make_call(rules.lookup_function("numpy." + node.attr), [obj], [], node)
        # any other attribute is read as written: a constant unless the object is
        # differentiated, which activity rejects (see activity.check_object_reads)
        return gast.Attribute(value=obj, attr=node.attr, ctx=gast.Load())

    def expr_Subscript(self, node, hint):
        trick = self.free_value(node.value)
        if any(trick is t for t in _INDEX_TRICKS):
            return self.index_trick(trick, node, hint)
        dispatched = self.operator_call(node, hint)
        if dispatched is not None:
            return dispatched
        obj = self.atom(node.value, hint)
        index = self.index(node.slice, hint + "_index")
        return gast.Subscript(value=obj, slice=index, ctx=gast.Load())

    def expr_ListComp(self, node, hint, result=None):
        """A comprehension as the loops it stands for: one ``for`` per ``for`` clause,
        outermost first, each clause's conditions around the loops inside it."""
        comp = isinstance(node, gast.DictComp)
        result = result or self.fresh(hint + ("_dict" if comp else "_list"))
        empty = gast.Dict(keys=[], values=[]) if comp else gast.List(elts=[], ctx=gast.Load())
        made = self.emit(assign(result, empty), self.current)
        if anno.get(node, "lazy_loop", False):
            anno.set(made, "lazy_items", lazy_reads(node))  # checked in callee_changes
        if comp:
            self.dicts.add(result)
        else:
            self.lists.add(result)
        self.locals.add(result)
        renames = {n: self.fresh(n) for g in node.generators for n in names_in(g.target)}
        self.locals |= set(renames.values())
        for fresh in renames.values():  # bound by its loop only: [h.nll(x) for h in hs]
            self.stores[fresh] = 1  # reads its item's kind (kinds.loop_item_kinds)
        from ..syntax import substitute

        if comp:
            key = substitute(node.key, renames)
            value = substitute(node.value, renames)
            slot = gast.Subscript(value=name(result), slice=key, ctx=gast.Store())
            body = [gast.Assign(targets=[slot], value=value, type_comment=None)]
        else:
            append = gast.Attribute(value=name(result), attr="append", ctx=gast.Load())
            body = [gast.Expr(value=call(append, substitute(node.elt, renames)))]
        for depth, gen in reversed(list(enumerate(node.generators))):
            for cond in reversed(gen.ifs):
                body = [gast.If(test=substitute(cond, renames), body=body, orelse=[])]
            # the first clause's iterable is read in the enclosing scope, the others see
            # the targets of the clauses before them
            source = substitute(gen.iter, renames if depth else {})
            loop = gast.For(
                target=substitute(gen.target, renames),
                iter=source,
                body=body,
                orelse=[],
                type_comment=None,
            )
            body = [loop]
        for n in walk(loop):
            if hasattr(n, "lineno") or isinstance(n, (gast.stmt, gast.expr)):
                gast.copy_location(n, node)
        if anno.get(node, "copy_loop", False):
            anno.set(loop, "copy_loop", True)
        self.stmt_For(loop)
        return name(result)

    expr_DictComp = expr_ListComp

    def expr_GeneratorExp(self, node, hint):
        """A generator expression is consumed where it is made (``sum(f(w) for w in ws)``):
        as the list its items make, which is the same values when the items have no
        side effects (a comprehension's calls are checked like any other)."""
        if not anno.get(node, "consumed", False):
            raise self.info.error(
                node,
                "a generator expression can only be differentiated "
                "where it is consumed at once: by sum, list, tuple, max, "
                "min, any, all, sorted or a for loop",
                "build a list instead: [f(x) for x in xs]",
                UnsupportedSyntaxError,
            )
        comp = gast.ListComp(elt=node.elt, generators=node.generators)
        if anno.get(node, "lazy_loop", False):
            anno.set(comp, "lazy_loop", True)
        return self.expr_ListComp(gast.copy_location(comp, node), hint)

    def expr_Lambda(self, node, hint):
        return lambda_value(self, node)  # [lambda z: z ** 2, np.sin]


def _user_object(cls, kind) -> bool:
    """Whether an object whose class is ``cls`` (or whose kind is ``kind``, see
    :func:`~s2sgrad.normalize.kinds.object_kind`) is an instance of a class of the user's
    that is no array: its ``.T`` is its own attribute, not a transpose. An array of
    another library (a Dask or CuPy array: it takes part in NumPy's array protocols) is
    an array."""
    if cls is None and isinstance(kind, tuple) and kind[0] in ("object", "namedtuple"):
        cls = kind[1]
    if not isinstance(cls, type) or issubclass(cls, np.ndarray):
        return False
    if hasattr(cls, "__array_function__") or hasattr(cls, "__array_ufunc__"):
        return False
    return _is_user_class(cls) or _is_user_tree(cls)


def _truth(lowering, test):
    """``bool(test)``, the truth a branch takes, fixed when it is taken: a copy of the name
    ``test`` would be the list or array itself, which may change later."""
    return lowering.make_call(bool, [test], [], lowering.current)
