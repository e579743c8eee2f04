"""User functions called from a differentiated function: which callables are the
user's (not a library's), and how a call site binds their parameters.
"""

from __future__ import annotations

import copy
import inspect
import types

import gast
import numpy as np

from .. import anno
from ..draws import draws_in, draws_of
from ..emit import comment
from ..errors import NonDifferentiableError, TransformError, UnsupportedSyntaxError
from ..items import varargs_entry
from ..normalize import LocalFunction, closure_free
from ..parsing import public_name, through_cache
from ..runtime.libraries import installed_root, library_roots
from ..stored import at_the_call
from ..syntax import assign, call, clone, const, located_call, name
from .pseudo import Acc, Block


class CallAdjoints:
    """User and custom call methods of :class:`~s2sgrad.reverse.generator.ReverseGenerator`."""

    def call_custom(self, var, value, stmt, rule):
        """``y, y_residuals = fwd(args)``; backward ``grads = bwd(y_residuals, dy)``."""
        if any(self.is_active(k.value) for k in value.keywords):
            raise self.info.error(
                stmt,
                "a function with a custom_vjp rule cannot take a differentiated keyword argument",
                "pass it positionally",
                UnsupportedSyntaxError,
            )
        base = getattr(rule.fun, "__name__", "f").strip("<>_") or "f"
        fwd = self.session.value(f"{base}_fwd", rule.fwd)
        bwd = self.session.value(f"{base}_bwd", rule.bwd)
        residuals = self.names(f"{var}_residuals")
        new_call = gast.Call(func=name(fwd), args=clone(value.args), keywords=clone(value.keywords))
        target = gast.Tuple(
            elts=[name(var, store=True), name(residuals, store=True)], ctx=gast.Store()
        )
        fwd_stmt = gast.Assign(targets=[target], value=new_call, type_comment=None)
        self.hold(residuals, new_call)
        gast.copy_location(fwd_stmt, stmt)
        self.forward_replace[id(stmt)] = [fwd_stmt]
        grads = [
            self.temp(f"d{a.id}_{base}") if isinstance(a, gast.Name) and self.is_active(a) else "_"
            for a in value.args
        ]
        unpack = gast.Tuple(elts=[name(g, store=True) for g in grads], ctx=gast.Store())
        dy = name(self.adj(var))
        if var in self.analysis.containers:
            # a bwd written for arrays gets arrays for the items no use reached
            dy = call(self.helper("dense_cotangent"), dy, name(var))
        call_bwd = call(name(bwd), name(residuals), dy)
        if len(grads) == 1:
            unpack = gast.Tuple(elts=[name(grads[0], store=True)], ctx=gast.Store())
        stmts = [
            gast.Assign(
                targets=[unpack],
                value=call(self.helper("check_cotangents"), call_bwd, const(len(grads))),
                type_comment=None,
            )
        ]
        for a, g in zip(value.args, grads):
            if g != "_":
                stmts.append(Acc(a.id, name(g), maybe_zero=True))
        return Block(var, stmts, primal=var)

    def call_user(self, var, value, stmt, user, checkpoint=False):
        args = value.args
        kwargs = {k.arg: k.value for k in value.keywords}
        bound = user.bind(args, kwargs, self.info, stmt)
        user = user.items_told(bound, self.is_active)
        active_params = [p for p in user.param_names if p in bound and self.is_active(bound[p])]
        for p in user.free:
            if p in self.analysis.active:
                active_params.append(p)
                bound[p] = name(p)
        if not active_params:
            return None
        kinds = {
            p: self.analysis.kind(bound[p])
            if isinstance(bound[p], (gast.Name, gast.Constant))
            else "unknown"
            for p in bound
        }
        kinds.update(default_numbers(user.fn, bound))  # def f(x, c=1e-3): c *= 10 rebinds
        flat = checkpoint or getattr(self.session, "recompute", False)
        with at_the_call(self.info, stmt, user.fn):  # a derivative made outside: see stored.py
            vjp_name = self.session.callee(user, tuple(active_params), kinds, flat=flat)
        if flat:
            return self._recompute_call(var, value, stmt, user, bound, vjp_name, active_params)
        pullback = self.names(f"{var}_pullback")
        new_call = gast.Call(
            func=name(vjp_name),
            args=clone(args),
            keywords=user.call_keywords(value.keywords, bound),
        )
        target = gast.Tuple(
            elts=[name(var, store=True), name(pullback, store=True)], ctx=gast.Store()
        )
        fwd = gast.Assign(targets=[target], value=new_call, type_comment=None)
        self.hold(pullback, new_call)
        gast.copy_location(fwd, stmt)
        self.forward_replace[id(stmt)] = [fwd]
        grads = [self.temp(f"d{p}_{user.name}") for p in active_params]
        unpack = gast.Tuple(elts=[name(g, store=True) for g in grads], ctx=gast.Store())
        stmts = [
            gast.Assign(
                targets=[unpack], value=call(name(pullback), name(self.adj(var))), type_comment=None
            )
        ]
        for p, g in zip(active_params, grads):
            for acc in self._accumulate(bound[p], name(g)):
                if isinstance(acc, Acc):
                    acc.maybe_zero = True
                stmts.append(acc)
        return Block(var, stmts, primal=var)

    def _recompute_call(self, var, value, stmt, user, bound, grad_name, active_params):
        """Backward of ``y = f(args)`` as ``dargs = f_grad(args, dresult=dy)[1]``: the
        callee's forward pass runs again, and no closure is created; a callee that draws
        random numbers draws them again from the generator states of its first run."""
        generators = self._replayed_generators(value, user, bound)
        if generators:
            states = self.names(f"{user.name}_draws")
            self.draw_states[id(stmt)] = states
            save = assign(states, call(self.helper("random_states"), *generators))
            self.forward_replace[id(stmt)] = [gast.copy_location(save, stmt), stmt]
        unit = self.session.bindings[grad_name][1] if grad_name in self.session.bindings else None
        seed = unit.seed if unit is not None else self.session.own_seed
        keywords = user.call_keywords(value.keywords, bound)
        keywords.append(gast.keyword(arg=seed, value=name(self.adj(var))))
        again = gast.Call(func=name(grad_name), args=clone(value.args), keywords=keywords)
        grads = [self.temp(f"d{p}_{user.name}") for p in active_params]
        unpack = gast.Tuple(elts=[name(g, store=True) for g in grads], ctx=gast.Store())
        stmts = [
            gast.Assign(
                targets=[unpack],
                value=gast.Subscript(value=again, slice=const(1), ctx=gast.Load()),
                type_comment=None,
            )
        ]
        if generators:
            after = self.temp("draws_after")
            replay = call(self.helper("set_random_states"), name(states))
            stmts = [
                comment(f"{user.name} draws again the random numbers of its first run"),
                assign(after, replay),
                *stmts,
                gast.Expr(value=call(self.helper("set_random_states"), name(after))),
            ]
        for p, g in zip(active_params, grads):
            for acc in self._accumulate(bound[p], name(g)):
                if isinstance(acc, Acc):
                    acc.maybe_zero = True
                stmts.append(acc)
        return Block(var, stmts, primal=var)

    def _class_held(self, node):
        """The class ``node`` holds when it names one (``Model``) or is the ``__class__``
        of an object made here (``Model().__class__``, a classmethod called on it)."""
        if not isinstance(node, gast.Name) or node.id in self.fn.params:
            return None
        defs = self.analysis.defs.get(node.id, [])
        if not defs:
            value = self.info.lookup(node.id)
            return value if isinstance(value, type) else None
        if len(defs) != 1:
            return None
        value = defs[0][0]
        if isinstance(value, gast.Attribute) and value.attr == "__class__":
            made = self.analysis.defs.get(getattr(value.value, "id", None), [])
            if len(made) == 1 and isinstance(made[0][0], gast.Call):
                cls = anno.get(made[0][0], "fn", None)
                return cls if isinstance(cls, type) else None
        return None

    def _replayed_generators(self, value, user, bound) -> list:
        """The generators ``user`` draws from whose draws may reach its output, as
        expressions at the call ``value``; an error for a draw from a generator not known
        before the function runs."""
        if isinstance(user.fn, types.FunctionType):
            # parameters holding objects of user classes: self.normal(x) is their method
            kinds = {p: self.analysis.kind(b) for p, b in bound.items() if isinstance(b, gast.Name)}
            classes = {
                p: k[1] for p, k in kinds.items() if isinstance(k, tuple) and k[0] == "object"
            }
            objects = {p: k for p, k in kinds.items() if p in classes}
            for p, b in bound.items():  # Model.make(x), Model().make(x): cls is a class
                cls = self._class_held(b) if p not in classes else None
                if cls is not None:
                    classes[p] = cls
            drawn = draws_of(user.fn, classes=classes, kinds=objects)
        elif user.node is not None and user.info is not None:
            drawn = draws_in(user.node, user.info, user.param_names, user.free)
        else:
            drawn = []
        out, seen = [], set()
        for d in drawn:
            if d.generator is not None:
                key = ("value", id(d.generator))
                base = "np_random" if d.generator is np.random else d.name
                expr = name(self.session.value(base, d.generator))
            elif d.parameter is not None and isinstance(bound.get(d.parameter), gast.Name):
                key, expr = ("name", bound[d.parameter].id), clone(bound[d.parameter])
            elif d.parameter is not None and d.parameter in user.free:
                key, expr = ("name", d.parameter), name(d.parameter)
            elif d.parameter is not None and _generator_default(user, d.parameter) is not None:
                g = _generator_default(user, d.parameter)
                key, expr = ("value", id(g)), name(self.session.value(d.parameter, g))
            elif not d.used:
                continue  # a draw nothing reads: running it again changes no derivative
            else:
                filename, lineno, code = d.place
                raise self.info.error(
                    value,
                    f"{user.name} draws random numbers ({filename}:{lineno}: {code}) from a "
                    f"generator not known before it runs, and this derivative (a Hessian, a "
                    f"nested derivative or a checkpoint) runs the forward pass of "
                    f"{user.name} a second time, which would draw other numbers",
                    f"pass the generator to {user.name} as an argument (a RandomState or "
                    f"Generator), or draw the numbers before calling {user.name} and pass "
                    f"them in (eps = rs.randn(...); {user.name}(params, eps))",
                    TransformError,
                )
            if key not in seen:
                seen.add(key)
                out.append(expr)
        return out


