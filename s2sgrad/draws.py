"""Random draws in differentiated code.

A derivative made of several passes over a function (a Hessian or a forward Jacobian: one
pass per direction; jacrev: one per output entry) gives every pass the draws of the first
(:class:`SameDraws`). A derivative that runs a callee's forward pass twice in one pass (a
Hessian or other derivative over the recompute variant, a checkpoint) would see other
draws the second time and differentiate a function it never evaluated: :func:`draws_of`
finds the callee's draws and the generators they come from, whose states the derivative
saves before the first run and replays the second from (:mod:`s2sgrad.runtime.generators`);
a draw from a generator not known before the call is an error, unless nothing reads it.
"""

from __future__ import annotations

import ast
import builtins
import functools
import inspect
import random as _pyrandom
import textwrap
import types
from dataclasses import dataclass

import numpy as np

from .runtime.libraries import installed_class
from .syntax import iter_child_nodes, walk

# methods of RandomState and Generator objects that draw (a parameter of unknown kind that
# such a method is called on is taken for a generator)
_DRAWS = {
    "rand", "randn", "randint", "random", "random_sample", "random_integers", "integers",
    "normal", "standard_normal", "uniform", "choice", "permutation", "permuted", "shuffle",
    "multivariate_normal", "binomial", "poisson", "gamma", "standard_gamma", "beta",
    "exponential", "standard_exponential", "laplace", "logistic", "lognormal", "dirichlet",
    "multinomial", "negative_binomial", "geometric", "chisquare", "standard_t", "vonmises",
    "weibull", "pareto", "rayleigh", "wald", "gumbel", "triangular", "hypergeometric",
    "standard_cauchy", "f", "noncentral_chisquare", "noncentral_f", "power", "zipf",
    "logseries", "bytes",
}  # fmt: skip


# the draws that name a generator whatever its owner (self.rng.normal(...)); the others
# (f, power, gamma...) may as well be methods of the user's objects
_TELLING = {
    "rand", "randn", "randint", "random_sample", "integers", "normal", "standard_normal",
    "uniform", "choice", "permutation", "permuted", "shuffle", "multivariate_normal",
    "binomial", "poisson", "standard_gamma", "exponential", "standard_exponential",
}  # fmt: skip

_MAKERS = {"RandomState", "default_rng", "Generator"}

_LIBRARIES = {"numpy", "scipy", "s2sgrad", "autograd"}


# functions of Python's random module and methods of random.Random that draw
_PY_DRAWS = {
    "random", "uniform", "gauss", "normalvariate", "lognormvariate", "expovariate",
    "vonmisesvariate", "gammavariate", "betavariate", "paretovariate", "weibullvariate",
    "triangular", "choice", "choices", "sample", "shuffle", "randint", "randrange",
    "getrandbits", "randbytes", "binomialvariate",
}  # fmt: skip


def _is_generator(value) -> bool:
    return isinstance(value, (np.random.RandomState, np.random.Generator)) or value is np.random


def _is_py_generator(value) -> bool:
    """Python's ``random`` module or a ``random.Random`` (not SystemRandom: no state)."""
    return value is _pyrandom or (
        isinstance(value, _pyrandom.Random) and not isinstance(value, _pyrandom.SystemRandom)
    )


@dataclass(frozen=True)
class Draw:
    """One call that draws random numbers in a function: ``place`` is ``(filename, lineno,
    code)``; it draws from ``generator`` (a ``RandomState`` or ``Generator`` object, or
    ``np.random`` for NumPy's global one) or from the function's parameter or free name
    ``parameter``, or from a generator not known before it runs (both None; Python's
    ``random`` module or a ``random.Random`` also count as generators); ``used``: its
    value may reach what the function returns (False for a draw that is never read);
    ``name``: what the code calls the generator."""

    place: tuple
    generator: object = None
    parameter: str | None = None
    used: bool = True
    name: str = "rng"


