"""The derivative-rule registry: one registration per primitive gives both modes.

A rule is a few lines of plain Python that are parsed, never run. Four kinds:

``elementwise(*targets, rule)``: the chain rule for an incoming sensitivity ``g``, one
expression per argument, each linear in ``g`` (``None``: no derivative), as a lambda on
one line or as a decorated function::

    elementwise("numpy.tanh", lambda g, y, x: g * (1.0 - y * y))

    gives  d[x] = d[y] * (1.0 - y * y)        (reverse; unbroadcast(..., x) for 2+ args)
           t[y] = t[x] * (1.0 - y * y)        (forward; one term per argument, summed)

``@linear(*targets)``: the body is the transpose (``d[a] = ...`` for each argument the
primitive is linear in); the tangent is the primitive applied to the tangents of those
arguments, other arguments unchanged, unless the body writes ``t[y] = ...`` itself.

``@bilinear(*targets, left=helper, right=helper)``: the body returns the product of its
first two parameters; the tangent is ``P(t[a], b) + P(a, t[b])``, the adjoints are
``d[a] = left(d[y], a, b, *rest)`` and ``d[b] = right(d[y], a, b, *rest)``. The tangents
of ``left`` (bilinear in ``g, b``) and ``right`` (in ``g, a``) come with it.

``@rule(*targets)``: anything else; the body holds both the ``d[...]`` statements
(reverse) and the ``t[...]`` statements (forward), plus temporaries either reads.

In ``linear``/``rule`` templates the first parameter names the primitive's result and
the others its arguments in the primitive's order (defaults as in the primitive).
``linear_in(helper, *params)`` gives a runtime helper that is linear in ``params`` its
tangent; ``nondifferentiable(...)`` lists functions without a derivative (rules/nondiff.py);
``real_only(...)`` marks rules written for real values only (rules/complex.py).
Templates are checked when registered: a bad name or ``d[...]``/``t[...]`` raises
:class:`RuleError` naming the rule's file and line.
"""

from __future__ import annotations

import builtins
import copy
import importlib
import inspect
import sys
import textwrap
import types
from dataclasses import dataclass

import gast

from .. import runtime


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


@dataclass
class Primitive:
    """A function s2sgrad knows: how to name it in generated code, and its rules."""

    fn: object
    path: str  # canonical dotted name in generated code, e.g. "np.tanh"
    reverse: Template | None = None
    forward: Template | None = None
    elementwise: bool = False
    kind: str = ""  # elementwise, linear, bilinear, rule, helper
    real_only: bool = False  # complex values are an error (see real_only)
    where: str = ""  # file:line of the rule


_BY_ID: dict[object, Primitive] = {}
_BY_PATH: dict[str, Primitive] = {}
NONDIFFERENTIABLE: dict[object, str] = {}

# method adapters resolved by the normalizer
ASTYPE = object()  # x.astype(float-like): the identity for derivatives
ASTYPE_OTHER = object()  # x.astype(int-like): no derivative
ITEM = object()
TOLIST = object()
DICT_GET = object()
LIST_POP = object()  # xs.pop(): removes the last item of a local list


def _import_path(path: str):
    """``"numpy.linalg.norm"`` -> the object."""
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for p in parts[i:]:
            obj = getattr(obj, p)
        return obj
    raise ImportError(path)


def generated_path(path: str) -> str:
    """Name used in generated code: numpy.x -> np.x, builtins.x -> x."""
    if path.startswith("numpy."):
        return "np." + path[len("numpy."):]
    if path.startswith("builtins."):
        return path[len("builtins."):]
    return path


def key(fn):
    """The identity rules are keyed by: ``id(fn)``, or for a bound method (a new object on
    every attribute access, e.g. ``scipy.stats.norm.logpdf``) its instance and function."""
    if isinstance(fn, types.MethodType):
        return ("method", id(fn.__self__), id(fn.__func__))
    return id(fn)


_BOUND_SELVES: list = []  # instances whose bound methods have rules stay alive (stable ids)


