"""The transformation pipeline and its cache.

    parse -> exits (lowered to flags) -> normalize -> activity -> validate
          -> reverse (-> optimize; save planning) or forward -> emit -> compile

:func:`transform` is the pipeline from the normal form on, for both modes
(:func:`build_top`, :func:`build_forward` and their callees cache what it makes);
:func:`stages` runs all of it on one function and returns every stage's output as
text (``s2sgrad.stages``).

One *unit* is one generated function: the derivative of one user function for
one choice of differentiated parameters and argument kinds. A unit is compiled
once (thread-safely) and instantiated per user function object, so closures
and module globals are read live, as the original function would.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import inspect
import math
import os
import sys
import threading
import types
from dataclasses import dataclass, field

import gast

from . import anno, rules, runtime
from .activity import analyse
from .backends import namespace_for
from .checks import is_local, same_env
from .emit import comment, compile_unit, instantiate, to_source, user_line_map
from .errors import TransformError, UnsupportedSyntaxError
from .forward import FORWARD_HELPERS, ForwardGenerator
from .forward import prepare as prepare_forward
from .forward import validate as validate_forward
from .helper_bindings import _METHOD_HELPERS, helper_or_own
from .normalize import generator_as_list, normalize, object_classes
from .optimize import OFF, PASSES
from .parsing import (
    _MISSING,
    parse_function,
)
from .plain import fuse_unit, small_variant
from .reverse import ReverseGenerator, UserFunction
from .reverse.buffers import in_place
from .reverse.scalar_output import prove_scalar
from .star_displays import check_star_displays
from .stored import at_the_users_call
from .syntax import all_names, stores_in, walk
from .validate import changes_and_sharers

HELPERS = {
    n: f
    for n, f in vars(runtime).items()
    if isinstance(f, types.FunctionType) and runtime.is_helper(f) and not n.startswith("_")
}

_lock = threading.RLock()
_units: dict = {}
_in_progress: set = set()
stats = {"transforms": 0}


def _after_fork_in_child() -> None:
    """A fork made while another thread transformed copies the lock held: start afresh."""
    global _lock, _in_progress
    _lock = threading.RLock()
    _in_progress = set()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


@dataclass
class Unit:
    """One compiled generated function and what it needs to be instantiated."""

    key: tuple
    name: str
    source: str
    code: types.CodeType
    params: list[str]  # factory parameters (bindings)
    bindings: dict  # binding name -> value, or ("unit", Unit, fun)
    cells: list[str]
    fun: types.FunctionType  # provides globals and closure cells
    checks: list = field(default_factory=list)
    callees: list = field(default_factory=list)
    filename: str = ""
    fdef: object = None  # the gast FunctionDef (with comment markers) behind ``source``
    wrt: tuple = ()
    saves: object = None  # the reverse.SavePlan of a reverse-mode unit
    value_free: bool = False  # returns None for the value, which it does not compute
    ndims: tuple = ()  # (parameter, ndim): array arguments' ndims the code relies on
    full: tuple = ()  # array arguments it relies on having no axis of length 1
    small: object = None  # a plain.Small: its regions inline, for calls on small arrays
    rules_version: int = field(default_factory=lambda: rules.USER_RULES.version)
    callee_reads: tuple = ()  # what the normal form's analysis of callees read (nf)

    def all_sources(self) -> str:
        return "\n\n".join(u.source for u in self._closure_units())

    def valid(self) -> bool:
        """Do the names this unit and its callees resolved still mean the same objects,
        and the custom rules the same rules?"""
        return self.rules_version == rules.USER_RULES.version and all(
            same_env(u, u.fun) for u in self._closure_units()
        )

    def _closure_units(self):
        """This unit and every unit it calls, transitively, each once, callers first."""
        seen, out = set(), []

        def visit(u):
            if u.key in seen:
                return
            seen.add(u.key)
            out.append(u)
            for c in u.callees:
                visit(c)

        visit(self)
        return out


class Builder:
    """Builds one unit: binding names for helpers and callees, then source and code."""

    def __init__(self, key, fun, backend):
        self.key = key
        self.fun = fun
        self.backend = backend
        self.bindings: dict = {}
        self.callee_units: list = []
        self.helper_names = set(HELPERS)
        self.taken: set[str] = set()
        self.own_name = None
        self.own_seed = None
        self.recompute = False
        self.fuse = False  # fuse elementwise regions (when the backend compiles them)

    def helper(self, n: str) -> str:
        binding = n
        while binding in self.taken and binding not in self.bindings:
            binding += "_"
        self.bindings.setdefault(binding, ("helper", n))
        return binding

    def value(self, base: str, obj) -> str:
        """Bind ``obj`` under a readable name (custom rules, for instance)."""
        for existing, value in self.bindings.items():
            if value == ("value", obj):
                return existing
        binding, i = base, 2
        while binding in self.taken or binding in self.bindings:
            binding = f"{base}_{i}"
            i += 1
        self.bindings[binding] = ("value", obj)
        return binding

    def callee(self, user: UserFunction, active: tuple, kinds: dict, flat=False) -> str:
        """Binding of the derivative of a called user function: a ``*_vjp`` returning a
        backward closure, or, when recomputing (for higher order or a checkpointed
        callee), a flat ``*_grad``."""
        flat = flat or self.recompute
        kinds_key = tuple(sorted((k, v) for k, v in kinds.items() if v))
        where = (self.fun.__code__, self.fun.__code__.co_filename) if user.node is not None else ()
        key = ("grad-callee" if flat else "vjp", user.key, where, active, kinds_key)
        # a callee fuses its regions as its caller does (its key then names the backend)
        fuse = (
            self.fuse
            and not flat
            and namespace_for(self.backend).helpers.get("fused_kernel") is not None
        )
        key += (("fused", self.backend),) if fuse else ()
        if key == self.key:
            return self.own_name
        unit = build_callee(key, user, active, kinds, self.backend, self.fun, flat=flat, fuse=fuse)
        for existing, value in self.bindings.items():
            if value == ("unit", unit):
                return existing
        binding = unit.name
        i = 2
        while binding in self.taken or binding in self.bindings:
            binding = f"{unit.name}_{i}"
            i += 1
        self.bindings[binding] = ("unit", unit)
        self.callee_units.append(unit)
        return binding

    def flat_grad(self, user: UserFunction, active: tuple, kinds: dict) -> str:
        """Binding of ``user``'s flat ``*_grad`` in either mode (a nested gradient)."""
        return Builder.callee(self, user, active, kinds, flat=True)