def draws_of(fn, depth: int = 0, classes=None, kinds=None) -> list[Draw]:
    """The :class:`Draw` calls of the Python function ``fn`` and of the functions it calls;
    none for a function that seeds NumPy's generator itself (``np.random.seed(...)``): it
    draws the same numbers each time. ``classes``: the user classes some parameters are
    known to hold (``{"self": Model}``), whose methods ``self.normal(x)`` are calls of the
    user's functions, not draws (a bound method: its object's class); ``kinds``: the object
    kinds of such parameters (:func:`s2sgrad.normalize.object_kind`), whose fields say the
    classes of the objects they hold (``self.sys.f(t)``: a method of ``sys``'s class)."""
    objects = {}  # a bound method's first parameter: its object (self.sys.f(t) is known)
    if isinstance(fn, types.MethodType) and _user_object(fn.__self__):
        code = getattr(fn.__func__, "__code__", None)
        if code is not None and code.co_argcount:
            classes = {code.co_varnames[0]: type(fn.__self__)}
            objects = {code.co_varnames[0]: fn.__self__}
        fn = fn.__func__
    elif isinstance(fn, types.MethodType) and _user_class(fn.__self__):
        code = getattr(fn.__func__, "__code__", None)  # a classmethod: cls.f(v) is its class's
        if code is not None and code.co_argcount:
            classes = {code.co_varnames[0]: fn.__self__}
        fn = fn.__func__
    if depth > 3 or not isinstance(fn, types.FunctionType):
        return []
    try:
        lines, start = inspect.getsourcelines(fn)
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except (OSError, TypeError, SyntaxError):
        return []
    free = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
    code = fn.__code__
    params = set(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])

    def lookup(name):
        if name in free:
            try:
                return free[name].cell_contents
            except ValueError:
                return None
        return fn.__globals__.get(name, getattr(builtins, name, None))

    def place(node):
        return code.co_filename, start + node.lineno - 1, lines[node.lineno - 1].strip()

    # the function's own body: not its decorators, nor the rest of a lambda's line
    kind = ast.Lambda if code.co_name == "<lambda>" else (ast.FunctionDef, ast.AsyncFunctionDef)
    bodies = [n.body for n in walk(tree) if isinstance(n, kind)]
    if kind is not ast.Lambda:
        bodies = bodies[:1]
    body = ast.Module(
        body=[b if isinstance(b, ast.stmt) else ast.Return(b) for b in _flat(bodies)],
        type_ignores=[],
    )
    named = params if depth == 0 else set()
    return _scan(body, lookup, named, params, place, depth, classes or {}, objects, kinds)


def _flat(bodies):
    for b in bodies:
        yield from b if isinstance(b, list) else [b]


def draws_in(node, info, params, free=()) -> list[Draw]:
    """:func:`draws_of` a local ``def`` (its parsed ``node``, names looked up in the
    enclosing function's ``info``; ``free``: the enclosing function's locals it reads)."""
    import gast

    tree = ast.Module(body=gast.gast_to_ast(node).body, type_ignores=[])

    def lookup(name):
        if name in free:
            return None
        return info.closure.get(name, info.globals.get(name, getattr(builtins, name, None)))

    def place(n):
        return info.filename, n.lineno, (info.line(n.lineno) or "").strip()

    named = set(params) | set(free)
    return _scan(tree, lookup, named, named, place, 0)


