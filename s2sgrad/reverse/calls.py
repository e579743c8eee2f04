"""Adjoints of calls: derivative rules instantiated at a call site, custom rules,
user functions (their own generated derivative) and recomputation.

    y = np.tanh(a)    ->    da = dy * (1.0 - y * y)
"""

from __future__ import annotations

import gast
import numpy as np

from .. import anno, nested, rules, runtime
from ..activity import ARRAY, SCALAR, UNKNOWN
from ..custom import Checkpoint, CustomVJP, custom_rule
from ..errors import NonDifferentiableError, UnsupportedSyntaxError
from ..nested import Nested
from ..normalize import CALLED_VALUE, OBJECT_METHOD, USER_OBJECT_HINT, _is_user_class
from ..normalize.sets import SET_OF_DIFFERENTIATED
from ..normalize.tables import _describe
from ..optimize import simplify
from ..rules.python import operator_primitive
from ..slopes import unguarded_slopes
from ..syntax import assign, call, clone, const, located_call, name, walk
from ..validate import certainly_container
from .callees import _nested_user, _qualified, _user_function
from .lowering import _maybe_complex_scalar
from .pseudo import _SEQUENCE_OPS, Acc, AccItem, Block, _basic_index, _is_adjoint_ref


class RuleAdjoints:
    """Rule instantiation methods of :class:`~s2sgrad.reverse.generator.ReverseGenerator`."""

    def rule(self, var, value, stmt, depth) -> Block | None:
        dvar = name(self.adj(var))
        if isinstance(value, gast.Name):
            return Block(var, [Acc(value.id, dvar)])
        if isinstance(value, gast.BinOp):
            if (
                isinstance(value.op, gast.Mult)
                and isinstance(value.left, gast.Name)
                and isinstance(value.right, gast.Name)
                and value.left.id == value.right.id
            ):
                # x * x: one adjoint term, as for np.square
                return self.instantiate(np.square, var, [value.left], {}, stmt)
            helper = _SEQUENCE_OPS.get(type(value.op))
            if helper is not None and var in self.analysis.containers:
                # a list or tuple operand makes + concatenation and * repetition
                operands = gast.Tuple(elts=[clone(value.left), clone(value.right)], ctx=gast.Load())
                expr = call(
                    self.helper(helper + "_adjoint"), dvar, clone(value.left), clone(value.right)
                )
                return Block(var, self._accumulate(operands, expr), primal=var)
        if isinstance(value, (gast.BinOp, gast.UnaryOp)):
            fn, operands = operator_primitive(value, self.info, stmt)
            return None if fn is None else self.instantiate(fn, var, operands, {}, stmt)
        if isinstance(value, gast.Subscript):
            obj = value.value
            if not (isinstance(obj, gast.Name) and obj.id in self.analysis.active):
                return None
            basic = self.analysis.kinds.get(obj.id) == "array" and _basic_index(
                value.slice, self.analysis
            )
            return Block(
                var, [AccItem(obj.id, name(obj.id), clone(value.slice), dvar, basic)], primal=var
            )
        if isinstance(value, (gast.Tuple, gast.List, gast.Dict)):
            stmts = []
            if isinstance(value, gast.Dict):
                items = list(zip(value.keys, value.values))
            else:
                items = [(const(i), e) for i, e in enumerate(value.elts)]
            for i, (key, e) in enumerate(items):
                if isinstance(e, gast.Name) and e.id in self.analysis.active:
                    # an item of a container adjoint may be 0.0 (fresh_adjoint)
                    stmts.append(
                        Acc(e.id, _item_part(self.helper, dvar, items, i), maybe_zero=True)
                    )
            return Block(var, stmts, primal=var)
        if isinstance(value, gast.Call):
            return self.rule_call(var, value, stmt, depth)
        if isinstance(value, (gast.Compare, gast.Attribute, gast.Constant, gast.JoinedStr)):
            return None
        if isinstance(value, gast.Set):
            raise self.info.error(stmt, *SET_OF_DIFFERENTIATED, UnsupportedSyntaxError)
        raise self.info.error(
            stmt, f"cannot differentiate {type(value).__name__}", cls=UnsupportedSyntaxError
        )

    def rule_call(self, var, value, stmt, depth):
        fn = anno.get(value, "fn")
        cast = anno.get(value, "cast", None)
        if fn is rules.ASTYPE_OTHER or cast == "none":
            return None
        if fn is rules.LIST_POP:
            raise self.info.error(
                stmt,
                "list.pop() cannot be differentiated in reverse mode",
                "index the list instead",
                UnsupportedSyntaxError,
            )
        if fn is rules.TOLIST:  # nested lists of the items: their adjoints as an array
            x = value.args[0]
            adjoint = call(self.helper("tolist_adjoint"), name(self.adj(var)), name(x.id))
            return Block(var, [Acc(x.id, adjoint)])
        if fn is rules.ITEM and len(value.args) > 1:  # x.item(i): one item of x
            x = value.args[0]
            return Block(
                var,
                [
                    Acc(
                        x.id,
                        call(
                            self.helper("item_adjoint"),
                            name(self.adj(var)),
                            name(x.id),
                            *map(clone, value.args[1:]),
                        ),
                    )
                ],
            )
        if fn is rules.ITEM or fn is rules.ASTYPE:
            adjoint = name(self.adj(var))
            if cast == "checked":  # x.astype(x.dtype): is the dtype an integer one?
                adjoint = call(self.helper("cast_adjoint"), adjoint, name(var))
            elif cast == "complex":  # x.astype(complex): the real part for a real x
                adjoint = call(self.helper("real_if_real"), adjoint, name(value.args[0].id))
            return Block(var, [Acc(value.args[0].id, adjoint)])
        if fn is rules.DICT_GET:
            obj = value.args[0]
            if len(value.args) > 2 and self.is_active(value.args[2]):
                raise self.info.error(
                    stmt,
                    "d.get(key, default) with a differentiated "
                    "default cannot be differentiated in reverse mode",
                    "test `key in d` with an if statement instead",
                    UnsupportedSyntaxError,
                )
            return Block(
                var,
                [AccItem(obj.id, name(obj.id), clone(value.args[1]), name(self.adj(var)))],
                primal=var,
            )
        if rules.is_nondifferentiable(fn):
            return None
        rule = custom_rule(fn)
        if rule is not None and rule.fwd is not None:
            return self.call_custom(var, value, stmt, rule)
        if isinstance(fn, Nested):  # grad(f)(x) inside the function: see nested.py
            return nested.reverse_call(
                self, var, value, stmt, fn, _nested_user(self, fn, value, stmt), Block, Acc
            )
        if isinstance(fn, Checkpoint):
            return self.call_user(
                var,
                value,
                stmt,
                _user_function(fn.fun, spec=anno.get(value, "spec", ())),
                checkpoint=True,
            )
        if isinstance(fn, CustomVJP):
            fn = fn.fun
        runtime_call = called_value(self, value, stmt)
        if runtime_call is not None:  # ACTS[i](x): the callee's derivative made when it runs
            return self.instantiate(runtime.called, var, *runtime_call, stmt)
        prim = rules.lookup(fn)
        if prim is not None and prim.reverse is not None:
            kwargs = {k.arg: k.value for k in value.keywords}
            return self.instantiate(fn, var, value.args, kwargs, stmt, cast)
        user = _user_function(fn, self.info.filename, anno.get(value, "spec", ()))
        if user is not None:
            return self.call_user(var, value, stmt, user)
        what = rules.canonical_name(fn) or _qualified(fn)
        where = value if getattr(value, "col_offset", None) is not None else stmt
        hint = (
            "register one with @s2sgrad.custom_vjp (a library function: "
            "s2sgrad.register_vjp(function, fwd, bwd)), or wrap the call in "
            "s2sgrad.stop_gradient(...) if no gradient should flow through it"
        )
        if _is_user_class(fn):
            hint = USER_OBJECT_HINT
        raise self.info.error(
            where,
            f"{what} has no derivative rule, but it receives a differentiated value",
            hint,
            NonDifferentiableError,
        )

    def instantiate(self, fn, var, args, kwargs, stmt, cast=None) -> Block:
        prim = rules.lookup(fn)
        tpl = prim.reverse
        params = tpl.params
        mapping = {params[0]: name(var)}
        positional = tpl.positional  # keyword-only parameters come by keyword only
        if tpl.varargs:
            fixed = len(positional)
            mapping.update(dict(zip(positional, args[:fixed])))
            mapping[tpl.varargs] = gast.Tuple(elts=list(args[fixed:]), ctx=gast.Load())
        else:
            if len(args) > len(positional):
                message, hint = rules.too_many_arguments(prim, tpl, len(args))
                raise self.info.error(located_call(stmt), message, hint, NonDifferentiableError)
            mapping.update(dict(zip(positional, args)))
        for k, v in kwargs.items():
            if k not in params[1:]:
                raise self.info.error(
                    stmt,
                    f"{prim.path} has no derivative for the keyword argument {k}=",
                    cls=NonDifferentiableError,
                )
            mapping[k] = v
        if "out" in mapping and not (
            isinstance(mapping["out"], gast.Constant) and mapping["out"].value is None
        ):
            raise self.info.error(
                stmt,
                "out= cannot be differentiated",
                "assign the result instead",
                UnsupportedSyntaxError,
            )
        for p in params[1:]:
            if p not in mapping:
                if p in tpl.defaults:
                    mapping[p] = clone(tpl.defaults[p])
                else:
                    raise self.info.error(stmt, f"{prim.path} is missing argument {p!r}")
        temps = {}
        read = _as_read(self, prim, mapping)  # what the templates read
        guards = function_values(self, prim, mapping, stmt)
        guards += _value_guards(self, prim, mapping, stmt)
        out = list(guards)
        dresult = self.adj(var)
        if cast == "checked":  # np.array(v, dtype=d): no adjoint where d is an integer dtype
            checked = self.temp(f"{dresult}_cast")
            out.append(assign(checked, call(self.helper("cast_adjoint"), name(dresult), name(var))))
            dresult = checked
        for s in tpl.body:
            if isinstance(s, gast.Assign) and _is_adjoint_ref(s.targets[0]):
                param = s.targets[0].slice.id
                target = mapping[param]
                if not self.is_active(target) or isinstance(target, gast.Constant):
                    continue
                expr = _substituted(self, s.value, read, temps, dresult, params[0])
                expr = self._drop_unbroadcast(expr, target, mapping, params, prim.elementwise)
                expr = unguarded_slopes(self.session.bindings, expr)
                expr = _real_if_real(self, cast, target, expr)
                out.extend(self._accumulate(target, simplify(expr)))
            else:
                for n in walk(s):
                    if (
                        isinstance(n, gast.Name)
                        and isinstance(n.ctx, gast.Store)
                        and n.id not in temps
                    ):
                        temps[n.id] = self.temp(f"{var}_{n.id}")
                new = _substituted(self, s, read, temps, dresult, params[0])
                for n in walk(new):  # at the user's line, not the rule's
                    if isinstance(n, (gast.stmt, gast.expr)):
                        gast.copy_location(n, stmt)
                out.append(new)
        if not any(isinstance(s, (Acc, AccItem)) for s in out) and not guards:
            return None
        return Block(var, out, primal=var)

    def _accumulate(self, target, expr) -> list:
        if isinstance(target, gast.Name):
            return [Acc(target.id, expr)]
        if isinstance(target, gast.Dict):  # **kwargs of a callee: its adjoint is a dict
            parts = self.temp("parts")
            out = [assign(parts, expr)]
            for k, e in zip(target.keys, target.values):
                if isinstance(e, (gast.Name, gast.Tuple, gast.List)) and self.is_active(e):
                    item = gast.Subscript(value=name(parts), slice=clone(k), ctx=gast.Load())
                    out.extend(self._accumulate(e, item))
            return out
        if isinstance(target, (gast.Tuple, gast.List)):
            parts = self.temp("parts")
            out = [assign(parts, expr)]
            for i, e in enumerate(target.elts):
                if isinstance(e, (gast.Name, gast.Tuple, gast.List)) and self.is_active(e):
                    item = gast.Subscript(value=name(parts), slice=const(i), ctx=gast.Load())
                    out.extend(self._accumulate(e, item))
            return out
        return []

    def _drop_unbroadcast(self, expr, target, mapping, params, prim_elementwise):
        """``unbroadcast(g, x)`` is ``g`` when every other operand is a scalar."""
        ub = self.helper("unbroadcast")

        class Drop(gast.NodeTransformer):
            def visit_Call(inner, n):
                inner.generic_visit(n)
                if (
                    isinstance(n.func, gast.Name)
                    and n.func.id == ub
                    and len(n.args) == 2
                    and prim_elementwise
                ):
                    x = n.args[1]
                    # every other operand: one written as an expression (P.T, a
                    # global's attribute) may be an array, so it keeps unbroadcast
                    others = [
                        mapping[p]
                        for p in params[1:]
                        if p in mapping
                        and not (
                            isinstance(x, gast.Name)
                            and isinstance(mapping[p], gast.Name)
                            and mapping[p].id == x.id
                        )
                    ]
                    # an array operand's adjoint keeps unbroadcast beside a scalar that
                    # may be complex: it drops the imaginary part for a real array
                    real = not (isinstance(x, gast.Name) and self._scalar(x))
                    if all(self._scalar(o, real) for o in others):
                        return n.args[0]
                return n

        return Drop().visit(expr)

    def _scalar(self, node, real=False) -> bool:
        """Is ``node`` a scalar (with ``real``: one that cannot be complex)?"""
        if isinstance(node, gast.Constant):
            return node.value is None or isinstance(node.value, (int, float))
        if not isinstance(node, gast.Name):
            return False
        return self.analysis.kinds.get(node.id) == SCALAR and not (
            real and _maybe_complex_scalar(node.id, self.analysis.defs, set())
        )


