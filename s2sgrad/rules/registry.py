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
``exponential(target, of=...)`` registers ``exp(of)`` (a pdf from its logpdf) from ``of``'s rule.
``linear_in(helper, *params)`` gives a runtime helper that is linear in ``params`` its
tangent; ``nondifferentiable(...)`` lists functions without a derivative (rules/nondiff.py);
``real_only(...)`` marks rules written for real values only (rules/complex.py).
Templates are checked when registered: a bad name or ``d[...]``/``t[...]`` raises
:class:`RuleError` naming the rule's file and line.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import sys
import types
from dataclasses import dataclass

import gast

from .. import runtime
from ..syntax import walk
from .templates import (  # noqa: F401  (RuleError, d, t: the names rule modules use)
    RuleError,
    Template,
    assign_node,
    call_node,
    d,
    fail,
    g_first,
    kwonly_of,
    linear_in_g,
    location,
    make_template,
    name_node,
    negated,
    notation_ref,
    parse_rule,
    path_node,
    ref_node,
    signature,
    split_body,
    substitute,
    t,
)


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
    # parameters holding function values whose derivatives the rule's helpers make when
    # they run (runtime.functions): checked where the call is written (function_arguments)
    functions: tuple = ()
    # parameters the result is constant in (it reads only their shape, or is piecewise
    # constant in them): a differentiated value there has no derivative to take
    constant: tuple = ()


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
        return "np." + path[len("numpy.") :]
    if path.startswith("builtins."):
        return path[len("builtins.") :]
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
for _fn in (
    runtime.zeros_like,
    runtime.match_input,
    runtime.shape_of,
    runtime.Shape,
    runtime.ComplexShape,
):
    NONDIFFERENTIABLE[key(_fn)] = _fn.__name__


# -- parsing and checking templates ------------------------------------------------------


def _register(targets, reverse, forward, kind, where, elementwise=False, constant=()):
    if reverse is not None and not set(constant) <= set(reverse.params[1:]):
        unknown = sorted(set(constant) - set(reverse.params))
        fail(where, f"constant= names {unknown}, not parameters of the rule")
    for target in targets:
        prim = _primitive(target)
        if prim.kind and prim.where != where:
            fail(where, f"{prim.path} already has a rule ({prim.where})")
        prim.reverse = reverse
        prim.forward = forward(prim) if callable(forward) else forward
        prim.elementwise = elementwise
        prim.kind, prim.where = kind, where
        prim.constant = tuple(constant)


def underived(prim: Primitive) -> tuple[str, ...]:
    """The parameters of ``prim`` its rule takes no derivative in and does not declare
    constant: a differentiated value given there would lose its derivative."""
    if prim.reverse is None:
        return ()
    derived = {
        notation_ref(s.targets[0], "d")[1]
        for s in prim.reverse.body
        if isinstance(s, gast.Assign) and notation_ref(s.targets[0], "d")
    }
    params = prim.reverse.params[1:] + ([prim.reverse.varargs] if prim.reverse.varargs else [])
    return tuple(p for p in params if p not in derived and p not in prim.constant)


# -- the rule kinds -----------------------------------------------------------------------


