"""Transformations called inside a differentiated function (nested derivatives).

    def loss(w, x):                                  # grad(loss): the inner gradient is a
        w2 = w - 0.1 * grad(inner, argnums=0)(w, x)  # callee, inner_grad_w, and its adjoint
        return inner(w2, x)                          # forward mode over inner_grad_w

``grad(F, argnums)(args)``, ``value_and_grad`` (s2sgrad's, and autograd's ``grad``,
``value_and_grad`` and ``elementwise_grad`` through :mod:`s2sgrad.compat.autograd`), a
derivative made outside and called here (``DF(x)``) and ``jvp(F, (x,), (v,))`` are lowered
to a call whose ``fn`` annotation is a :class:`Nested`. Their derivatives reuse what the
pipeline already makes:

- the value is the flat gradient unit of ``F`` (``F_grad_...``, the derivative of a
  callee, closures over the outer function's variables included);
- reverse mode (the outer is differentiated by ``grad``): the adjoint of ``g = grad_A F(z)``
  for a cotangent ``u`` is ``H[z, A] u``, the derivative of the gradient of ``F`` in every
  differentiated input ``z`` along ``u`` placed on the arguments ``A``. Second derivatives
  are symmetric, so that is forward mode over the generated gradient (as for
  :func:`s2sgrad.hessian`), not reverse over reverse: the runtime helpers of generated
  reverse code need tangent rules only, which they have. A ``custom_vjp`` rule need not
  be an exact derivative, so a gradient using one is rejected there;
- forward mode (``jvp``, ``hessian`` of the outer): forward mode over the same gradient;
  forward mode over code calling this module's helpers (third derivatives) is forward
  over forward over the gradient (:func:`forward_helper`).

The forward-mode pass over a generated gradient is made at run time, when the kinds of
the values are known (:func:`connect`: :mod:`s2sgrad.transforms` provides it).
"""

from __future__ import annotations

import ast
import sys
import types
from dataclasses import dataclass, field

import gast

from . import anno, stored
from .errors import TransformError, UnsupportedSyntaxError
from .normalize.spread import static_length
from .runtime.nested import (
    grad_adjoint,
    grad_adjoint_tangent,
    grad_output,
    grad_tangent,
    grad_tangent_tangent,
    jacobian_adjoint,
    jvp_adjoint,
    jvp_adjoint_tangent,
    ones_like_output,
)
from .syntax import assign, call, clone, const, name

# transformations that may be called inside a differentiated function, by module:
# {name: (with_value, argnums keyword, default argnums)}
_LOWERED = {
    "s2sgrad.api": {
        "grad": (False, "argnums", None),
        "value_and_grad": (True, "argnums", None),
        "hessian": (False, "argnums", 0),
    },
    "s2sgrad.transforms": {"jacfwd": (False, "argnums", 0), "jacrev": (False, "argnums", 0)},
    "s2sgrad.compat.autograd": {
        "grad": (False, "argnum", 0),
        "value_and_grad": (True, "argnum", 0),
        "elementwise_grad": (False, "argnum", 0),
        "jacobian": (False, "argnum", 0),
        "hessian": (False, "argnum", 0),
    },
}
# Jacobians in one argument: their adjoint is a sum over the argument's entries, and they
# are differentiated in reverse mode only (grad of the caller)
_JACOBIANS = {
    "jacfwd": "jacobian",
    "jacrev": "jacobian",
    "jacobian": "jacobian",
    "hessian": "hessian",
}


@dataclass(eq=False)
class Nested:
    """The ``fn`` of a lowered ``grad(F, argnums)(args)``: ``target`` is ``F`` (a function
    or a local function of the caller), ``argnums`` the positions differentiated in the
    call's arguments, ``free`` the caller's variables a local ``F`` reads."""

    what: str
    target: object
    argnums: tuple
    single: bool
    with_value: bool
    free: list = field(default_factory=list)

    def __repr__(self):
        return f"<{self.what} called inside a differentiated function>"