def _real_if_real(gen, cast, target, expr):
    """The adjoint ``expr`` of ``target`` from a cast to a complex dtype (np.asarray(x,
    dtype=complex)): its real part when ``target`` is real."""
    if cast == "complex" and isinstance(target, gast.Name):
        return call(gen.helper("real_if_real"), expr, name(target.id))
    return expr


# the parameters that functions other than the elementwise ones read as the array NumPy
# makes of a list or tuple given there; their rules read it so too (``np.max([a, b])``:
# ``x == y`` of a list)
_ARRAY_PARAMETERS = {
    "np.max": ("a",),
    "np.min": ("a",),
    "np.amax": ("a",),
    "np.amin": ("a",),
    "np.nanmax": ("a",),
    "np.nanmin": ("a",),
    "np.ptp": ("a",),
    "np.clip": ("a", "a_min", "a_max", "min", "max"),
    "np.sort": ("a",),
    "np.linalg.norm": ("x",),
    "np.average": ("a", "weights"),
    "np.interp": ("x", "xp", "fp"),
    "np.matmul": ("x1", "x2"),
}


def array_operands(gen, prim, mapping, tpl) -> list[str]:
    """The parameters of ``prim`` bound to a list or tuple (a display, a name that holds
    one) that its rule ``tpl`` reads as an array (``array_operand``): an elementwise
    function's operands, and those in ``_ARRAY_PARAMETERS``; ``gen``: either generator.
    A name that only may hold one (a parameter of unknown kind: a list, or a CuPy array)
    is read so only where the rule needs it (not in ``d[x] = d[y] * np.cos(x)``)."""
    if prim.elementwise:
        operands = prim.reverse.positional
    else:
        operands = _ARRAY_PARAMETERS.get(prim.path, ())
    out = []
    for p in operands:
        v = mapping.get(p)
        if isinstance(v, (gast.List, gast.Tuple)):
            if not any(isinstance(e, gast.Starred) for e in v.elts):
                out.append(p)
        elif isinstance(v, gast.Name) and certainly_container(gen.fn, gen.analysis, v.id):
            out.append(p)
        elif (
            isinstance(v, gast.Name)
            and v.id in gen.analysis.containers
            and gen.analysis.kinds.get(v.id) not in (SCALAR, ARRAY)
            and _read_by_python(tpl, p)
        ):
            out.append(p)
    return out


