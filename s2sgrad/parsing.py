"""Find a function's source, parse it with gast, and resolve its free names.

def f(x): return np.sin(x)     ->   gast.FunctionDef 'f' + Namespace(np=numpy)
lambda x: x * 2                ->   gast.FunctionDef '<lambda>' with one Return
"""

from __future__ import annotations

import ast
import builtins
import functools
import inspect
import linecache
import os
import sys
import types
from dataclasses import dataclass, field

import gast

from .code_match import compiles_to, contains
from .default_dicts import lower_dict_classes
from .errors import (
    NonDifferentiableError,
    SourceMismatchError,
    SourceUnavailableError,
    TransformError,
    UnsupportedSyntaxError,
    caller_place,
    source_missing,
)
from .match_statements import lower_match_statements
from .runtime.libraries import installed_class
from .sourceless import no_source
from .syntax import iter_child_nodes, walk
from .walrus import lower_named_exprs

_MISSING = object()


class _AnyNumber:
    """Recorded for a free name that held a Python number: any number keeps it valid."""

    def __repr__(self):
        return "<any number>"


NUMBER = _AnyNumber()


class InstanceOf:
    """Recorded for a free name that held an instance of a user class: the derivative is
    specialised on the class (its methods), so any instance of exactly that class keeps it
    valid; with ``kind`` (and ``kind_of``, the function that computes it), one whose kind
    is the same (the classes of the objects in its attributes, or of a list's items)."""

    __slots__ = ("cls", "kind", "kind_of")

    def __init__(self, cls, kind=None, kind_of=None):
        self.cls = cls
        self.kind = kind
        self.kind_of = kind_of

    def holds(self, value) -> bool:
        return type(value) is self.cls and (self.kind is None or self.kind_of(value) == self.kind)

    def __eq__(self, other):
        return type(other) is InstanceOf and other.cls is self.cls and other.kind == self.kind

    def __hash__(self):
        return hash(self.cls)

    def __repr__(self):
        return f"<any {self.cls.__qualname__}>"


class FunctionState:
    """A user function as a transform saw it: the same object with the same code and
    defaults (assigning ``f.__code__`` or ``f.__defaults__`` changes what a call does)."""

    __slots__ = ("fn", "code", "defaults", "kwdefaults")

    def __init__(self, fn):
        self.fn = fn
        self.code = fn.__code__
        self.defaults = fn.__defaults__
        kw = fn.__kwdefaults__
        self.kwdefaults = None if kw is None else (kw, tuple(kw.items()))

    def holds(self, current) -> bool:
        if current is not self.fn and not same_instance(current, self.fn):
            return False
        if current.__code__ is not self.code or current.__defaults__ is not self.defaults:
            return False
        kw = current.__kwdefaults__
        if self.kwdefaults is None or kw is None:
            return kw is None and self.kwdefaults is None
        old, items = self.kwdefaults
        return (
            (kw is old or current is not self.fn)  # another instance has its own dict
            and len(kw) == len(items)
            and all(kw.get(k, _MISSING) is v for k, v in items)
        )

    def __repr__(self):
        return f"<state of {self.fn.__qualname__}>"


def same_instance(a, b, seen=None) -> bool:
    """Are ``a`` and ``b`` two instances of one generated unit (the code s2sgrad compiled)
    whose closures hold the same objects, or such instances again (those of the callees
    each transformation instantiates anew)? Its code and closure decide what a call does."""
    if a is b:
        return True
    if (
        type(a) is not types.FunctionType
        or type(b) is not types.FunctionType
        or a.__code__ is not b.__code__
        or not a.__code__.co_filename.startswith("<s2sgrad ")
        or a.__defaults__ is not b.__defaults__
        or a.__kwdefaults__ != b.__kwdefaults__
    ):
        return False
    seen = set() if seen is None else seen
    if (id(a), id(b)) in seen:  # a recursion: its own instance in its closure
        return True
    seen.add((id(a), id(b)))
    for x, y in zip(a.__closure__ or (), b.__closure__ or ()):
        try:
            u, v = x.cell_contents, y.cell_contents
        except ValueError:
            return False
        if u is not v and not same_instance(u, v, seen):
            return False
    return True


