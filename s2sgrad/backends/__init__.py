"""The dispatch table: which kernels generated code calls for each primitive.

Generated code calls NumPy through the name ``np`` and its helpers by name;
both are bound when a generated function is instantiated, from the backend's
table. NumPy is the default; a backend overrides any subset:

    register_backend("fast", {"np.tanh": my_tanh, "unbroadcast": my_unbroadcast})

A backend whose namespace is not NumPy itself (another ``base`` module, or
``"np."`` overrides) also gets its own copies of the runtime helpers, in which
``np`` is that namespace: ``unbroadcast`` then sums with ``cupy.sum`` for the
``"cupy"`` backend. Helper overrides replace those copies by name.

``namespace_for(name)`` imports ``s2sgrad.backends.<name>`` on a miss and calls
its ``register()``, so ``grad(f, backend="cupy")`` works without importing
anything first.
"""

from __future__ import annotations

import builtins
import importlib
import os
import threading
import types

import numpy

from .. import runtime


class _Namespace(types.ModuleType):
    """``base`` with some functions replaced; every other attribute falls through to ``base``
    (and is then cached on the namespace, so later lookups cost a dict read)."""

    def __init__(self, name, base, overrides):
        super().__init__(name)
        self._base = base
        for path, fn in overrides.items():
            head, _, rest = path.partition(".")
            if rest:
                sub = self.__dict__.get(head)
                if not isinstance(sub, _Namespace):
                    sub = _Namespace(f"{name}.{head}", getattr(base, head), {})
                    setattr(self, head, sub)
                setattr(sub, rest, fn)
            else:
                setattr(self, path, fn)

    def __getattr__(self, attr):
        value = getattr(self._base, attr)
        if not attr.startswith("__"):
            setattr(self, attr, value)
        return value


def _runtime_helpers() -> dict:
    return {
        n: f
        for n, f in runtime.NAMESPACE.items()
        if isinstance(f, types.FunctionType) and runtime.is_helper(f)
    }


def _rebound_helpers(np_namespace) -> dict:
    """Copies of the runtime helpers whose global ``np`` is ``np_namespace``; the copies
    call each other (``matmul_left`` calls the copied ``unbroadcast``). Their globals hold
    ``__builtins__`` as a module's do: C code that imports (``PyImport_Import``, as CuPy does
    when it first compiles a kernel) reads it from the calling frame's globals."""
    env = dict(runtime.NAMESPACE, np=np_namespace, __builtins__=builtins)
    out = {}
    for name, f in _runtime_helpers().items():
        g = types.FunctionType(f.__code__, env, f.__name__, f.__defaults__, f.__closure__)
        g.__kwdefaults__ = f.__kwdefaults__
        g.__doc__ = f.__doc__
        g.__qualname__ = f.__qualname__
        env[name] = g
        out[name] = g
    return out


class Backend:
    """Kernels for one array library: a NumPy-like namespace and the runtime helpers."""

    def __init__(self, name: str, overrides: dict | None = None, base=numpy):
        overrides = dict(overrides or {})
        self.name = name
        self.base = base
        prims = {k[3:]: v for k, v in overrides.items() if k.startswith("np.")}
        self.numpy = base if not prims else _Namespace(f"s2sgrad.backends.{name}", base, prims)
        if self.numpy is numpy:
            self.helpers = _runtime_helpers()
        else:
            self.helpers = _rebound_helpers(self.numpy)
        self.helpers.update({k: v for k, v in overrides.items() if not k.startswith("np.")})

    def __repr__(self):
        return f"<s2sgrad backend {self.name!r} over {getattr(self.base, '__name__', self.base)}>"


_BACKENDS: dict[str, Backend] = {"numpy": Backend("numpy")}
_lock = threading.RLock()


def _after_fork_in_child() -> None:
    global _lock
    _lock = threading.RLock()  # a lock held by another thread at fork is never released


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def register_backend(name: str, overrides: dict, base=numpy) -> Backend:
    """Add (or replace) a backend: ``overrides`` maps ``"np.<func>"`` or a helper name
    to a kernel; everything else falls back to ``base`` and the runtime helpers (bound to
    ``base`` when it is not NumPy)."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"a backend name must be a non-empty string, got {name!r}")
    backend = Backend(name, overrides, base)
    with _lock:
        _BACKENDS[name] = backend
    return backend


def namespace_for(name: str) -> Backend:
    """The backend called ``name``, importing ``s2sgrad.backends.<name>`` the first time."""
    try:
        return _BACKENDS[name]
    except (KeyError, TypeError):
        pass
    with _lock:
        if name in _BACKENDS:
            return _BACKENDS[name]
        module = _backend_module(name)
        if module is not None:
            module.register()  # raises ImportError when the array library is missing
            if name in _BACKENDS:
                return _BACKENDS[name]
    raise ValueError(
        f"unknown s2sgrad backend {name!r}; known: {backends()} "
        "(register others with s2sgrad.backends.register_backend)"
    )


def _backend_module(name):
    if not isinstance(name, str) or not name.isidentifier():
        return None
    qualified = f"{__name__}.{name}"
    try:
        module = importlib.import_module(qualified)
    except ModuleNotFoundError as exc:
        if exc.name == qualified:
            return None
        raise
    return module if callable(getattr(module, "register", None)) else None


def backends() -> list[str]:
    """Names of the registered backends (lazily loaded ones appear once used)."""
    return sorted(_BACKENDS)