def _primitive(target, path: str | None = None) -> Primitive:
    if isinstance(target, str):
        path, fn = target, _import_path(target)
    else:
        fn = target
        path = path or f"{fn.__module__}.{fn.__qualname__}"
    prim = _BY_ID.get(key(fn))
    if prim is None:
        prim = Primitive(fn, generated_path(path))
        _BY_ID[key(fn)] = prim
        _BY_PATH[path] = prim
        if isinstance(fn, types.MethodType):
            _BOUND_SELVES.append(fn.__self__)
    return prim


# -- runtime helpers are primitives named by their bare name in generated code -------------

for _name, _fn in list(vars(runtime).items()):
    if callable(_fn) and runtime.is_helper(_fn) and not _name.startswith("_"):
        _primitive(_fn, _name).path = _name
# zero derivative: the seed of the adjoint sweep, and fresh zero adjoints
for _fn in (runtime.zeros_like, runtime.match_input, runtime.shape_of, runtime.Shape,
            runtime.ComplexShape):
    NONDIFFERENTIABLE[key(_fn)] = _fn.__name__


# -- parsing and checking templates ------------------------------------------------------


def _where(fn) -> str:
    code = fn.__code__
    return f"{code.co_filename}:{code.co_firstlineno}"


def _parse(fn):
    """``(FunctionDef, source)`` of a rule function (a lambda becomes ``return <body>``)."""
    source = textwrap.dedent(inspect.getsource(fn))
    if fn.__name__ == "<lambda>":
        return _parse_lambda(fn, source), source
    node = gast.parse(source).body[0]
    node.body = [s for s in node.body
                 if not (isinstance(s, gast.Expr) and isinstance(s.value, gast.Constant))]
    return node, source


# file name -> first line -> the lambdas starting there: each rule module is parsed and
# walked once, not once per rule (a walk per lambda made loading the SciPy rules take 0.4 s)
_MODULE_LAMBDAS: dict[str, dict[int, list]] = {}


def _parse_lambda(fn, source):
    """The lambda ``fn`` in its module's tree (it may span lines; one per line)."""
    filename = fn.__code__.co_filename
    if filename not in _MODULE_LAMBDAS:
        by_line = _MODULE_LAMBDAS[filename] = {}
        for n in gast.walk(gast.parse(inspect.getsource(inspect.getmodule(fn)))):
            if isinstance(n, gast.Lambda):
                by_line.setdefault(n.lineno, []).append(n)
    names = list(fn.__code__.co_varnames[:fn.__code__.co_argcount])
    found = [n for n in _MODULE_LAMBDAS[filename].get(fn.__code__.co_firstlineno, ())
             if [a.id for a in n.args.args] == names]
    if len(found) != 1:
        _fail(_where(fn), "write one rule lambda per line")
    lam = found[0]
    return types.SimpleNamespace(args=lam.args, body=[gast.Return(value=lam.body)])


def _signature(node):
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


def _kwonly(node) -> tuple:
    return tuple(a.id for a in node.args.kwonlyargs)


def _ref(node, notation=None):
    """``d[x]``/``t[x]`` -> ``("d", "x")``."""
    if isinstance(node, gast.Subscript) and isinstance(node.value, gast.Name) and \
            node.value.id in ("d", "t") and (notation is None or node.value.id == notation):
        if not isinstance(node.slice, gast.Name):
            return node.value.id, None
        return node.value.id, node.slice.id
    return None


def _ref_node(notation, param, ctx=None):
    return gast.Subscript(value=gast.Name(id=notation, ctx=gast.Load(), annotation=None,
                                          type_comment=None),
                          slice=_name(param), ctx=ctx or gast.Load())


def _name(n, store=False):
    return gast.Name(id=n, ctx=gast.Store() if store else gast.Load(), annotation=None,
                     type_comment=None)


def _call(func, args, keywords=()):
    return gast.Call(func=func, args=list(args), keywords=list(keywords))