def unsupported(lowering, node, what: str):
    return lowering.info.error(
        node,
        f"{what} is a transformation called inside the differentiated function (a "
        "nested derivative) that s2sgrad cannot differentiate yet",
        "grad and value_and_grad can be nested (s2sgrad's, and autograd's through "
        "s2sgrad.compat.autograd); take other derivatives from outside: s2sgrad.hessian, "
        "s2sgrad.jacfwd, s2sgrad.jvp of s2sgrad.grad(f)",
        UnsupportedSyntaxError,
    )


def is_derivative(obj) -> bool:
    """Is ``obj`` a derivative made outside the function (``DF = grad(f)`` at module level,
    autograd's ``grad(f)`` through the compat layer)?"""
    return stored.is_stored(obj)


def _lower_derivative(lowering, node, hint, obj):
    """``DF(x)`` where ``DF`` was made outside the function (``DF = grad(f, argnums)``,
    ``elementwise_grad(elementwise_grad(u))``): a call of the function
    :func:`s2sgrad.stored.as_function` makes for it, whose body is the nested
    ``grad(f, argnums)(x)``."""
    func = node.func
    called = func.id if isinstance(func, gast.Name) else getattr(func, "attr", None)
    try:
        fn = stored.as_function(obj, called)
    except TransformError as exc:
        raise lowering.info.error(
            node,
            f"{exc.msg} (called inside the differentiated function)",
            exc.hint,
            UnsupportedSyntaxError,
        ) from None
    return lowering.make_call(fn, node.args, node.keywords, node, hint)


def lower_direct(lowering, node, hint):
    """``jvp(F, (x, ...), (v, ...))`` as one call annotated with a :class:`Nested`, and a
    derivative made outside called here (``DF(x)``); any other transformation called
    directly (``hessian(f)`` made here, ``df = grad(f)``) is an error at its line."""
    transform = lowering.resolve_call(node)
    if is_derivative(transform):
        return _lower_derivative(lowering, node, hint, transform)
    described = getattr(transform, "__name__", "a transformation")
    if (
        described != "jvp"
        or getattr(transform, "__module__", None) != "s2sgrad.transforms"
        or transform is not _public(transform)
    ):
        if (
            described in ("grad", "value_and_grad")
            and getattr(transform, "__module__", None) in _LOWERED
        ):
            raise lowering.info.error(
                node,
                f"{described}(...) made inside a differentiated "
                "function can only be called where it is made",
                f"write {described}(f)(x)",
                UnsupportedSyntaxError,
            )
        raise unsupported(lowering, node, repr(described))
    if (
        len(node.args) != 3
        or node.keywords
        or not all(
            isinstance(a, (gast.Tuple, gast.List))
            and not any(isinstance(e, gast.Starred) for e in a.elts)
            for a in node.args[1:]
        )
        or len(node.args[1].elts) != len(node.args[2].elts)
    ):
        raise lowering.info.error(
            node,
            "a nested jvp must be written jvp(f, (x, ...), (v, "
            "...)) with as many tangents as primals",
            cls=UnsupportedSyntaxError,
        )
    target_node, target = _function(lowering, node, node.args[0], "jvp")
    primals = [lowering.atom(a, hint + "_primal") for a in node.args[1].elts]
    tangents = [lowering.atom(a, hint + "_tangent") for a in node.args[2].elts]
    out = gast.Call(
        func=node.func,
        args=[
            target_node,
            gast.Tuple(elts=primals, ctx=gast.Load()),
            gast.Tuple(elts=tangents, ctx=gast.Load()),
        ],
        keywords=[],
    )
    free = list(getattr(target, "free", ()))
    anno.set(out, "fn", Nested("jvp", target, tuple(range(len(primals))), False, False, free))
    spec = lowering.call_spec(target, primals, [], node)
    if spec:
        anno.set(out, "spec", spec)
    return out