def _read_by_python(tpl, param) -> bool:
    """Does the template ``tpl`` read ``param`` (or its tangent ``t[param]``) other than as
    an argument of a NumPy function: in an operator (``x - y``, ``x == y``) or a helper,
    where a list is not the array NumPy makes of it? (``unbroadcast(g, x)`` reads only
    its shape.)"""
    body = gast.Module(body=tpl.body, type_ignores=[])
    as_argument, notation, tangents = set(), set(), set()
    for node in walk(body):
        if isinstance(node, gast.Call) and _numpy_function(node.func):
            as_argument.update(id(a) for a in [*node.args, *(k.value for k in node.keywords)])
        elif isinstance(node, gast.Call) and _is_helper(node.func, "unbroadcast"):
            as_argument.update(id(a) for a in node.args[1:])  # reads only its shape
        if _is_adjoint_ref(node) or _is_adjoint_ref(node, "t"):
            notation.add(id(node.slice))  # the x of d[x] and t[x] names a value
            if node.value.id == "t" and node.slice.id == param:
                tangents.add(id(node))
    for node in walk(body):
        read = isinstance(node, gast.Name) and node.id == param and id(node) not in notation
        if (read or id(node) in tangents) and id(node) not in as_argument:
            return True
    return False


def _is_helper(func, helper) -> bool:
    return isinstance(func, gast.Name) and func.id == helper