class ForwardBuilder(Builder):
    """Binds helpers and ``<callee>_jvp`` units for one forward unit."""

    info = None

    def helper(self, n: str) -> str:
        fn = FORWARD_HELPERS.get(n) or HELPERS.get(n)
        kind = ("value", fn) if n in FORWARD_HELPERS else ("helper", n)
        binding = n
        while (
            binding in self.taken and binding not in self.bindings and not self._same(binding, fn)
        ):
            binding += "_"
        self.bindings.setdefault(binding, kind)
        return binding

    def _same(self, n, fn) -> bool:
        info = self.info
        if info is None:
            return False
        value = info.closure.get(n, info.globals.get(n))
        return value is fn

    def callee(self, user, active: tuple, kinds: dict):
        kinds_key = tuple(sorted((k, v) for k, v in kinds.items() if v))
        key = (
            "jvp",
            user.key,
            user.node.lineno if user.node is not None else 0,
            active,
            kinds_key,
            self.backend,
        )
        if key == self.key:
            return self.own_name, self.own_tangents
        unit = build_forward_callee(key, user, active, kinds, self.backend, self.fun)
        for existing, value in self.bindings.items():
            if value == ("unit", unit):
                return existing, unit.tangents
        binding = unit.name
        i = 2
        while binding in self.taken or binding in self.bindings:
            binding = f"{unit.name}_{i}"
            i += 1
        self.bindings[binding] = ("unit", unit)
        self.callee_units.append(unit)
        return binding, unit.tangents