def _function(lowering, node, written, what):
    """``(node, function)`` of the function a nested ``what`` differentiates."""
    target_node = lowering.function_argument(written)
    if isinstance(target_node, gast.Name) and target_node.id in lowering.local_functions:
        target = lowering.local_functions[target_node.id]  # its free variables are lifted
    elif isinstance(target_node, gast.Name) and target_node.id in lowering.known_functions:
        target = lowering.known_functions[target_node.id]
    else:
        target = (
            lowering.free_value(target_node)
            if isinstance(target_node, (gast.Name, gast.Attribute))
            else None
        )
    if stored.is_stored(target):  # grad(DF)(x) for DF = grad(f) made outside
        try:
            target = stored.as_function(target)
        except TransformError as exc:
            raise lowering.info.error(written, exc.msg, exc.hint, UnsupportedSyntaxError) from None
    if not (hasattr(target, "node") or isinstance(target, types.FunctionType)):
        hint = (
            "write the derivative of a derivative with a lambda: grad(lambda x: grad(f)(x))(x)"
            if isinstance(written, gast.Call)
            else "define the function with def and pass it by its name"
        )
        raise lowering.info.error(
            written,
            f"the function given to a nested {what}() must be "
            "a function known when transforming (a def, a lambda or a "
            "module-level function)",
            hint,
            UnsupportedSyntaxError,
        )
    return target_node, target


def _literal(lowering, node, what):
    try:
        value = ast.literal_eval(gast.gast_to_ast(node))
    except (ValueError, TypeError, SyntaxError):
        raise lowering.info.error(
            node,
            f"{what} of a nested derivative must be written as a number or a tuple of numbers",
            cls=UnsupportedSyntaxError,
        ) from None
    return value


def lower_call(lowering, node, hint):
    """``grad(F, argnums)(args)`` (``node``) as one call annotated with a :class:`Nested`.

    ``F`` must be known when transforming (a module-level function, a local def or
    lambda); ``argnums`` must be literal. The call keeps its written form, so that it
    runs as written when nothing differentiated reaches it."""
    func = node.func
    transform = lowering.resolve_call(func)
    described = getattr(transform, "__name__", "a transformation")
    table = _LOWERED.get(getattr(transform, "__module__", None), {})
    entry = table.get(described)
    if entry is None or transform is not _public(transform):
        raise unsupported(lowering, func, repr(described))
    with_value, argkw, default = entry
    options = {k.arg: k.value for k in func.keywords}
    if not func.args:
        raise lowering.info.error(
            func, f"{described}() needs the function to differentiate", cls=UnsupportedSyntaxError
        )
    if set(options) - {argkw} or len(func.args) > 2:
        raise lowering.info.error(
            func,
            f"a nested {described}() takes only the function and {argkw}",
            f"write {described}(f, {argkw}=...)(x)",
            UnsupportedSyntaxError,
        )
    spec_node = func.args[1] if len(func.args) > 1 else options.get(argkw)
    argnums = default if spec_node is None else _literal(lowering, spec_node, argkw)
    if argnums is None:
        argnums = 0
    single = isinstance(argnums, int) and not isinstance(argnums, bool)
    nums = (argnums,) if single else argnums
    if (
        not isinstance(nums, tuple)
        or not nums
        or not all(isinstance(a, int) and not isinstance(a, bool) for a in nums)
    ):
        raise lowering.info.error(
            spec_node, f"{argkw} must be an int or a tuple of ints", cls=UnsupportedSyntaxError
        )
    if described in _JACOBIANS and not single:
        raise lowering.info.error(
            spec_node,
            f"a nested {described}() is taken in one argument: {argkw} must be an int",
            cls=UnsupportedSyntaxError,
        )
    inner = _wrapped_derivative(lowering, func.args[0], node)
    target_node, target = _function(lowering, node, inner, described)
    written = gast.Call(
        func=func.func, args=[target_node] + list(func.args[1:]), keywords=func.keywords
    )
    described = _JACOBIANS.get(described, described)
    node = gast.copy_location(
        gast.Call(func=gast.copy_location(written, func), args=node.args, keywords=node.keywords),
        node,
    )
    return _lowered(lowering, node, hint, described, target, nums, single, with_value, argkw)


