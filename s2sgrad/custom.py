"""Custom derivatives written as plain Python, and ``stop_gradient``.

    @s2sgrad.custom_vjp
    def logsumexp(x):
        m = np.max(x)
        return m + np.log(np.sum(np.exp(x - m)))

    def logsumexp_fwd(x):
        y = logsumexp(x)
        return y, (x, y)

    def logsumexp_bwd(residuals, g):
        x, y = residuals
        return (g * np.exp(x - y),)

    logsumexp.defvjp(logsumexp_fwd, logsumexp_bwd)

``fwd`` returns the output and whatever the backward pass needs; ``bwd``
returns one cotangent per positional argument (None for "no gradient").
The generated derivative calls ``fwd`` and ``bwd`` by name, so the rule is
visible in ``grad(f).source``. :func:`register_vjp` attaches the same kind of
rule to a function s2sgrad cannot read, such as a ``scipy.special`` ufunc.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from . import rules

_REGISTERED: dict[object, CustomVJP] = {}  # by rules.key: bound methods too


def stop_gradient(x):
    """Return ``x`` unchanged; no derivative flows through it."""
    return x


rules.nondifferentiable_object(stop_gradient, "stop_gradient")


class CustomVJP:
    """A function with a user-supplied reverse-mode rule (see the module docstring)."""

    __s2s_custom__ = True

    def __init__(self, fun: Callable):
        self.fun = fun
        self.fwd: Callable | None = None
        self.bwd: Callable | None = None
        self.jvp: Callable | None = None
        functools.update_wrapper(self, fun)

    def __call__(self, *args, **kwargs):
        return self.fun(*args, **kwargs)

    def defvjp(self, fwd: Callable, bwd: Callable) -> CustomVJP:
        """Set the rule: ``fwd(*args) -> (out, residuals)``, ``bwd(residuals, g) -> tuple``."""
        self.fwd, self.bwd = fwd, bwd
        rules.USER_RULES.version += 1
        return self

    def defjvp(self, jvp: Callable) -> CustomVJP:
        """Set a forward rule: ``jvp(primals, tangents) -> (out, out_tangent)``."""
        self.jvp = jvp
        rules.USER_RULES.version += 1
        return self


def caller(rule: CustomVJP) -> Callable | None:
    """A Python function of the positional parameters of ``rule``'s function that calls
    ``rule``: what ``grad``, ``jvp``, ``vjp``, ``jacfwd`` and ``jacrev`` of the rule's
    function differentiate, so its derivative is the rule's; None for a signature with
    ``*args`` or no positional parameter. Made once per rule."""
    import inspect

    made = rule.__dict__.get("_s2s_caller")
    if made is not None:
        return made
    try:
        params = inspect.signature(rule.fun).parameters.values()
    except (TypeError, ValueError):  # a C function without a signature
        return None
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if any(p.kind == p.VAR_POSITIONAL for p in params) or not positional:
        return None
    call = calling(rule, [p.name for p in positional])
    rule.__dict__["_s2s_caller"] = call
    return call


_CALLING: dict = {}  # (name, parameters) -> the function that makes a wrapper


def calling(fun, params: list[str]) -> Callable:
    """A Python function, with source, of the positional parameters ``params`` (and any
    keywords) returning ``fun(*params, **kw)``: how a function s2sgrad differentiates by
    its rules (a custom rule, a primitive) is given to a transformation itself. Its
    source is registered with linecache under a name errors are moved from to the
    user's call (:func:`s2sgrad.stored.at_the_users_call`)."""
    import keyword
    import linecache

    def usable(text: str) -> bool:
        return text.isidentifier() and not keyword.iskeyword(text)

    name = str(getattr(fun, "__name__", "call")).replace("<lambda>", "lambda_")
    name = name if usable(name) else "call"
    names = [
        p if usable(p) and p not in ("fun", "kw", name) else f"x{i}" for i, p in enumerate(params)
    ]
    if len(set(names)) < len(names):
        names = [f"x{i}" for i in range(len(params))]
    make = _CALLING.get((name, tuple(names)))
    if make is None:
        args = ", ".join(names)
        filename = f"<s2sgrad: {name}({args}), a function with a rule made outside>"
        src = (
            f"def _make(fun):\n    def {name}({args}, **kw):\n"
            f"        return fun({args}, **kw)\n    return {name}\n"
        )
        linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
        namespace: dict = {}
        exec(compile(src, filename, "exec"), namespace)
        make = _CALLING[(name, tuple(names))] = namespace["_make"]
    return make(fun)


def custom_vjp(fun: Callable) -> CustomVJP:
    """Decorate ``fun`` so that s2sgrad uses the rule given later with ``.defvjp``."""
    return CustomVJP(fun)


custom_jvp = custom_vjp


def register_vjp(fun: Callable, fwd: Callable, bwd: Callable) -> None:
    """Give ``fun`` (e.g. ``scipy.special.erf``) a reverse rule; calls to ``fun`` inside
    differentiated code then use ``fwd``/``bwd`` as in :meth:`CustomVJP.defvjp`."""
    rule = CustomVJP(fun)
    rule.defvjp(fwd, bwd)
    _REGISTERED[rules.key(fun)] = rule


class Checkpoint:
    """A function whose reverse-mode derivative recomputes its forward sweep (see
    :func:`checkpoint`)."""

    __s2s_checkpoint__ = True

    def __init__(self, fun: Callable):
        self.fun = fun
        for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(self, attr, getattr(fun, attr, None))

    def __call__(self, *args, **kwargs):
        return self.fun(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<checkpointed {self.__qualname__}>"


def checkpoint(fun: Callable) -> Checkpoint:
    """Trade compute for memory: reverse mode saves only ``fun``'s inputs and runs its
    forward sweep again inside the adjoint sweep (JAX's ``jax.checkpoint``).

        @s2sgrad.checkpoint
        def segment(h, w):
            for _ in range(400):
                h = np.tanh(h * w)
            return h

    A loop calling ``segment`` keeps one saved ``h`` per call instead of one per step;
    the gradient is the same and costs about one more forward sweep. Forward mode and
    higher derivatives differentiate ``fun`` as an ordinary callee.
    """
    if isinstance(fun, Checkpoint):
        return fun
    if not callable(fun):
        raise TypeError(f"checkpoint() needs a function, got {type(fun).__name__}")
    return Checkpoint(fun)


def custom_rule(fn) -> CustomVJP | None:
    """The custom rule attached to ``fn``, if any."""
    if isinstance(fn, CustomVJP):
        return fn if fn.fwd is not None or fn.jvp is not None else None
    return _REGISTERED.get(rules.key(fn))
