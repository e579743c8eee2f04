"""What forward mode decides before it generates: which names vary with the
inputs, which statements need tangents, and how a rule's tangent template is
bound at a call site.
"""

from __future__ import annotations

import gast

from .. import anno, rules, runtime
from ..activity import Analysis, _propagates, definitions, spread
from ..normalize import NormalFunction
from ..syntax import assign, loads_in, name, walk
from ..validate import check_mutations

# runtime helpers that generated forward code calls, bound by value
FORWARD_HELPERS = {
    f.__name__: f
    for f in (
        runtime.broadcast_tangent,
        runtime.add_at_value,
        runtime.sort_tangent,
        runtime.norm_tangent,
        runtime.einsum_tangent,
        runtime.einsum_cross,
        runtime.einsum_adjoint_tangent,
    )
}


P, Z, T = "primal", "zero", "tangent"  # what a template expression carries


# tangent expressions that certainly build a new array (safe to write into)
_FRESH_CALLS = {
    "zeros_like",
    "snapshot",
    "fresh_adjoint",
    "np.copy",
    "np.array",
    "np.zeros",
    "list",
}


def _is_tangent_ref(node) -> bool:
    return (
        isinstance(node, gast.Subscript)
        and isinstance(node.value, gast.Name)
        and node.value.id == "t"
        and isinstance(node.slice, gast.Name)
    )


def _call_name(node) -> str:
    f = node.func
    parts = []
    while isinstance(f, gast.Attribute):
        parts.append(f.attr)
        f = f.value
    if isinstance(f, gast.Name):
        parts.append(f.id)
    return ".".join(reversed(parts))


def rewrite_in_place(body) -> list:
    """``add_at(g, i, v)`` statements (generated reverse code) -> ``g = add_at_value(g, i, v)``,
    so that activity analysis sees them as assignments to ``g``."""
    out = []
    for s in body:
        if (
            isinstance(s, gast.Expr)
            and isinstance(s.value, gast.Call)
            and anno.get(s.value, "fn", None) is _add_at()
            and s.value.args
            and isinstance(s.value.args[0], gast.Name)
        ):
            c = s.value
            new_call = gast.Call(func=name("add_at_value"), args=list(c.args), keywords=[])
            anno.set(new_call, "fn", FORWARD_HELPERS["add_at_value"])
            new = gast.copy_location(assign(c.args[0].id, new_call), s)
            out.append(new)
            continue
        for attr in ("body", "orelse"):
            if hasattr(s, attr) and not isinstance(s, gast.FunctionDef):
                setattr(s, attr, rewrite_in_place(getattr(s, attr)))
        out.append(s)
    return out


def _add_at():
    from .. import runtime

    return runtime.add_at


def _template_tangent_params(tpl) -> set[str]:
    """Parameters whose tangents a template reads."""
    out = set()
    for n in walk(gast.Module(body=tpl.body, type_ignores=[])):
        if _is_tangent_ref(n) and isinstance(n.ctx, gast.Load):
            out.add(n.slice.id)
    return out


def _bind_template(tpl, args, kwargs) -> dict | None:
    """``{param: atom}`` for a call's arguments (without defaults), or None if unbindable."""
    params = tpl.positional  # keyword-only parameters come by keyword only
    mapping = {}
    if tpl.varargs:
        mapping.update(dict(zip(params, args[: len(params)])))
        mapping[tpl.varargs] = gast.Tuple(elts=list(args[len(params) :]), ctx=gast.Load())
    else:
        if len(args) > len(params):
            return None
        mapping.update(dict(zip(params, args)))
    for k, v in kwargs.items():
        mapping[k] = v
    return mapping


def varies(value, active, tuples=None) -> bool:
    """Can a non-zero tangent flow from the active names ``value`` reads into its result?

    Like :meth:`Analysis.propagates`, but a primitive call varies only through the
    arguments its tangent rule differentiates (``unbroadcast(g, x)`` only through ``g``).
    """
    if isinstance(value, gast.Call):
        fn = anno.get(value, "fn", None)
        prim = rules.lookup(fn)
        if anno.get(value, "cast", None) == "none":  # np.array(v, dtype=int): a step function
            return False
        if prim is not None and prim.forward is not None and not rules.is_nondifferentiable(fn):
            mapping = _bind_template(
                prim.forward, value.args, {k.arg: k.value for k in value.keywords}
            )
            if mapping is not None:
                # a parameter without a derivative varies too: instantiating the rule
                # then stops at reverse.calls.underived_arguments, never a lost tangent;
                # and through a function value (odeint's func), which instantiate rejects
                wanted = {
                    *_template_tangent_params(prim.forward),
                    *rules.underived(prim),
                    *prim.functions,
                }
                reads = [n for p in wanted if p in mapping for n in loads_in(mapping[p])]
                return any(n in active for n in reads)
    return _propagates(value, active, tuples)


def forward_active(fn: NormalFunction, wrt, analysis: Analysis) -> set[str]:
    active = set(wrt)

    def reaches(value, stmt) -> bool:
        if isinstance(stmt, gast.Expr):  # xs.append(v)
            return isinstance(value, gast.Name) and value.id in active
        return varies(value, active, analysis.tuples)

    return spread(definitions(fn.body), active, reaches)


def validate(fn: NormalFunction, analysis: Analysis) -> set[str]:
    """Reverse mode's checks of in-place changes and their aliases
    (:func:`s2sgrad.validate.check_mutations`): forward mode runs the primal the same way
    (``y += x`` as ``y = y + x``), so the same programs are wrong. Returns the names
    changed in place."""
    if (fn.info.filename or "").startswith("<s2sgrad "):
        return set()  # generated derivative code (forward over reverse) changes only its own
    return check_mutations(fn, analysis)


def _join(a, b):
    if T in (a, b):
        return T
    if Z in (a, b):
        return Z
    return P


def _fresh(expr) -> bool:
    if isinstance(expr, (gast.BinOp, gast.UnaryOp, gast.List, gast.Tuple)):
        return True
    if isinstance(expr, gast.Call):
        n = _call_name(expr).rstrip("_")
        return n in _FRESH_CALLS or n == "add_at_value"
    return False


def prepare(nf: NormalFunction) -> NormalFunction:
    """Rewrite in-place helper statements so activity analysis sees them."""
    nf.body = rewrite_in_place(nf.body)
    return nf