def _wrapped_derivative(lowering, written, node):
    """``elementwise_grad(elementwise_grad(f))(x, p)``: the inner derivative ``written``
    as the lambda ``lambda a, b: elementwise_grad(f)(a, b)`` taking the arguments of the
    outer call ``node`` (what ``grad(lambda x: grad(f)(x))(x)`` spells out); any other
    ``written`` as it is."""
    if not (
        isinstance(written, gast.Call)
        and isinstance(written.func, gast.Name | gast.Attribute)
        and not node.keywords
        and not any(isinstance(a, gast.Starred) for a in node.args)
    ):
        return written
    transform = lowering.resolve_call(written)
    table = _LOWERED.get(getattr(transform, "__module__", None), {})
    if getattr(transform, "__name__", None) not in table or transform is not _public(transform):
        return written
    params = [lowering.fresh("arg") for _ in node.args]
    args = gast.arguments(
        args=[
            gast.Name(id=n, ctx=gast.Param(), annotation=None, type_comment=None) for n in params
        ],
        posonlyargs=[],
        vararg=None,
        kwonlyargs=[],
        kw_defaults=[],
        kwarg=None,
        defaults=[],
    )
    body = gast.Call(func=written, args=[name(n) for n in params], keywords=[])
    return gast.copy_location(
        gast.Lambda(args=args, body=gast.copy_location(body, written)), written
    )


def _with_length(lowering, node, hint):
    """``node`` lowered to an atom; a fresh name bound to a display keeps its length, for
    the target's ``*p`` of it (``grad(loss)([w, b], x)``: :mod:`s2sgrad.normalize.stars`)."""
    n = static_length(lowering, node) if isinstance(node, (gast.Tuple, gast.List)) else None
    out = lowering.atom(node, hint + "_arg")
    if n is not None and isinstance(out, gast.Name) and out.id in lowering.fresh.generated:
        lowering.static_lengths.setdefault(out.id, n)
    return out


def _lowered(lowering, node, hint, described, target, nums, single, with_value, argkw):
    """The call ``node`` of a derivative of ``target`` in the arguments at ``nums``, with
    its arguments lowered and its :class:`Nested` annotation."""
    if any(isinstance(a, gast.Starred) for a in node.args) or any(
        k.arg is None for k in node.keywords
    ):
        raise lowering.info.error(
            node,
            "a nested gradient must be called with its arguments written out",
            cls=UnsupportedSyntaxError,
        )
    positions = []
    for a in nums:
        i = a + len(node.args) if a < 0 else a
        if not 0 <= i < len(node.args):
            raise lowering.info.error(
                node,
                f"{argkw}={a} but the gradient is called with "
                f"{len(node.args)} positional arguments",
                cls=UnsupportedSyntaxError,
            )
        positions.append(i)
    if len(set(positions)) != len(positions):
        raise lowering.info.error(node, f"{argkw} repeats an argument", cls=UnsupportedSyntaxError)
    args = [_with_length(lowering, a, hint) for a in node.args]
    keywords = [
        gast.keyword(arg=k.arg, value=_with_length(lowering, k.value, hint)) for k in node.keywords
    ]
    out = gast.Call(func=node.func, args=args, keywords=keywords)
    free = list(getattr(target, "free", ()))
    anno.set(out, "fn", Nested(described, target, tuple(positions), single, with_value, free))
    spec = lowering.call_spec(target, args, keywords, node)
    if spec:
        anno.set(out, "spec", spec)
    return out


def _public(transform):
    """The transformation object itself (a module attribute), not a look-alike."""
    module = sys.modules.get(getattr(transform, "__module__", ""), None)
    return getattr(module, getattr(transform, "__name__", ""), None)


# -- generation -------------------------------------------------------------------------------


def _bind(gen, user, value, stmt):
    args = value.args
    kwargs = {k.arg: k.value for k in value.keywords}
    bound = user.bind(args, kwargs, gen.info, stmt)
    return args, bound


def _wrt_params(gen, user, fn: Nested, stmt):
    positional = user.param_names[: user.n_pos]
    out = []
    for i in fn.argnums:
        if i >= len(positional):
            raise gen.info.error(
                stmt,
                f"a nested {fn.what}() of an item of *args cannot be differentiated",
                "give the item a parameter of its own",
                UnsupportedSyntaxError,
            )
        out.append(positional[i])
    return out