def _path_node(path: str):
    parts = path.split(".")
    node = _name(parts[0])
    for p in parts[1:]:
        node = gast.Attribute(value=node, attr=p, ctx=gast.Load())
    return node


def _assign(target, value):
    return gast.Assign(targets=[target], value=value, type_comment=None)


def _fail(where, message):
    raise RuleError(f"{where}: {message}")


def _check(tpl: Template, notation: str, env: dict, where: str) -> Template:
    """Names and ``d[...]``/``t[...]`` of a reverse (``d``) or forward (``t``) template."""
    params = set(tpl.params) | ({tpl.varargs} if tpl.varargs else set())
    result = tpl.params[0]
    local = set()
    assigned_result = False
    for s in tpl.body:
        for n in gast.walk(s):
            ref = _ref(n)
            if ref is None:
                continue
            which, p = ref
            if which != notation:
                _fail(where, f"{which}[...] in a {'reverse' if notation == 'd' else 'forward'}"
                      " template")
            if p is None or p not in params:
                _fail(where, f"{which}[...] must name a parameter of the rule")
            store = isinstance(n.ctx, gast.Store)
            if notation == "d" and not store and p != result:
                _fail(where, f"a reverse template may only read d[{result}], not d[{p}]")
            if notation == "d" and store and p == result:
                _fail(where, f"d[{result}] is the incoming adjoint; assign d[argument]")
            if notation == "t" and store and p != result:
                _fail(where, f"a forward template assigns t[{result}] only, not t[{p}]")
            if notation == "t" and not store and p == result:
                _fail(where, f"t[{result}] is the result's tangent; read t[argument]")
            assigned_result |= notation == "t" and store
        for n in gast.walk(s):
            if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load) and \
                    n.id not in params and n.id not in local and n.id not in ("d", "t"):
                if n.id in env:
                    value = env[n.id]
                elif n.id in runtime.NAMESPACE:
                    value = runtime.NAMESPACE[n.id]
                elif hasattr(builtins, n.id):
                    value = getattr(builtins, n.id)
                else:
                    _fail(where, f"unknown name {n.id!r} in the rule")
                if runtime.is_helper(value) and callable(value) and n.id.startswith("_"):
                    _fail(where, f"{n.id} is private to the runtime; generated code cannot "
                          "call it")
        for n in gast.walk(s):
            if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
                local.add(n.id)
    if notation == "t" and not assigned_result:
        _fail(where, f"the forward template assigns no t[{result}]")
    return tpl


def _split(body):
    """Statements of a mixed rule body needed for ``d`` and for ``t`` (with temporaries)."""
    def stores(s):
        return {n.id for n in gast.walk(s) if isinstance(n, gast.Name)
                and isinstance(n.ctx, gast.Store)}

    def loads(s):
        return {n.id for n in gast.walk(s) if isinstance(n, gast.Name)
                and isinstance(n.ctx, gast.Load)}

    out = {}
    for notation in ("d", "t"):
        needed, keep = set(), []
        for s in reversed(body):
            target = s.targets[0] if isinstance(s, gast.Assign) else None
            ref = _ref(target, notation) if target is not None else None
            if ref is not None or stores(s) & needed:
                keep.append(s)
                needed |= loads(s)
        out[notation] = list(reversed(keep))
    return out["d"], out["t"]


def _register(targets, reverse, forward, kind, where, elementwise=False):
    for target in targets:
        prim = _primitive(target)
        if prim.kind and prim.where != where:
            _fail(where, f"{prim.path} already has a rule ({prim.where})")
        prim.reverse = reverse
        prim.forward = forward(prim) if callable(forward) else forward
        prim.elementwise = elementwise
        prim.kind, prim.where = kind, where


def _template(params, defaults, body, varargs, source, notation, env, where, kwonly=()):
    return _check(Template(list(params), dict(defaults), body, varargs, source, tuple(kwonly)),
                  notation, env, where)


# -- the rule kinds -----------------------------------------------------------------------