def cached_callee(key, user: UserFunction, enclosing, make, classes=None):
    """The unit for ``key``, built once (thread-safely) by ``make(nf, info, fun)`` from the
    normal form of ``user``; a cached unit is reused while the names it resolved hold."""
    with _lock:
        if key in _units and _units[key].valid():
            return _units[key]
        if key in _in_progress:
            message = (
                f"{user.name}() is part of a mutual recursion, which s2sgrad cannot "
                "differentiate yet"
            )
            hint = "merge the functions, or make the recursion direct"
            node, info = (
                (user.node, user.info)
                if user.node is not None
                else parse_function(user.fn, generator=True)
            )
            raise info.error(node, message, hint)  # at the function's def
        _in_progress.add(key)
        try:
            if user.node is not None:
                # the function whose source defines it: the names its info resolved, and
                # its closure cells, are that function's, whichever function calls it (a
                # local def passed to a module-level one, and called there)
                info = user.info
                fun = info.fun if _defines(info.fun, user) else enclosing
                nf = normalize(user.node, info, free=user.free, spec=user.spec, classes=classes)
            else:
                fun = user.fn
                node, info = parse_function(fun, generator=True)
                if fun.__code__.co_flags & inspect.CO_GENERATOR:
                    node = generator_as_list(node, info)
                nf = normalize(node, info, free=user.free, spec=user.spec, classes=classes)
            unit = make(nf, info, fun)
            _units[key] = unit
            return unit
        finally:
            _in_progress.discard(key)


def _defines(fn, user: UserFunction) -> bool:
    """Is ``fn`` a function whose source holds the local def of ``user``?"""
    return isinstance(fn, types.FunctionType) and fn.__code__.co_filename == user.info.filename


def build_callee(
    key, user: UserFunction, active, kinds, backend, enclosing, flat=False, fuse=False
):
    """The derivative unit of a called user function (``*_vjp``, or ``*_grad`` if flat)."""
    suffix = "" if set(active) >= set(user.param_names) else "_" + "_".join(active)
    kind = "grad" if flat else "vjp"

    def make(nf, info, fun):
        return transform(
            key,
            nf,
            info,
            fun,
            list(active),
            kinds,
            backend,
            flat=flat,
            fn_name=f"{user.name}_{kind}{suffix}",
            recompute=flat,
            fuse=fuse,
        )

    return cached_callee(key, user, enclosing, make, object_classes(kinds))


