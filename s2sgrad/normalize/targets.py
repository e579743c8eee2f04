"""Lowering of assignment targets (tuples, starred names, subscripts, attributes)
and of values to atoms (names, constants, free variables).

    a, b = t    ->    a = t[0]
                      b = t[1]
"""

from __future__ import annotations

import gast

from .. import anno, runtime
from ..errors import UnsupportedSyntaxError
from ..parsing import _MISSING
from ..syntax import assign, call, const, is_atom, name, names_in
from .callees import local_function_value
from .frames import check_frame_reader_value
from .outside_logs import attribute_item_write, outside_attribute_write, outside_item_write
from .records import made_object_class, store_attribute
from .rows import row_store
from .tables import ATTRIBUTE_HINT, _describe, _hint, _kind


class Targets:
    """Target and atom methods of :class:`~s2sgrad.normalize.lowering._Lowering`."""

    def assign_to(self, target, value, stmt):
        if isinstance(target, gast.Name):
            if isinstance(value, gast.Lambda):
                fn = gast.FunctionDef(
                    name=target.id,
                    args=value.args,
                    body=[gast.copy_location(gast.Return(value=value.body), value)],
                    decorator_list=[],
                    returns=None,
                    type_comment=None,
                    type_params=[],
                )
                self.stmt_FunctionDef(gast.copy_location(fn, value))
                return
            if isinstance(value, gast.List) and not value.elts:
                self.lists.add(target.id)
            if isinstance(value, gast.Call) and target.id not in names_in(value):
                value = self.new_container(value) or value  # d = d0.copy(): d is new
            if isinstance(value, (gast.ListComp, gast.DictComp)) and target.id not in names_in(
                value
            ):
                self.expr_ListComp(value, target.id, result=target.id)
                return
            if isinstance(value, (gast.Name, gast.Constant)) or is_atom(value):
                simple = self.atom(value, target.id)
            else:
                simple = self.simple(value, target.id)
            if isinstance(simple, gast.Name) and simple.id == target.id:
                return  # x = x (also what x **= 1 folds to)
            if target.id in names_in(simple) and not is_atom(simple):
                temp = self.fresh(target.id + "_" + _kind(simple))
                self.emit(assign(temp, simple), stmt)
                simple = name(temp)
            self.emit(assign(target.id, simple), stmt)
        elif isinstance(target, (gast.Tuple, gast.List)):
            self.check_iterated(value, "unpacking")  # p, q = obj: its __iter__
            if isinstance(value, gast.GeneratorExp):
                # unpacking takes every item, in order, and checks their number as Python does
                anno.set(value, "consumed", True)
                value = self.atom(value, "_".join(_hint(t) for t in target.elts))
                self.check_unpacked(value, len(target.elts), stmt)
            if any(isinstance(e, gast.Starred) for e in target.elts):
                self.starred_assign(target, value, stmt)
                return
            if self.is_transposition(value):
                self.unzip_assign(target, value, stmt)
                return
            if isinstance(value, (gast.Tuple, gast.List)) and len(value.elts) == len(target.elts):
                atoms = [self.atom(v, _hint(t)) for v, t in zip(value.elts, target.elts)]
                written = names_in(target)
                for i, a in enumerate(atoms):
                    if isinstance(a, gast.Name) and a.id in written:
                        temp = self.fresh(a.id + "_old")
                        self.emit(assign(temp, a), stmt)
                        atoms[i] = name(temp)
                for t, a in zip(target.elts, atoms):
                    self.assign_to(t, a, stmt)
                return
            self.bind_target(target, value, stmt)
        elif isinstance(target, gast.Subscript):
            if isinstance(target.value, gast.Attribute):  # a log, or s2sgrad's error
                attribute_item_write(self, target, value, stmt)  # self.cache[k] = v
                return
            if row_store(self, target, value, stmt):
                return  # R[i][j] = v of a table of new rows (normalize.rows)
            self.check_nested_item(target, stmt)
            obj = self.atom(target.value, "item")
            index = self.index(target.slice, "index")
            hint = obj.id if isinstance(obj, gast.Name) else "item"
            self.setitem(obj, index, self.atom(value, hint + "_value"), stmt)
        elif (
            isinstance(target, gast.Attribute)
            and isinstance(target.value, gast.Name)
            and target.value.id in (self.init_self, self.changed_self)
        ):  # self.a = v in an __init__, or in a method changing self (self_changes)
            store_attribute(self, target, value, stmt)
        elif (
            isinstance(target, gast.Attribute)
            and isinstance(target.value, gast.Name)
            and target.value.id in self.changed_items
        ):  # layer.W = W of an item a loop puts back into its list (changed_items)
            store_attribute(self, target, value, stmt)
        elif (
            isinstance(target, gast.Attribute)
            and isinstance(target.value, gast.Name)
            and made_object_class(self, target.value.id) is not None
        ):  # p.a = v of an object made in the function
            store_attribute(self, target, value, stmt, made_object_class(self, target.value.id))
        elif isinstance(target, gast.Attribute) and outside_attribute_write(
            self, target, value, stmt
        ):
            return  # self.n_evals = self.n_evals + 1: a record (normalize.outside_logs)
        elif isinstance(target, gast.Attribute):
            raise self.info.error(
                target,
                f"assignment to attribute {_describe(target)} changes an object in "
                "place, which cannot be differentiated",
                ATTRIBUTE_HINT,
                UnsupportedSyntaxError,
            )
        else:
            raise self.info.error(
                target,
                f"assignment to {type(target).__name__.lower()} cannot be differentiated",
                "assign to a local variable",
                UnsupportedSyntaxError,
            )

    def starred_assign(self, target, value, stmt):
        """``a, *rest, z = xs`` as ``a = xs[0]; rest = list(xs[1:-1]); z = xs[-1]``
        (``rest`` is a list whatever ``xs`` is, as in Python)."""
        stars = [i for i, e in enumerate(target.elts) if isinstance(e, gast.Starred)]
        if len(stars) > 1:
            raise self.info.error(target, "multiple starred expressions in assignment")
        k = stars[0]
        after = len(target.elts) - k - 1
        source = self.atom(
            value,
            "_".join(_hint(t) for t in target.elts if not isinstance(t, gast.Starred)) or "items",
        )
        if k + after > 1:
            length = self.bind(
                self.make_call(runtime.sequence_length, [source], [], stmt), "length"
            )
            cond = self.bind(
                gast.Compare(left=length, ops=[gast.Lt()], comparators=[const(k + after)]), "cond"
            )
            error = gast.Raise(
                exc=call(
                    "ValueError",
                    const(f"not enough values to unpack (expected at least {k + after})"),
                ),
                cause=None,
            )
            self.emit(gast.If(test=cond, body=[gast.copy_location(error, stmt)], orelse=[]), stmt)
        for i, t in enumerate(target.elts):
            if i < k:
                item = gast.Subscript(value=source, slice=const(i), ctx=gast.Load())
            elif i > k:
                item = gast.Subscript(
                    value=source, slice=const(i - len(target.elts)), ctx=gast.Load()
                )
            else:
                part = gast.Subscript(
                    value=source,
                    slice=gast.Slice(
                        lower=const(k) if k else None,
                        upper=const(-after) if after else None,
                        step=None,
                    ),
                    ctx=gast.Load(),
                )
                item = self.make_call(list, [self.bind(part, _hint(t.value) + "_items")], [], stmt)
                t = t.value
            self.bind_target(t, gast.copy_location(item, stmt), stmt)

    def bind_target(self, target, value, stmt):
        if isinstance(target, gast.Name):
            self.assign_to(target, value, stmt)
            return
        if not isinstance(target, (gast.Tuple, gast.List)) or (
            isinstance(value, (gast.Tuple, gast.List))
            and len(value.elts) == len(target.elts)
            and not any(isinstance(e, gast.Starred) for e in value.elts)
        ):
            self.assign_to(target, value, stmt)
            return
        source = self.atom(value, "_".join(_hint(t) for t in target.elts))
        for i, t in enumerate(target.elts):
            item = gast.Subscript(value=source, slice=const(i), ctx=gast.Load())
            self.bind_target(t, item, stmt)

    def check_nested_item(self, target: gast.Subscript, stmt) -> None:
        """``R[i][j] = v`` changes the row ``R[i]`` in place, an object other names (or
        other rows, as in ``[[0.0] * m] * n``) may share: s2sgrad's own error, naming the
        forms of a table that it differentiates."""
        base = target.value
        while isinstance(base, gast.Subscript):
            base = base.value
        if target.value is not base and isinstance(base, gast.Name):
            raise self.info.error(
                stmt,
                f"item assignment into an item of {base.id!r} (a nested container changed "
                "in place) cannot be differentiated",
                f"keep the table in a dict keyed by tuples ({base.id}[i, j] = ...) or a flat "
                f"list ({base.id}[i * m + j] = ...), or build each row as a new list and "
                f"append it to {base.id}",
                UnsupportedSyntaxError,
            )

    def setitem(self, obj, index, value, stmt):
        if not (isinstance(obj, gast.Name) and obj.id in self.locals):
            if outside_item_write(self, obj, index, value, stmt):
                return  # STATE["calls"] += 1 of a module-level dict (normalize.outside_logs)
            raise self.info.error(
                stmt,
                "item assignment to a value that is not a local variable cannot be differentiated",
                cls=UnsupportedSyntaxError,
            )
        target = gast.Subscript(value=name(obj.id), slice=index, ctx=gast.Store())
        self.emit(gast.Assign(targets=[target], value=value, type_comment=None), stmt)

    def list_append(self, target, method, node, stmt):
        if len(node.args) != 1 or node.keywords:
            raise self.info.error(node, f"{method}() takes one argument")
        arg = node.args[0]
        if method == "extend":
            if not isinstance(arg, (gast.List, gast.Tuple)) or any(
                isinstance(e, gast.Starred) for e in arg.elts
            ):
                raise self.info.error(
                    node,
                    "list.extend of a value other than a list or tuple display cannot be "
                    "differentiated here",
                    f"append the items one by one ({target}.append(v) in a loop) or write "
                    f"{target}.extend([a, b])",
                    UnsupportedSyntaxError,
                )
            # xs.extend([a, b]): every item evaluated first, then xs.append(a); xs.append(b)
            for value in [self.atom(item, target + "_item") for item in arg.elts]:
                self._append(target, value, stmt)
            return
        self._append(target, self.atom(arg, target + "_item"), stmt)

    def _append(self, target, value, stmt):
        new = gast.Expr(
            value=call(gast.Attribute(value=name(target), attr="append", ctx=gast.Load()), value)
        )
        anno.set(new, "append", (target, value))
        self.emit(new, stmt)

    def atom(self, node, hint: str):
        """``node`` as a Name or Constant, emitting statements for its parts."""
        if isinstance(node, gast.Constant):
            return node
        if isinstance(node, gast.Name):
            return self.name_value(node)
        if isinstance(node, gast.Attribute) and self.free_value(node) is not _MISSING:
            check_frame_reader_value(self.info, node, self.free_value(node))
            return node
        simple = self.simple(node, hint)
        if is_atom(simple) or self.free_value(simple) is not _MISSING:
            return simple
        temp = self.fresh(hint + "_" + _kind(simple))
        self.emit(assign(temp, simple), self.current)
        return name(temp)

    def name_value(self, node):
        if node.id in self.locals or node.id in self.fresh.generated:
            if node.id in self.local_functions:
                local_function_value(self, node)  # a value like a module's function
            if self.exact_types.get(node.id) == (type(None),):
                return const(None)  # a parameter given None, never rebound (folds.py)
            return name(node.id)
        value = self.info.lookup(node.id)
        if value is _MISSING:
            raise self.info.error(node, f"name {node.id!r} is not defined")
        check_frame_reader_value(self.info, node, value)  # e = eval; e("x * 2")
        return name(node.id)

    def free_value(self, node):
        """The value of a name or attribute chain rooted at a free (non-local) name."""
        if isinstance(node, gast.Name):
            if node.id in self.known_modules:  # a parameter holding a module
                return self.known_modules[node.id]
            if node.id in self.locals or node.id in self.fresh.generated:
                return _MISSING
            return self.info.lookup(node.id)
        if isinstance(node, gast.Attribute):
            base = self.free_value(node.value)
            if base is _MISSING:
                return _MISSING
            return self.info.attribute(node, base)  # remembers the chain it relied on
        return _MISSING

    def resolve_call(self, node):
        return self.free_value(node.func)

    def simple(self, node, hint: str):
        """``node`` as one operation over atoms, emitting statements for its operands."""
        kind = type(node).__name__
        method = getattr(self, "expr_" + kind, None)
        if method is None:
            raise self.info.error(
                node,
                f"the expression {_describe(node)} cannot be differentiated",
                cls=UnsupportedSyntaxError,
            )
        out = method(node, hint)
        if not is_atom(out):
            gast.copy_location(out, node)
        return out