def elementwise(*targets, unbroadcast: bool | None = None):
    """Register an elementwise primitive from its chain rule (see the module docstring).

    ``unbroadcast`` (default: with two or more arguments) sums each adjoint back to its
    argument's shape; scalar-only functions (``math``) pass ``False``. The rule may also
    be given as a last argument, on one line:
    ``elementwise("numpy.tanh", lambda g, y, x: g * (1.0 - y * y))``.
    """
    if targets and callable(targets[-1]) and getattr(targets[-1], "__name__", "") == "<lambda>":
        *targets, fn = targets
        return elementwise(*targets, unbroadcast=unbroadcast)(fn)

    def register(fn):
        where = location(fn)
        node, source = parse_rule(fn)
        params, defaults, varargs = signature(node)
        if len(params) < 3 or varargs or defaults:
            fail(
                where,
                "an elementwise rule is def f(g, y, x1, ...): return one expression per argument",
            )
        g, result, args = params[0], params[1], params[2:]
        if len(node.body) != 1 or not isinstance(node.body[0], gast.Return):
            fail(where, "an elementwise rule is a single return statement")
        value = node.body[0].value
        exprs = value.elts if isinstance(value, gast.Tuple) and len(args) > 1 else [value]
        if len(exprs) != len(args):
            fail(where, f"{len(args)} argument(s) but {len(exprs)} derivative(s)")
        broadcast = len(args) > 1 if unbroadcast is None else unbroadcast
        rev, terms, constant = [], [], []
        for x, e in zip(args, exprs):
            if isinstance(e, gast.Constant) and e.value is None:
                constant.append(x)
                continue
            if not linear_in_g(e, g):
                fail(where, f"the derivative for {x} must be a product with {g} as a factor")
            adj = substitute(g_first(e, g), {g: ref_node("d", result)})
            if broadcast:
                adj = call_node(name_node("unbroadcast"), [adj, name_node(x)])
            rev.append(assign_node(ref_node("d", x, gast.Store()), adj))
            terms.append(negated(substitute(e, {g: ref_node("t", x)})))
        neg, total = terms[0]
        if neg:
            total = gast.UnaryOp(op=gast.USub(), operand=total)
        for neg, e in terms[1:]:
            total = gast.BinOp(left=total, op=gast.Sub() if neg else gast.Add(), right=e)
        env = fn.__globals__
        sig = [result] + args
        reverse = make_template(sig, {}, rev, None, source, "d", env, where)
        fwd = [assign_node(ref_node("t", result, gast.Store()), total)]
        forward = make_template(sig, {}, fwd, None, source, "t", env, where)
        _register(
            targets, reverse, forward, "elementwise", where, elementwise=True, constant=constant
        )
        return fn

    return register


def _applied(path, params, defaults, varargs, tangent_of, kwonly=()):
    """``path(p1, ..., k=k)`` with the parameters in ``tangent_of`` replaced by tangents."""
    args, keywords = [], []
    for p in params:
        arg = ref_node("t", p) if p in tangent_of else name_node(p)
        if p in defaults or p in kwonly:
            keywords.append(gast.keyword(arg=p, value=arg))
        else:
            args.append(arg)
    if varargs:
        args.append(
            gast.Starred(
                value=ref_node("t", varargs) if varargs in tangent_of else name_node(varargs),
                ctx=gast.Load(),
            )
        )
    return call_node(path_node(path), args, keywords)


def linear(*targets, elementwise: bool = False, constant: tuple = ()):
    """Register a primitive linear in some arguments: the body is its transpose.
    ``constant`` names parameters the result is constant in (e.g. read for their shape)."""

    def register(fn):
        where = location(fn)
        node, source = parse_rule(fn)
        params, defaults, varargs = signature(node)
        env = fn.__globals__
        rev, fwd = split_body(node.body)
        if not rev:
            fail(where, "a linear rule's body assigns d[argument] (the transpose)")
        linear_params = [
            notation_ref(s.targets[0])[1]
            for s in rev
            if isinstance(s, gast.Assign) and notation_ref(s.targets[0], "d")
        ]
        kwonly = kwonly_of(node)
        reverse = make_template(params, defaults, rev, varargs, source, "d", env, where, kwonly)
        if fwd:
            forward = make_template(params, defaults, fwd, varargs, source, "t", env, where, kwonly)
        else:

            def forward(prim):
                body = [
                    assign_node(
                        ref_node("t", params[0], gast.Store()),
                        _applied(
                            prim.path, params[1:], defaults, varargs, set(linear_params), kwonly
                        ),
                    )
                ]
                return make_template(
                    params, defaults, body, varargs, source, "t", env, where, kwonly
                )

        _register(
            targets, reverse, forward, "linear", where, elementwise=elementwise, constant=constant
        )
        return fn

    return register


def _helper_defaults(helper) -> dict:
    """The defaults of runtime helper ``helper``'s parameters, as template nodes."""
    return {
        n: gast.Constant(value=p.default, kind=None)
        for n, p in inspect.signature(helper).parameters.items()
        if p.default is not inspect.Parameter.empty
    }


def linear_in(helper, *params: str):
    """The tangent of runtime helper ``helper``, linear in ``params``:
    ``t[y] = helper(..., t[p], ...)``."""
    where = location(helper)
    names = list(inspect.signature(helper).parameters)
    if not set(params) <= set(names):
        fail(where, f"{helper.__name__} has no parameter(s) {set(params) - set(names)}")
    result = "y" if "y" not in names else "out"
    body = [
        assign_node(
            ref_node("t", result, gast.Store()),
            call_node(
                name_node(helper.__name__),
                [ref_node("t", p) if p in params else name_node(p) for p in names],
            ),
        )
    ]
    forward = make_template(
        [result] + names, _helper_defaults(helper), body, None, "", "t", runtime.NAMESPACE, where
    )
    _register([helper], None, forward, "helper", where)