def _kinds(gen, bound):
    return {
        p: gen.analysis.kind(bound[p])
        if isinstance(bound[p], (gast.Name, gast.Constant))
        else "unknown"
        for p in bound
    }


def _call_grad(binding, value, user, bound, extra=()):
    keywords = user.call_keywords(value.keywords, bound) + list(extra)
    return gast.Call(func=name(binding), args=clone(value.args), keywords=keywords)


def _keywords_dict(keywords):
    return gast.Dict(keys=[const(k.arg) for k in keywords], values=[k.value for k in keywords])


def _output(gen, var, raw, fn: Nested, value, indices):
    like = gast.Tuple(elts=[clone(value.args[i]) for i in fn.argnums], ctx=gast.Load())
    return assign(
        var,
        call(
            gen.session.value("grad_output", grad_output),
            name(raw),
            const(tuple(indices)),
            like,
            const(fn.single),
            const(fn.with_value),
        ),
    )


def _ones_seed(gen, var, value, user, bound, fn: Nested, seed):
    """For ``elementwise_grad(F)(x)`` (the gradient of the sum of ``F``'s output): the
    statement making the seed, ones shaped like ``F(x)``, and the seed keyword."""
    if fn.what != "elementwise_grad":
        return [], []
    ones = gen.names(f"{var}_seed")
    written = value.func.args[0]
    output = gast.Call(func=clone(written), args=clone(value.args), keywords=clone(value.keywords))
    make = assign(ones, call(gen.session.value("ones_like_output", ones_like_output), output))
    return [make], [gast.keyword(arg=seed, value=name(ones))]


def uses_custom_rule(unit) -> bool:
    """Does the generated gradient ``unit`` (or a unit it calls) use a ``custom_vjp`` rule?
    Its reverse-over-reverse derivative is not forward over it: the rule's backward need
    not be the derivative of its forward, so the symmetry the adjoint relies on fails."""
    return any(("helper", "check_cotangents") in u.bindings.values() for u in unit._closure_units())


def _check_symmetric(gen, stmt, unit, fn: Nested):
    if unit is not None and uses_custom_rule(unit):
        raise gen.info.error(
            stmt,
            f"the function of this nested {fn.what}() uses a "
            "custom_vjp rule, whose backward s2sgrad cannot differentiate "
            "in reverse mode",
            "take the outer derivative in forward mode "
            "(s2sgrad.jvp, jacfwd), or drop the custom rule",
            UnsupportedSyntaxError,
        )


def reverse_call(gen, var, value, stmt, fn: Nested, user, block, acc):
    """The adjoint of a nested transformation (see :func:`reverse_jvp` for ``jvp``).

    Forward sweep ``g_raw = F_grad(args)``; ``g = grad_output(g_raw, ...)``; adjoint
    sweep: the cotangents of every differentiated input from forward mode over
    ``F_grad`` (see the module docstring). ``block``/``acc``: reverse.Block and Acc."""
    if fn.what == "jvp":
        return reverse_jvp(gen, var, value, stmt, fn, user, block, acc)
    args, bound = _bind(gen, user, value, stmt)
    wrt = _wrt_params(gen, user, fn, stmt)
    active = [p for p in user.param_names if p in bound and gen.is_active(bound[p])]
    for p in user.free:
        if p in gen.analysis.active:
            active.append(p)
            bound[p] = name(p)
    if not active:
        return None
    ext = [p for p in user.param_names + user.free if p in wrt or p in active]
    binding = gen.session.callee(user, tuple(ext), _kinds(gen, bound), flat=True)
    unit = gen.session.bindings[binding][1] if binding in gen.session.bindings else None
    seed = unit.seed if unit is not None else gen.session.own_seed
    _check_symmetric(gen, stmt, unit, fn)
    if fn.what in ("jacobian", "hessian"):
        return _reverse_jacobian(
            gen, var, value, stmt, fn, user, bound, binding, seed, ext, wrt, active, block, acc
        )
    raw = gen.names(f"{var}_raw")
    fwd, extra = _ones_seed(gen, var, value, user, bound, fn, seed)
    fwd += [
        assign(raw, _call_grad(binding, value, user, bound, extra)),
        _output(gen, var, raw, fn, value, map(ext.index, wrt)),
    ]
    gen.forward_replace[id(stmt)] = [gast.copy_location(s, stmt) for s in fwd]
    keywords = user.call_keywords(value.keywords, bound) + extra
    like = gast.Tuple(elts=[clone(value.args[i]) for i in fn.argnums], ctx=gast.Load())
    adjoint = call(
        gen.session.value("grad_adjoint", grad_adjoint),
        name(binding),
        gast.Tuple(elts=clone(args), ctx=gast.Load()),
        _keywords_dict(keywords),
        const(tuple(wrt)),
        like,
        name(gen.adj(var)),
        const(fn.single),
        const(seed if fn.with_value else None),
        name(var) if fn.with_value else const(None),
    )
    grads = [gen.temp(f"d{p}_{user.name}_grad") for p in ext]
    return _accumulated(gen, var, adjoint, grads, ext, active, bound, block, acc)


