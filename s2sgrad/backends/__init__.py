"""The dispatch table: which kernels generated code calls for each primitive.

Generated code calls NumPy through the name ``np`` and its helpers by name;
both are bound when a generated function is instantiated, from the backend's
table. NumPy is the default; a backend overrides any subset:

    register_backend("fast", {"np.tanh": my_tanh, "unbroadcast": my_unbroadcast})
"""

from __future__ import annotations

import types

import numpy

from .. import runtime


class _Namespace(types.ModuleType):
    """NumPy with some functions replaced; every other attribute falls through to NumPy."""

    def __init__(self, name, base, overrides):
        super().__init__(name)
        self._base = base
        for path, fn in overrides.items():
            head, _, rest = path.partition(".")
            if rest:
                sub = getattr(self, head, None)
                if not isinstance(sub, _Namespace):
                    sub = _Namespace(f"{name}.{head}", getattr(base, head), {})
                    setattr(self, head, sub)
                setattr(sub, rest, fn)
            else:
                setattr(self, path, fn)

    def __getattr__(self, attr):
        return getattr(self._base, attr)


class Backend:
    """Kernels for one array library: a NumPy-like namespace and the runtime helpers."""

    def __init__(self, name: str, overrides: dict | None = None, base=numpy):
        overrides = dict(overrides or {})
        self.name = name
        prims = {k[3:]: v for k, v in overrides.items() if k.startswith("np.")}
        self.numpy = base if not prims and base is numpy else _Namespace(
            f"s2sgrad.backends.{name}", base, prims)
        self.helpers = {n: f for n, f in vars(runtime).items()
                        if isinstance(f, types.FunctionType) and f.__module__ == runtime.__name__}
        self.helpers.update({k: v for k, v in overrides.items() if not k.startswith("np.")})


_BACKENDS: dict[str, Backend] = {"numpy": Backend("numpy")}


def register_backend(name: str, overrides: dict, base=numpy) -> Backend:
    """Add (or replace) a backend: ``overrides`` maps ``"np.<func>"`` or a helper name
    to a kernel; everything else falls back to ``base`` and the NumPy helpers."""
    backend = Backend(name, overrides, base)
    _BACKENDS[name] = backend
    return backend


def namespace_for(name: str) -> Backend:
    try:
        return _BACKENDS[name]
    except KeyError:
        raise ValueError(f"unknown s2sgrad backend {name!r}; known: {sorted(_BACKENDS)}") from None


def backends() -> list[str]:
    return sorted(_BACKENDS)