def _substitute(expr, names: dict):
    """``expr`` with the Names in ``names`` replaced by (copies of) the given nodes."""
    class Sub(gast.NodeTransformer):
        def visit_Name(self, n):
            return copy.deepcopy(names[n.id]) if n.id in names else n

    return Sub().visit(copy.deepcopy(expr))


def _negated(expr):
    """``(True, e)`` when ``expr`` is ``-e`` or a product/quotient led by a negation."""
    if isinstance(expr, gast.UnaryOp) and isinstance(expr.op, gast.USub):
        return True, expr.operand
    if isinstance(expr, gast.BinOp) and isinstance(expr.op, (gast.Mult, gast.Div)):
        neg, left = _negated(expr.left)
        if neg:
            return True, gast.BinOp(left=left, op=expr.op, right=expr.right)
    return False, expr


def _g_first(expr, g: str):
    """``a * g`` -> ``g * a``: adjoints read ``d[y] * ...``; tangents keep the written order."""
    if isinstance(expr, gast.BinOp) and isinstance(expr.op, gast.Mult) and isinstance(
            expr.right, gast.Name) and expr.right.id == g:
        return gast.BinOp(left=expr.right, op=expr.op, right=expr.left)
    return expr


def _linear_in_g(expr, g: str) -> bool:
    """``g`` occurs once, as a factor (products, quotients' numerators, negation)."""
    if isinstance(expr, gast.Name):
        return expr.id == g
    if isinstance(expr, gast.UnaryOp) and isinstance(expr.op, gast.USub):
        return _linear_in_g(expr.operand, g)
    if isinstance(expr, gast.BinOp) and isinstance(expr.op, (gast.Mult, gast.Div)):
        uses = [any(isinstance(n, gast.Name) and n.id == g for n in gast.walk(side))
                for side in (expr.left, expr.right)]
        if uses == [True, False]:
            return _linear_in_g(expr.left, g)
        if uses == [False, True] and isinstance(expr.op, gast.Mult):
            return _linear_in_g(expr.right, g)
    return False


def elementwise(*targets, unbroadcast: bool | None = None):
    """Register an elementwise primitive from its chain rule (see the module docstring).

    ``unbroadcast`` (default: with two or more arguments) sums each adjoint back to its
    argument's shape; scalar-only functions (``math``) pass ``False``. The rule may also
    be given as a last argument, on one line:
    ``elementwise("numpy.tanh", lambda g, y, x: g * (1.0 - y * y))``.
    """
    if targets and callable(targets[-1]) and getattr(targets[-1], "__name__", "") == \
            "<lambda>":
        *targets, fn = targets
        return elementwise(*targets, unbroadcast=unbroadcast)(fn)

    def register(fn):
        where = _where(fn)
        node, source = _parse(fn)
        params, defaults, varargs = _signature(node)
        if len(params) < 3 or varargs or defaults:
            _fail(where, "an elementwise rule is def f(g, y, x1, ...): return one "
                  "expression per argument")
        g, result, args = params[0], params[1], params[2:]
        if len(node.body) != 1 or not isinstance(node.body[0], gast.Return):
            _fail(where, "an elementwise rule is a single return statement")
        value = node.body[0].value
        exprs = value.elts if isinstance(value, gast.Tuple) and len(args) > 1 else [value]
        if len(exprs) != len(args):
            _fail(where, f"{len(args)} argument(s) but {len(exprs)} derivative(s)")
        broadcast = len(args) > 1 if unbroadcast is None else unbroadcast
        rev, terms = [], []
        for x, e in zip(args, exprs):
            if isinstance(e, gast.Constant) and e.value is None:
                continue
            if not _linear_in_g(e, g):
                _fail(where, f"the derivative for {x} must be a product with {g} as a factor")
            adj = _substitute(_g_first(e, g), {g: _ref_node("d", result)})
            if broadcast:
                adj = _call(_name("unbroadcast"), [adj, _name(x)])
            rev.append(_assign(_ref_node("d", x, gast.Store()), adj))
            terms.append(_negated(_substitute(e, {g: _ref_node("t", x)})))
        neg, total = terms[0]
        if neg:
            total = gast.UnaryOp(op=gast.USub(), operand=total)
        for neg, e in terms[1:]:
            total = gast.BinOp(left=total, op=gast.Sub() if neg else gast.Add(), right=e)
        env = fn.__globals__
        sig = [result] + args
        reverse = _template(sig, {}, rev, None, source, "d", env, where)
        fwd = [_assign(_ref_node("t", result, gast.Store()), total)]
        forward = _template(sig, {}, fwd, None, source, "t", env, where)
        _register(targets, reverse, forward, "elementwise", where, elementwise=True)
        return fn

    return register


