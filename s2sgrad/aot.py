"""Ahead-of-time code generation: write a derivative as a standalone Python module.

    s2sgrad.emit(f, "f_grad.py", argnums=(0, 1))

writes a module that needs only NumPy (and the user's own modules) to import:

- a header recording the s2sgrad version, the function and a sha256 of the
  source of every user function the derivative was generated from;
- imports of the user-module globals the generated code reads;
- copies of the runtime helpers it calls (and their private dependencies);
- the generated defs (the top-level derivative and one ``*_vjp`` per callee);
- a public wrapper with the user's signature (``grad_f(x, w)``) that returns
  gradients in the same format as :func:`s2sgrad.grad` (or ``(value, grads)``);
- ``is_stale()``, which re-reads the current source of those functions and
  compares hashes.

The output is deterministic: the same function and options give byte-identical
text in every process.
"""

from __future__ import annotations

import ast
import builtins
import copy
import dataclasses
import hashlib
import inspect
import keyword
import linecache
import os
import re
import symtable
import sys
import types
from collections.abc import Sequence

import gast

from . import checks, pipeline, runtime
from ._version import __version__
from .arguments import argspec, check_kinds, static_wrt_names
from .emit import to_source
from .errors import GradientArgumentError, SourceUnavailableError, TransformError
from .normalize.stars import starred_params
from .parsing import unwrap
from .syntax import walk


def emit(
    fun,
    path,
    argnums: int | Sequence[int] | None = None,
    argnames: str | Sequence[str] = (),
    value_and_grad: bool = False,
    kinds: dict | None = None,
    lengths: dict | None = None,
) -> str:
    """Write the derivative of ``fun`` to ``path`` as a standalone module.

    ``argnums``/``argnames`` pick the differentiated arguments as in
    :func:`s2sgrad.grad`; ``value_and_grad=True`` makes the public function return
    ``(value, gradients)``. ``kinds`` maps parameter names to ``"array"``,
    ``"scalar"`` or ``"unknown"`` (default ``"array"`` for every parameter).
    ``lengths`` maps a parameter to the number of items the module is made for, as a call
    tells :func:`s2sgrad.grad`: the function's ``*params`` (``lengths={"params": 2}``:
    ``grad_f(x, w, b)``; an argnum past the named parameters picks an item), or a list or
    tuple parameter it unpacks into a call (``model(x, *params)``); the module checks
    the length of each call's. Returns the module text. Raises
    :class:`s2sgrad.TransformError` when the function cannot be emitted (closures,
    functions defined in ``__main__``).
    """
    text = module_source(
        fun,
        argnums=argnums,
        argnames=argnames,
        value_and_grad=value_and_grad,
        kinds=kinds,
        lengths=lengths,
    )
    path = os.fspath(path)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return text


def module_source(
    fun,
    argnums: int | Sequence[int] | None = None,
    argnames: str | Sequence[str] = (),
    value_and_grad: bool = False,
    kinds: dict | None = None,
    lengths: dict | None = None,
) -> str:
    """The text :func:`emit` writes."""
    return _ModuleWriter(fun, argnums, argnames, value_and_grad, kinds, lengths).write()


# -- helpers --------------------------------------------------------------------------------


def source_digest(fun) -> str:
    """sha256 of ``inspect.getsource(fun)``, as recorded in emitted headers."""
    fn = getattr(fun, "__code__", None)
    if fn is not None:
        linecache.checkcache(fn.co_filename)
    return hashlib.sha256(inspect.getsource(fun).encode("utf-8")).hexdigest()


# runtime modules whose helpers make derivatives when they run, with the pipeline
_RUN_TIME_DERIVATIVES = (
    "s2sgrad.runtime.integrate",
    "s2sgrad.runtime.fixed_points",
    "s2sgrad.runtime.callees",
)