def _scan(  # noqa: C901
    tree, lookup, named, params, place, depth, classes=None, objects=None, kinds=None
) -> list[Draw]:
    """The draws in ``tree``; one on a name in ``named`` draws from that parameter (other
    parameters, of a function called further down, are generators not known here);
    ``classes``: see :func:`draws_of`; ``objects``: parameters whose object is known (the
    first of a bound method), so that ``self.sys.f(t)`` is the method of what it holds."""
    objects = objects or {}
    classes = dict(classes or {})
    local = {}  # rng = RNG, rng = CONFIG["rng"]: a local name for a generator

    def value_of(node):
        if isinstance(node, ast.Name):
            if node.id in local:
                return local[node.id]
            if node.id in objects:
                return objects[node.id]
            return None if node.id in params else lookup(node.id)
        if isinstance(node, ast.Attribute):
            owner = value_of(node.value)
            return getattr(owner, node.attr, None) if owner is not None else None
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            owner = value_of(node.value)  # CONFIG["rng"], RNGS[0]
            try:
                return owner[node.slice.value] if isinstance(owner, (dict, list, tuple)) else None
            except (KeyError, IndexError, TypeError):
                return None
        return None

    params = set(params)
    for node in walk(tree):  # rng = self.rng: a local rooted at a parameter
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            if _rooted_at(node.value, params):
                params.add(node.targets[0].id)
            elif _is_generator(value_of(node.value)):
                local[node.targets[0].id] = value_of(node.value)
            elif isinstance(node.value, ast.Call) and _user_class(value_of(node.value.func)):
                classes[node.targets[0].id] = value_of(node.value.func)  # m = Model(...)
    found, seeds = [], False
    statements = {}
    for stmt in walk(tree):
        if isinstance(stmt, ast.stmt):
            for child in _own_nodes(stmt):
                statements[id(child)] = stmt
    for node in walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        generator, parameter, draws = None, None, False
        method = _user_method(func, classes)
        if method is not None:  # self.normal(x), a method of the user's class: its draws
            found.extend(draws_of(method, depth + 1, _first_holds(method, classes, func)))
            continue
        held = _held_method(func, kinds or {})
        if held is not None:  # self.sys.f(t): a method of the class of what self.sys holds
            method, kind = held
            first = method.__code__.co_varnames[:1]
            found.extend(
                draws_of(
                    method, depth + 1, dict.fromkeys(first, kind[1]), dict.fromkeys(first, kind)
                )
            )
            continue
        if isinstance(func, ast.Attribute):
            owner = value_of(func.value)
            if func.attr == "seed" and (_is_generator(owner) or _is_py_generator(owner)):
                seeds = True
            elif _is_generator(owner) and func.attr in _DRAWS:
                generator, draws = owner, True
            elif _is_py_generator(owner) and func.attr in _PY_DRAWS:
                generator, draws = owner, True  # random.gauss(...), a random.Random
            elif owner is None and _rooted_at(func.value, params) and func.attr in _DRAWS:
                # rs.randn(...) on a parameter, self.rng.normal(...) on an attribute of
                # one: a generator passed in (known by name only for a parameter itself)
                draws = True
                if isinstance(func.value, ast.Name) and func.value.id in named:
                    parameter = func.value.id
            elif owner is None and func.attr in _TELLING and not _seeded_here(func.value, tree):
                draws = True  # self.rng.normal(...), a generator made here: not known
        target = value_of(func)
        owner = getattr(target, "__self__", None)
        if _is_generator(owner) and getattr(target, "__name__", "") in _DRAWS:
            generator, draws = owner, True  # from numpy.random import randn
        elif _is_py_generator(owner) and getattr(target, "__name__", "") in _PY_DRAWS:
            generator, draws = owner, True  # from random import gauss
        if draws:
            if generator is np.random.mtrand._rand:
                generator = np.random
            elif generator is getattr(_pyrandom, "_inst", None):
                generator = _pyrandom
            stmt = statements.get(id(node))
            used = _reaches(stmt, tree, func) if stmt is not None else True
            label = func.value if isinstance(func, ast.Attribute) else func
            label = getattr(label, "id", getattr(label, "attr", "rng"))
            found.append(Draw(place(node), generator, parameter, used, label))
        elif (
            isinstance(target, types.FunctionType)
            and (target.__module__ or "").split(".")[0] not in _LIBRARIES
        ):
            # a user function it calls; given a user class first (method(cls, v): a
            # classmethod differentiated bound to its class), cls.f(v) are its methods
            first = value_of(node.args[0]) if node.args else None
            code = target.__code__
            known = (
                {code.co_varnames[0]: first} if _user_class(first) and code.co_argcount else None
            )
            found.extend(draws_of(target, depth + 1, known))
        elif isinstance(target, types.MethodType) and _user_object(owner):
            found.extend(draws_of(target, depth + 1))  # MODEL.sample(x): a user method
    return [] if seeds else found