def _applied(path, params, defaults, varargs, tangent_of, kwonly=()):
    """``path(p1, ..., k=k)`` with the parameters in ``tangent_of`` replaced by tangents."""
    args, keywords = [], []
    for p in params:
        arg = _ref_node("t", p) if p in tangent_of else _name(p)
        if p in defaults or p in kwonly:
            keywords.append(gast.keyword(arg=p, value=arg))
        else:
            args.append(arg)
    if varargs:
        args.append(gast.Starred(value=_ref_node("t", varargs) if varargs in tangent_of
                                 else _name(varargs), ctx=gast.Load()))
    return _call(_path_node(path), args, keywords)


def linear(*targets, elementwise: bool = False):
    """Register a primitive linear in some arguments: the body is its transpose."""

    def register(fn):
        where = _where(fn)
        node, source = _parse(fn)
        params, defaults, varargs = _signature(node)
        env = fn.__globals__
        rev, fwd = _split(node.body)
        if not rev:
            _fail(where, "a linear rule's body assigns d[argument] (the transpose)")
        linear_params = [_ref(s.targets[0])[1] for s in rev
                         if isinstance(s, gast.Assign) and _ref(s.targets[0], "d")]
        kwonly = _kwonly(node)
        reverse = _template(params, defaults, rev, varargs, source, "d", env, where, kwonly)
        if fwd:
            forward = _template(params, defaults, fwd, varargs, source, "t", env, where,
                                kwonly)
        else:
            def forward(prim):
                body = [_assign(_ref_node("t", params[0], gast.Store()), _applied(
                    prim.path, params[1:], defaults, varargs, set(linear_params), kwonly))]
                return _template(params, defaults, body, varargs, source, "t", env, where,
                                 kwonly)
        _register(targets, reverse, forward, "linear", where, elementwise=elementwise)
        return fn

    return register


def _helper_defaults(helper) -> dict:
    """The defaults of runtime helper ``helper``'s parameters, as template nodes."""
    return {n: gast.Constant(value=p.default, kind=None)
            for n, p in inspect.signature(helper).parameters.items()
            if p.default is not inspect.Parameter.empty}


def linear_in(helper, *params: str):
    """The tangent of runtime helper ``helper``, linear in ``params``:
    ``t[y] = helper(..., t[p], ...)``."""
    where = _where(helper)
    names = list(inspect.signature(helper).parameters)
    if not set(params) <= set(names):
        _fail(where, f"{helper.__name__} has no parameter(s) {set(params) - set(names)}")
    result = "y" if "y" not in names else "out"
    body = [_assign(_ref_node("t", result, gast.Store()), _call(
        _name(helper.__name__), [_ref_node("t", p) if p in params else _name(p)
                                 for p in names]))]
    forward = _template([result] + names, _helper_defaults(helper), body, None, "", "t",
                        runtime.NAMESPACE, where)
    _register([helper], None, forward, "helper", where)