def still_means(current, expected) -> bool:
    """Does a free name's current value still justify what the transform assumed?"""
    if current is expected:
        return True
    t = type(expected)
    if t is FunctionState:
        return expected.holds(current)
    if t is types.MethodType or t is types.BuiltinMethodType:
        return type(current) is t and current == expected  # a fresh bound method each time
    if t is InstanceOf:
        return expected.holds(current)
    return expected is NUMBER and type(current) in (int, float)


def plain(expected):
    """The object behind a remembered value."""
    return expected.fn if type(expected) is FunctionState else expected


def remembered(value):
    """What to remember for a resolved ``value``: functions with their code and defaults."""
    return FunctionState(value) if type(value) is types.FunctionType else value


@dataclass
class SourceInfo:
    """Where a function came from: used for error messages and for name lookup."""

    fun: types.FunctionType
    filename: str
    lines: list[str]
    globals: dict
    closure: dict = field(default_factory=dict)
    resolved: dict = field(default_factory=dict)

    def line(self, lineno: int | None) -> str | None:
        if lineno is None or not 0 < lineno <= len(self.lines):
            return None
        return self.lines[lineno - 1]

    def error(self, node, message: str, hint: str | None = None, cls=TransformError):
        """Build an error located at ``node`` (a gast node, or None)."""
        lineno = getattr(node, "lineno", None)
        col = getattr(node, "col_offset", None)
        if self.filename.startswith("<s2sgrad ") and lineno is not None:
            # generated code transformed again (forward over reverse): the user's line it
            # came from, at the start of its statement
            from .runtime.places import generated_place

            place = generated_place(self.filename, lineno)
            if place is not None:
                filename, lineno, _ = place
                line = linecache.getline(filename, lineno)
                col = len(line) - len(line.lstrip()) if line.strip() else None
                return cls(message, filename, lineno, col, line or None, hint)
        return cls(message, self.filename, lineno, col, self.line(lineno), hint)

    def lookup(self, name: str):
        """Value of a free name: closure cell, then module global, then builtin. Modules
        and callables found this way are remembered: the transform is valid only while
        the name still refers to the same object."""
        if name in self.closure:
            value = self.closure[name]
        elif name in self.globals:
            value = self.globals[name]
        else:
            value = getattr(builtins, name, _MISSING)
        if value is not _MISSING and (isinstance(value, types.ModuleType) or callable(value)):
            self.resolved[(name,)] = remembered(value)
        return value

    def attribute(self, node, base):
        """``base.<attr>`` for the Attribute ``node`` whose base resolved to ``base``
        (_MISSING for a property: code that runs when it is read, not a stored value).

        A module, class or function reached through a chain (``mod.act``, ``Cls.f``,
        ``cfg.fn``), or anything callable but a method of the object it is read from
        (``W.dot`` depends on W's type only), is remembered with every prefix of its
        chain: the transform is valid while each step holds."""
        found = [vars(k)[node.attr] for k in type(base).__mro__ if node.attr in vars(k)]
        if found and isinstance(found[0], (property, functools.cached_property)):
            return _MISSING
        value = getattr(base, node.attr, _MISSING)
        if value is _MISSING or not (
            isinstance(value, (types.ModuleType, type, types.FunctionType))
            or (
                callable(value)
                and (
                    isinstance(base, (types.ModuleType, type))
                    or getattr(value, "__self__", None) is not base
                )
            )
        ):
            return value  # not a definition: a number, or a method of the object itself
        path, sub = [node.attr], node.value
        while type(sub).__name__ == "Attribute":
            path.append(sub.attr)
            sub = sub.value
        if type(sub).__name__ != "Name":
            return value
        path.append(sub.id)
        path.reverse()
        current = (
            self.closure[path[0]]
            if path[0] in self.closure
            else self.globals.get(path[0], getattr(builtins, path[0], _MISSING))
        )
        self.resolved.setdefault((path[0],), remembered(current))
        for i in range(1, len(path)):
            current = getattr(current, path[i], _MISSING)
            if current is _MISSING:
                return value
            self.resolved[tuple(path[: i + 1])] = remembered(current)
        return value


def closure_vars(fun: types.FunctionType) -> dict:
    """Current contents of ``fun``'s closure cells (empty cells are left out)."""
    out = {}
    for name, cell in zip(fun.__code__.co_freevars, fun.__closure__ or ()):
        try:
            out[name] = cell.cell_contents
        except ValueError:
            pass
    return out