def _reverse_jacobian(
    gen, var, value, stmt, fn, user, bound, binding, seed, ext, wrt, active, block, acc
):
    """``J = jacobian(F)(x)`` (or ``hessian``) runs as written; its adjoint is
    :func:`jacobian_adjoint`, one forward pass over ``F``'s gradient per entry of ``x``."""
    keywords = user.call_keywords(value.keywords, bound)
    x = clone(value.args[fn.argnums[0]])
    adjoint = call(
        gen.session.value("jacobian_adjoint", jacobian_adjoint),
        name(binding),
        gast.Tuple(elts=clone(value.args), ctx=gast.Load()),
        _keywords_dict(keywords),
        const(wrt[0]),
        x,
        name(var),
        name(gen.adj(var)),
        const(seed),
        const(fn.what == "hessian"),
    )
    grads = [gen.temp(f"d{p}_{user.name}_{fn.what}") for p in ext]
    return _accumulated(gen, var, adjoint, grads, ext, active, bound, block, acc)


def _accumulated(gen, var, adjoint, grads, ext, active, bound, block, acc):
    """``grads = adjoint``, then each active parameter's gradient added into its adjoint."""
    unpack = gast.Tuple(elts=[name(g, store=True) for g in grads], ctx=gast.Store())
    stmts = [gast.Assign(targets=[unpack], value=adjoint, type_comment=None)]
    for p, g in zip(ext, grads):
        if p not in active:
            continue
        for a in gen._accumulate(bound[p], name(g)):
            if isinstance(a, acc):
                a.maybe_zero = True
            stmts.append(a)
    return block(var, stmts, primal=var)


def forward_call(gen, var, value, stmt, fn: Nested, user, flat_callee):
    """``g_raw, g_raw_dot = jvp of F_grad``; ``g``, ``g_dot`` picked from them.
    ``flat_callee(user, params, kinds)``: the binding of ``F``'s flat gradient."""
    if fn.what == "jvp":
        return forward_jvp(gen, var, value, stmt, fn, user)
    if fn.what in ("jacobian", "hessian"):
        raise gen.info.error(
            stmt,
            f"a nested {fn.what} is differentiated here in forward mode (by jvp, jacfwd, "
            "hessian, check_grads' 'fwd' mode, or a jacobian around a jacobian around it), "
            f"and s2sgrad differentiates a nested {fn.what} in reverse mode only",
            "take the derivative around it with grad, value_and_grad or jacobian "
            "(jacobian(jacobian(f)) is the deepest)",
            UnsupportedSyntaxError,
        )
    args, bound = _bind(gen, user, value, stmt)
    wrt = _wrt_params(gen, user, fn, stmt)
    active = [p for p in user.param_names if p in bound and gen.is_active(bound[p])]
    for p in user.free:
        if p in gen.active:
            active.append(p)
            bound[p] = name(p)
    binding = flat_callee(user, tuple(wrt), _kinds(gen, bound))
    unit = gen.session.bindings[binding][1]
    first, extra = _ones_seed(gen, var, value, user, bound, fn, unit.seed)
    keywords = user.call_keywords(value.keywords, bound) + extra
    tangents = gast.Dict(
        keys=[const(p) for p in active], values=[gen.tangent_of(bound[p])[0] for p in active]
    )
    raw, raw_dot = gen.names(f"{var}_raw"), gen.names(f"{var}_raw_dot")
    jvp = call(
        gen.session.value("grad_tangent", grad_tangent),
        name(binding),
        gast.Tuple(elts=clone(args), ctx=gast.Load()),
        _keywords_dict(keywords),
        tangents,
    )
    target = gast.Tuple(elts=[name(raw, store=True), name(raw_dot, store=True)], ctx=gast.Store())
    out = first + [
        gast.Assign(targets=[target], value=jvp, type_comment=None),
        _output(gen, var, raw, fn, value, range(len(wrt))),
        _output(gen, gen.tan(var), raw_dot, fn, value, range(len(wrt))),
    ]
    return [gast.copy_location(s, stmt) for s in out], []