def _numpy_function(func) -> bool:
    while isinstance(func, gast.Attribute):
        func = func.value
    return isinstance(func, gast.Name) and func.id == "np"


def _as_read(gen, prim, mapping) -> dict:
    """``mapping`` with the lists and tuples that ``prim``'s rule reads as arrays read as
    the array NumPy makes of them (:func:`array_operands`)."""
    read = dict(mapping)
    for p in array_operands(gen, prim, mapping, prim.reverse):
        read[p] = call(gen.helper("array_operand"), mapping[p])
    return read


def _substituted(gen, node, mapping, temps, dresult, result_param):
    """A copy of the template expression ``node`` for one call: parameters replaced by the
    call's ``mapping``, the template's temporaries by ``temps``, ``d[result]`` by the
    adjoint ``dresult`` and runtime helpers by the names ``gen`` binds them to."""
    node = clone(node)

    class Sub(gast.NodeTransformer):
        def visit_Subscript(inner, n):
            if _is_adjoint_ref(n):
                if n.slice.id != result_param:
                    raise RuntimeError("rule templates may only read d[result]")
                return name(dresult)
            inner.generic_visit(n)
            return n

        def visit_Name(inner, n):
            if n.id in mapping:
                return clone(mapping[n.id])
            if n.id in temps:
                return gast.Name(id=temps[n.id], ctx=n.ctx, annotation=None, type_comment=None)
            if n.id in gen.session.helper_names:
                return name(gen.helper(n.id))
            return n

    return Sub().visit(node)


