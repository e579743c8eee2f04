"""Rule templates: a rule's body parsed into gast statements and checked when it is
registered (:mod:`s2sgrad.rules.registry` says what the four kinds of rule are).

    lambda g, y, x: g * (1.0 - y * y)   ->  Template(params=["y", "x"], body=[...])
"""

from __future__ import annotations

import builtins
import copy
import inspect
import textwrap
import types
from dataclasses import dataclass

import gast

from .. import runtime
from ..syntax import walk

# file name -> first line -> the lambdas starting there: each rule module is parsed and
# walked once, not once per rule (a walk per lambda made loading the SciPy rules take 0.4 s)
_MODULE_LAMBDAS: dict[str, dict[int, list]] = {}


class RuleError(Exception):
    """A malformed derivative rule (raised when the rule is registered)."""


class _Notation:
    """``d[x]`` and ``t[x]`` inside rule templates; never evaluated."""

    def __getitem__(self, key):
        raise RuntimeError("rule templates are not meant to be called")

    def __setitem__(self, key, value):
        raise RuntimeError("rule templates are not meant to be called")


d = _Notation()


t = _Notation()


@dataclass
class Template:
    """A parsed rule body with its parameters (result first)."""

    params: list[str]
    defaults: dict
    body: list
    varargs: str | None = None
    source: str = ""
    kwonly: tuple = ()  # keyword-only parameters (after *varargs): bound by keyword only

    @property
    def positional(self) -> list[str]:
        """The parameters after the result that a call's positional arguments fill."""
        return [p for p in self.params[1:] if p not in self.kwonly]


def location(fn) -> str:
    code = fn.__code__
    return f"{code.co_filename}:{code.co_firstlineno}"


def parse_rule(fn):
    """``(FunctionDef, source)`` of a rule function (a lambda becomes ``return <body>``)."""
    source = textwrap.dedent(inspect.getsource(fn))
    if fn.__name__ == "<lambda>":
        return _parse_lambda(fn, source), source
    node = gast.parse(source).body[0]
    node.body = [
        s
        for s in node.body
        if not (isinstance(s, gast.Expr) and isinstance(s.value, gast.Constant))
    ]
    return node, source


def _parse_lambda(fn, source):
    """The lambda ``fn`` in its module's tree (it may span lines; one per line)."""
    filename = fn.__code__.co_filename
    if filename not in _MODULE_LAMBDAS:
        by_line = _MODULE_LAMBDAS[filename] = {}
        for n in walk(gast.parse(inspect.getsource(inspect.getmodule(fn)))):
            if isinstance(n, gast.Lambda):
                by_line.setdefault(n.lineno, []).append(n)
    names = list(fn.__code__.co_varnames[: fn.__code__.co_argcount])
    found = [
        n
        for n in _MODULE_LAMBDAS[filename].get(fn.__code__.co_firstlineno, ())
        if [a.id for a in n.args.args] == names
    ]
    if len(found) != 1:
        fail(location(fn), "write one rule lambda per line")
    lam = found[0]
    return types.SimpleNamespace(args=lam.args, body=[gast.Return(value=lam.body)])


def signature(node):
    args = node.args
    params = [a.id for a in args.args]
    defaults = {}
    for a, dflt in zip(reversed(args.args), reversed(args.defaults)):
        defaults[a.id] = dflt
    for a, dflt in zip(args.kwonlyargs, args.kw_defaults):
        params.append(a.id)
        if dflt is not None:
            defaults[a.id] = dflt
    varargs = args.vararg.id if args.vararg is not None else None
    return params, defaults, varargs


def kwonly_of(node) -> tuple:
    return tuple(a.id for a in node.args.kwonlyargs)


def notation_ref(node, notation=None):
    """``d[x]``/``t[x]`` -> ``("d", "x")``."""
    if (
        isinstance(node, gast.Subscript)
        and isinstance(node.value, gast.Name)
        and node.value.id in ("d", "t")
        and (notation is None or node.value.id == notation)
    ):
        if not isinstance(node.slice, gast.Name):
            return node.value.id, None
        return node.value.id, node.slice.id
    return None


def ref_node(notation, param, ctx=None):
    return gast.Subscript(
        value=gast.Name(id=notation, ctx=gast.Load(), annotation=None, type_comment=None),
        slice=name_node(param),
        ctx=ctx or gast.Load(),
    )


def name_node(n, store=False):
    return gast.Name(
        id=n, ctx=gast.Store() if store else gast.Load(), annotation=None, type_comment=None
    )


def call_node(func, args, keywords=()):
    return gast.Call(func=func, args=list(args), keywords=list(keywords))


def path_node(path: str):
    parts = path.split(".")
    node = name_node(parts[0])
    for p in parts[1:]:
        node = gast.Attribute(value=node, attr=p, ctx=gast.Load())
    return node


def assign_node(target, value):
    return gast.Assign(targets=[target], value=value, type_comment=None)


def fail(where, message):
    raise RuleError(f"{where}: {message}")