def transform(
    key,
    nf,
    info,
    fun,
    wrt,
    kinds,
    backend,
    flat,
    fn_name,
    recompute=False,
    fuse=False,
    trace: dict | None = None,
    mode: str = "reverse",
    types=None,
) -> Unit:
    """The pipeline from the normal form ``nf`` of ``fun`` to a compiled :class:`Unit`:
    activity -> validate -> reverse (-> optimize; save planning) or forward -> emit.
    ``trace``, a dict, receives each stage's output as text, in that order."""
    stats["transforms"] += 1
    forward = mode == "forward"
    builder = (ForwardBuilder if forward else Builder)(key, fun, backend)
    builder.recompute = recompute
    builder.fuse = fuse and not recompute
    builder.taken = set(nf.names.taken)
    fn_name = nf.names(fn_name)
    builder.own_name = fn_name
    builder.taken.add(fn_name)  # a callee of the same name gets another
    if forward:
        builder.info = info
        builder.own_tangents = {p: nf.names.taken and None for p in wrt}
        prepare_forward(nf)
    analysis = analyse(nf, wrt, kinds)
    for p in wrt:
        if p not in nf.params and p not in (nf.vararg, nf.kwarg):
            raise TransformError(f"cannot differentiate with respect to {p!r}: not a parameter")
    if trace is not None:
        active = ", ".join(sorted(analysis.active)) or "(none)"
        trace["activity"] = f"# differentiated: {', '.join(wrt)}\n# active: {active}\n" + trace.get(
            "normalize", ""
        )
    check_star_displays(nf, analysis)  # *seq of unknown length, differentiated
    if forward:
        mutated, sharers = validate_forward(nf, analysis), {}
    else:
        mutated, sharers = changes_and_sharers(nf, analysis)
    if trace is not None:
        trace["validate"] = f"# changed in place: {', '.join(sorted(mutated)) or '(none)'}\n"
    if forward:
        return _forward_unit(key, nf, info, fun, wrt, analysis, builder, fn_name, trace)
    gen = ReverseGenerator(nf, analysis, wrt, builder, mutated, sharers)
    if types is not None and flat:
        gen.scalar_output = prove_scalar(nf, dict(types), namespace_for(backend).numpy)
    builder.own_seed = gen.adj(nf.result)
    fdef = gen.generate(flat=flat, fn_name=fn_name, trace=trace)
    if trace is not None:
        trace["optimize"] = to_source(fdef)
        trace["saves"] = str(gen.save_plan) + "\n"
    _annotate(fdef, info)
    unit = finish_unit(key, fdef, nf, info, fun, builder, wrt)
    unit.seed = gen.adj(nf.result) if flat else None
    unit.value_free = gen.scalar_output is not None
    unit.ndims, unit.full = tuple(sorted(gen.ndims_used.items())), tuple(sorted(gen.full_used))
    unit.saves = gen.save_plan
    if trace is not None:
        trace["emit"] = unit.all_sources()
    return unit


def _forward_unit(key, nf, info, fun, wrt, analysis, builder, fn_name, trace) -> Unit:
    gen = ForwardGenerator(nf, analysis, list(wrt), builder)
    builder.own_tangents = {p: gen.tan(p) for p in wrt}
    fdef = gen.generate(fn_name)
    if trace is not None:
        trace["forward"] = to_source(fdef)
    locals_ = {
        n.id
        for n in walk(fdef)
        if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Param))
    }
    for n in sorted(_names(fdef) & set(FORWARD_HELPERS) - locals_):
        builder.helper(n)
    unit = finish_unit(key, fdef, nf, info, fun, builder, wrt)
    unit.tangents = dict(builder.own_tangents)
    if trace is not None:
        trace["emit"] = unit.all_sources()
    return unit


def stages(
    fun, wrt: tuple, kinds: dict, backend="numpy", fuse=True, mode: str = "reverse", types=None
) -> dict[str, str]:
    """Every stage of the pipeline of ``fun``'s gradient (``mode="reverse"``, as
    :func:`build_top` makes it) or jvp (``mode="forward"``, as :func:`build_forward`
    makes it), not cached, as text: ``parse``, ``exits`` (early exits lowered to flags),
    ``normalize``, ``activity``, ``validate``, then in reverse mode ``reverse`` (before
    the clean-up passes), ``optimize`` (after them) and ``saves`` (the
    :class:`~s2sgrad.reverse.SavePlan`), in forward mode ``forward``, and ``emit`` (the
    final source, callees included)."""
    if mode not in ("reverse", "forward"):
        raise ValueError(f"unknown mode {mode!r}; use 'reverse' or 'forward'")
    node, info = parse_function(fun)
    trace = {"parse": to_source(node)}
    nf = normalize(node, info, trace=trace, entry=True)
    trace["normalize"] = (
        to_source(gast.Module(body=nf.body, type_ignores=[])) + f"# result: {nf.result}\n"
    )
    forward = mode == "forward"
    with _deep_recursion():
        transform(
            ("stages", id(trace)),
            nf,
            info,
            fun,
            list(wrt),
            kinds,
            backend,
            True,
            _jvp_name(nf) if forward else _top_name(nf),
            fuse=fuse and not forward,
            trace=trace,
            mode=mode,
            types=types,
        )
    return trace