def called_value(gen, value, stmt):
    """``(args, kwargs)`` for the rule of :func:`s2sgrad.runtime.called` at a call whose
    callee is known only when the code runs (``ACTS_i(x)``, ``layer.forward(x)`` on an
    object of no class known here): ``fn``, the tuple of the arguments and the dict of the
    keywords, which are constants of the derivative. None for any other call. ``gen``:
    either generator."""
    fn = anno.get(value, "fn")
    if fn is OBJECT_METHOD:
        if gen.is_active(value.func.value):
            return None  # the object itself is differentiated: rejected by activity
    elif fn is not CALLED_VALUE:
        return None
    where = value if getattr(value, "col_offset", None) is not None else stmt
    written = _describe(anno.get(value, "written", value.func))
    if gen.is_active(value.func) and not _container_item(gen, value.func):
        raise gen.info.error(
            where,
            f"the function {written} is made from a differentiated value, and the "
            "derivative of that dependence is not taken",
            "pass the differentiated values to the function as arguments",
            NonDifferentiableError,
        )
    if any(isinstance(a, gast.Starred) for a in value.args):
        raise gen.info.error(
            where,
            f"{written}, a function known only when the code runs, is called with *args",
            "write the arguments out",
            UnsupportedSyntaxError,
        )
    for k in value.keywords:
        if gen.is_active(k.value) and k.arg is None:
            raise gen.info.error(
                where,
                f"{written} is called with **{_describe(k.value)}, whose keys are known only "
                "when the code runs, and it holds differentiated values: such a call is "
                "differentiated in its positional arguments only",
                "pass the differentiated values by name (f(x, scale=s)) or positionally",
                UnsupportedSyntaxError,
            )
        if gen.is_active(k.value):
            raise gen.info.error(
                where,
                f"{written}, a function known only when the code runs, takes a "
                f"differentiated keyword argument {k.arg}",
                "pass it positionally",
                UnsupportedSyntaxError,
            )
    kw = (
        clone(value.keywords[0].value)  # f(x, **opts)
        if len(value.keywords) == 1 and value.keywords[0].arg is None
        else gast.Dict(  # f(x, **opts, k=v): {**opts, "k": v}
            keys=[None if k.arg is None else const(k.arg) for k in value.keywords],
            values=[clone(k.value) for k in value.keywords],
        )
        if value.keywords
        else const(None)
    )
    args = [clone(value.func), gast.Tuple(elts=clone(value.args), ctx=gast.Load())]
    moving = [i for i, a in enumerate(value.args) if gen.is_active(a)]
    if len(moving) == len(value.args):
        return args, {"kw": kw}
    # f(x, cov) with cov a constant here: the callee's derivative made in x only
    return args, {"kw": kw, "moving": gast.Tuple(elts=[const(i) for i in moving], ctx=gast.Load())}