def binding(fun: types.FunctionType, name: str, value) -> tuple:
    """``(cell, namespace, name, value)``: ``name`` as ``fun`` reads it (its closure cell,
    if it has one, else its module's namespace) resolved to ``value``, without ``fun``."""
    cells = dict(zip(fun.__code__.co_freevars, fun.__closure__ or ()))
    return cells.get(name), fun.__globals__, name, value


def bindings_hold(bindings) -> bool:
    """Does every name of ``bindings`` (:func:`binding`) still resolve to its value?"""
    for cell, namespace, name, value in bindings:
        try:
            now = cell.cell_contents if cell is not None else namespace.get(name)
        except ValueError:  # an empty cell: the module's name (closure_vars)
            now = namespace.get(name)
        if now is not value:
            return False
    return True


def unwrap(fun):
    """The plain Python function to differentiate for ``fun``.

    A ``functools.wraps`` wrapper is a function of its own (``2 * f(x)`` is not ``f(x)``):
    it is differentiated as written and the function it wraps is a callee. Only wrappers
    that provably return what the wrapped function returns are looked through:
    ``functools.lru_cache``/``functools.cache`` and ``staticmethod`` objects."""
    while True:
        if isinstance(fun, types.MethodType):
            return bound_method_function(fun)
        if getattr(fun, "__s2s_transformed__", False) or getattr(fun, "__s2s_custom__", False):
            return fun  # grad() results and custom rules are not looked through
        if getattr(fun, "__s2s_checkpoint__", False):
            fun = fun.fun  # s2sgrad.checkpoint(f) differentiates as f
        elif isinstance(fun, staticmethod):
            fun = fun.__func__
        elif isinstance(fun, _LRU_CACHE_WRAPPER) and hasattr(fun, "__wrapped__"):
            fun = fun.__wrapped__  # returns exactly what the wrapped function returns
        elif _user_callable(fun):
            fun = types.MethodType(type(fun).__call__, fun)  # grad(model): model.__call__
        else:
            return fun


def _user_callable(obj) -> bool:
    """Is ``obj`` an instance of a user class whose ``__call__`` is a Python function
    (``grad(Objective(data))`` differentiates ``Objective.__call__`` with ``self`` fixed)?"""
    if isinstance(obj, (type, types.FunctionType, functools.partial)):
        return False
    call = inspect.getattr_static(type(obj), "__call__", None)
    own = (getattr(type(obj), "__module__", "") or "").split(".")[0] == __package__
    return isinstance(call, types.FunctionType) and not own and not installed_class(type(obj))


_METHOD_FACTORIES: dict = {}
_BOUND_FILES: dict = {}  # pseudo-file name of a bound-method wrapper -> its method's code


def _bound_filename(fn) -> str:
    """The pseudo-file of the wrapper of the method ``fn``: its module and qualified name,
    numbered where another method of that name (another class, a redefined one) has one,
    so that each wrapper's source stays in linecache under its own name."""
    base = f"{fn.__module__}.{fn.__qualname__}"
    filename, n = f"<s2sgrad: {base} bound to an object>", 1
    while _BOUND_FILES.setdefault(filename, fn.__code__) is not fn.__code__:
        n += 1
        filename = f"<s2sgrad: {base} bound to an object, #{n}>"
    return filename