def check_template(tpl: Template, notation: str, env: dict, where: str) -> Template:
    """Names and ``d[...]``/``t[...]`` of a reverse (``d``) or forward (``t``) template."""
    params = set(tpl.params) | ({tpl.varargs} if tpl.varargs else set())
    result = tpl.params[0]
    local = set()
    assigned_result = False
    for s in tpl.body:
        for n in walk(s):
            ref = notation_ref(n)
            if ref is None:
                continue
            which, p = ref
            if which != notation:
                fail(
                    where,
                    f"{which}[...] in a {'reverse' if notation == 'd' else 'forward'} template",
                )
            if p is None or p not in params:
                fail(where, f"{which}[...] must name a parameter of the rule")
            store = isinstance(n.ctx, gast.Store)
            if notation == "d" and not store and p != result:
                fail(where, f"a reverse template may only read d[{result}], not d[{p}]")
            if notation == "d" and store and p == result:
                fail(where, f"d[{result}] is the incoming adjoint; assign d[argument]")
            if notation == "t" and store and p != result:
                fail(where, f"a forward template assigns t[{result}] only, not t[{p}]")
            if notation == "t" and not store and p == result:
                fail(where, f"t[{result}] is the result's tangent; read t[argument]")
            assigned_result |= notation == "t" and store
        for n in walk(s):
            if (
                isinstance(n, gast.Name)
                and isinstance(n.ctx, gast.Load)
                and n.id not in params
                and n.id not in local
                and n.id not in ("d", "t")
            ):
                if n.id in env:
                    value = env[n.id]
                elif n.id in runtime.NAMESPACE:
                    value = runtime.NAMESPACE[n.id]
                elif hasattr(builtins, n.id):
                    value = getattr(builtins, n.id)
                else:
                    fail(where, f"unknown name {n.id!r} in the rule")
                if runtime.is_helper(value) and callable(value) and n.id.startswith("_"):
                    fail(where, f"{n.id} is private to the runtime; generated code cannot call it")
        for n in walk(s):
            if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
                local.add(n.id)
    if notation == "t" and not assigned_result:
        fail(where, f"the forward template assigns no t[{result}]")
    return tpl


def split_body(body):
    """Statements of a mixed rule body needed for ``d`` and for ``t`` (with temporaries)."""

    def stores(s):
        return {n.id for n in walk(s) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}

    def loads(s):
        return {n.id for n in walk(s) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)}

    out = {}
    for notation in ("d", "t"):
        needed, keep = set(), []
        for s in reversed(body):
            target = s.targets[0] if isinstance(s, gast.Assign) else None
            ref = notation_ref(target, notation) if target is not None else None
            if ref is not None or stores(s) & needed:
                keep.append(s)
                needed |= loads(s)
        out[notation] = list(reversed(keep))
    return out["d"], out["t"]


def make_template(params, defaults, body, varargs, source, notation, env, where, kwonly=()):
    tpl = Template(list(params), dict(defaults), body, varargs, source, tuple(kwonly))
    return check_template(tpl, notation, env, where)


def substitute(expr, names: dict):
    """``expr`` with the Names in ``names`` replaced by (copies of) the given nodes."""

    class Sub(gast.NodeTransformer):
        def visit_Name(self, n):
            return copy.deepcopy(names[n.id]) if n.id in names else n

    return Sub().visit(copy.deepcopy(expr))


def negated(expr):
    """``(True, e)`` when ``expr`` is ``-e`` or a product/quotient led by a negation."""
    if isinstance(expr, gast.UnaryOp) and isinstance(expr.op, gast.USub):
        return True, expr.operand
    if isinstance(expr, gast.BinOp) and isinstance(expr.op, (gast.Mult, gast.Div)):
        neg, left = negated(expr.left)
        if neg:
            return True, gast.BinOp(left=left, op=expr.op, right=expr.right)
    return False, expr


def g_first(expr, g: str):
    """``a * g`` -> ``g * a``: adjoints read ``d[y] * ...``; tangents keep the written order."""
    if (
        isinstance(expr, gast.BinOp)
        and isinstance(expr.op, gast.Mult)
        and isinstance(expr.right, gast.Name)
        and expr.right.id == g
    ):
        return gast.BinOp(left=expr.right, op=expr.op, right=expr.left)
    return expr


def linear_in_g(expr, g: str) -> bool:
    """``g`` occurs once, as a factor (products, quotients' numerators, negation)."""
    if isinstance(expr, gast.Name):
        return expr.id == g
    if isinstance(expr, gast.UnaryOp) and isinstance(expr.op, gast.USub):
        return linear_in_g(expr.operand, g)
    if isinstance(expr, gast.BinOp) and isinstance(expr.op, (gast.Mult, gast.Div)):
        uses = [
            any(isinstance(n, gast.Name) and n.id == g for n in walk(side))
            for side in (expr.left, expr.right)
        ]
        if uses == [True, False]:
            return linear_in_g(expr.left, g)
        if uses == [False, True] and isinstance(expr.op, gast.Mult):
            return linear_in_g(expr.right, g)
    return False