def _no_run_time_derivatives(fun, helper_names) -> None:
    """odeint's and fixed_point's helpers differentiate a function value when they run,
    with the pipeline: a standalone module cannot."""
    for n in sorted(helper_names):
        if getattr(runtime.NAMESPACE.get(n), "__module__", None) in _RUN_TIME_DERIVATIVES:
            raise TransformError(
                f"cannot emit {fun.__qualname__}(): its derivative calls {n}, which "
                "differentiates a function value when it runs (odeint's func, fixed_point's "
                "f, a callee known only when the code runs)",
                hint="use s2sgrad.grad at run time for it",
            )


def _helper_closure(names) -> list[str]:
    """Runtime helpers ``names`` plus the runtime functions they use, transitively,
    in the order they appear in the runtime's modules (``runtime.MODULES``)."""
    space = runtime.NAMESPACE
    todo, seen = list(names), set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        fn = space.get(n)
        if not (isinstance(fn, (types.FunctionType, type)) and runtime.is_helper(fn)):
            raise TransformError(f"internal error: {n!r} is not a runtime helper")
        seen.add(n)
        for ref in _global_reads(inspect.getsource(fn)):
            value = space.get(ref)
            if isinstance(value, (types.FunctionType, type)) and runtime.is_helper(value):
                todo.append(ref)
            elif (
                ref in space
                and ref != "np"
                and not hasattr(builtins, ref)
                and not isinstance(value, types.ModuleType)
            ):
                raise TransformError(
                    f"internal error: runtime helper {n!r} reads the "
                    f"global {ref!r}, which emit cannot copy"
                )
    modules = [m.__name__ for m in runtime.MODULES]
    return sorted(
        seen,
        key=lambda n: (modules.index(space[n].__module__), inspect.getsourcelines(space[n])[1]),
    )


def _global_reads(source: str) -> list[str]:
    """Names the defs in ``source`` read from module scope, in first-seen order."""
    out: list[str] = []

    def visit(table):
        for sym in table.get_symbols():
            if sym.is_global() and sym.is_referenced() and sym.get_name() not in out:
                out.append(sym.get_name())
        for child in table.get_children():
            visit(child)

    for child in symtable.symtable(source, "<s2sgrad>", "exec").get_children():
        visit(child)
    return out


def _all_names(node) -> set[str]:
    out = set()
    for n in walk(node):
        if isinstance(n, gast.Name):
            out.add(n.id)
        elif isinstance(n, (gast.FunctionDef, gast.ClassDef)):
            out.add(n.name)
    return out


class _Rename(gast.NodeTransformer):
    def __init__(self, mapping):
        self.mapping = mapping

    def visit_Name(self, node):
        node.id = self.mapping.get(node.id, node.id)
        return node


def _module_of(fun) -> str:
    """The importable module name of ``fun``'s globals, or a TransformError."""
    name = fun.__globals__.get("__name__")
    where = f"{fun.__qualname__}()"
    if not name or name == "__main__":
        raise TransformError(
            f"cannot emit {where}: it is defined in {name or 'no module'}, which the "
            "generated module could not import",
            hint="move the function into an importable module (a .py file on sys.path)",
        )
    module = sys.modules.get(name)
    if module is None or getattr(module, "__dict__", None) is not fun.__globals__:
        raise TransformError(
            f"cannot emit {where}: its module {name!r} is not importable under that name",
            hint="import the function from its module before calling s2sgrad.emit",
        )
    return name


def _locate(fun, module_name: str) -> str:
    """A dotted attribute path that finds ``fun`` in its module."""
    module = sys.modules[module_name]
    qual = fun.__qualname__
    if "<" not in qual:
        obj = module
        try:
            for part in qual.split("."):
                obj = getattr(obj, part)
            if unwrap(obj) is fun:
                return qual
        except (AttributeError, TransformError):
            pass
    for attr in sorted(vars(module)):
        value = vars(module)[attr]
        try:
            if callable(value) and unwrap(value) is fun:
                return attr
        except TransformError:
            continue
    raise TransformError(
        f"cannot emit {qual}(): it is not reachable as an attribute of "
        f"module {module_name!r}, so its source could not be re-checked",
        hint="define the function at module level",
    )