def _top_name(nf) -> str:
    return f"{nf.name.strip('<>') or 'f'}_grad"


def _jvp_name(nf) -> str:
    """``f_jvp`` for ``f``; ``f_grad_jvp``, ``f_jvp_jvp`` for generated ones."""
    base = nf.name.strip("<>") or "f"
    if base.endswith("_jvp") or base.endswith("_grad"):
        base = base + "_"
    return f"{base}jvp" if base.endswith("_") else f"{base}_jvp"


def build_forward(fun, wrt: tuple, kinds: dict, backend="numpy", spec=()) -> Unit:
    """The unit of ``fun``'s forward mode (jvp) with respect to parameters ``wrt`` (cached).

    ``fun`` may be a user function or a generated one (a gradient or jvp instance):
    its source is read back from linecache and transformed again."""
    key = (
        "jvp-top",
        fun.__code__,
        fun.__code__.co_filename,
        tuple(wrt),
        tuple(sorted(kinds.items())),
        backend,
    ) + ((spec,) if spec else ())

    def make(nf, info):
        return transform(
            key, nf, info, fun, list(wrt), kinds, backend, True, _jvp_name(nf), mode="forward"
        )

    return cached_top(key, fun, make, spec, object_classes(kinds))


def build_forward_callee(key, user, active, kinds, backend, enclosing) -> Unit:
    """The forward unit (``*_jvp``) of a called user function."""
    suffix = "" if set(active) >= set(user.param_names) else "_" + "_".join(active)

    def make(nf, info, fun):
        return transform(
            key,
            nf,
            info,
            fun,
            list(active),
            kinds,
            backend,
            True,
            f"{user.name}_jvp{suffix}",
            mode="forward",
        )

    return cached_callee(key, user, enclosing, make, object_classes(kinds))


def finish_unit(key, fdef, nf, info, fun, builder, wrt) -> Unit:
    """Source, bindings and compiled factory of a generated def (reverse or forward)."""
    if nf.cell_writes:  # nonlocal calls; calls += 1 in the closure (normalize.outside_logs)
        fdef.body.insert(0, gast.Nonlocal(names=list(nf.cell_writes)))
    regions, plain = fuse_unit(fdef, builder, info.filename) if builder.fuse else ([], None)
    if not regions:  # fused regions keep their statements as written (reverse.buffers)
        fdef = in_place(fdef)
    tree = gast.Module(body=[*regions, fdef], type_ignores=[])
    source = to_source(tree)
    bindings = dict(builder.bindings)
    for r, value in _module_roots(tree, nf, info).items():
        bindings.setdefault(r, ("value", value))
    assigned = stores_in(tree)
    used = _names(tree)
    for n in sorted(used & _METHOD_HELPERS):
        if n not in assigned:
            bindings.setdefault(n, helper_or_own(tree, n, info))
    params = sorted(bindings)
    cells = (
        sorted(n for n in fun.__code__.co_freevars if n in used and n not in bindings)
        if fun.__closure__
        else []
    )
    lines = user_line_map(tree, source, info.filename)
    code, filename = compile_unit(source, builder.own_name, params, cells, lines, info.filename)
    checks = sorted(
        ((p if isinstance(p, tuple) else (p,), v) for p, v in info.resolved.items()),
        key=lambda t: t[0],
    )
    unit = Unit(
        key,
        builder.own_name,
        source,
        code,
        params,
        bindings,
        cells,
        fun,
        checks,
        builder.callee_units,
        filename,
        fdef,
        tuple(wrt),
    )
    unit.small = small_variant(plain, fdef, builder.own_name, params, cells)
    unit.callee_reads = nf.callee_reads
    return unit


def _names(node) -> set[str]:
    return all_names(node)


