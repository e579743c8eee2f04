"""Lowering of statements: assignments, augmented assignments, expression
statements, ``if``, ``while``, ``assert``, ``return``.

    x += y    ->    x = x + y
"""

from __future__ import annotations

import ast
import types
import warnings

import gast

from .. import anno, rules, runtime
from ..errors import UnsupportedSyntaxError
from ..parsing import _MISSING
from ..syntax import assign, clone, const, is_atom, locate, name, names_in
from .branch_functions import loop_functions, lower_branches
from .mutation import may_mutate
from .operator_results import BINARY
from .operators import _SYMBOLS
from .outside_logs import attribute_record, global_write
from .partials import bind_partial
from .rows import row_update
from .sets import set_change
from .tables import (
    ATTRIBUTE_HINT,
    METHOD_STATE_HINT,
    OBJECT_METHOD,
    LocalFunction,
    _assigned_names,
    _describe,
    _opname,
)


class Statements:
    """Statement lowering methods of :class:`~s2sgrad.normalize.lowering._Lowering`."""

    def stmt(self, node):
        self.current = node
        method = getattr(self, "stmt_" + type(node).__name__, None)
        if method is None:
            raise self.info.error(
                node,
                f"{type(node).__name__} statements cannot be differentiated",
                cls=UnsupportedSyntaxError,
            )
        method(node)

    def stmt_Delete(self, node):
        # what normalize.removals leaves: an item of a list or dict not known to be one
        # only this function's name refers to
        raise self.info.error(
            node,
            "del of an item cannot be differentiated here: s2sgrad follows it only in a "
            "list or dict made in this function that no other name refers to",
            "build a new list or dict without the item: xs = xs[:i] + xs[i + 1:]",
            UnsupportedSyntaxError,
        )

    def stmt_Pass(self, node):
        pass

    def stmt_Return(self, node):
        value = node.value
        if not (
            isinstance(value, (gast.Name, gast.Constant)) or self.free_value(value) is not _MISSING
        ):
            simple = self.simple(value, "result")
            if not is_atom(simple):
                result = self.fresh("result")
                self.emit(assign(result, simple), node)
                simple = name(result)
            value = simple
        else:
            value = self.atom(value, "result")
        self.emit(gast.Return(value=value), node)

    def stmt_Assign(self, node):
        targets = node.targets
        if anno.get(node.value, "context", None) is not None:  # with m as target:
            if isinstance(targets[0], gast.Name):
                self.emit(assign(targets[0].id, self.context_call(node.value)), node)
                return
            entered = self.fresh("entered")
            self.emit(assign(entered, self.context_call(node.value)), node)
            self.assign_to(targets[0], name(entered), node)
            return
        if len(targets) == 1 and isinstance(targets[0], gast.Name):
            if self.local_partials.get(targets[0].id) is node.value:
                return bind_partial(self, targets[0].id, node.value, node)  # partials.py
        if len(targets) == 1:
            self.assign_to(targets[0], node.value, node)
            return
        value = self.atom(node.value, "value")
        for target in targets:
            self.assign_to(target, value, node)

    def stmt_AnnAssign(self, node):
        if node.value is not None:
            self.assign_to(node.target, node.value, node)

    def stmt_AugAssign(self, node):
        target = node.target
        if isinstance(target, gast.Name):
            self.check_inplace_operator(node)  # a += x with a's __iadd__ (operators)
            value = gast.BinOp(left=name(target.id), op=node.op, right=node.value)
            start = len(self.out)
            self.assign_to(target, locate(value, node), node)
            for stmt in self.out[start:]:
                if (
                    isinstance(stmt, gast.Assign)
                    and isinstance(stmt.targets[0], gast.Name)
                    and stmt.targets[0].id == target.id
                ):
                    anno.set(stmt, "inplace", _augmented(node.op))
        elif isinstance(target, gast.Subscript) and row_update(self, node):
            return  # R[i][j] += v of a table of new rows (normalize.rows)
        elif isinstance(target, gast.Subscript):
            self.check_nested_item(target, node)
            obj = self.atom(target.value, "item")
            index = self.index(target.slice, "index")
            hint = obj.id if isinstance(obj, gast.Name) else "item"
            old = self.fresh(hint + "_item")
            self.emit(assign(old, gast.Subscript(value=obj, slice=index, ctx=gast.Load())), node)
            new = gast.BinOp(left=name(old), op=node.op, right=node.value)
            value = self.atom(locate(new, node), hint + "_" + _opname(node.op))
            self.setitem(obj, index, value, node)
            if isinstance(self.out[-1], gast.Assign):  # not an outside_item record
                # xs[i] += v also changes the item xs[i] in place
                anno.set(self.out[-1], "aug_item", True)
        elif (
            isinstance(target, gast.Attribute)
            and isinstance(target.value, gast.Name)
            and target.value.id in (self.init_self, self.changed_self)
        ):  # self.a += v in an __init__, or in a method changing self
            read = gast.Attribute(value=name(target.value.id), attr=target.attr, ctx=gast.Load())
            rebound_check(self, gast.copy_location(read, target), node)  # not an array's +=
            value = gast.BinOp(left=gast.copy_location(read, target), op=node.op, right=node.value)
            self.assign_to(target, locate(value, node), node)
        elif isinstance(target, gast.Attribute) and attribute_record(self, target):
            # self.n_evals += 1 of an object the function does not own (outside_logs)
            read = gast.Attribute(value=name(target.value.id), attr=target.attr, ctx=gast.Load())
            value = gast.BinOp(left=gast.copy_location(read, target), op=node.op, right=node.value)
            self.assign_to(target, locate(value, node), node)
        else:
            raise self.info.error(
                node,
                "augmented assignment to an attribute cannot be differentiated",
                ATTRIBUTE_HINT,
                UnsupportedSyntaxError,
            )

    def stmt_Expr(self, node):
        value = node.value
        if isinstance(value, gast.Constant):
            return
        if anno.get(value, "context", None) is not None:
            self.emit(gast.Expr(value=self.context_call(value)), node)
            return
        if anno.get(value, "global_write", None) is not None:
            global_write(self, value, node)  # global n; n += 1 (normalize.outside_logs)
            return
        if isinstance(value, gast.Call):
            func = value.func
            if (
                isinstance(func, gast.Attribute)
                and isinstance(func.value, gast.Name)
                and func.value.id in self.locals
                and func.attr in ("append", "extend")
            ):
                self.list_append(func.value.id, func.attr, value, node)
                return
            if set_change(self, value, node):  # seen.add(i): normalize.sets
                return
            if self.list_change(value, node):  # xs.insert(i, v), xs.reverse(), xs.sort()
                return
            simple = self.simple(value, "call")
            if isinstance(simple, gast.Call) and anno.get(simple, "fn", None) is rules.LIST_POP:
                # xs.pop() for its change alone: an assignment, so that both modes see it
                self.emit(assign(self.fresh(anno.get(simple, "pop") + "_popped"), simple), node)
            elif isinstance(simple, gast.Call):
                self.check_unused_result(simple, node)
                self.emit(gast.Expr(value=simple), node)
            return
        self.simple(value, "expr")

    def context_call(self, call):
        """``enter_context(m)`` or ``exit_context(m)`` of a lowered with block."""
        helper = anno.get(call, "context")
        return self.make_call(helper, [self.atom(call.args[0], "context")], [], call)

    def check_unused_result(self, value, stmt):
        """A call whose result is dropped is made for what it does to its arguments.

        s2sgrad cannot see such changes, so a call it has no rule for that receives
        a local value is rejected rather than treated as pure.
        """
        fn = anno.get(value, "fn", None)
        if (
            rules.lookup(fn) is not None
            or rules.is_nondifferentiable(fn)
            or fn is rules.LIST_POP
            or fn is warnings.warn
        ):
            return
        reads = names_in(
            gast.Tuple(elts=value.args + [k.value for k in value.keywords], ctx=gast.Load())
        )
        if isinstance(fn, LocalFunction):
            reads |= set(fn.free)
        if fn is OBJECT_METHOD:
            reads |= names_in(value.func)  # the method may change its object
        if reads & (self.locals | self.fresh.generated) and may_mutate(fn):
            written = anno.get(value, "written", value.func)
            if (
                isinstance(written, gast.Attribute)
                and _held_item(written.value)
                and not isinstance(fn, types.FunctionType)  # not layers[0].put(v)
            ):
                raise self.info.error(  # groups[k].append(r), d.setdefault(k, []).append(r)
                    value,
                    f"{_describe(written)}() changes in place a list or dict held in "
                    "another container, which s2sgrad cannot follow",
                    "the lists of a dict made in the function are followed where no "
                    "other name holds one and they are read after the last append, "
                    "outside its loop (groups.setdefault(k, []).append(r)); or rebind "
                    "the item: groups[k] = groups[k] + [r]",
                    UnsupportedSyntaxError,
                )
            if isinstance(written, gast.Attribute) and not isinstance(
                written.value, gast.Attribute
            ):  # cell.record(x): a method called for its change of the object
                raise self.info.error(
                    value,
                    f"the result of {_describe(written)} is not used, so the call is "
                    "made for a change to its arguments or its object, which s2sgrad "
                    "cannot see",
                    METHOD_STATE_HINT,
                    UnsupportedSyntaxError,
                )
            if isinstance(written, gast.Attribute):  # self.history.append(h)
                raise self.info.error(
                    value,
                    f"{_describe(written)}() changes the attribute "
                    f"{_describe(written.value)} of an object in place, which cannot be "
                    "differentiated",
                    ATTRIBUTE_HINT,
                    UnsupportedSyntaxError,
                )
            raise self.info.error(
                value,
                f"the result of {_describe(written)} is not used, so the call is "
                "made for a change to its arguments, which s2sgrad cannot see",
                "return the new value and assign it: y = f(y, ...)",
                UnsupportedSyntaxError,
            )

    def stmt_Assert(self, node):
        test = self.atom(node.test, "check")
        self.emit(gast.Assert(test=test, msg=node.msg), node)

    def stmt_Raise(self, node):
        self.emit(node, node)

    def stmt_If(self, node):
        if anno.has(node, "try"):  # a try body (normalize.tries): its stubs stay as they are
            new = gast.If(test=node.test, body=self.block(node.body), orelse=node.orelse)
            anno.set(new, "try", anno.get(node, "try"))
            self.emit(new, node)
            return
        if anno.get(node, "primal_only", False):
            test = self.atom(node.test, "leave")
            new = gast.If(test=test, body=node.body, orelse=[])
            anno.set(new, "primal_only", True)
            self.emit(new, node)
            return
        test = self.condition(node.test, node.body + node.orelse)
        if isinstance(test, gast.Constant):
            self.out.extend(self.block(node.body if test.value else node.orelse))
            return
        body, orelse = lower_branches(self, node)  # f = lambda ... in a branch
        self.emit(gast.If(test=test, body=body or [gast.Pass()], orelse=orelse), node)

    def condition(self, test, body):
        """An atom holding ``test`` that the branch bodies do not reassign."""
        atom = self.atom(test, "cond")
        if isinstance(atom, gast.Name) and atom.id in _assigned_names(body):
            fresh = self.fresh("cond")
            self.out.append(gast.copy_location(assign(fresh, atom), test))
            atom = name(fresh)
        return atom

    def stmt_While(self, node):
        test = self.atom(node.test, "cond")
        if isinstance(test, gast.Constant) and not test.value:
            return
        if (
            isinstance(test, gast.Name)
            and test.id in self.locals
            and not test.id.startswith("cond")
        ):
            fresh = self.fresh("cond")
            self.emit(assign(fresh, test), node)
            test = name(fresh)
        loop_functions(self, node.body, node)  # f(x); f = lambda ...: the iteration before's
        body = self.block(node.body)
        saved, self.out = self.out, body
        again = self.atom(node.test, "cond")
        if isinstance(test, gast.Name):
            if not (isinstance(again, gast.Name) and again.id == test.id):
                self.emit(assign(test.id, again), node)
        self.out = saved
        loop = gast.While(test=test, body=body or [gast.Pass()], orelse=[])
        self.emit(loop, node)