def _jvp_bound(gen, user, value, stmt, free_active):
    """Parameters of ``F`` bound to the primals of ``jvp(F, primals, tangents)``, the
    tangent of each, and the differentiated inputs (primals, free variables) in order."""
    primals, tangents = value.args[1].elts, value.args[2].elts
    bound = user.bind(primals, {}, gen.info, stmt)
    params = user.param_names[: len(primals)]
    if len(primals) > user.n_pos:
        raise gen.info.error(
            stmt,
            "a nested jvp of a function with *args cannot be differentiated",
            cls=UnsupportedSyntaxError,
        )
    for p in user.free:
        if p in free_active:
            bound[p] = name(p)
    return primals, tangents, bound, params


def reverse_jvp(gen, var, value, stmt, fn: Nested, user, block, acc):
    """The adjoint of ``out, out_dot = jvp(F, primals, tangents)``: with ``G`` the flat
    gradient of ``F`` taking a cotangent seed, the primals get the derivative of
    ``G(primals, seed=g_dot)`` along (tangents, seed ``g_out``) (symmetry again), and the
    tangents ``G(primals, seed=g_dot)`` itself."""
    primals, tangents, bound, params = _jvp_bound(gen, user, value, stmt, gen.analysis.active)
    active = [p for p in user.param_names + user.free if p in bound and gen.is_active(bound[p])]
    moving = [p for p, t in zip(params, tangents) if gen.is_active(t)]
    ext = [p for p in user.param_names + user.free if p in active or p in moving]
    if not ext:
        return None
    binding = gen.session.callee(user, tuple(ext), _kinds(gen, bound), flat=True)
    unit = gen.session.bindings[binding][1] if binding in gen.session.bindings else None
    seed = unit.seed if unit is not None else gen.session.own_seed
    _check_symmetric(gen, stmt, unit, fn)
    keywords = user.call_keywords([], {p: bound[p] for p in params})
    adjoint = call(
        gen.session.value("jvp_adjoint", jvp_adjoint),
        name(binding),
        gast.Tuple(elts=clone(primals), ctx=gast.Load()),
        _keywords_dict(keywords),
        const(tuple(params)),
        const(tuple(ext)),
        gast.Tuple(elts=clone(tangents), ctx=gast.Load()),
        name(var),
        name(gen.adj(var)),
        const(seed),
    )
    grads = [gen.temp(f"d{p}_{user.name}_jvp") for p in ext]
    dtangents = [gen.temp(f"d{p}_dot_{user.name}_jvp") for p in params]
    unpack = gast.Tuple(
        elts=[
            gast.Tuple(elts=[name(g, store=True) for g in grads], ctx=gast.Store()),
            gast.Tuple(elts=[name(g, store=True) for g in dtangents], ctx=gast.Store()),
        ],
        ctx=gast.Store(),
    )
    stmts = [gast.Assign(targets=[unpack], value=adjoint, type_comment=None)]
    pairs = [(bound[p], g) for p, g in zip(ext, grads) if p in active]
    pairs += [(t, g) for t, g in zip(tangents, dtangents) if gen.is_active(t)]
    for target, g in pairs:
        for a in gen._accumulate(target, name(g)):
            if isinstance(a, acc):
                a.maybe_zero = True
            stmts.append(a)
    return block(var, stmts, primal=var)