def _literal(value) -> str | None:
    text = repr(value)
    try:
        back = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    return text if type(back) is type(value) and back == value else None


def _add_defaults(fdef, unit) -> None:
    """Give a callee's derivative the defaults of the callee, written as literals.

    In process they are copied from the function object (``pipeline._instantiate``);
    a call site that leaves an argument out relies on them. A local function's call
    sites pass its defaults explicitly.
    """
    if checks.is_local(unit):
        return
    fun = unit.fun
    args = fdef.args
    positional = args.posonlyargs + args.args

    def literal(param, value):
        text = _literal(value)
        if text is None:
            raise TransformError(
                f"cannot emit {fun.__qualname__}(): the default of {param!r} ({value!r}) is "
                "not a literal that can be written into source",
                hint="use a literal default such as None, a number or a string, or pass the "
                "argument at every call",
            )
        return gast.ast_to_gast(ast.parse(text, mode="eval").body)

    defaults = fun.__defaults__ or ()
    if defaults:
        names = [a.id for a in positional[len(positional) - len(defaults) :]]
        args.defaults = [literal(n, v) for n, v in zip(names, defaults)]
    kwdefaults = fun.__kwdefaults__ or {}
    for i, a in enumerate(args.kwonlyargs):
        if args.kw_defaults[i] is None and a.id in kwdefaults:
            args.kw_defaults[i] = literal(a.id, kwdefaults[a.id])


def _identifier(text: str) -> str:
    text = re.sub(r"\W", "_", text.strip("<>")) or "f"
    if text[0].isdigit() or keyword.iskeyword(text):
        text = "_" + text
    return text


# -- the writer -----------------------------------------------------------------------------