def bilinear(*targets, left, right):
    """Register a product ``P(a, b, *rest)`` (the body returns it) with its two adjoint
    helpers ``left(g, a, b, *rest)`` and ``right(g, a, b, *rest)``."""

    def register(fn):
        where = location(fn)
        node, source = parse_rule(fn)
        params, defaults, varargs = signature(node)
        if (
            len(params) < 2
            or varargs
            or len(node.body) != 1
            or not isinstance(node.body[0], gast.Return)
        ):
            fail(where, "a bilinear rule is def f(a, b, ...): return <product of a and b>")
        a, b, rest = params[0], params[1], params[2:]
        product = node.body[0].value
        result = "y" if "y" not in params else "out"
        sig = [result] + params
        env = fn.__globals__
        rev = [
            assign_node(
                ref_node("d", x, gast.Store()),
                call_node(
                    name_node(h.__name__),
                    [ref_node("d", result), name_node(a), name_node(b)]
                    + [name_node(r) for r in rest],
                ),
            )
            for x, h in ((a, left), (b, right))
        ]
        tangent = gast.BinOp(
            left=substitute(product, {a: ref_node("t", a)}),
            op=gast.Add(),
            right=substitute(product, {b: ref_node("t", b)}),
        )
        reverse = make_template(sig, defaults, rev, None, source, "d", env, where)
        forward = make_template(
            sig,
            defaults,
            [assign_node(ref_node("t", result, gast.Store()), tangent)],
            None,
            source,
            "t",
            env,
            where,
        )
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
        fail(where, f"{helper.__name__} must take (g, a, b, ...)")

    def applied(p):
        return call_node(
            name_node(helper.__name__),
            [ref_node("t", n) if n == p else name_node(n) for n in names],
        )

    body = [
        assign_node(
            ref_node("t", "y", gast.Store()),
            gast.BinOp(left=applied(g), op=gast.Add(), right=applied(x)),
        )
    ]
    forward = make_template(
        ["y"] + names, _helper_defaults(helper), body, None, "", "t", runtime.NAMESPACE, where
    )
    _register([helper], None, forward, "helper", location(helper))


def rule(*targets, elementwise: bool = False, functions: tuple = (), constant: tuple = ()):
    """Register a primitive with a hand-written adjoint (``d[...] = ...``) and tangent
    (``t[result] = ...``) in one body. A runtime helper needs only the tangent.
    ``elementwise`` marks a one-argument elementwise function (no unbroadcast needed).
    ``functions`` names the parameters that take a function value (``odeint``'s
    ``func``): the helpers make its derivative with :mod:`s2sgrad.runtime.functions`.
    ``constant`` names the parameters the result is constant in (tolerances, integer
    data): any other parameter without a ``d[...]`` statement must not be differentiated."""

    def register(fn):
        where = location(fn)
        node, source = parse_rule(fn)
        params, defaults, varargs = signature(node)
        env = fn.__globals__
        rev, fwd = split_body(node.body)
        helpers = all(not isinstance(tg, str) and runtime.is_helper(tg) for tg in targets)
        if not fwd:
            fail(where, f"the rule assigns no t[{params[0]}] (the forward mode)")
        if not rev and not helpers:
            fail(where, "the rule assigns no d[argument] (the reverse mode)")
        kwonly = kwonly_of(node)
        reverse = (
            make_template(params, defaults, rev, varargs, source, "d", env, where, kwonly)
            if rev
            else None
        )
        forward = make_template(params, defaults, fwd, varargs, source, "t", env, where, kwonly)
        _register(
            targets,
            reverse,
            forward,
            "helper" if helpers else "rule",
            where,
            elementwise=elementwise,
            constant=constant,
        )
        unknown = set(functions) - set(params[1:])
        if unknown:
            fail(where, f"functions= names {sorted(unknown)}, not parameters of the rule")
        for target in targets:
            _primitive(target).functions = tuple(functions)
        return fn

    return register