def bound_method_function(method: types.MethodType) -> types.FunctionType:
    """``obj.loss`` as a plain function of the method's own arguments, ``self`` fixed::

        def loss(w):                 # file <s2sgrad: Regression.loss bound to an object>
            return method(self, w)   # method, self: closure cells

    so every transformation differentiates the method as a callee with ``self`` held
    constant. The wrapper code is made once per method function, so one derivative serves
    every object of the class."""
    fn, obj = method.__func__, method.__self__
    if not isinstance(fn, types.FunctionType) or isinstance(obj, types.ModuleType):
        raise SourceUnavailableError(
            f"cannot differentiate the bound method {method.__qualname__!r}",
            hint="differentiate a plain function that takes the object's arrays as arguments",
        )
    code = fn.__code__
    if code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS) or code.co_argcount < 1:
        raise SourceUnavailableError(
            f"cannot differentiate the bound method {method.__qualname__!r}: it takes *args "
            "or **kwargs",
            hint="differentiate a plain function that calls the method",
        )
    factory = _METHOD_FACTORIES.get(code)
    if factory is None:
        names = code.co_varnames
        pos = list(names[1 : code.co_argcount])
        kwonly = list(names[code.co_argcount : code.co_argcount + code.co_kwonlyargcount])
        taken = set(names)
        m, s = "method", "self"
        while m in taken:
            m += "_"
        while s in taken or s == m:
            s += "_"
        params = ", ".join(pos + (["*"] + kwonly if kwonly else []))
        call = ", ".join([s] + pos + [f"{k}={k}" for k in kwonly])
        filename = _bound_filename(fn)
        src = (
            f"def _make({m}, {s}):\n    def {fn.__name__}({params}):\n"
            f"        return {m}({call})\n    return {fn.__name__}\n"
        )
        linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
        namespace: dict = {}
        exec(compile(src, filename, "exec"), namespace)
        factory = _METHOD_FACTORIES[code] = (namespace["_make"], fn)
    make, _ = factory
    out = make(fn, obj)
    defaults = fn.__defaults__
    if defaults:
        out.__defaults__ = defaults[-(code.co_argcount - 1) :] if code.co_argcount > 1 else None
    if fn.__kwdefaults__:
        out.__kwdefaults__ = dict(fn.__kwdefaults__)
    out.__qualname__ = fn.__qualname__
    out.__doc__ = fn.__doc__
    return out


_PRIMITIVE_FUNCTIONS: dict = {}


def primitive_function(fn, path: str) -> types.FunctionType:
    """A registered primitive passed itself to a transformation (``grad(np.tanh)``,
    ``grad(scipy.special.polygamma, 1)``), as the Python function that calls it::

        def polygamma(*args, **kwargs):    # file <s2sgrad: the primitive ...polygamma>
            return primitive(*args, **kwargs)

    so its derivative comes from its rule at that one call; one wrapper per primitive."""
    from . import rules

    out = _PRIMITIVE_FUNCTIONS.get(rules.key(fn))
    if out is None:
        params, call = _primitive_parameters(fn)
        short = path.rpartition(".")[2]
        fname = short if short.isidentifier() and short not in params else "call"
        filename = f"<s2sgrad: the primitive {path}>"
        src = (
            f"def _make(primitive):\n    def {fname}({params}):\n"
            f"        return primitive({call})\n    return {fname}\n"
        )
        linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
        namespace: dict = {}
        exec(compile(src, filename, "exec"), namespace)
        out = _PRIMITIVE_FUNCTIONS[rules.key(fn)] = namespace["_make"](fn)
        out.__qualname__ = fname
        out.__doc__ = getattr(fn, "__doc__", None)
        if isinstance(fn, types.FunctionType):  # the primitive's own defaults
            out.__defaults__, out.__kwdefaults__ = fn.__defaults__, fn.__kwdefaults__
        if isinstance(fn, types.MethodType):
            out.__s2s_keep__ = fn.__self__  # the key's ids stay those of live objects
    return out


def _primitive_parameters(fn) -> tuple[str, str]:
    """The parameter list and call arguments of :func:`primitive_function`'s wrapper: a
    Python function's own named parameters, a ufunc's ``x1, ..., xn``, else ``*args,
    **kwargs`` (an argument left out of the wrapper's parameters is not differentiated)."""
    if (
        isinstance(fn, types.FunctionType)
        and not fn.__code__.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS)
        and "primitive" not in fn.__code__.co_varnames
    ):
        code = fn.__code__
        pos = list(code.co_varnames[: code.co_argcount])
        kwonly = list(
            code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount]
        )
        return (
            ", ".join(pos + (["*"] + kwonly if kwonly else [])),
            ", ".join(pos + [f"{k}={k}" for k in kwonly]),
        )
    nin = getattr(fn, "nin", None)
    if isinstance(nin, int) and type(fn).__name__ == "ufunc":
        names = ", ".join(f"x{i + 1}" for i in range(nin))
        return names, names
    return "*args, **kwargs", "*args, **kwargs"


_LRU_CACHE_WRAPPER = type(functools.lru_cache(maxsize=None)(lambda: None))


