"""Lower a parsed function to one operation per statement (A-normal form).

    h = np.tanh(x @ w + b)     ->    h_matmul = x @ w
                                     h_add = h_matmul + b
                                     h = np.tanh(h_add)

Every call is resolved to the object it names (``node.s2s_fn``); loops over
arrays, ``enumerate``, ``zip`` and ``reversed`` become loops over ``range``;
``and``/``or``/``x if c else y`` become ``if`` statements; early exits are
lowered by :mod:`s2sgrad.exits`.
"""

from __future__ import annotations

import builtins
import types
from dataclasses import dataclass, field

import gast

from . import rules
from .errors import NonDifferentiableError, UnsupportedSyntaxError
from .exits import PRIMAL_ONLY, lower_exits
from .optimize import fold_constants
from .parsing import _MISSING, SourceInfo
from .syntax import assign, call, clone, const, dotted, is_atom, name, names_in

_OPNAMES = {
    gast.Add: "add", gast.Sub: "sub", gast.Mult: "mul", gast.Div: "div",
    gast.FloorDiv: "floordiv", gast.Mod: "mod", gast.Pow: "pow", gast.MatMult: "matmul",
    gast.BitAnd: "and", gast.BitOr: "or", gast.BitXor: "xor", gast.LShift: "lshift",
    gast.RShift: "rshift",
}

# array methods that are NumPy functions taking the array first
_ARRAY_METHODS = {
    "sum", "mean", "prod", "max", "min", "var", "std", "cumsum", "cumprod", "argmax",
    "argmin", "any", "all", "clip", "dot", "ravel", "squeeze", "swapaxes", "repeat", "take",
    "trace", "diagonal", "copy", "conj", "conjugate", "round", "nonzero", "argsort",
    "flatten", "astype", "item", "tolist", "fill_diagonal",
}
_VARARG_METHODS = {"reshape", "transpose"}
_INACTIVE_ATTRS = {"shape", "ndim", "size", "dtype", "itemsize", "nbytes"}
_UNSUPPORTED_STMTS = {
    gast.Try: ("try/except", "move the try/except outside the differentiated function"),
    gast.With: ("a with block", "move the with block outside the differentiated function"),
    gast.Global: ("a global declaration", "pass the value in as an argument and return it"),
    gast.Nonlocal: ("a nonlocal declaration", "pass the value in as an argument and return it"),
    gast.Import: ("an import", "import at module level"),
    gast.ImportFrom: ("an import", "import at module level"),
    gast.ClassDef: ("a class definition", "define classes at module level"),
    gast.Delete: ("a del statement", "remove the del"),
    gast.AsyncFunctionDef: ("an async function", "use a plain function"),
    gast.AsyncFor: ("async for", "use a plain for loop"),
    gast.AsyncWith: ("async with", "remove it"),
}
if hasattr(gast, "TryStar"):
    _UNSUPPORTED_STMTS[gast.TryStar] = _UNSUPPORTED_STMTS[gast.Try]
if hasattr(gast, "Match"):
    _UNSUPPORTED_STMTS[gast.Match] = ("a match statement", "use if/elif instead")


@dataclass
class LocalFunction:
    """A ``def`` or ``lambda`` bound to a name inside the differentiated function."""

    node: gast.FunctionDef
    free: list[str]
    info: SourceInfo

    def __deepcopy__(self, memo):
        return self


@dataclass
class NormalFunction:
    """A function in normal form, ready for activity analysis and differentiation."""

    name: str
    params: list[str]
    body: list
    info: SourceInfo
    result: str
    names: Names
    local_functions: dict = field(default_factory=dict)
    vararg: str | None = None
    kwarg: str | None = None
    n_positional: int = 0
    free: list = field(default_factory=list)


class Names:
    """Fresh, readable, deterministic names that avoid every name already in use."""

    def __init__(self, taken):
        self.taken = set(taken)
        self.generated: set[str] = set()

    def __call__(self, base: str) -> str:
        base = base.strip("_") or "t"
        out = base
        i = 2
        while out in self.taken:
            out = f"{base}_{i}"
            i += 1
        self.taken.add(out)
        self.generated.add(out)
        return out