def _user_class(value) -> bool:
    """A class of the user's (not of a library: ``np.random.RandomState(0)`` draws)."""
    module = getattr(value, "__module__", None) or ""
    return isinstance(value, type) and module.split(".")[0] not in _LIBRARIES | {"builtins"}


def _user_method(func, classes):
    """The user function that ``p.name(...)`` (``func``) calls when the parameter ``p``
    holds an object of the class ``classes[p]`` defining ``name``, else None."""
    if not (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in classes
    ):
        return None
    found = inspect.getattr_static(classes[func.value.id], func.attr, None)
    if isinstance(found, (staticmethod, classmethod)):
        found = found.__func__
    return found if isinstance(found, types.FunctionType) else None


def _held_method(func, kinds):
    """``(method, kind)`` for ``p.a.b.name(...)`` (``func``) where the object kind of the
    parameter ``p`` says the user class of ``p.a.b`` and it defines ``name``; else None."""
    if not isinstance(func, ast.Attribute):
        return None
    from .normalize import sub_kind

    chain, node = [], func.value
    while isinstance(node, ast.Attribute):
        chain.append(node.attr)
        node = node.value
    if not (isinstance(node, ast.Name) and node.id in kinds):
        return None
    kind = kinds[node.id]
    for attr in reversed(chain):
        kind = sub_kind(kind, attr)
    if not (isinstance(kind, tuple) and kind[0] == "object" and _user_class(kind[1])):
        return None
    found = inspect.getattr_static(kind[1], func.attr, None)
    if isinstance(found, types.FunctionType) and found.__code__.co_argcount:
        return found, kind
    return None


def _first_holds(method, classes, func) -> dict:
    """``{first parameter of method: the class}`` for a method called on an object."""
    code = method.__code__
    cls = classes[func.value.id]
    if code.co_argcount and not isinstance(
        inspect.getattr_static(cls, func.attr, None), staticmethod
    ):
        return {code.co_varnames[0]: cls}
    return {}


def _seeded_here(owner, tree) -> bool:
    """Is ``owner`` a name the function itself binds to a generator made with a seed
    (``rng = np.random.default_rng(0)``)? It draws the same numbers in every run."""
    if isinstance(owner, ast.Call):
        return _made_seeded(owner)  # np.random.default_rng(0).normal(...)
    if not isinstance(owner, ast.Name):
        return False
    made = [
        s.value
        for s in walk(tree)
        if isinstance(s, ast.Assign) and owner.id in (_plain_targets(s) or ())
    ]
    return bool(made) and all(_made_seeded(m) for m in made)


def _made_seeded(node) -> bool:
    return (
        isinstance(node, ast.Call)
        and getattr(node.func, "attr", getattr(node.func, "id", None)) in _MAKERS
        and bool(node.args or node.keywords)
        and not any(isinstance(a, ast.Constant) and a.value is None for a in node.args)
    )


def _own_nodes(stmt):
    """The expression nodes of ``stmt`` outside the statements nested in it."""
    todo = [c for c in iter_child_nodes(stmt) if not isinstance(c, ast.stmt)]
    while todo:
        n = todo.pop()
        yield n
        todo.extend(c for c in iter_child_nodes(n) if not isinstance(c, ast.stmt))