def bilinear(*targets, left, right):
    """Register a product ``P(a, b, *rest)`` (the body returns it) with its two adjoint
    helpers ``left(g, a, b, *rest)`` and ``right(g, a, b, *rest)``."""

    def register(fn):
        where = _where(fn)
        node, source = _parse(fn)
        params, defaults, varargs = _signature(node)
        if len(params) < 2 or varargs or len(node.body) != 1 or \
                not isinstance(node.body[0], gast.Return):
            _fail(where, "a bilinear rule is def f(a, b, ...): return <product of a and b>")
        a, b, rest = params[0], params[1], params[2:]
        product = node.body[0].value
        result = "y" if "y" not in params else "out"
        sig = [result] + params
        env = fn.__globals__
        rev = [_assign(_ref_node("d", x, gast.Store()), _call(
            _name(h.__name__), [_ref_node("d", result), _name(a), _name(b)]
            + [_name(r) for r in rest])) for x, h in ((a, left), (b, right))]
        tangent = gast.BinOp(left=_substitute(product, {a: _ref_node("t", a)}), op=gast.Add(),
                             right=_substitute(product, {b: _ref_node("t", b)}))
        reverse = _template(sig, defaults, rev, None, source, "d", env, where)
        forward = _template(sig, defaults, [_assign(_ref_node("t", result, gast.Store()),
                                                    tangent)], None, source, "t", env, where)
        _register(targets, reverse, forward, "bilinear", where)
        for helper, (lin, other) in ((left, ("g", "b")), (right, ("g", "a"))):
            _bilinear_helper(helper, lin, other, where)
        return fn

    return register


def _bilinear_helper(helper, g, x, where):
    """``helper(g, a, b, *rest)`` is linear in ``g`` and in ``x``: its tangent is the sum."""
    if _primitive(helper).kind:
        return  # shared by several products
    names = list(inspect.signature(helper).parameters)
    if names[:3] != ["g", "a", "b"]:
        _fail(where, f"{helper.__name__} must take (g, a, b, ...)")

    def applied(p):
        return _call(_name(helper.__name__), [_ref_node("t", n) if n == p else _name(n)
                                              for n in names])

    body = [_assign(_ref_node("t", "y", gast.Store()), gast.BinOp(
        left=applied(g), op=gast.Add(), right=applied(x)))]
    forward = _template(["y"] + names, _helper_defaults(helper), body, None, "", "t",
                        runtime.NAMESPACE, where)
    _register([helper], None, forward, "helper", _where(helper))


def rule(*targets, elementwise: bool = False):
    """Register a primitive with a hand-written adjoint (``d[...] = ...``) and tangent
    (``t[result] = ...``) in one body. A runtime helper needs only the tangent.
    ``elementwise`` marks a one-argument elementwise function (no unbroadcast needed)."""

    def register(fn):
        where = _where(fn)
        node, source = _parse(fn)
        params, defaults, varargs = _signature(node)
        env = fn.__globals__
        rev, fwd = _split(node.body)
        helpers = all(not isinstance(tg, str) and runtime.is_helper(tg) for tg in targets)
        if not fwd:
            _fail(where, f"the rule assigns no t[{params[0]}] (the forward mode)")
        if not rev and not helpers:
            _fail(where, "the rule assigns no d[argument] (the reverse mode)")
        kwonly = _kwonly(node)
        reverse = _template(params, defaults, rev, varargs, source, "d", env, where,
                            kwonly) if rev else None
        forward = _template(params, defaults, fwd, varargs, source, "t", env, where, kwonly)
        _register(targets, reverse, forward, "helper" if helpers else "rule", where,
                  elementwise=elementwise)
        return fn

    return register


def real_only(*targets: str):
    """Rules written for real values only: their templates pass each argument they
    differentiate through ``runtime.real_only`` (the identity for real values), so a
    complex value reaching them is an error naming the rule instead of a wrong derivative.
    """
    for target in targets:
        prim = _primitive(target)
        if not prim.kind or prim.kind == "helper":
            _fail(prim.where or target, f"{target} has no rule to mark real-only")
        prim.reverse = _guarded(prim.reverse, "d", prim.path)
        prim.forward = _guarded(prim.forward, "t", prim.path)
        prim.real_only = True