def through_cache(fn):
    """The function behind a ``functools.lru_cache``/``cache`` wrapper (same values)."""
    if isinstance(fn, _LRU_CACHE_WRAPPER) and isinstance(
        getattr(fn, "__wrapped__", None), types.FunctionType
    ):
        return fn.__wrapped__
    return fn


def public_name(fn) -> str:
    """The name a user writes for a library function: ``scipy.linalg.solve_sylvester`` (not
    ``scipy.linalg._solvers.solve_sylvester``), ``scipy.stats.t.logcdf`` for a method of a
    distribution object, ``scipy.special.jv`` for a ufunc; else module and qualified name."""
    obj = fn.__self__ if isinstance(fn, types.MethodType) else fn
    module = getattr(obj, "__module__", None) or getattr(type(obj), "__module__", None) or ""
    if type(obj).__name__ == "ufunc" and module == "numpy":
        module = (
            "scipy.special"
            if "scipy.special" in sys.modules
            and getattr(sys.modules["scipy.special"], obj.__name__, None) is obj
            else "numpy"
        )
    parts = module.split(".")
    for i in range(1, len(parts) + 1):
        mod = sys.modules.get(".".join(parts[:i]))
        if mod is None:
            break
        for attr, value in vars(mod).items():
            if value is obj and not attr.startswith("_"):
                base = f"{mod.__name__}.{attr}"
                return f"{base}.{fn.__name__}" if obj is not fn else base
    if isinstance(fn, types.MethodType):
        owner = type(fn.__self__)
        return f"{owner.__module__}.{owner.__qualname__}.{fn.__name__}"
    qualname = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None)
    if qualname is None:
        return f"a {type(fn).__name__} object"
    return f"{module}.{qualname}" if module else qualname


def _library_function(fun) -> bool:
    """A function of NumPy or SciPy: never source to transform (without a rule it has no
    derivative; s2sgrad does not read its source)."""
    module = getattr(fun, "__module__", None) or ""
    return module.split(".")[0] in ("numpy", "scipy")


def user_function(fun):
    """``fun`` unwrapped, for a transformation the user asked for: NumPy's functions and
    s2sgrad's own are primitives with rules, never source to transform."""
    from . import rules

    prim = rules.lookup(fun)
    if prim is not None and (prim.reverse is not None or prim.forward is not None):
        return primitive_function(fun, prim.path)
    fun = unwrap(fun)
    if getattr(fun, "__s2s_transformed__", False) or getattr(fun, "__s2s_custom__", False):
        return fun
    if rules.canonical_name(fun) is not None or not isinstance(fun, types.FunctionType):
        raise no_source(fun)
    if _library_function(fun):
        raise NonDifferentiableError(
            f"{public_name(fun)} has no derivative rule, and s2sgrad does not differentiate "
            "the source of NumPy or SciPy",
            hint="register one with s2sgrad.register_vjp("
            "function, fwd, bwd), or differentiate a function of your own",
        )
    import numpy

    filename = fun.__code__.co_filename
    compat = os.path.join(os.path.dirname(__file__), "compat") + os.sep
    if any(
        filename.startswith(os.path.dirname(m.__file__) + os.sep)
        for m in (numpy, sys.modules[__package__])
    ) and not filename.startswith(compat):
        raise no_source(fun)  # s2sgrad.compat builds user-level wrappers: those are fine
    return fun


def entry_function(fun):
    """:func:`user_function` of the function given to a transformation (grad, jvp, vjp,
    jacfwd, jacrev): for a function with a custom rule, a function calling it
    (:func:`s2sgrad.custom.caller`); an error that names no line of the user's names the
    user's call."""
    try:
        fn = user_function(fun)
        if getattr(fn, "__s2s_custom__", False):
            from .custom import caller

            fn = caller(fn) or _raise(custom_rule_error(fn))
    except TransformError as exc:
        place = caller_place(generated=False) if exc.filename is None else None
        if place is None:
            raise
        filename, lineno, code = place
        raise type(exc)(exc.msg, filename, lineno, None, code or None, exc.hint) from None
    return fn


def _raise(exc: Exception):
    raise exc