def _reaches(stmt, tree, func) -> bool:
    """May the value the draw in ``stmt`` makes be read (through plain assignments to names)
    by anything? A drawn value only assigned to names nobody reads, or a statement that
    discards it, reaches nothing (``shuffle`` changes its argument: that reaches it)."""
    if isinstance(stmt, ast.Expr):
        return isinstance(func, ast.Attribute) and func.attr in ("shuffle", "permuted")
    targets = _plain_targets(stmt)
    if targets is None:
        return True
    reads = {}
    for s in walk(tree):
        if isinstance(s, ast.stmt):
            for n in _own_nodes(s):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                    reads.setdefault(n.id, []).append(s)
    tainted, todo = set(targets), list(targets)
    while todo:
        for s in reads.get(todo.pop(), ()):
            more = _plain_targets(s)
            if more is None:
                return True
            for t in more - tainted:
                tainted.add(t)
                todo.append(t)
    return False


def _plain_targets(stmt):
    """The names an ``a = ...``/``a, b = ...`` assigns, or None for any other statement."""
    if not isinstance(stmt, ast.Assign):
        return None
    out = set()
    for t in stmt.targets:
        elts = t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t]
        if not all(isinstance(e, ast.Name) for e in elts):
            return None
        out.update(e.id for e in elts)
    return out


class SameDraws:
    """The random number generators the passes of one derivative may draw from: NumPy's
    global one, and the ``RandomState`` and ``Generator`` objects among the arguments and
    in the closure, globals and bound object of the function. Each pass after the first
    starts from the states the first started from (``again``), so that every column of a
    Hessian or forward Jacobian differentiates the same draws, as one evaluation does in
    autograd; ``finish`` leaves them as one evaluation leaves them."""

    def __init__(self, fun, args):
        objects: list = []
        self.generators = _generators(fun, args, objects)
        self.before = [_rng_state(g) for g in self.generators]
        self.drawn = None  # (generator, state before, state after) of those the first pass drew
        # the attributes of the user's objects it reaches: a pass that changes them (a
        # model's set_params, a counter) leaves the next to start where the first did
        self.objects = [(o, dict(vars(o))) for o in objects if not installed_class(type(o))]

    def again(self):
        for obj, attributes in self.objects:
            now = vars(obj)
            if now.keys() != attributes.keys() or any(
                now[k] is not v for k, v in attributes.items()
            ):
                for k in [k for k in now if k not in attributes]:
                    delattr(obj, k)
                for k, v in attributes.items():
                    if now.get(k, _NONE) is not v:
                        setattr(obj, k, v)
        if self.drawn is None:
            self.drawn = []
            for g, before in zip(self.generators, self.before):
                after = _rng_state(g)
                if not _same_state(before, after):
                    self.drawn.append((g, before, after))
        for g, before, _ in self.drawn:
            _set_rng_state(g, before)

    def finish(self):
        for g, _, after in self.drawn or ():
            _set_rng_state(g, after)


_GLOBAL_RNG = "numpy.random"  # stands for the state np.random.seed sets