def _guarded(tpl: Template, notation: str, path: str) -> Template:
    """``tpl`` with each read of a differentiated argument ``x`` (one with ``d[x] = ...``
    or reading ``t[x]``) written ``real_only(x, path)``."""
    store = notation == "d"
    args = {ref[1] for s in tpl.body for n in gast.walk(s) if (ref := _ref(n, notation))
            and ref[1] != tpl.params[0] and isinstance(n.ctx, gast.Store) == store}
    refs = {id(n.slice) for s in tpl.body for n in gast.walk(s) if _ref(n)}
    read = {n.id for s in tpl.body for n in gast.walk(s) if isinstance(n, gast.Name) and
            isinstance(n.ctx, gast.Load) and id(n) not in refs}
    if args - read:  # qr's rule reads only its result (q, r): complex iff the argument is
        args.add(tpl.params[0])

    class Guard(gast.NodeTransformer):
        def visit_Subscript(self, n):
            return n if _ref(n) else self.generic_visit(n)

        def visit_Name(self, n):
            if n.id in args and isinstance(n.ctx, gast.Load):
                return _call(_name("real_only"), [n, gast.Constant(value=path, kind=None)])
            return n

    body = [Guard().visit(copy.deepcopy(s)) for s in tpl.body]
    return Template(tpl.params, tpl.defaults, body, tpl.varargs, tpl.source, tpl.kwonly)


def nondifferentiable(*targets: str):
    """Functions whose outputs carry no derivative (shape queries, comparisons, argmax)."""
    for path in targets:
        try:
            fn = _import_path(path)
        except (ImportError, AttributeError):
            continue
        NONDIFFERENTIABLE[key(fn)] = path
        _primitive(path)


class _UserRules:
    """``version`` counts the custom rules set or replaced (``defvjp``, ``defjvp``,
    ``register_vjp``): a derivative made before a change may hold the rule it replaced,
    so it is made again (pipeline.Checks and Unit.valid compare it)."""

    version = 0


USER_RULES = _UserRules()


# rule modules of optional libraries, loaded at the first lookup after one of the modules
# they have rules for is imported, so that a transform never imports a module the program
# did not (tangent-ad imports scipy.special and scipy.linalg; scipy.stats and scipy.signal
# would take a second or more); scipy.stats imports scipy.special, whose rules load first
_OPTIONAL = {
    ("scipy.special",): "s2sgrad.rules.scipy.special",
    ("scipy.linalg",): "s2sgrad.rules.scipy.linalg",
    ("scipy.stats",): "s2sgrad.rules.scipy.stats",
    ("scipy.signal",): "s2sgrad.rules.scipy.signal",
}


def _load_optional():
    for libraries, module in list(_OPTIONAL.items()):
        if any(sys.modules.get(name) is not None for name in libraries):
            del _OPTIONAL[libraries]
            try:
                importlib.import_module(module)
            except ImportError:  # a partial installation: its functions have no rules
                pass


def lookup(fn) -> Primitive | None:
    if _OPTIONAL:
        _load_optional()
    return _BY_ID.get(key(fn))


def lookup_function(path: str):
    if _OPTIONAL:
        _load_optional()
    prim = _BY_PATH.get(path)
    return prim.fn if prim is not None else None


def canonical_name(fn) -> str | None:
    if _OPTIONAL:
        _load_optional()
    prim = _BY_ID.get(key(fn))
    return prim.path if prim is not None else None


def is_nondifferentiable(fn) -> bool:
    if _OPTIONAL:
        _load_optional()
    return key(fn) in NONDIFFERENTIABLE


def all_primitives() -> list[Primitive]:
    if _OPTIONAL:
        _load_optional()
    return sorted(_BY_ID.values(), key=lambda p: p.path)


def nondifferentiable_object(fn, path: str) -> None:
    """Mark ``fn`` (named ``path`` in generated code) as having no derivative."""
    NONDIFFERENTIABLE[key(fn)] = path
    _primitive(fn, path)