def _generator_default(user, parameter):
    """The default value of ``user``'s ``parameter`` when it is a random number generator."""
    if not isinstance(user.fn, types.FunctionType):
        return None
    p = inspect.signature(user.fn).parameters.get(parameter)
    g = None if p is None else p.default
    return g if isinstance(g, (np.random.RandomState, np.random.Generator)) else None


class UserFunction:
    """A Python function (module-level or local) called from differentiated code."""

    def __init__(self, fn, node=None, free=(), info=None, spec=()):
        self.fn = fn
        self.node = node
        self.free = list(free)
        self.info = info
        self.spec = spec  # what the call site fixes (normalize.call_spec)
        if node is not None:
            a = node.args
            self.param_names = [p.id for p in a.posonlyargs + a.args + a.kwonlyargs]
            self.n_pos = len(a.posonlyargs + a.args)
            self.name = node.name.strip("<>")
            self.vararg = a.vararg.id if a.vararg else None
            self.kwarg = a.kwarg.id if a.kwarg else None
        else:
            code = fn.__code__
            self.param_names = list(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])
            self.n_pos = code.co_argcount
            self.name = fn.__code__.co_name.strip("<>")  # a wraps wrapper: "wrapper"
            if self.name == "__init__" and "." in fn.__qualname__:  # Dense_init_vjp_w
                self.name = fn.__qualname__.split(".")[-2] + "_init"
            extra = code.co_varnames[len(self.param_names) :]
            self.vararg = extra[0] if code.co_flags & inspect.CO_VARARGS else None
            self.kwarg = (
                extra[1 if self.vararg else 0] if code.co_flags & inspect.CO_VARKEYWORDS else None
            )
        self.param_names += [p for p in (self.vararg, self.kwarg) if p is not None]

    def defaults(self) -> dict:
        """Default-value expressions of a local function's parameters."""
        a = self.node.args
        positional = a.posonlyargs + a.args
        out = {p.id: d for p, d in zip(positional[len(positional) - len(a.defaults) :], a.defaults)}
        out.update({p.id: d for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None})
        return out

    def call_keywords(self, keywords, bound) -> list:
        """Keywords for a call to this function's derivative: the call's own, the defaults
        of a local function (its derivative has none), and its free variables."""
        out = clone(keywords)
        if self.node is not None:
            out += [
                gast.keyword(arg=p, value=clone(d))
                for p, d in self.defaults().items()
                if p not in bound
            ]
        return out + [gast.keyword(arg=p, value=name(p)) for p in self.free]

    def bind(self, args, kwargs, info, stmt) -> dict:
        """Parameter -> argument expression; ``*args`` gets a tuple display of the extra
        positional arguments, ``**kwargs`` a dict display of the extra keywords."""
        bound = {}
        positional = self.param_names[: self.n_pos]
        if len(args) > len(positional) and self.vararg is None:
            raise info.error(
                located_call(stmt),
                f"{self.name}() takes {len(positional)} positional arguments but "
                f"{len(args)} are given",
                "the call raises TypeError when it runs: check it against the def",
                UnsupportedSyntaxError,
            )
        for p, a in zip(positional, args):
            bound[p] = a
        if self.vararg is not None:
            bound[self.vararg] = gast.Tuple(elts=list(args[len(positional) :]), ctx=gast.Load())
        extra = {}
        for k, v in kwargs.items():
            if (
                k
                not in self.param_names[
                    : len(self.param_names) - (self.vararg is not None) - (self.kwarg is not None)
                ]
            ):
                if self.kwarg is None:
                    raise info.error(
                        stmt, f"{self.name}() got an unexpected keyword argument {k!r}"
                    )
                extra[k] = v
                continue
            bound[k] = v
        if self.kwarg is not None:
            bound[self.kwarg] = gast.Dict(
                keys=[const(k) for k in extra], values=list(extra.values())
            )
        return bound

    def items_told(self, bound, is_active) -> UserFunction:
        """This function, told which items of its ``*args`` (their display in ``bound``)
        are differentiated where only some are (:func:`s2sgrad.items.varargs_entry`)."""
        display = bound.get(self.vararg) if self.vararg is not None else None
        if not isinstance(display, gast.Tuple) or any(
            isinstance(e, gast.Starred) for e in display.elts
        ):
            return self
        active = [k for k, e in enumerate(display.elts) if is_active(e)]
        entry = varargs_entry(len(display.elts), active)
        if not entry:
            return self
        told = copy.copy(self)
        told.spec = tuple(self.spec) + entry
        return told

    @property
    def key(self):
        """Identifies the function: code objects of identical functions in different
        files compare equal, so the file and the function object are part of it."""
        if self.fn is not None:
            return ("module", self.fn.__code__, self.fn.__code__.co_filename, id(self.fn)) + (
                (self.spec,) if self.spec else ()
            )
        return (
            "local",
            self.info.filename,
            self.node.name,
            self.node.lineno,
            self.node.col_offset,
        ) + ((self.spec,) if self.spec else ())