def custom_rule_error(fun) -> SourceUnavailableError:
    """The error for differentiating a function with a custom rule itself."""
    name = getattr(fun, "__name__", "f")
    return SourceUnavailableError(
        f"{name!r} has a custom derivative rule and is differentiated only through the "
        "functions that call it (or itself with up to three positional parameters)",
        hint=f"differentiate a function that calls it, e.g. s2sgrad.grad(lambda x: {name}(x))",
    )


_ASYNC = inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR
_GENERATOR = inspect.CO_GENERATOR | _ASYNC


def parse_function(fun, generator=False) -> tuple[gast.FunctionDef, SourceInfo]:
    """Parse ``fun`` (a def or a lambda) into a gast FunctionDef with file positions
    (``generator``: a generator function is parsed too, for a caller to lower).

    The parsed source must compile to ``fun.__code__``: otherwise it is not the code that
    runs (file edited after import, ``exec`` with a real file name) and
    :class:`SourceMismatchError` is raised.
    """
    fun = unwrap(fun)
    if getattr(fun, "__s2s_custom__", False):
        raise custom_rule_error(fun)
    if not isinstance(fun, types.FunctionType):
        raise no_source(fun)
    code = fun.__code__
    filename = code.co_filename
    info = SourceInfo(
        fun, filename, linecache.getlines(filename), fun.__globals__, closure_vars(fun)
    )
    try:
        node = _locate(fun, info)
    except SourceMismatchError:
        raise
    except SourceUnavailableError:
        if code.co_flags & _GENERATOR:
            raise _generator_error(fun, info, None) from None
        raise
    if (
        code.co_flags & _GENERATOR and not (generator and not code.co_flags & _ASYNC)
    ) or isinstance(node, gast.AsyncFunctionDef):
        raise _generator_error(fun, info, node)
    node = lower_match_statements(node, info)  # match: if/else (s2sgrad.match_statements)
    node = lower_dict_classes(node, info)  # OrderedDict(), defaultdict(): dicts (default_dicts)
    return lower_named_exprs(node, info), info  # x := v: plain statements (s2sgrad.walrus)


def _generator_error(fun, info, node) -> UnsupportedSyntaxError:
    """Point at the yield/await that makes ``fun`` a generator or coroutine (else its def)."""
    code = fun.__code__
    kind = (
        "an async function"
        if code.co_flags & _ASYNC or isinstance(node, gast.AsyncFunctionDef)
        else "a generator"
    )
    what = {
        gast.Yield: "yield",
        gast.YieldFrom: "yield from",
        gast.Await: "await",
        gast.AsyncFor: "async for",
        gast.AsyncWith: "async with",
    }
    culprit = None
    if node is not None:
        todo = list(node.body) if isinstance(node.body, list) else [node.body]
        while todo and culprit is None:
            sub = todo.pop(0)
            if type(sub) in what:
                culprit = sub
            elif not isinstance(
                sub, (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda, gast.ClassDef)
            ):
                todo[:0] = list(iter_child_nodes(sub))
    if culprit is not None:
        return info.error(
            culprit,
            f"{fun.__qualname__!r} is {kind} (it uses "
            f"{what[type(culprit)]}), which cannot be differentiated",
            "return an array from a plain function instead",
            UnsupportedSyntaxError,
        )
    line = node.lineno if node is not None else code.co_firstlineno
    text = info.line(line) or ""
    return UnsupportedSyntaxError(
        f"{fun.__qualname__!r} is {kind}, which cannot be differentiated",
        info.filename,
        line,
        len(text) - len(text.lstrip()),
        text or None,
        "return an array from a plain function instead",
    )