def _module_roots(fdef, nf, info) -> dict:
    """Modules the generated code names (``np``, ``math``) that must be bound."""
    out = {}
    used = _names(fdef)
    if "np" in used:
        value = info.lookup("np") if "np" in nf.names.taken else _MISSING
        import numpy

        # or a module that is NumPy with names added whose calls are primitives with rules
        # (s2sgrad.compat.autograd.numpy): the generated code's np is NumPy
        numpy_like = value is numpy or getattr(value, "__s2s_numpy__", False) is True
        if value is not _MISSING and not numpy_like:
            raise info.error(
                None,
                "the name 'np' does not refer to NumPy in this function",
                "s2sgrad differentiates NumPy code: import numpy as np",
                UnsupportedSyntaxError,
            )
        out["np"] = "numpy-backend"
    if "math" in used and "math" not in nf.params:
        out["math"] = math
    for node in walk(gast.Module(body=nf.body, type_ignores=[])):
        prim = rules.lookup(anno.get(node, "fn", None))
        if prim is None:
            continue
        root = prim.path.split(".")[0]
        if (
            root in out
            or root == "np"
            or root not in used
            or hasattr(builtins, root)
            or root in _METHOD_HELPERS
        ):  # runtime helpers: bound as helpers below
            continue
        held = info.closure.get(root, info.globals.get(root, prim.fn))
        if "." not in prim.path and held is not prim.fn:
            continue  # the program's own name (part in code read back): the call's is bound
        out[root] = prim.fn if "." not in prim.path else importlib.import_module(root)
    if (
        "scipy" in used
        and "scipy" not in out
        and "scipy" not in nf.names.taken
        and "scipy" in sys.modules
    ):  # named by a rule reached through a runtime helper only
        out["scipy"] = sys.modules["scipy"]
    return out


def _annotate(fdef, info):
    """Comment each adjoint block with the user line it differentiates."""

    def visit(stmts):
        out, last = [], None
        for s in stmts:
            line = anno.get(s, "line", None)
            if line is not None and line != last:
                text = (info.line(line) or "").strip()
                out.append(comment(f"line {line}: {text}" if text else f"line {line}"))
            last = line if line is not None else last
            for attr in ("body", "orelse"):
                if (
                    hasattr(s, attr)
                    and isinstance(getattr(s, attr), list)
                    and not isinstance(s, gast.FunctionDef)
                ):
                    setattr(s, attr, visit(getattr(s, attr)))
            if isinstance(s, gast.FunctionDef):
                s.body = visit(s.body)
            out.append(s)
        return out

    fdef.body = visit(fdef.body)


class _deep_recursion:
    """Transforming a chain of calls recurses about ten frames per call: allow deep chains."""

    def __enter__(self):
        self.old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(self.old, 20000))

    def __exit__(self, *exc):
        sys.setrecursionlimit(self.old)


def build_top(
    fun, wrt: tuple, kinds: dict, backend="numpy", recompute=False, fuse=True, spec=(), types=None
) -> Unit:
    """The unit of ``fun``'s gradient with respect to parameters ``wrt`` (cached).

    ``recompute``: called user functions are differentiated by flat ``*_grad`` functions
    that recompute their forward pass in the backward sweep, instead of returning
    backward closures; the result has no closures, so forward mode can transform it
    again (higher-order derivatives). ``fuse``: elementwise regions become fused kernels
    where the backend compiles them (see :mod:`s2sgrad.fuse`). ``spec``: what the call
    fixes (``*args`` length, ``**kwargs`` keys, function arguments: see
    :func:`~s2sgrad.top_specs.top_spec`).
    ``types``: argument types, to skip the value where they prove it (``scalar_output``).
    """
    with _deep_recursion():
        return _build_top(fun, wrt, kinds, backend, recompute, fuse, spec, types)