def _qualified(fn) -> str:
    """``scipy.linalg.solve_sylvester`` for a function (its public name), ``a <type> object``
    for anything else."""
    return public_name(fn)


def _user_function(fn, caller: str | None = None, spec=()):
    """The callee ``fn`` as user code to differentiate; None for library functions (see
    :func:`_is_library`; ``caller``: the calling function's file; ``spec``: what the call
    site fixes, see :func:`s2sgrad.normalize.call_spec`)."""
    fn = through_cache(fn)
    passed = closure_free(spec)  # the locals the local functions passed to it read
    if isinstance(fn, LocalFunction):
        user = UserFunction(None, fn.node, fn.free, fn.info, spec)
    elif isinstance(fn, types.FunctionType) and not _is_library(fn, caller):
        user = UserFunction(fn, spec=spec)
    else:
        return None
    # a derivative read back (a Hessian) takes them as parameters already
    user.free += [v for v in passed if v not in user.free and v not in user.param_names]
    return user


def _nested_user(gen, fn, value, stmt) -> UserFunction:
    """The function a nested ``grad(F)`` differentiates, as a callee (see nested.py)."""
    user = _user_function(fn.target, gen.info.filename, anno.get(value, "spec", ()))
    if user is None:
        raise gen.info.error(
            stmt,
            f"{_qualified(fn.target)} is a library function: a nested "
            f"{fn.what}() differentiates functions s2sgrad has the source of",
            "differentiate a def or lambda that calls it",
            NonDifferentiableError,
        )
    return user