def _locate(fun, info: SourceInfo) -> gast.FunctionDef:
    if fun.__name__ == "<lambda>":
        return _locate_lambda(fun, info)
    code = fun.__code__
    try:
        # the code object, not the function: inspect would follow __wrapped__
        lines, start = inspect.getsourcelines(code)
    except (OSError, TypeError, IndexError) as exc:
        raise source_missing(
            f"cannot find the source of {fun.__qualname__!r}",
            info.filename,
            None,
            "functions created by exec/eval or typed at a plain REPL have no source; "
            "define it in a file or a notebook cell",
        ) from exc
    text = "".join(lines)
    # an indented def is parsed where it stands (under an `if`), not dedented: dedenting
    # would change the text of its multi-line string constants (a docstring)
    indent = _indent_of(lines[0])
    try:
        tree = ast.parse("if 1:\n" + text if indent else text)
    except SyntaxError as exc:
        raise SourceMismatchError(
            f"cannot parse the source of {fun.__qualname__!r} found at line {start}: {exc.msg}",
            info.filename,
            start,
            hint=_MISMATCH_HINT,
        ) from exc
    if indent:
        tree.body = tree.body[0].body
    ast.increment_lineno(tree, start - 1 - bool(indent))
    info.lines = linecache.getlines(info.filename) or ["\n"] * (start - 1) + lines
    first = tree.body[0] if tree.body else None
    if not isinstance(first, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise SourceMismatchError(
            f"the source found for {fun.__qualname__!r} at line {start} is not its def statement",
            info.filename,
            start,
            None,
            info.line(start),
            _MISMATCH_HINT,
        )
    check_source(fun, first, info)
    module = gast.ast_to_gast(tree)
    node = module.body[0]
    node.decorator_list = []
    return node


_MISMATCH_HINT = (
    "the file changed after the function was defined, or the function was "
    "made by exec/compile under this file name: re-import the module "
    "(importlib.reload) or restart the kernel, and define it in a file or cell"
)


def check_source(fun, node, info: SourceInfo) -> None:
    """Raise :class:`SourceMismatchError` unless ``node`` (an ``ast`` def or lambda at its
    file position) compiles to ``fun.__code__``: the source read is the code that runs."""
    code = fun.__code__
    if not compiles_to(node, fun, info.filename):
        line = getattr(node, "lineno", code.co_firstlineno)
        raise SourceMismatchError(
            f"the source of {fun.__qualname__!r} in {os.path.basename(info.filename)} is not "
            "the code that runs",
            info.filename,
            line,
            None,
            info.line(line),
            _MISMATCH_HINT,
        )


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip())


def _locate_lambda(fun, info: SourceInfo) -> gast.FunctionDef:
    """Find the lambda in its file; several lambdas on one line are told apart by
    the position of their first instruction (3.11+) or their compiled code."""
    code = fun.__code__
    linecache.checkcache(info.filename)
    info.lines = linecache.getlines(info.filename) or info.lines
    if not info.lines:
        raise source_missing(
            "cannot find the source of a lambda",
            info.filename,
            code.co_firstlineno,
            "define the lambda in a file or a notebook cell (one made by exec or eval "
            "has no source)",
        )
    try:
        tree = ast.parse("".join(info.lines))
    except SyntaxError:
        tree = None
    candidates = []
    if tree is not None:
        candidates = [
            n for n in walk(tree) if isinstance(n, ast.Lambda) and n.lineno == code.co_firstlineno
        ]
    argnames = list(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])
    candidates = [
        n for n in candidates if [a.arg for a in n.args.args + n.args.kwonlyargs] == argnames
    ]
    if len(candidates) > 1 and hasattr(code, "co_positions"):
        positions = [
            p
            for p in code.co_positions()
            if p[0] is not None
            and p[2] is not None
            and p[3] is not None
            and (p[1], p[3]) > (p[0], p[2])
        ]
        if positions:
            line, _, col, _ = positions[0]
            candidates = [n for n in candidates if contains(n.body, line, col)]
    if len(candidates) > 1:  # Python 3.10 has no positions: compare compiled code
        candidates = [n for n in candidates if compiles_to(n, fun, info.filename)] or candidates
    if len(candidates) != 1:
        error = (
            SourceMismatchError
            if tree is not None and not candidates and os.path.exists(info.filename)
            else SourceUnavailableError
        )
        raise error(
            "cannot tell which lambda on this line to differentiate"
            if candidates
            else "cannot find the source of this lambda",
            info.filename,
            code.co_firstlineno,
            None,
            info.line(code.co_firstlineno),
            hint="give the lambda its own line or use a def" if candidates else _MISMATCH_HINT,
        )
    check_source(fun, candidates[0], info)
    lam = gast.ast_to_gast(ast.Expression(body=candidates[0])).body
    ret = gast.Return(value=lam.body)
    gast.copy_location(ret, lam.body)
    node = gast.FunctionDef(
        name="<lambda>",
        args=lam.args,
        body=[ret],
        decorator_list=[],
        returns=None,
        type_comment=None,
        type_params=[],
    )
    gast.copy_location(node, lam)
    return node