def normalize(fn: gast.FunctionDef, info: SourceInfo, free=()) -> NormalFunction:
    """Lower ``fn`` (parsed by :func:`s2sgrad.parsing.parse_function`) to normal form.

    ``free`` names variables of an enclosing function that a local ``def`` reads;
    they become extra keyword-only parameters.
    """
    fn = clone(fn)
    _check_arguments(fn, info)
    taken = names_in(fn) | set(info.closure) | set(dir(builtins))
    names = Names(taken)
    body = fn.body
    if body and isinstance(body[0], gast.Expr) and isinstance(body[0].value, gast.Constant):
        body = body[1:]
    fn.body = body
    _check_statements(fn.body, info)
    lower_exits(fn, names, info)
    params = [a.id for a in fn.args.posonlyargs + fn.args.args]
    n_positional = len(params)
    params += [a.id for a in fn.args.kwonlyargs]
    params += [f for f in free if f not in params]
    vararg = fn.args.vararg.id if fn.args.vararg is not None else None
    kwarg = fn.args.kwarg.id if fn.args.kwarg is not None else None
    locals_ = set(params) | {vararg, kwarg} - {None} | _assigned_names(fn.body)
    lowering = _Lowering(info, names, locals_)
    out = lowering.block(fn.body)
    ret = out.pop()
    assert isinstance(ret, gast.Return)
    result = ret.value.id if isinstance(ret.value, gast.Name) else None
    if result is None:
        result = names("result")
        out.append(gast.copy_location(assign(result, ret.value), ret))
    return NormalFunction(fn.name, params, out, info, result, names,
                          lowering.local_functions, vararg, kwarg, n_positional)


def _check_arguments(fn, info):
    for d in fn.args.defaults + [d for d in fn.args.kw_defaults if d is not None]:
        d.s2s_default = True


def _check_statements(stmts, info):
    for node in gast.walk(gast.Module(body=stmts, type_ignores=[])):
        for kind, (what, hint) in _UNSUPPORTED_STMTS.items():
            if isinstance(node, kind):
                raise info.error(node, f"{what} cannot be differentiated", hint,
                                 UnsupportedSyntaxError)
        if isinstance(node, (gast.Yield, gast.YieldFrom)):
            raise info.error(node, "yield makes a generator, which cannot be differentiated",
                             "build a list and return an array instead", UnsupportedSyntaxError)
        if isinstance(node, gast.Await):
            raise info.error(node, "await cannot be differentiated", "use a plain function",
                             UnsupportedSyntaxError)
        if isinstance(node, (gast.For, gast.While)) and node.orelse:
            raise info.error(node, "a loop with an else clause cannot be differentiated",
                             "use a flag set before break instead", UnsupportedSyntaxError)
        if isinstance(node, gast.NamedExpr):
            raise info.error(node, "the walrus operator := cannot be differentiated",
                             "assign in a separate statement", UnsupportedSyntaxError)


def _assigned_names(stmts) -> set[str]:
    out = set()
    for node in gast.walk(gast.Module(body=stmts, type_ignores=[])):
        if isinstance(node, gast.Name) and isinstance(node.ctx, (gast.Store, gast.Param)):
            out.add(node.id)
        elif isinstance(node, gast.FunctionDef):
            out.add(node.name)
    return out


def _is_module_or_callable(value) -> bool:
    return isinstance(value, types.ModuleType) or callable(value)