class _ModuleWriter:
    def __init__(self, fun, argnums, argnames, value_and_grad, kinds, lengths=None):
        self.fun = fun = _plain_function(fun)
        lengths = dict(lengths or {})
        self.with_value = bool(value_and_grad)
        spec = argspec(argnums, argnames)
        self.argnames = spec.argnames
        self.argnums = spec.argnums
        self.single = spec.single
        sig = inspect.signature(fun, follow_wrapped=False)  # a wrapper has its own
        self.params, self.kwonly, self.vararg, self.n_var = _split_parameters(fun, sig, lengths)
        self.sig = sig
        names = [p.name for p in self.params]
        kwonly = [p.name for p in self.kwonly]
        self.spec = _length_spec(fun, lengths, names, self.vararg)
        # an argnum past the named parameters: an item of *params, (name, item)
        self.picks = _picks(spec, names, self.vararg, self.n_var, fun.__qualname__)
        self.wrt = _wrt_names(self.picks, spec, names, kwonly)
        self.picks += list(spec.argnames)
        self.n_pos = len(spec.positional)
        all_names = names + kwonly
        kinds = dict(kinds or {})
        check_kinds(kinds, all_names)
        self.kinds = {p: kinds.get(p, "array") for p in all_names}
        self.all_params = all_names

    # -- naming -----------------------------------------------------------------------------

    def _claim(self, preferred: str, thing) -> str:
        """A module-level name for ``thing``: ``preferred`` if free, else a suffixed one."""
        if thing in self.name_of:
            return self.name_of[thing]
        name, i = preferred, 2
        while name in self.owner or (name != preferred and name in self.used):
            name = f"{preferred}_{i}"
            i += 1
        self.owner[name] = thing
        self.name_of[thing] = name
        return name

    def _fresh(self, base: str, avoid=()) -> str:
        name, i = base, 2
        while name in self.owner or name in self.used or name in avoid:
            name = f"{base}_{i}"
            i += 1
        self.owner[name] = ("alias", name)
        return name

    # -- writing ----------------------------------------------------------------------------

    def write(self) -> str:
        fun = self.fun
        top_module = _module_of(fun)
        # Start from an empty transformation cache: cached callee units are keyed by code
        # objects, which compare equal for identical functions in different files, so a
        # unit cached for another module could otherwise lend us its globals.
        pipeline.clear_cache()
        top = pipeline.build_top(fun, tuple(self.wrt), self.kinds, spec=self.spec)
        units, seen = [], set()

        def visit(u):
            if u.key in seen:
                return
            seen.add(u.key)
            units.append(u)
            for c in u.callees:
                visit(c)

        visit(top)
        for u in units:
            if u.cells:
                raise TransformError(
                    f"cannot emit {u.fun.__qualname__}(): the derivative reads the closure "
                    f"variable(s) {', '.join(u.cells)}, which a standalone module cannot see",
                    hint="pass them as arguments or make them module globals",
                )

        # every name that appears in generated code: renames must not capture them
        self.used = set()
        for u in units:
            self.used |= _all_names(u.fdef)
        self.used |= {p for p in self.all_params}
        self.owner: dict = {}
        self.name_of: dict = {}

        # fixed names first: numpy, helpers (their copied sources call each other by name)
        self._claim("np", ("module", "numpy"))
        helper_names = set()
        for u in units:
            helper_names |= {v[1] for v in u.bindings.values() if v[0] == "helper"}
        helper_names.add("match_input")
        if self.vararg is not None:
            helper_names.add("part")  # an item of the *params gradient
        _no_run_time_derivatives(fun, helper_names)
        helpers = _helper_closure(helper_names)
        for h in helpers:
            if self._claim(h, ("helper", h)) != h:
                raise TransformError(f"internal error: helper name {h!r} is taken")
        for n in ("is_stale", "SOURCES", "__all__"):
            self._claim(n, ("fixed", n))
        kind = "value_and_grad" if self.with_value else "grad"
        public = self._claim(f"{kind}_{_identifier(fun.__name__)}", ("public",))

        # generated defs
        for u in units:
            self._claim(u.name, ("unit", u.key))

        imports: dict[str, list[tuple[str, str]]] = {}  # module -> [(attr, local name)]
        module_imports: list[tuple[str, str]] = []  # (module, local name)
        aliases: list[tuple[str, str]] = []
        defs = []
        for u in units:
            mapping = {u.fdef.name: self.name_of[("unit", u.key)]}
            local = _all_names(u.fdef)
            for b, value in sorted(u.bindings.items()):
                if value[0] == "helper":
                    thing = ("helper", value[1])
                elif value[0] == "unit":
                    thing = ("unit", value[1].key)
                elif value == ("value", "numpy-backend"):
                    thing = ("module", "numpy")
                elif isinstance(value[1], types.ModuleType):
                    thing = ("module", value[1].__name__)
                    if thing not in self.name_of:
                        self._claim(b, thing)
                        module_imports.append((value[1].__name__, self.name_of[thing]))
                elif getattr(value[1], "__module__", None) == "s2sgrad.runtime.nested":
                    raise TransformError(
                        f"cannot emit {u.fun.__qualname__}(): it calls a "
                        "transformation inside it (a nested derivative), "
                        "whose derivative is made when it runs",
                        hint="use s2sgrad.grad at run time for it",
                    )
                else:
                    raise TransformError(
                        f"cannot emit {u.fun.__qualname__}(): the generated "
                        f"code needs the value of {b!r}, which is not a "
                        "module or function"
                    )
                mapping[b] = self._target(b, thing, local, aliases)
            module = None
            for n in _global_reads(u.source):
                if n in mapping:
                    continue
                if n not in u.fun.__globals__:
                    if hasattr(builtins, n):
                        continue
                    raise TransformError(
                        f"cannot emit {u.fun.__qualname__}(): the generated "
                        f"code reads the global {n!r}, which is not defined"
                    )
                module = module or _module_of(u.fun)
                thing = ("global", module, n)
                if thing not in self.name_of:
                    self._claim(n, thing)
                    imports.setdefault(module, []).append((n, self.name_of[thing]))
                mapping[n] = self._target(n, thing, local, aliases)
            fdef = copy.deepcopy(u.fdef)
            _add_defaults(fdef, u)
            fdef.name = mapping[u.fdef.name]
            _Rename({k: v for k, v in mapping.items() if k != v}).visit(fdef)
            defs.append(to_source(gast.Module(body=[fdef], type_ignores=[])))

        # sources the module was generated from, for is_stale()
        sources, funs_seen = [], set()
        for u in units:
            f = u.fun
            if id(f) in funs_seen:
                continue
            funs_seen.add(id(f))
            mod = _module_of(f)
            sources.append((mod, _locate(f, mod), source_digest(f)))

        return self._assemble(
            top, top_module, public, helpers, imports, module_imports, aliases, defs, sources
        )

    def _target(self, b, thing, local, aliases) -> str:
        """The name unit code should use for ``thing`` (bound there as ``b``)."""
        canonical = self.name_of[thing]
        if canonical == b or canonical not in local:
            return canonical
        alias = self._fresh(f"{canonical}_")
        aliases.append((alias, canonical))
        return alias

    def _assemble(
        self, top, top_module, public, helpers, imports, module_imports, aliases, defs, sources
    ) -> str:
        fun = self.fun
        kind = "value_and_grad" if self.with_value else "grad"
        spec = []
        if self.argnums is not None:
            spec.append(f"argnums={self.argnums!r}")
        if self.argnames:
            spec.append(f"argnames={self.argnames!r}")
        if self.with_value:
            spec.append("value_and_grad=True")
        out = [
            f"# Generated by s2sgrad {__version__}: do not edit; regenerate instead.",
            f"# {kind} of {top_module}.{fun.__qualname__} "
            f"({', '.join(spec)}, kinds: {', '.join(f'{k}={v}' for k, v in self.kinds.items())})",
            "# sha256 of the source of the functions it was generated from:",
        ]
        for mod, attr, digest in sources:
            out.append(f"#   {mod}.{attr}: {digest}")
        out.append("# Needs only NumPy and the modules named in the imports below.")
        what = "Value and gradient" if self.with_value else "Gradient"
        out += [
            '"""' + f"{what} of {top_module}."
            f"{fun.__qualname__}, generated ahead of time by s2sgrad." + '"""',
            "",
            "from __future__ import annotations",
            "",
        ]
        import_lines = ["import numpy as np"]
        for mod, name in module_imports:
            if mod == name:
                import_lines.append(f"import {mod}")
            else:
                import_lines.append(f"import {mod} as {name}")
        out += import_lines
        for mod in sorted(imports):
            parts = [a if a == n else f"{a} as {n}" for a, n in imports[mod]]
            out.append(f"from {mod} import {', '.join(parts)}")
        out += [
            "",
            f"__all__ = [{public!r}, {self.name_of[('unit', top.key)]!r}, 'is_stale']",
            "",
            "# -- runtime helpers (copied from s2sgrad.runtime) " + "-" * 42,
            "",
        ]
        for h in helpers:
            out += ["", inspect.getsource(runtime.NAMESPACE[h]).rstrip("\n"), ""]
        out += ["", "# -- generated derivative code " + "-" * 61, ""]
        for d in defs:
            out += ["", d.rstrip("\n"), ""]
        if aliases:
            out.append("")
            out += [f"{a} = {c}" for a, c in aliases]
        out += ["", "# -- public entry point " + "-" * 68, ""]
        out += ["", self._wrapper(top, public), "", "", "SOURCES = ("]
        out += [f"    ({m!r}, {a!r}, {d!r})," for m, a, d in sources]
        out += [")", "", "", _IS_STALE]
        return "\n".join(out).rstrip("\n") + "\n"

    def _wrapper(self, top, public) -> str:
        params = _parameter_list(self.fun, self.sig)
        avoid = set(self.all_params)
        aliases = []
        top_name = self._ref(("unit", top.key), avoid, aliases)
        match = self._ref(("helper", "match_input"), avoid, aliases)
        avoid |= {top_name, match}
        if self.vararg is not None:
            avoid.add(self.vararg)
            item = self._ref(("helper", "part"), avoid, aliases)
            avoid.add(item)
        value = _local("value", avoid)
        grads = _local("grads", avoid | {value})
        star = [f"*{self.vararg}"] if self.vararg is not None else []
        call_args = (
            [p.name for p in self.params] + star + [f"{p.name}={p.name}" for p in self.kwonly]
        )
        at = {n: i for i, n in enumerate(self.wrt)}
        pieces = [
            f"{match}({grads}[{at[p]}], {p})"
            if isinstance(p, str)
            else f"{match}({item}({grads}[{at[p[0]]}], {p[1]}), {p[0]}[{p[1]}])"
            for p in self.picks
        ]
        result = _result_text(pieces, self.n_pos, self.single, self.argnums, self.argnames)
        if self.with_value:
            result = f"{value}, {result}"
        what = ", ".join(p if isinstance(p, str) else f"{p[0]}[{p[1]}]" for p in self.picks)
        kind = "Value and gradient" if self.with_value else "Gradient"
        check = _length_check(public, self.vararg, self.n_var)
        lines = (
            [f"{a} = {c}" for a, c in aliases]
            + ([""] * 2 if aliases else [])
            + [
                f"def {public}({', '.join(params)}):",
                f'    """{kind} of {self.fun.__qualname__} with respect to {what}."""',
                *check,
                f"    {value}, {grads} = {top_name}({', '.join(call_args)})",
                f"    return {result}",
            ]
        )
        return "\n".join(lines)

    def _ref(self, thing, avoid, aliases) -> str:
        """The module-level name of ``thing``, through an alias if a parameter shadows it."""
        name = self.name_of[thing]
        if name not in avoid:
            return name
        alias = self._fresh(f"_{name}", avoid)
        aliases.append((alias, name))
        return alias