def forward_jvp(gen, var, value, stmt, fn: Nested, user):
    """``out, out_dot`` of ``jvp(F, primals, tangents)`` and their tangents: forward mode
    over ``F``'s forward unit (``F_jvp``), whose tangent inputs are the jvp's tangents."""
    primals, tangents, bound, params = _jvp_bound(gen, user, value, stmt, gen.active)
    binding, tangent_kw = gen.session.callee(user, tuple(params), _kinds(gen, bound))
    keywords = user.call_keywords([], {p: bound[p] for p in params})
    keywords += [gast.keyword(arg=tangent_kw[p], value=clone(t)) for p, t in zip(params, tangents)]
    moving = {
        p: gen.tangent_of(bound[p])[0]
        for p in user.param_names + user.free
        if p in bound and gen.is_active(bound[p])
    }
    for p, t in zip(params, tangents):
        if gen.is_active(t):
            moving[tangent_kw[p]] = gen.tangent_of(t)[0]
    tangents_dict = gast.Dict(keys=[const(k) for k in moving], values=list(moving.values()))
    jvp = call(
        gen.session.value("grad_tangent", grad_tangent),
        name(binding),
        gast.Tuple(elts=clone(primals), ctx=gast.Load()),
        _keywords_dict(keywords),
        tangents_dict,
    )
    target = gast.Tuple(
        elts=[name(var, store=True), name(gen.tan(var), store=True)], ctx=gast.Store()
    )
    return [
        gast.copy_location(gast.Assign(targets=[target], value=jvp, type_comment=None), stmt)
    ], []


def forward_helper(gen, var, value, stmt):
    """Forward mode over generated code that calls this module's run-time helpers (a
    Hessian, or ``grad(grad(...))``, of a function with a nested gradient)."""
    fn = anno.get(value, "fn")
    # at the user's line of the nested derivative the generated code came from
    if fn in (grad_adjoint_tangent, grad_tangent_tangent, jvp_adjoint_tangent):
        raise gen.info.error(
            stmt,
            "a third derivative of a function that calls grad, value_and_grad or jvp "
            "inside (grad(grad(grad(g))) where g calls grad(f)) is not supported",
            "take at most two derivatives around the inner one, or nest the "
            "transformations from outside: s2sgrad.grad(s2sgrad.grad(...)) of f itself",
            TransformError,
        )
    if fn is jacobian_adjoint:
        raise gen.info.error(
            stmt,
            "forward mode over the gradient of a function that calls a "
            "nested jacobian or hessian (a fourth derivative) is not "
            "supported",
            "take one derivative of that function, with grad",
        )
    args = [gen.tangent_of(a)[0] for a in value.args]
    if fn is grad_output:
        expr = call(gen.session.value("grad_output", grad_output), args[0], *clone(value.args[1:]))
    else:
        helper = {
            id(grad_adjoint): ("grad_adjoint_tangent", grad_adjoint_tangent),
            id(grad_tangent): ("grad_tangent_tangent", grad_tangent_tangent),
            id(jvp_adjoint): ("jvp_adjoint_tangent", jvp_adjoint_tangent),
        }[id(fn)]
        # the tangents of the arguments, keywords and cotangent (or tangents) it reads
        reads = {grad_adjoint: (1, 2, 5), grad_tangent: (1, 2, 3), jvp_adjoint: (1, 2, 5, 7)}
        tangents = [args[i] for i in next(v for k, v in reads.items() if k is fn)]
        expr = call(gen.session.value(*helper), *clone(value.args), *tangents)
    return [stmt], [gen.set_tangent(var, expr)]


__all__ = ["Nested", "lower_call", "reverse_call", "forward_call"]