class _Lowering:
    def __init__(self, info: SourceInfo, names: Names, locals_: set[str]):
        self.info = info
        self.fresh = names
        self.locals = locals_
        self.out: list = []
        self.local_functions: dict[str, LocalFunction] = {}
        self.lists: set[str] = set()

    # -- blocks and statements ----------------------------------------------------------

    def block(self, stmts) -> list:
        saved, self.out = self.out, []
        for stmt in stmts:
            self.stmt(stmt)
        out, self.out = self.out, saved
        return out

    def emit(self, stmt, like):
        gast.copy_location(stmt, like)
        stmt.end_lineno = getattr(like, "end_lineno", None)
        self.out.append(stmt)
        return stmt

    def stmt(self, node):
        self.current = node
        method = getattr(self, "stmt_" + type(node).__name__, None)
        if method is None:
            raise self.info.error(node, f"{type(node).__name__} statements cannot be "
                                  "differentiated", cls=UnsupportedSyntaxError)
        method(node)

    def stmt_Pass(self, node):
        pass

    def stmt_Return(self, node):
        value = node.value
        if not (isinstance(value, (gast.Name, gast.Constant)) or self.free_value(value)
                is not _MISSING):
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
            value = gast.BinOp(left=name(target.id), op=node.op, right=node.value)
            start = len(self.out)
            self.assign_to(target, gast.copy_location(value, node), node)
            for stmt in self.out[start:]:
                if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name) \
                        and stmt.targets[0].id == target.id:
                    stmt.s2s_inplace = True
        elif isinstance(target, gast.Subscript):
            obj = self.atom(target.value, "item")
            index = self.index(target.slice, "index")
            hint = obj.id if isinstance(obj, gast.Name) else "item"
            old = self.fresh(hint + "_item")
            self.emit(assign(old, gast.Subscript(value=obj, slice=index, ctx=gast.Load())), node)
            new = gast.BinOp(left=name(old), op=node.op, right=node.value)
            value = self.atom(gast.copy_location(new, node), hint + "_" + _opname(node.op))
            self.setitem(obj, index, value, node)
        else:
            raise self.info.error(node, "augmented assignment to an attribute cannot be "
                                  "differentiated", cls=UnsupportedSyntaxError)

    def stmt_Expr(self, node):
        value = node.value
        if isinstance(value, gast.Constant):
            return
        if isinstance(value, gast.Call):
            func = value.func
            if (isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name)
                    and func.value.id in self.locals and func.attr in ("append", "extend")):
                self.list_append(func.value.id, func.attr, value, node)
                return
            self.emit(gast.Expr(value=self.simple(value, "call")), node)
            return
        self.simple(value, "expr")

    def stmt_Assert(self, node):
        test = self.atom(node.test, "check")
        self.emit(gast.Assert(test=test, msg=node.msg), node)

    def stmt_Raise(self, node):
        self.emit(node, node)

    def stmt_If(self, node):
        if getattr(node, PRIMAL_ONLY, False):
            test = self.atom(node.test, "leave")
            new = gast.If(test=test, body=node.body, orelse=[])
            setattr(new, PRIMAL_ONLY, True)
            self.emit(new, node)
            return
        test = self.condition(node.test, node.body + node.orelse)
        if isinstance(test, gast.Constant):
            self.out.extend(self.block(node.body if test.value else node.orelse))
            return
        body = self.block(node.body)
        orelse = self.block(node.orelse)
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
        if isinstance(test, gast.Name) and test.id in self.locals and not test.id.startswith(
                "cond"):
            fresh = self.fresh("cond")
            self.emit(assign(fresh, test), node)
            test = name(fresh)
        body = self.block(node.body)
        saved, self.out = self.out, body
        again = self.atom(node.test, "cond")
        if isinstance(test, gast.Name):
            if not (isinstance(again, gast.Name) and again.id == test.id):
                self.emit(assign(test.id, again), node)
        self.out = saved
        loop = gast.While(test=test, body=body or [gast.Pass()], orelse=[])
        self.emit(loop, node)

    def stmt_For(self, node):
        start, stop, step, items = self.loop_source(node.iter)
        index_name = node.target.id if (isinstance(node.target, gast.Name)
                                        and items is None) else self.fresh("index")
        range_name = self.fresh(index_name + "_range")
        self.emit(assign(range_name, _builtin_call(range, start, stop, step)), node)
        body_prefix = []
        if items is not None:
            saved, self.out = self.out, []
            self.bind_target(node.target, items(name(index_name)), node)
            body_prefix, self.out = self.out, saved
        body = body_prefix + self.block(node.body)
        loop = gast.For(target=name(index_name, store=True), iter=name(range_name),
                        body=body or [gast.Pass()], orelse=[], type_comment=None)
        self.emit(loop, node)

    def loop_source(self, it):
        """``(start, stop, step, items)`` for a for loop over ``it``; ``items(k)`` builds
        the expression of element ``k`` (None for a plain range)."""
        fn = self.resolve_call(it) if isinstance(it, gast.Call) else None
        if fn is range:
            args = [self.atom(a, "bound") for a in it.args]
            if it.keywords or not 1 <= len(args) <= 3:
                raise self.info.error(it, "range() takes 1 to 3 positional arguments")
            if len(args) == 1:
                return const(0), args[0], const(1), None
            return args[0], args[1], args[2] if len(args) == 3 else const(1), None
        start, step = const(0), const(1)
        if fn is enumerate:
            n, elem = self.sequence(it.args[0])
            if len(it.args) > 1 or it.keywords:
                raise self.info.error(it, "enumerate with a start is not supported",
                                      "add the offset to the index in the loop body",
                                      UnsupportedSyntaxError)
            return start, n, step, lambda k: gast.Tuple(elts=[k, elem(k)], ctx=gast.Load())
        if fn is zip:
            parts = [self.sequence(a) for a in it.args]
            n = self.atom(_builtin_call(min, *[p[0] for p in parts]), "length") if len(
                parts) > 1 else parts[0][0]
            return start, n, step, lambda k: gast.Tuple(elts=[p[1](k) for p in parts],
                                                         ctx=gast.Load())
        if fn is reversed:
            n, elem = self.sequence(it.args[0])
            last = self.atom(gast.BinOp(left=n, op=gast.Sub(), right=const(1)), "last")
            return last, const(-1), const(-1), elem
        n, elem = self.sequence(it)
        return start, n, step, elem

    def sequence(self, node):
        """``(length_atom, element(k))`` for something iterated by position."""
        fn = self.resolve_call(node) if isinstance(node, gast.Call) else None
        if fn is range:
            args = [self.atom(a, "bound") for a in node.args]
            rng = self.atom(_builtin_call(range, *args), "seq")
            n = self.atom(_builtin_call(len, rng), "length")
            return n, lambda k: gast.Subscript(value=rng, slice=k, ctx=gast.Load())
        if fn in (enumerate, zip, reversed):
            start, stop, step, items = self.loop_source(node)
            rng = self.atom(_builtin_call(range, start, stop, step), "seq")
            n = self.atom(_builtin_call(len, rng), "length")
            return n, lambda k: items(gast.Subscript(value=rng, slice=k, ctx=gast.Load()))
        if isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute) and \
                node.func.attr in ("items", "keys", "values"):
            raise self.info.error(node, "iterating over a dict view cannot be differentiated",
                                  "iterate over a list of keys: for k in sorted(d): ...",
                                  UnsupportedSyntaxError)
        seq = self.atom(node, "seq")
        n = self.atom(_builtin_call(len, seq), "length")
        return n, lambda k: gast.Subscript(value=seq, slice=k, ctx=gast.Load())

    def stmt_FunctionDef(self, node):
        free = sorted((names_in(node) - _assigned_names(node.body)
                       - {a.id for a in gast.walk(node.args) if isinstance(a, gast.Name)})
                      & self.locals)
        self.local_functions[node.name] = LocalFunction(node, free, self.info)
        self.emit(clone(node), node)

    # -- assignment ---------------------------------------------------------------------

    def assign_to(self, target, value, stmt):
        if isinstance(target, gast.Name):
            if isinstance(value, gast.Lambda):
                fn = gast.FunctionDef(name=target.id, args=value.args,
                                      body=[gast.copy_location(gast.Return(value=value.body),
                                                               value)],
                                      decorator_list=[], returns=None, type_comment=None,
                                      type_params=[])
                self.stmt_FunctionDef(gast.copy_location(fn, value))
                return
            if isinstance(value, gast.List) and not value.elts:
                self.lists.add(target.id)
            if isinstance(value, gast.ListComp) and target.id not in names_in(value):
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
            if any(isinstance(e, gast.Starred) for e in target.elts):
                raise self.info.error(target, "starred assignment cannot be differentiated",
                                      "index the sequence explicitly", UnsupportedSyntaxError)
            if isinstance(value, (gast.Tuple, gast.List)) and len(value.elts) == len(
                    target.elts):
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
            obj = self.atom(target.value, "item")
            index = self.index(target.slice, "index")
            hint = obj.id if isinstance(obj, gast.Name) else "item"
            self.setitem(obj, index, self.atom(value, hint + "_value"), stmt)
        else:
            raise self.info.error(target, f"assignment to {type(target).__name__.lower()} "
                                  "cannot be differentiated",
                                  "assign to a local variable", UnsupportedSyntaxError)

    def bind_target(self, target, value, stmt):
        if isinstance(target, gast.Name):
            self.assign_to(target, value, stmt)
            return
        if not isinstance(target, (gast.Tuple, gast.List)):
            self.assign_to(target, value, stmt)
            return
        source = self.atom(value, "_".join(_hint(t) for t in target.elts))
        for i, t in enumerate(target.elts):
            item = gast.Subscript(value=source, slice=const(i), ctx=gast.Load())
            self.bind_target(t, item, stmt)

    def setitem(self, obj, index, value, stmt):
        if not (isinstance(obj, gast.Name) and obj.id in self.locals):
            raise self.info.error(stmt, "item assignment to a value that is not a local "
                                  "variable cannot be differentiated",
                                  cls=UnsupportedSyntaxError)
        target = gast.Subscript(value=name(obj.id), slice=index, ctx=gast.Store())
        self.emit(gast.Assign(targets=[target], value=value, type_comment=None), stmt)

    def list_append(self, target, method, node, stmt):
        if len(node.args) != 1 or node.keywords:
            raise self.info.error(node, f"{method}() takes one argument")
        value = self.atom(node.args[0], target + "_item")
        if method == "extend":
            raise self.info.error(node, "list.extend cannot be differentiated",
                                  "append the items one by one", UnsupportedSyntaxError)
        new = gast.Expr(value=call(gast.Attribute(value=name(target), attr="append",
                                                  ctx=gast.Load()), value))
        new.s2s_append = (target, value)
        self.emit(new, stmt)

    # -- expressions --------------------------------------------------------------------

    def atom(self, node, hint: str):
        """``node`` as a Name or Constant, emitting statements for its parts."""
        if isinstance(node, gast.Constant):
            return node
        if isinstance(node, gast.Name):
            return self.name_value(node)
        if isinstance(node, gast.Attribute) and self.free_value(node) is not _MISSING:
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
                raise self.info.error(node, f"the local function {node.id!r} can only be "
                                      "called", cls=UnsupportedSyntaxError)
            return name(node.id)
        value = self.info.lookup(node.id)
        if value is _MISSING:
            raise self.info.error(node, f"name {node.id!r} is not defined")
        return name(node.id)

    def free_value(self, node):
        """The value of a name or attribute chain rooted at a free (non-local) name."""
        if isinstance(node, gast.Name):
            if node.id in self.locals or node.id in self.fresh.generated:
                return _MISSING
            return self.info.lookup(node.id)
        if isinstance(node, gast.Attribute):
            base = self.free_value(node.value)
            if base is _MISSING:
                return _MISSING
            return getattr(base, node.attr, _MISSING)
        return _MISSING

    def resolve_call(self, node):
        return self.free_value(node.func)

    def simple(self, node, hint: str):
        """``node`` as one operation over atoms, emitting statements for its operands."""
        kind = type(node).__name__
        method = getattr(self, "expr_" + kind, None)
        if method is None:
            raise self.info.error(node, f"the expression {_describe(node)} cannot be "
                                  "differentiated", cls=UnsupportedSyntaxError)
        out = method(node, hint)
        if not is_atom(out):
            gast.copy_location(out, node)
        return out

    def expr_Name(self, node, hint):
        return self.name_value(node)

    def expr_Constant(self, node, hint):
        return node

    def expr_BinOp(self, node, hint):
        left = self.atom(node.left, hint)
        right = self.atom(node.right, hint)
        return fold_constants(gast.BinOp(left=left, op=node.op, right=right))

    def expr_UnaryOp(self, node, hint):
        operand = self.atom(node.operand, hint)
        if isinstance(node.op, gast.UAdd):
            return operand
        if isinstance(operand, gast.Constant) and isinstance(node.op, gast.USub):
            return const(-operand.value)
        return gast.UnaryOp(op=node.op, operand=operand)

    def expr_Compare(self, node, hint):
        if len(node.ops) == 1:
            left = self.atom(node.left, hint)
            right = self.atom(node.comparators[0], hint)
            return gast.Compare(left=left, ops=node.ops, comparators=[right])
        parts, left = [], node.left
        for op, right in zip(node.ops, node.comparators):
            parts.append(gast.Compare(left=left, ops=[op], comparators=[right]))
            left = right
        return self.expr_BoolOp(gast.BoolOp(op=gast.And(), values=parts), hint)

    def expr_BoolOp(self, node, hint):
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
            self.emit(assign(test_name, gast.UnaryOp(op=gast.Not(), operand=name(result))),
                      self.current)
            test = name(test_name)
        cond = self.fresh("cond")
        self.emit(assign(cond, test), self.current)
        saved, self.out = self.out, []
        self.emit(assign(result, self.atom(values[0], hint)), self.current)
        self._bool_rest(result, op, values[1:], hint)
        body, self.out = self.out, saved
        self.emit(gast.If(test=name(cond), body=body, orelse=[]), self.current)

    def expr_IfExp(self, node, hint):
        result = self.fresh(hint + "_ifexp")
        test = self.atom(node.test, "cond")
        if isinstance(test, gast.Name) and not test.id.startswith("cond"):
            cond = self.fresh("cond")
            self.emit(assign(cond, test), self.current)
            test = name(cond)
        saved, self.out = self.out, []
        self.emit(assign(result, self.atom(node.body, hint)), self.current)
        body, self.out = self.out, []
        self.emit(assign(result, self.atom(node.orelse, hint)), self.current)
        orelse, self.out = self.out, saved
        self.emit(gast.If(test=test, body=body, orelse=orelse), self.current)
        return name(result)

    def expr_Tuple(self, node, hint):
        return gast.Tuple(elts=[self.atom(e, hint) for e in node.elts], ctx=gast.Load())

    def expr_List(self, node, hint):
        return gast.List(elts=[self.atom(e, hint) for e in node.elts], ctx=gast.Load())

    def expr_Dict(self, node, hint):
        if any(k is None for k in node.keys):
            raise self.info.error(node, "**unpacking in a dict display cannot be "
                                  "differentiated", cls=UnsupportedSyntaxError)
        keys = [self.atom(k, hint) for k in node.keys]
        values = [self.atom(v, hint) for v in node.values]
        return gast.Dict(keys=keys, values=values)

    def expr_JoinedStr(self, node, hint):
        return node

    def expr_Attribute(self, node, hint):
        value = self.free_value(node)
        if value is not _MISSING:
            return node
        obj = self.atom(node.value, hint)
        if node.attr == "T":
            return self.make_call(rules.lookup_function("numpy.transpose"), [obj], [], node)
        if node.attr in ("real", "imag"):
            return self.make_call(rules.lookup_function("numpy." + node.attr), [obj], [], node)
        if node.attr in _INACTIVE_ATTRS:
            return gast.Attribute(value=obj, attr=node.attr, ctx=gast.Load())
        raise self.info.error(node, f"the attribute .{node.attr} cannot be differentiated",
                              cls=UnsupportedSyntaxError)

    def expr_Subscript(self, node, hint):
        obj = self.atom(node.value, hint)
        index = self.index(node.slice, hint + "_index")
        return gast.Subscript(value=obj, slice=index, ctx=gast.Load())

    def index(self, node, hint):
        if isinstance(node, gast.Slice):
            parts = [None if p is None else self.atom(p, hint)
                     for p in (node.lower, node.upper, node.step)]
            return gast.Slice(lower=parts[0], upper=parts[1], step=parts[2])
        if isinstance(node, gast.Tuple):
            return gast.Tuple(elts=[self.index(e, hint) for e in node.elts], ctx=gast.Load())
        return self.atom(node, hint)

    def expr_ListComp(self, node, hint, result=None):
        if len(node.generators) != 1:
            raise self.info.error(node, "nested comprehensions cannot be differentiated",
                                  "write the loops out", UnsupportedSyntaxError)
        gen = node.generators[0]
        result = result or self.fresh(hint + "_list")
        self.emit(assign(result, gast.List(elts=[], ctx=gast.Load())), self.current)
        self.lists.add(result)
        self.locals.add(result)
        renames = {n: self.fresh(n) for n in names_in(gen.target)}
        self.locals |= set(renames.values())
        from .syntax import substitute
        target = substitute(gen.target, renames)
        elt = substitute(node.elt, renames)
        ifs = [substitute(c, renames) for c in gen.ifs]
        append = gast.Expr(value=call(gast.Attribute(value=name(result), attr="append",
                                                     ctx=gast.Load()), elt))
        body = [append]
        for cond in reversed(ifs):
            body = [gast.If(test=cond, body=body, orelse=[])]
        loop = gast.For(target=target, iter=substitute(gen.iter, {}), body=body, orelse=[],
                        type_comment=None)
        for n in gast.walk(loop):
            if hasattr(n, "lineno") or isinstance(n, (gast.stmt, gast.expr)):
                gast.copy_location(n, node)
        self.stmt_For(loop)
        return name(result)

    def expr_Lambda(self, node, hint):
        raise self.info.error(node, "a lambda can only be bound to a name and called",
                              "write f = lambda ...; f(x), or a def",
                              UnsupportedSyntaxError)

    def expr_Call(self, node, hint):
        func = node.func
        for a in node.args:
            if isinstance(a, gast.Starred):
                return self.call_starred(node, hint)
        if any(k.arg is None for k in node.keywords):
            raise self.info.error(node, "**kwargs at a call site cannot be differentiated",
                                  "pass the keyword arguments by name", UnsupportedSyntaxError)
        if isinstance(func, gast.Name) and func.id in self.local_functions:
            return self.make_call(self.local_functions[func.id], node.args, node.keywords,
                                  node, hint)
        target = self.free_value(func)
        if target is _MISSING:
            if isinstance(func, gast.Attribute):
                return self.method_call(node, hint)
            raise self.info.error(node, f"cannot call {_describe(func)}: it is not a "
                                  "function known when the function is transformed",
                                  cls=UnsupportedSyntaxError)
        return self.make_call(target, node.args, node.keywords, node, hint)

    def call_starred(self, node, hint):
        raise self.info.error(node, "*args at a call site cannot be differentiated",
                              "pass the arguments one by one", UnsupportedSyntaxError)

    def method_call(self, node, hint):
        func = node.func
        obj = self.atom(func.value, hint)
        method = func.attr
        if method in _VARARG_METHODS:
            args = node.args
            if len(args) > 1 or (len(args) == 1 and isinstance(args[0], gast.Constant)
                                 and method == "reshape"):
                args = [gast.Tuple(elts=args, ctx=gast.Load())]
            if method == "transpose" and not args:
                fn = rules.lookup_function("numpy.transpose")
                return self.make_call(fn, [obj], node.keywords, node)
            fn = rules.lookup_function("numpy." + method)
            return self.make_call(fn, [obj] + args, node.keywords, node)
        if method in _ARRAY_METHODS:
            if method == "astype":
                dtype = self.free_value(node.args[0]) if node.args else _MISSING
                if isinstance(node.args[0], gast.Constant) if node.args else False:
                    dtype = node.args[0].value
                try:
                    import numpy
                    floating = numpy.dtype(dtype).kind in "fc"  # complex: the identity too
                except TypeError:
                    floating = False
                fn = rules.ASTYPE if floating else rules.ASTYPE_OTHER
                return self.make_call(fn, [obj] + node.args, node.keywords, node)
            if method == "flatten":
                method = "ravel"
            if method == "conjugate":
                method = "conj"
            if method == "item":
                return self.make_call(rules.ITEM, [obj] + node.args, node.keywords, node)
            if method == "tolist":
                return self.make_call(rules.TOLIST, [obj], node.keywords, node)
            fn = rules.lookup_function("numpy." + method)
            if fn is None:
                raise self.info.error(node, f"the method .{method}() has no derivative rule",
                                      cls=NonDifferentiableError)
            return self.make_call(fn, [obj] + node.args, node.keywords, node)
        if method in ("sort",):
            raise self.info.error(node, f".{method}() sorts in place, which cannot be "
                                  "differentiated", f"use np.{method}(x)",
                                  UnsupportedSyntaxError)
        if method == "pop" and isinstance(obj, gast.Name) and not node.args and \
                not node.keywords:
            out = gast.Call(func=gast.Attribute(value=obj, attr="pop", ctx=gast.Load()),
                            args=[], keywords=[])
            out.s2s_fn = rules.LIST_POP
            out.s2s_pop = obj.id
            return out
        if method == "get" and node.args:
            fn = rules.DICT_GET
            return self.make_call(fn, [obj] + node.args, node.keywords, node)
        raise self.info.error(node, f"the method .{method}() cannot be differentiated",
                              "call the NumPy function instead, or register a derivative rule",
                              UnsupportedSyntaxError)

    def make_call(self, fn, args, keywords, node, hint=None):
        hint = hint or _fn_hint(fn)
        call_args = [self.argument(a, hint) for a in args]
        kws = [gast.keyword(arg=k.arg, value=self.argument(k.value, hint)) for k in keywords]
        canonical = rules.canonical_name(fn)
        if id(fn) in _METHOD_HELPERS:
            func = name(_METHOD_HELPERS[id(fn)])
        elif canonical is not None:
            func = dotted(canonical)
        elif isinstance(fn, LocalFunction):
            func = name(fn.node.name)
        else:
            func = clone(node.func) if isinstance(node, gast.Call) else dotted(
                getattr(fn, "__name__", "f"))
        out = gast.Call(func=func, args=call_args, keywords=kws)
        out.s2s_fn = fn
        return out

    def argument(self, node, hint):
        if isinstance(node, (gast.Tuple, gast.List)):
            elts = [self.argument(e, hint) for e in node.elts]
            return type(node)(elts=elts, ctx=gast.Load())
        if isinstance(node, gast.Slice):
            return self.index(node, hint)
        return self.atom(node, hint)