def exponential(target: str, *, of: str):
    """Register ``target`` as ``exp(of)`` with the same arguments (a pdf from its logpdf):
    its rule is ``of``'s with ``d[y]`` read as ``d[y] * y`` and ``t[y] = y * (...)``, ``y``
    being the result. ``of``'s rule must not read its own result otherwise."""
    frame = sys._getframe(1)
    where = f"{frame.f_code.co_filename}:{frame.f_lineno}"
    log = _primitive(of)
    if log.kind != "rule":
        fail(where, f"{of} has no rule written with @rule to take the exponential of")
    y = log.forward.params[0]
    for tpl in (log.reverse, log.forward):
        reads = {
            id(n.slice)
            for s in tpl.body
            for n in walk(s)
            if notation_ref(n) is not None and isinstance(n.slice, gast.Name) and n.slice.id == y
        }
        if any(
            isinstance(n, gast.Name) and n.id == y and id(n) not in reads
            for s in tpl.body
            for n in walk(s)
        ):
            fail(where, f"the rule of {of} reads its result {y!r}: write {target}'s own rule")
    _register(
        (target,),
        _times_result(log.reverse, "d"),
        _times_result(log.forward, "t"),
        "rule",
        where,
        constant=log.constant,
    )


def _times_result(tpl: Template, notation: str) -> Template:
    """``tpl`` with the result's ``d[y]`` read as ``d[y] * y`` (``notation`` "d") or each
    ``t[y] = v`` written as ``t[y] = y * (v)`` ("t")."""
    y = tpl.params[0]
    body = copy.deepcopy(tpl.body)

    def scaled(expr, result_first):
        result = name_node(y)
        left, right = (result, expr) if result_first else (expr, result)
        return gast.BinOp(left=left, op=gast.Mult(), right=right)

    class Scale(gast.NodeTransformer):
        def visit_Subscript(self, n):
            if notation_ref(n, "d") == ("d", y) and isinstance(n.ctx, gast.Load):
                return scaled(n, False)
            return self.generic_visit(n)

    for s in body:
        if notation == "d":
            Scale().visit(s)
        elif isinstance(s, gast.Assign) and notation_ref(s.targets[0], "t") == ("t", y):
            s.value = scaled(s.value, True)
    return Template(tpl.params, tpl.defaults, body, tpl.varargs, tpl.source, tpl.kwonly)


def real_only(*targets: str):
    """Rules written for real values only: their templates pass each argument they
    differentiate through ``runtime.real_only`` (the identity for real values), so a
    complex value reaching them is an error naming the rule instead of a wrong derivative.
    """
    for target in targets:
        prim = _primitive(target)
        if not prim.kind or prim.kind == "helper":
            fail(prim.where or target, f"{target} has no rule to mark real-only")
        prim.reverse = _guarded(prim.reverse, "d", prim.path)
        prim.forward = _guarded(prim.forward, "t", prim.path)
        prim.real_only = True


def _guarded(tpl: Template, notation: str, path: str) -> Template:
    """``tpl`` with each read of a differentiated argument ``x`` (one with ``d[x] = ...``
    or reading ``t[x]``) written ``real_only(x, path)``."""
    store = notation == "d"
    args = {
        ref[1]
        for s in tpl.body
        for n in walk(s)
        if (ref := notation_ref(n, notation))
        and ref[1] != tpl.params[0]
        and isinstance(n.ctx, gast.Store) == store
    }
    refs = {id(n.slice) for s in tpl.body for n in walk(s) if notation_ref(n)}
    read = {
        n.id
        for s in tpl.body
        for n in walk(s)
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load) and id(n) not in refs
    }
    if args - read:  # qr's rule reads only its result (q, r): complex iff the argument is
        args.add(tpl.params[0])

    class Guard(gast.NodeTransformer):
        def visit_Subscript(self, n):
            return n if notation_ref(n) else self.generic_visit(n)

        def visit_Name(self, n):
            if n.id in args and isinstance(n.ctx, gast.Load):
                return call_node(name_node("real_only"), [n, gast.Constant(value=path, kind=None)])
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
    so it is made again (checks.Checks and Unit.valid compare it)."""

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
    ("scipy.integrate",): "s2sgrad.rules.scipy.integrate",
    ("scipy.spatial",): "s2sgrad.rules.scipy.spatial",
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


def too_many_arguments(prim: Primitive, template: Template, given: int) -> tuple[str, str]:
    """The message and hint of a call to ``prim`` with more positional arguments (``given``)
    than its rule ``template`` binds."""
    n = len(template.positional)
    return (
        f"{prim.path} is called with {given} positional arguments, but its derivative rule "
        f"takes at most {n}",
        "pass the options by keyword as the function's signature names them, or give the "
        "function a rule for this call with s2sgrad.custom_vjp",
    )


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