_LIBRARY_DIRS = library_roots()


_OWN_DIR = __file__.rsplit("reverse", 1)[0]  # the s2sgrad package directory


def _is_library(fn, caller: str | None = None) -> bool:
    """A function of an installed library (NumPy, SciPy, ...): s2sgrad never reads its
    source; without a rule, a call of it is an error at the user's line. A callee in the
    same installed package as its caller (``caller``: the caller's file) is the user's."""
    import os

    filename = os.path.realpath(fn.__code__.co_filename)
    if filename.startswith(os.path.realpath(_OWN_DIR)):
        return False
    root = installed_root(filename, _LIBRARY_DIRS)
    if root is None:
        return False
    if caller is not None:
        here = os.path.realpath(caller)
        top = filename[len(root) :].split(os.sep)[0]
        if (
            here.startswith(root)
            and here[len(root) :].split(os.sep)[0] == top
            and os.path.isdir(os.path.join(root, top))
        ):
            return False
    return True


def default_numbers(fn, bound) -> dict:
    """``{parameter: "scalar"}`` for the parameters of ``fn`` the call leaves to a default
    that is a number (a float or int, which ``c *= 10`` rebinds rather than changes)."""
    if not isinstance(fn, types.FunctionType):
        return {}
    code = fn.__code__
    names = code.co_varnames[: code.co_argcount]
    defaults = dict(zip(names[len(names) - len(fn.__defaults__ or ()) :], fn.__defaults__ or ()))
    defaults.update(fn.__kwdefaults__ or {})
    return {
        p: "scalar"
        for p, d in defaults.items()
        if p not in bound and isinstance(d, (int, float)) and not isinstance(d, bool)
    }