def underived_arguments(gen, prim, mapping, stmt) -> list[str]:
    """A differentiated value given to a parameter the rule takes no derivative in
    (``np.quantile``'s ``q``) is an error, never a silently lost derivative: here when the
    value is known to be a number or an array; the parameters returned hold values of
    unknown kind (an item of a differentiated tuple, which may be an integer or an option),
    which the generated code checks when it runs. ``gen``: either generator."""
    unsure = []
    for p in rules.underived(prim):
        value = mapping.get(p)
        if value is None or not gen.is_active(value):
            continue
        if gen.analysis.kind(value) == UNKNOWN:
            unsure.append(p)
            continue
        raise gen.info.error(
            stmt,
            f"{prim.path} has no derivative in its argument {p}, but it receives a "
            "differentiated value there",
            f"wrap that argument in s2sgrad.stop_gradient(...) if no gradient should "
            f"flow through it, or register a rule for {prim.path} with "
            "s2sgrad.register_vjp",
            NonDifferentiableError,
        )
    return unsure


def _value_guards(gen, prim, mapping, stmt) -> list:
    """``underived_value(x, what)`` for each argument of unknown kind the rule takes no
    derivative in (:func:`underived_arguments`): an error when the code runs if it holds a
    float."""
    return [
        gast.Expr(
            value=call(
                gen.helper("underived_value"),
                clone(mapping[p]),
                const(f"{prim.path} has no derivative in its argument {p}"),
            )
        )
        for p in underived_arguments(gen, prim, mapping, stmt)
    ]


def _container_item(gen, node) -> bool:
    """Is ``node`` a name bound only to items of containers (activity.container_items)?"""
    return isinstance(node, gast.Name) and node.id in gen.analysis.items


def function_values(gen, prim, mapping, stmt) -> list:
    """The function values a rule takes (``odeint``'s ``func``) must not carry a
    differentiated value: their helpers differentiate them in their own arguments only,
    so a derivative through a function made from one (``f = make_field(k)``) would be
    lost. A function taken from a container that also holds differentiated values (``act``
    of ``(W, b), act = layer``) is checked when the code runs: the guards returned.
    ``gen``: either generator."""
    guards = []
    for p in prim.functions:
        value = mapping.get(p)
        if value is not None and gen.is_active(value) and _container_item(gen, value):
            where = "called here" if prim.fn is runtime.called else f"given to {prim.path}"
            what = const(f"the function {_describe(value)} {where}")
            guards.append(
                gast.Expr(value=call(gen.helper("stateless_function"), clone(value), what))
            )
        elif value is not None and gen.is_active(value):
            raise gen.info.error(
                stmt,
                f"the function given to {prim.path} as {p} is made from a differentiated "
                "value, and the derivative of that dependence is not taken",
                "pass the differentiated values to the function as arguments (odeint's "
                "args=(...)), and give it a function defined with def or lambda",
                NonDifferentiableError,
            )
    return guards


def _item_part(helper, dvar, items, i):
    """``part(dd, key)``, the adjoint of item ``i`` of a display; in a dict display
    whose later keys may equal its key (``{k: a, 1: b}``, ``{1: a, 1.0: b}``: the last
    value stays), ``display_part(dd, key, later_keys)``."""
    key = items[i][0]
    later = [k for k, _ in items[i + 1 :]]
    if not later or (
        all(isinstance(k, gast.Constant) for k in (key, *later))
        and key.value not in dict.fromkeys(k.value for k in later)
    ):
        return call(helper("part"), dvar, key)
    keys = gast.Tuple(elts=[clone(k) for k in later], ctx=gast.Load())
    return call(helper("display_part"), dvar, key, keys)