def _plain_function(fun) -> types.FunctionType:
    """The Python function behind ``fun`` (through decorators), or an error."""
    if not callable(fun):
        raise TypeError(f"emit() needs a function, got {type(fun).__name__}")
    fun = unwrap(fun)
    if not isinstance(fun, types.FunctionType):
        raise SourceUnavailableError(
            f"cannot differentiate a {type(fun).__module__}.{type(fun).__qualname__} "
            "object: it is not a Python function with source",
            hint="pass a function defined with def in a .py file",
        )
    return fun


def _parameter_list(fun, sig: inspect.Signature) -> list[str]:
    """The parameters of ``fun``'s signature as source (``/`` and ``*`` included), its
    defaults written as literals."""
    params = []
    seen_kwonly = False
    last_posonly = None
    for p in sig.parameters.values():
        if p.kind == p.KEYWORD_ONLY and not seen_kwonly:
            params.append("*")
            seen_kwonly = True
        if p.kind == p.VAR_POSITIONAL:
            params.append(f"*{p.name}")
            seen_kwonly = True
            continue
        text = p.name
        if p.default is not p.empty:
            lit = _literal(p.default)
            if lit is None:
                raise TransformError(
                    f"cannot emit {fun.__qualname__}(): the default of {p.name!r} "
                    f"({p.default!r}) is not a literal that can be written into source",
                    hint="use a literal default such as None, a number or a string",
                )
            text += f"={lit}"
        params.append(text)
        if p.kind == p.POSITIONAL_ONLY:
            last_posonly = len(params)
    if last_posonly is not None:
        params.insert(last_posonly, "/")
    return params