_METHOD_HELPERS = {id(rules.ASTYPE): "array_astype", id(rules.ASTYPE_OTHER): "array_astype",
                   id(rules.ITEM): "array_item", id(rules.TOLIST): "array_tolist",
                   id(rules.DICT_GET): "dict_get"}


def _builtin_call(fn, *args):
    node = call(fn.__name__, *args)
    node.s2s_fn = fn
    return node


def _opname(op) -> str:
    return _OPNAMES.get(type(op), type(op).__name__.lower())


def _kind(node) -> str:
    if isinstance(node, gast.BinOp):
        return _opname(node.op)
    if isinstance(node, gast.UnaryOp):
        return {gast.USub: "neg", gast.Not: "not", gast.Invert: "invert"}.get(
            type(node.op), "unary")
    if isinstance(node, gast.Call):
        return _fn_hint(getattr(node, "s2s_fn", None))
    if isinstance(node, gast.Subscript):
        return "item"
    if isinstance(node, gast.Compare):
        return "cmp"
    if isinstance(node, (gast.Tuple, gast.List)):
        return "items"
    if isinstance(node, gast.Attribute):
        return node.attr
    return "value"


def _fn_hint(fn) -> str:
    if isinstance(fn, LocalFunction):
        return fn.node.name
    n = getattr(fn, "__name__", None) or "call"
    return n.strip("<>_") or "call"


def _hint(target) -> str:
    return target.id if isinstance(target, gast.Name) else "items"


def _describe(node) -> str:
    try:
        return repr(gast.unparse(node)) if hasattr(gast, "unparse") else type(node).__name__
    except Exception:
        return type(node).__name__