def _generators(fun, args, objects=None) -> list:
    """The random number generators ``fun`` called with ``args`` may draw from; the
    objects of user classes it reaches are appended to ``objects``."""
    found, seen = [_GLOBAL_RNG, _pyrandom], {id(getattr(_pyrandom, "_inst", None))}
    met: set = set()

    def visit(value, depth=0):
        if objects is not None and _user_object(value) and id(value) not in met:
            met.add(id(value))
            objects.append(value)
        if isinstance(value, (np.random.RandomState, np.random.Generator)) or (
            _is_py_generator(value) and value is not _pyrandom
        ):
            if id(value) not in seen:
                seen.add(id(value))
                found.append(value)
        elif depth < 3 and isinstance(value, (list, tuple)):
            for v in value:
                visit(v, depth + 1)
        elif depth < 3 and isinstance(value, dict):
            for v in value.values():
                visit(v, depth + 1)
        elif depth < 3 and _user_object(value):
            # model.rng of an object in the arguments or a global (self.rng.normal(...))
            for v in list(vars(value).values()):
                visit(v, depth + 1)

    visit(args)
    f, hops = fun, 0
    while hops < 8 and not isinstance(f, types.FunctionType):
        hops += 1
        if isinstance(f, functools.partial):
            visit((f.args, f.keywords))
            f = f.func
        elif isinstance(f, types.MethodType):
            visit(list(getattr(f.__self__, "__dict__", {}).values()))
            if objects is not None and _user_object(f.__self__):
                visit(f.__self__, 3)  # the object of grad(model.loss): its state
            f = f.__func__
        elif hasattr(f, "fun"):
            f = f.fun
        else:
            break
        if isinstance(f, types.FunctionType) and (f.__module__ or "").startswith("s2sgrad."):
            # a derivative made by a function here (jacrev's jac): the function it wraps
            free = dict(zip(f.__code__.co_freevars, f.__closure__ or ()))
            if "fun" in free:
                f = free["fun"].cell_contents
    if isinstance(f, types.FunctionType):
        cells = list(_cells(f))
        # the closures of the functions it closes over (made by a factory: rs in a closure)
        cells += [c for v in cells if isinstance(v, types.FunctionType) for c in _cells(v)]
        for value in cells:
            visit(value, 2)
        for value in list(f.__globals__.values()):
            visit(value, 3)
        for value in _referenced_globals(f):
            visit(value)  # CONFIG["rng"], RNGS[0], model.inner.rng: in what it reads
    return found


def _referenced_globals(f, depth: int = 0, seen=None) -> list:
    """The values of the globals ``f`` reads (its nested functions and lambdas too), and
    those of the user functions it reads, a few calls deep."""
    seen = set() if seen is None else seen
    if id(f) in seen or depth > 3:
        return []
    seen.add(id(f))
    names, codes = set(), [f.__code__]
    while codes:
        code = codes.pop()
        names.update(code.co_names)
        codes.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    out = []
    for n in sorted(names):
        if n not in f.__globals__:
            continue
        value = f.__globals__[n]
        if isinstance(value, types.FunctionType):
            if (value.__module__ or "").split(".")[0] not in _LIBRARIES:
                out += _referenced_globals(value, depth + 1, seen)
        elif not isinstance(value, (type, types.ModuleType)):
            out.append(value)
    return out


def _rooted_at(node, params) -> bool:
    """Is ``node`` a parameter or an attribute chain on one (``rs``, ``self.rng``)?"""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return isinstance(node, ast.Name) and node.id in params


_NONE = object()


def _user_object(value) -> bool:
    """An instance of a user class (not a module, class, function or library object)."""
    if isinstance(value, (type, types.ModuleType, types.FunctionType, types.MethodType)):
        return False
    module = getattr(type(value), "__module__", None)
    library = module.split(".")[0] if isinstance(module, str) else "builtins"
    return library not in _LIBRARIES | {"builtins"} and isinstance(
        getattr(value, "__dict__", None), dict
    )


def _cells(f):
    for cell in f.__closure__ or ():
        try:
            yield cell.cell_contents
        except ValueError:  # an empty cell
            pass


def _rng_state(g):
    if g is _GLOBAL_RNG:
        return np.random.get_state()
    if _is_py_generator(g):
        return g.getstate()
    if isinstance(g, np.random.Generator):
        return g.bit_generator.state
    return g.get_state()


def _same_state(a, b) -> bool:
    if isinstance(a, dict):
        return (
            isinstance(b, dict) and a.keys() == b.keys() and all(_same_state(a[k], b[k]) for k in a)
        )
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(map(_same_state, a, b))
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b)
    return a == b


def _set_rng_state(g, state):
    if g is _GLOBAL_RNG:
        np.random.set_state(state)
    elif _is_py_generator(g):
        g.setstate(state)
    elif isinstance(g, np.random.Generator):
        g.bit_generator.state = state
    else:
        g.set_state(state)