def _split_parameters(fun, sig, lengths: dict) -> tuple:
    """``(params, kwonly, vararg, n_var)`` of ``fun``'s signature: its positional and
    keyword-only parameters, its ``*args`` (with a length in ``lengths``) and the number
    of its items; ``**kwargs`` and ``*args`` without a length are an error."""
    params, kwonly, vararg, n_var = [], [], None, 0
    for p in sig.parameters.values():
        if p.kind == p.VAR_POSITIONAL and p.name in lengths:
            vararg, n_var = p.name, lengths[p.name]
            continue
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            star = "*" if p.kind == p.VAR_POSITIONAL else "**"
            raise TransformError(
                f"cannot emit {fun.__qualname__}(): its {star}{p.name} has no fixed "
                "number of items ahead of time",
                hint=f"give it: lengths={{{p.name!r}: n}}, the number of items the "
                "module is made for"
                if star == "*"
                else "give the function named parameters",
            )
        (kwonly if p.kind == p.KEYWORD_ONLY else params).append(p)
    return params, kwonly, vararg, n_var


def _result_text(pieces, n_pos, single, argnums, argnames) -> str:
    """What the public function returns, from the gradient expressions ``pieces``."""
    pos, named = pieces[:n_pos], pieces[n_pos:]
    if single:
        pos_text = pos[0]
    elif argnums is None:
        pos_text = "None"
    else:
        pos_text = "(" + ", ".join(pos) + ("," if len(pos) == 1 else "") + ")"
    if not argnames:
        return pos_text
    items = ", ".join(f"{n!r}: {g}" for n, g in zip(argnames, named, strict=True))
    return f"({pos_text}, {{{items}}})"