def _augmented(op) -> str:
    """The augmented assignment operator of ``op``: ``"-="`` for ``gast.Sub``."""
    node = ast.AugAssign(
        target=ast.Name(id="y"), op=getattr(ast, type(op).__name__)(), value=ast.Name(id="v")
    )
    return ast.unparse(node).split()[1]


def rebound_check(low, read: gast.Attribute, node) -> None:
    """``rebound_attribute(self.a, 'self.a', '__iadd__', '+')`` before ``self.a += v`` lowered
    to ``self.a = self.a + v``: an error when the code runs if the attribute holds an
    array or a list, which ``+=`` would change in place."""
    method = f"__i{BINARY[type(node.op)]}__"
    what = f"{read.value.id}.{read.attr}"
    atom = low.atom(clone(read), f"{read.value.id}_{read.attr}")
    args = [atom, const(what), const(method), const(_SYMBOLS[type(node.op)])]
    check = gast.Call(func=name("rebound_attribute"), args=args, keywords=[])
    anno.set(check, "fn", runtime.rebound_attribute)
    low.emit(gast.Expr(value=gast.copy_location(check, node)), node)


def _held_item(node) -> bool:
    """``groups[k]`` or ``groups.setdefault(k, [])``: an item of a container, whose
    method called for its change changes the container's item."""
    return isinstance(node, gast.Subscript) or (
        isinstance(node, gast.Call)
        and isinstance(node.func, gast.Attribute)
        and node.func.attr == "setdefault"
    )
