"""Gradient providers compared by the benchmark; each one is optional.

An adapter's ``prepare(workload, args)`` returns a :class:`Prepared` whose ``call()``
computes the gradients (blocking until they are ready) and whose ``to_numpy`` turns the
result into a tuple of NumPy values ordered like ``workload.argnums``. Any one-time cost
(transform, tracing, compilation) is paid by the first call, which ``prepare`` times as
``first_s`` where that cost is of interest.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import time
import types
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from workloads import DT, Workload

os.environ.setdefault("JAX_PLATFORMS", "cpu")


@dataclass
class Prepared:
    call: Callable[[], Any]
    to_numpy: Callable[[Any], tuple]
    first_s: float | None = None  # first call, including any transform or compilation
    note: str = ""


def rebind_numpy(fun, module):
    """Return ``fun`` with its global ``np`` replaced by ``module`` (same code object)."""
    env = dict(fun.__globals__, np=module)
    return types.FunctionType(fun.__code__, env, fun.__name__, fun.__defaults__, fun.__closure__)


def _as_tuple(result, argnums):
    return tuple(result) if len(argnums) > 1 else (result,)


def _argnums(wl: Workload):
    """Single-argument workloads use the plain-int form, as a user would."""
    return wl.argnums if len(wl.argnums) > 1 else wl.argnums[0]


def _numpy_tuple(grads):
    return tuple(g if isinstance(g, float) else np.asarray(g) for g in grads)


class Adapter:
    """Base adapter: ``modules`` are imported by ``load`` and kept in ``self.mods``."""

    name = ""
    modules: tuple[str, ...] = ()
    dist = ""  # distribution name for the version, when it differs from modules[0]

    def load(self):
        """Import the backing modules; raise on failure."""
        self.mods = {m: importlib.import_module(m) for m in self.modules}
        self.setup_backend()

    def setup_backend(self):
        pass

    def version(self):
        try:
            return importlib.metadata.version(self.dist or self.modules[0])
        except importlib.metadata.PackageNotFoundError:
            return getattr(self.mods[self.modules[0]], "__version__", "?")

    def prepare(self, wl: Workload, args: tuple) -> Prepared:
        raise NotImplementedError


class Forward(Adapter):
    name = "forward"

    def load(self):
        self.mods = {}

    def version(self):
        return np.__version__

    def prepare(self, wl, args):
        return Prepared(lambda: wl.fun(*args), lambda r: (r,))


class Hand(Forward):
    name = "hand"

    def prepare(self, wl, args):
        return Prepared(lambda: wl.hand_grad(*args), _numpy_tuple)


class S2SGrad(Adapter):
    name = "s2sgrad"
    modules = ("s2sgrad",)

    def prepare(self, wl, args):
        s2sgrad = self.mods["s2sgrad"]
        s2sgrad.clear_cache()
        t0 = time.perf_counter()
        g = s2sgrad.grad(wl.fun, argnums=_argnums(wl))
        g(*args)
        first = time.perf_counter() - t0
        self.last_grad_fn = g
        return Prepared(lambda: g(*args), lambda r: _numpy_tuple(_as_tuple(r, wl.argnums)), first)


class Autograd(Adapter):
    name = "autograd"
    modules = ("autograd", "autograd.numpy")

    def prepare(self, wl, args):
        fun = rebind_numpy(wl.fun, self.mods["autograd.numpy"])
        g = self.mods["autograd"].grad(fun, argnum=_argnums(wl))
        return Prepared(lambda: g(*args), lambda r: _numpy_tuple(_as_tuple(r, wl.argnums)))


class Tangent(Adapter):
    name = "tangent"
    modules = ("tangent",)
    dist = "tangent-ad"

    def prepare(self, wl, args):
        t0 = time.perf_counter()
        with warnings.catch_warnings():  # its generated code compares literals with `is`
            warnings.simplefilter("ignore", SyntaxWarning)
            g = self.mods["tangent"].grad(wl.fun, wrt=wl.argnums, verbose=0)
        g(*args)
        first = time.perf_counter() - t0
        return Prepared(lambda: g(*args), lambda r: _numpy_tuple(_as_tuple(r, wl.argnums)), first)


class JaxEager(Adapter):
    name = "jax"
    modules = ("jax", "jax.numpy")

    def setup_backend(self):
        self.mods["jax"].config.update("jax_enable_x64", True)

    def _inputs(self, args):
        jnp = self.mods["jax.numpy"]
        return tuple(a if isinstance(a, float) else jnp.asarray(a) for a in args)

    def _grad(self, wl):
        fun = rebind_numpy(wl.fun, self.mods["jax.numpy"])
        return self.mods["jax"].grad(fun, argnums=_argnums(wl))

    def prepare(self, wl, args):
        jax, g, jargs = self.mods["jax"], self._grad(wl), self._inputs(args)
        return Prepared(
            lambda: jax.block_until_ready(g(*jargs)),
            lambda r: _numpy_tuple(_as_tuple(r, wl.argnums)),
        )


def _oscillator_where(k, c, x0):
    """``workloads.oscillator`` with the branch as ``np.where``, so that ``jax.jit`` and
    ``mx.compile`` can trace it (each adapter rebinds ``np``, see :func:`rebind_numpy`)."""
    x = x0
    v = 0.0
    loss = 0.0
    for _ in range(200):
        a = -k * x - c * v
        a = np.where(x > 0.0, a - 0.5 * x * x, a + 0.1 * x)
        v = v + DT * a
        x = x + DT * v
        loss = loss + x * x
    return loss


class JaxJit(JaxEager):
    name = "jax-jit"
    # Python branches on traced values cannot be jitted; these are the jnp.where rewrites.
    overrides = {"oscillator": _oscillator_where}

    def _grad(self, wl):
        jax = self.mods["jax"]
        fun = rebind_numpy(self.overrides.get(wl.fun.__name__, wl.fun), self.mods["jax.numpy"])
        return jax.jit(jax.grad(fun, argnums=_argnums(wl)))

    def prepare(self, wl, args):
        jax, g, jargs = self.mods["jax"], self._grad(wl), self._inputs(args)
        t0 = time.perf_counter()
        jax.block_until_ready(g(*jargs))
        first = time.perf_counter() - t0
        note = "jnp.where rewrite" if wl.fun.__name__ in self.overrides else ""
        return Prepared(
            lambda: jax.block_until_ready(g(*jargs)),
            lambda r: _numpy_tuple(_as_tuple(r, wl.argnums)),
            first,
            note,
        )


def _torch_namespace(torch):
    """The NumPy functions used by the workloads, mapped onto torch."""

    def _sum(x, axis=None, keepdims=False):
        return x.sum() if axis is None else x.sum(dim=axis, keepdim=keepdims)

    def _max(x, axis=None, keepdims=False):
        return x.max() if axis is None else x.amax(dim=axis, keepdim=keepdims)

    return types.SimpleNamespace(
        sin=torch.sin,
        cos=torch.cos,
        exp=torch.exp,
        log=torch.log,
        log1p=torch.log1p,
        tanh=torch.tanh,
        sum=_sum,
        max=_max,
    )


class Torch(Adapter):
    name = "torch"
    modules = ("torch",)

    def prepare(self, wl, args):
        torch = self.mods["torch"]
        fun = rebind_numpy(wl.fun, _torch_namespace(torch))
        targs = [
            torch.tensor(a, dtype=torch.float64) if isinstance(a, float) else torch.from_numpy(a)
            for a in args
        ]
        wrt = [targs[i].requires_grad_(True) for i in wl.argnums]

        def call():
            return torch.autograd.grad(fun(*targs), wrt)

        def to_numpy(r):
            return tuple(g.item() if g.ndim == 0 else g.numpy() for g in r)

        return Prepared(call, to_numpy)


def _mlx_namespace(mx):
    """The NumPy functions used by the workloads, mapped onto mlx.core (float64 on the CPU)."""
    return types.SimpleNamespace(
        sin=mx.sin,
        cos=mx.cos,
        exp=mx.exp,
        log=mx.log,
        log1p=mx.log1p,
        tanh=mx.tanh,
        sum=mx.sum,
        max=mx.max,
        where=mx.where,
    )


class MLX(Adapter):
    """``mlx.core.grad``, eager: Python control flow runs as written (a branch evaluates)."""

    name = "mlx"
    modules = ("mlx.core",)
    dist = "mlx"

    def setup_backend(self):
        self.mods["mlx.core"].set_default_device(self.mods["mlx.core"].cpu)

    def _inputs(self, args):
        mx = self.mods["mlx.core"]
        return tuple(mx.array(a, dtype=mx.float64) for a in args)

    def _fun(self, wl):
        return rebind_numpy(wl.fun, _mlx_namespace(self.mods["mlx.core"]))

    def _grad(self, wl):
        return self.mods["mlx.core"].grad(self._fun(wl), argnums=_argnums(wl))

    def prepare(self, wl, args):
        mx, g, margs = self.mods["mlx.core"], self._grad(wl), self._inputs(args)

        def call():
            r = g(*margs)
            mx.eval(r)
            return r

        t0 = time.perf_counter()
        call()
        first = time.perf_counter() - t0
        note = "mx.where rewrite" if wl.fun.__name__ in getattr(self, "overrides", {}) else ""

        def to_numpy(r):
            return tuple(
                g.item() if isinstance(args[i], float) else np.array(g)
                for i, g in zip(wl.argnums, _as_tuple(r, wl.argnums))
            )

        return Prepared(call, to_numpy, first, note)


class MLXCompile(MLX):
    """``mlx.core.compile(mlx.core.grad(...))``: traced once, so branches become ``mx.where``."""

    name = "mlx-compile"
    overrides = {"oscillator": _oscillator_where}

    def _fun(self, wl):
        fun = self.overrides.get(wl.fun.__name__, wl.fun)
        return rebind_numpy(fun, _mlx_namespace(self.mods["mlx.core"]))

    def _grad(self, wl):
        return self.mods["mlx.core"].compile(super()._grad(wl))


ADAPTERS = [Forward, Hand, S2SGrad, Autograd, Tangent, JaxEager, JaxJit, Torch, MLX, MLXCompile]