def _length_check(public, vararg, n) -> list[str]:
    """The public function's check of the number of its ``*args`` items."""
    if vararg is None:
        return []
    v = vararg
    return [
        f"    if len({v}) != {n}:",
        f'        raise TypeError(f"{public}() is made for {n} items of *{v}, '
        f'got {{len({v})}}: emit it again with lengths={{{{{v!r}: {{len({v})}}}}}}")',
    ]


def _wrt_names(picks, spec, names, kwonly) -> list[str]:
    """The parameters the derivative is taken in: those ``picks`` name (the ``*args`` for
    its items), then the ``argnames``."""
    named = static_wrt_names(dataclasses.replace(spec, positional=()), names, kwonly, "")
    return list(dict.fromkeys([p if isinstance(p, str) else p[0] for p in picks] + named))


def _length_spec(fun, lengths: dict, names: list[str], vararg) -> tuple:
    """The unit ``spec`` of ``lengths`` (see :func:`emit`), as :func:`s2sgrad.top_specs.top_spec`
    makes it for a call with arguments of those lengths."""
    starred = starred_params(fun)
    for p, n in lengths.items():
        if not (isinstance(n, int) and not isinstance(n, bool) and n >= 0):
            raise GradientArgumentError(f"lengths: the length of {p!r} must be an int >= 0")
        if p != vararg and p not in starred:
            raise GradientArgumentError(
                f"lengths names {p!r}, which is neither the *args of {fun.__qualname__}() "
                "nor a parameter it unpacks into a call"
            )
    spec = [("varargs", lengths[vararg])] if vararg is not None else []
    return tuple(spec + [("length", p, lengths[p]) for p in names if p in lengths])


def _picks(spec, names: list[str], vararg, n_var: int, fname: str) -> list:
    """The differentiated positional arguments: a parameter's name, or ``(vararg, item)``
    for an index past the named parameters."""
    out = []
    total = len(names) + n_var
    for a in spec.positional:
        i = a + total if a < 0 else a
        if not 0 <= i < total:
            raise GradientArgumentError(
                f"argnums {a} is out of range: {fname}() takes {total} positional arguments"
            )
        pick = names[i] if i < len(names) else (vararg, i - len(names))
        if pick in out:
            raise GradientArgumentError(f"duplicate argument index {a} in argnums")
        out.append(pick)
    return out


def _local(base: str, avoid) -> str:
    name, i = base, 2
    while name in avoid:
        name = f"{base}_{i}"
        i += 1
    return name


_IS_STALE = '''\
def is_stale() -> bool:
    """True if a function this module was generated from has changed since.

    Re-reads the current source of each function with ``inspect`` and compares its
    sha256 with the one recorded when the module was written.
    """
    import hashlib
    import importlib
    import inspect
    import linecache

    for module_name, attr, digest in SOURCES:
        try:
            obj = importlib.import_module(module_name)
            for part in attr.split("."):
                obj = getattr(obj, part)
            obj = inspect.unwrap(obj)
            linecache.checkcache(obj.__code__.co_filename)
            text = inspect.getsource(obj)
        except Exception:
            return True
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
            return True
    return False
'''