def _build_top(
    fun, wrt: tuple, kinds: dict, backend="numpy", recompute=False, fuse=True, spec=(), types=None
) -> Unit:
    key = (
        (
            "grad",
            fun.__code__,
            fun.__code__.co_filename,
            wrt,
            tuple(sorted(kinds.items())),
            backend,
            recompute,
            fuse,
        )
        + ((spec,) if spec else ())
        + ((("types", types),) if types is not None else ())
    )

    def make(nf, info):
        return transform(
            key,
            nf,
            info,
            fun,
            list(wrt),
            kinds,
            backend,
            flat=True,
            fn_name=_top_name(nf),
            recompute=recompute,
            fuse=fuse,
            types=types,
        )

    return cached_top(key, fun, make, spec, object_classes(kinds))


def cached_top(key, fun, make, spec=(), classes=None) -> Unit:
    """The unit for ``key``, built by ``make(nf, info)`` from ``fun``'s normal form unless a
    cached one is still valid for ``fun`` (same resolved names, callees included)."""
    with _lock:
        unit = _units.get(key)
        if (
            unit is None
            or unit.rules_version != rules.USER_RULES.version
            or not same_env(unit, fun)
            or not all(c.valid() for c in unit.callees)
        ):
            with at_the_users_call(fun):  # a derivative given to a transformation
                node, info = parse_function(fun)
                nf = normalize(node, info, spec=spec, classes=classes, entry=True)
                nf.entry = True  # its caller is the user's: no call site checks its changes
                unit = make(nf, info)
            _units[key] = unit
        return unit


def make_instance(unit: Unit, fun, backend="numpy"):
    """Instantiate ``unit`` for the function object ``fun`` (its globals and closure)."""
    return _instantiate(unit, fun, backend, {}, fun)


def _owner(callee: Unit, fun, top):
    """The function object whose closure an instance of ``callee`` reads: a local
    function reads the instance of the function defining it (the caller's ``fun``, or the
    top function's instance where a module-level callee calls it), else its own."""
    if not is_local(callee):
        return callee.fun
    for owner in (fun, top):
        if owner.__code__ is callee.fun.__code__:
            return owner
    return callee.fun


def _instantiate(unit: Unit, fun, backend, cache, top):
    """The instance of ``unit`` for ``fun``, its callees' instances made once each
    (``cache``); ``top``: the function :func:`make_instance` was given."""
    if (unit.key, id(fun)) in cache:
        return cache[(unit.key, id(fun))]
    ns = namespace_for(backend)
    values = []
    for p in unit.params:
        kind = unit.bindings[p]
        if kind == ("value", "numpy-backend"):
            values.append(ns.numpy)
        elif kind[0] == "helper":
            values.append(ns.helpers[kind[1]])
        elif kind[0] == "unit":
            callee = kind[1]
            owner = _owner(callee, fun, top)
            values.append(_instantiate(callee, owner, backend, cache, top))
        else:
            values.append(kind[1])
    closure = ()
    if unit.cells:
        index = {n: i for i, n in enumerate(fun.__code__.co_freevars)}
        closure = tuple(fun.__closure__[index[n]] for n in unit.cells)
    inst = instantiate(unit.code, fun.__globals__, closure, values)
    if is_local(unit):
        pass  # a local function: call sites pass its defaults explicitly
    elif fun.__defaults__:
        inst.__defaults__ = fun.__defaults__
    if fun.__kwdefaults__ and not is_local(unit):
        inst.__kwdefaults__ = dict(fun.__kwdefaults__, **(inst.__kwdefaults__ or {}))
    cache[(unit.key, id(fun))] = inst
    return inst


def clear_cache() -> None:
    """Forget every transformed function (the next call transforms again)."""
    with _lock:
        _units.clear()


@contextlib.contextmanager
def disabled(*names: str):
    """Switch passes of :mod:`s2sgrad.optimize` off inside a ``with`` block (clears the
    transform cache on entry and exit)."""
    unknown = set(names) - PASSES - OFF
    if unknown:
        raise ValueError(f"unknown passes {sorted(unknown)}; known: {sorted(PASSES | OFF)}")
    clear_cache()
    PASSES.difference_update(names)
    OFF.update(names)
    try:
        yield
    finally:
        PASSES.update(names)
        OFF.difference_update(names)
        clear_cache()
