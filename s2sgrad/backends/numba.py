"""The ``"numba"`` backend: NumPy arrays, fused regions compiled to loops by numba (CPU).

    g = s2sgrad.value_and_grad(loss, backend="numba")   # pip install "s2sgrad[numba]"

Generated code runs on NumPy as with the default backend; each fused region (see
:mod:`s2sgrad.fuse`) becomes loops over the elements compiled by ``numba.njit`` (no
``fastmath``; arrays under :data:`MIN_SIZE` elements run the NumPy body, which is faster
there), so the forward and adjoint sweeps of an elementwise chain make one pass over
memory with no intermediate arrays. Arrays that broadcast against the region as a
row, a column or one element are read at their own index, and the adjoint of one is
summed to its shape after the kernel (``kernels.signature``'s ``broadcast``). A
region of arithmetic, ``where``, ``sqrt`` and float64 ``sin``/``cos`` is one loop
(``prange`` from :data:`PARALLEL_SIZE` elements). A
region that calls a function NumPy computes much faster than numba's scalar libm call
(:data:`NUMPY_FASTER`: ``exp``, ``log1p``, ``tanh``, ...: NumPy's are SIMD loops) is
*staged*: loops alternate with those NumPy ufuncs over blocks of :data:`BLOCK` elements
whose buffers stay in cache (:func:`staged`), the blocks split over numba's thread count
from :data:`PARALLEL_SIZE` elements. The kernels' source is written to a cache folder
(``$S2SGRAD_CACHE`` or ``~/.cache/s2sgrad``) so numba's ``cache=True`` keeps the machine
code between processes. numba is imported on the first ``backend="numba"``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import os
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy

from . import register_backend
from .kernels import FLOATS, FUNCTIONS, Dialect, Unsupported, fused_kernel

PARALLEL_SIZE = 1 << 17
MIN_SIZE = 1 << 14  # smaller arrays run the NumPy body (a kernel call costs more there)
BLOCK = 1 << 13  # elements per block of a staged kernel (its buffers stay in cache)
# x / 0.0 is inf or nan, as in NumPy (numba's default, "python", raises ZeroDivisionError,
# and its test leaves the loop early, which keeps LLVM from vectorizing it)
ERRORS = "numpy"
# functions NumPy computes faster than numba's scalar libm calls (SIMD loops; measured on
# x86-64 with AVX-512, NumPy 2.4, numba 0.68: 2.9x to 70x for these, 1x for sqrt and for
# float64 sin and cos): in a kernel they run as NumPy ufuncs on blocks of elements
NUMPY_FASTER = frozenset(
    (
        "tan",
        "arcsin",
        "arccos",
        "arctan",
        "sinh",
        "cosh",
        "tanh",
        "arcsinh",
        "arccosh",
        "arctanh",
        "exp",
        "expm1",
        "exp2",
        "log",
        "log1p",
        "log2",
        "log10",
        "cbrt",
    )
)
NUMPY_FASTER_FLOAT32 = NUMPY_FASTER | {"sin", "cos"}


class NumbaDialect(Dialect):
    def const(self, value, T):
        if isinstance(value, float) and not math.isfinite(value):
            text = "math.nan" if math.isnan(value) else ("math.inf" if value > 0 else "-math.inf")
            return f"np.{T}({text})"
        return f"np.{T}({value!r})"

    def call(self, fn, args, T):
        fn = {"abs": "absolute"}.get(fn, fn)
        return f"np.{fn}({', '.join(args)})"

    def delegated(self, fn, T):
        return fn in (NUMPY_FASTER_FLOAT32 if T == "float32" else NUMPY_FASTER)


_TRIG = re.compile(r"np\.(sin|cos)\(((?<![\w.])[vtf]_\w+)\)")
TRIG_DIGEST = hashlib.sha1(
    open(os.path.join(os.path.dirname(__file__), "numba_trig.py"), "rb").read()
).hexdigest()[:16]
TRIG_IMPORT = (
    f"from s2sgrad.backends.numba_trig import LIMIT as _S2S_LIMIT  # {TRIG_DIGEST}\n"
    "from s2sgrad.backends.numba_trig import cos_fast as _s2s_cos\n"
    "from s2sgrad.backends.numba_trig import sin_fast as _s2s_sin\n"
)


def trig_lines(var, expr, trig: bool, parallel: bool = False) -> list:
    """The loop's lines for ``var = expr``: with ``trig`` (float64), ``np.sin(v)`` and
    ``np.cos(v)`` of a value are :mod:`numba_trig`'s vectorisable loops, each argument
    beyond their range (or ``nan``, ``inf``) counted in ``big`` first."""
    if not trig or not _TRIG.search(expr):
        return [f"        {var} = {expr}"]
    args = dict.fromkeys(m.group(2) for m in _TRIG.finditer(expr))
    # nan too; a bool ``|=`` keeps the loop vectorised, a prange loop needs a sum
    line = (
        "big += 0 if abs({}) <= _S2S_LIMIT else 1"
        if parallel
        else "big |= not abs({}) <= _S2S_LIMIT"
    )
    out = ["        " + line.format(a) for a in args]
    fast = _TRIG.sub(r"_s2s_\1(\2)", expr)
    return [*out, f"        {var} = {fast}"]


def uses_trig(exprs, trig: bool) -> bool:
    return trig and any(e is not None and _TRIG.search(e) for e in exprs)


def kernel_source(name, p, parallel: bool, trig: bool = False) -> str:
    """The Python source numba compiles for plan ``p`` (one loop; returns the sums)."""
    arrays = [var for _, kind, var in p.inputs if kind in ("array", "barray")]
    scalars = [var for _, kind, var in p.inputs if kind == "scalar"]
    outs = [var for _, kind, var, _ in p.outputs if kind == "array"]
    # a scalar parameter the region reassigns starts from its value in every iteration
    changed = [v for v in [*scalars, "v_seed"] if v in {var for var, *_ in p.lines}]
    params = [
        "n",
        *("a_" + v for v in arrays),
        *(("s_" + v if v in changed else v) for v in [*scalars, "v_seed"]),
        *("o_" + v for v in outs),
    ]
    loop = "prange" if parallel else "range"
    trig = uses_trig([e for _, e, _, _ in p.lines], trig)
    lines = [f"def {name}({', '.join(params)}):"]
    lines += [f"    acc_{i} = 0.0" for i in range(len(p.reductions))]
    lines += [f"    big = {0 if parallel else False}"] if trig else []
    lines.append(f"    for i in {loop}(n):")
    lines += [f"        {v} = a_{v}[{p.index.get(v, 'i')}]" for v in arrays]
    lines += [f"        {v} = s_{v}" for v in changed]
    lines += [t for var, expr, _, _ in p.lines for t in trig_lines(var, expr, trig, parallel)]
    lines += [f"        o_{v}[i] = {v}" for v in outs]
    lines += [f"        acc_{i} += {var}" for i, (_, var, _) in enumerate(p.reductions)]
    sums = [f"acc_{i}" for i in range(len(p.reductions))] + (["big"] if trig else [])
    lines.append(f"    return ({', '.join(sums)}{',' if len(sums) == 1 else ''})")
    return (
        "import math\n\nimport numpy as np\nfrom numba import njit, prange\n\n"
        + (TRIG_IMPORT if trig else "")
        + "\n"
        f"@njit(cache=True, parallel={parallel}, fastmath=False, error_model={ERRORS!r})\n"
        + "\n".join(lines)
        + "\n"
    )


_VAR = re.compile(r"(?<![\w.])[vtf]_\w+")


@dataclass
class Step:
    """One step of a staged kernel: a loop over a block (``lines``; ``loads``: ``(var,
    where)``, ``where`` an input array ``"a_..."``, a buffer ``"b_..."`` or a scalar
    parameter; ``stores``: values later steps read, to buffers; ``outputs`` and
    ``reductions``: indices into the plan's, written or summed here) or a NumPy ufunc
    (``ufunc``, from ``source`` to ``target``, each an input array or a buffer)."""

    lines: list = field(default_factory=list)
    loads: list = field(default_factory=list)
    stores: list = field(default_factory=list)
    outputs: list = field(default_factory=list)
    reductions: list = field(default_factory=list)
    ufunc: str | None = None
    source: str = ""
    target: str = ""


def staged(p) -> tuple[list, dict]:
    """Plan ``p`` as loops and NumPy ufuncs (:attr:`kernels.Plan.ufuncs`) over a block.

    Each line goes to the earliest loop after the ufuncs whose results it reads (and not
    before a line that reads the value it overwrites), each ufunc right after the loop
    that makes its argument (first, for an input array): one loop then holds every line
    one set of ufunc results allows (``sin`` and ``cos`` of one value side by side,
    which LLVM computes as one ``sincos``). A value one step makes and a later one reads
    goes through a buffer of one block. Returns the steps and ``{buffer: ctype}``."""
    arrays = {var: "a_" + var[2:] for _, kind, var in p.inputs if kind in ("array", "barray")}
    whole = {var for var in arrays if var not in p.index}  # read at i (not broadcast)
    scalars = {var for _, kind, var in p.inputs if kind == "scalar"} | {"v_seed"}
    lines = _live(_hoisted(p.lines, set(arrays)), p)
    written = {var for var, expr, *_ in lines if expr is not None}
    ctypes = {var: ctype for var, _, _, ctype in lines}
    # values of scalars alone (the seed times a constant), and cheap arithmetic of
    # unchanged inputs and at most one value made once (x * x, -a, seed * y): recomputed
    # where a loop reads them, not kept per element (a ufunc's argument is, in its buffer)
    once = [var for var, expr, *_ in lines if expr is not None]
    made_once = [var for var, *_ in lines]
    ufunc_args = {arg for _, arg in p.ufuncs.values()}
    uniform: dict = {}
    leaves: dict = {}  # uniform value -> the value made once it is recomputed from, if any
    for var, expr, _, _ in lines:
        if expr is None or once.count(var) != 1 or var in ufunc_args:
            continue
        if var in scalars or var in arrays:
            continue  # a parameter the region rebinds: lines before read its first value
        reads = _VAR.findall(expr)
        if all(r in scalars and r not in written or r in uniform for r in reads):
            uniform[var], leaves[var] = expr, set()  # scalars alone, or recomputed ones
            leaves[var] = set().union(*(leaves[r] for r in reads if r in uniform))
            continue
        if not _cheap(expr):
            continue
        base: set = set()
        for r in reads:
            if r in uniform:
                base |= leaves[r]
            elif (r in scalars or r in arrays) and r not in written:
                continue
            elif r != var and made_once.count(r) == 1 and r not in scalars and r not in arrays:
                base.add(r)
            else:
                base.add(None)  # a value changed in the region: kept per element
        if None not in base and len(base) <= 1:
            uniform[var], leaves[var] = expr, base
    avail: dict = {}  # var -> the loop from which its current value can be read
    last_read: dict = {}  # var -> the last loop that reads its current value
    loops: dict = {}  # loop index -> Step
    after: dict = {}  # loop index -> ufunc Steps run after it (-1: before the first loop)
    for j, (var, expr, declare, ctype) in enumerate(lines):
        if expr is None:
            fn, arg = p.ufuncs[var]
            made = lines[j - 1][1]
            if lines[j - 1][0] == arg and made in whole and made not in written:
                arg = made  # an input array itself: the ufunc reads it directly
            at = avail.get(arg, -1)
            after.setdefault(at, []).append(Step(ufunc=fn, source=arg, target=var))
            avail[var] = at + 1
            continue
        if (
            j + 1 < len(lines)
            and lines[j + 1][1] is None
            and expr in whole
            and expr not in written
            and p.ufuncs[lines[j + 1][0]][1] == var
        ):
            continue  # the argument line of a ufunc that reads an input array
        reads = _VAR.findall(expr)
        at = max([avail.get(r, 0) for r in reads] + [0])
        if var in avail or var in last_read:  # overwritten: after its readers and writer
            at = max(at, avail.get(var, 0), last_read.get(var, 0))
        for r in reads:
            last_read[r] = max(last_read.get(r, 0), at)
        loops.setdefault(at, Step()).lines.append((var, expr, declare, ctype))
        avail[var] = at
        last_read[var] = at
    for k, (_, kind, var, _) in enumerate(p.outputs):
        if kind == "array":
            loops.setdefault(avail.get(var, 0), Step()).outputs.append(k)
    for k, (_, var, _) in enumerate(p.reductions):
        loops.setdefault(avail.get(var, 0), Step()).reductions.append(k)
    steps = list(after.get(-1, []))
    for k in range(max([*loops, *after, 0]) + 1):
        if k in loops:
            steps.append(loops[k])
        steps += after.get(k, [])

    def reads_of(step):
        if step.ufunc:
            return [step.source]
        out = [v for _, expr, _, _ in step.lines for v in _VAR.findall(expr)]
        out += [p.outputs[k][2] for k in step.outputs]
        out += [p.reductions[k][1] for k in step.reductions]
        return list(dict.fromkeys(out))

    def expanded(reads):  # with the values a recomputed one is made from
        return set(reads).union(*(leaves[r] for r in reads if r in uniform))

    read_by = [expanded(reads_of(st)) for st in steps]
    made: set = set()  # values a step made (read from a buffer from then on)
    buffers: dict = {}
    for k, st in enumerate(steps):
        needed = reads_of(st)
        if not st.ufunc:  # a uniform value made by another loop: made here again
            own = {v for v, *_ in st.lines}
            again = _closure([v for v in needed if v in uniform and v not in own], uniform)
            st.lines[:0] = [(v, uniform[v], True, ctypes[v]) for v in again]
            needed = list(
                dict.fromkeys(
                    [r for v in again for r in _VAR.findall(uniform[v]) if r not in uniform]
                    + needed
                )
            )
        for var in needed:
            if var in uniform and not st.ufunc:
                continue
            where = (
                "b_" + var
                if var in made
                else arrays.get(
                    var, ("s_" + var if var in written else var) if var in scalars else None
                )
            )
            if where is None:
                continue  # made by this loop before it reads it
            if st.ufunc:
                st.source = where
            else:
                st.loads.append((var, where))
        if st.ufunc:
            made.add(st.target)
            st.target = "b_" + st.target
            buffers[st.target] = "T"
            continue
        for var in dict.fromkeys(v for v, *_ in st.lines):
            made.add(var)
            if var not in uniform and any(var in r for r in read_by[k + 1 :]):
                st.stores.append(var)
                buffers["b_" + var] = ctypes[var]
    return steps, buffers


def _live(lines, p) -> list:
    """``lines`` without those whose values no output, reduction or later live line reads
    (a value computed only for its shape, as the loss of a ``grad`` that skips it)."""
    live = {var for _, kind, var, _ in p.outputs if kind == "array"}
    live |= {var for _, var, _ in p.reductions}
    out = []
    for var, expr, declare, ctype in reversed(lines):
        if var not in live:
            continue
        live.discard(var)
        live |= set(_VAR.findall(expr)) if expr is not None else {p.ufuncs[var][1]}
        out.append((var, expr, declare, ctype))
    return out[::-1]


_FN = re.compile(r"np\.(\w+)\(")


def _cheap(expr) -> bool:
    """Is ``expr`` arithmetic and cheap functions only (worth recomputing, not buffering)?"""
    return all(fn in CHEAP or fn in FLOATS for fn in _FN.findall(expr))


_CALL = re.compile(r"np\.(\w+)\(((?<![\w.])[vtf]_\w+)\)")
CHEAP = frozenset(("negative", "square", "reciprocal", "abs", "absolute", "fabs", "sign"))


def _hoisted(lines, inputs) -> list:
    """``lines`` with each call of a costly function of one value (``np.cos(v_x)``) made
    a line of its own, before the line it was in (so it can run in an earlier loop, next
    to ``np.sin(v_x)``); one line for equal calls of a value written once."""
    writes: dict = {}
    for var, expr, *_ in lines:
        if expr is not None:
            writes[var] = writes.get(var, 0) + 1
    out, seen = [], {}

    def hoist(m):
        fn, arg = m.group(1), m.group(2)
        if fn in CHEAP or fn not in FUNCTIONS:
            return m.group(0)
        once = writes.get(arg, 0) == (0 if arg in inputs else 1)
        if once and m.group(0) in seen:
            return seen[m.group(0)]
        var = f"t_h{sum(1 for v, *_ in out if v.startswith('t_h'))}"
        out.append((var, m.group(0), True, "T"))
        if once:
            seen[m.group(0)] = var
        return var

    for var, expr, declare, ctype in lines:
        if expr is not None and not _CALL.fullmatch(expr):
            expr = _CALL.sub(hoist, expr)
        out.append((var, expr, declare, ctype))
    return out


def _closure(names, defs) -> list:
    """``names`` and the uniform values their definitions read, in definition order."""
    order = list(defs)
    todo, found = list(names), set()
    while todo:
        v = todo.pop()
        if v in found:
            continue
        found.add(v)
        todo += [r for r in _VAR.findall(defs[v]) if r in defs]
    return sorted(found, key=order.index)


def staged_source(name, p, steps, trig: bool = False) -> str:
    """The numba source of a staged kernel: one function ``{name}_{k}`` per loop step,
    called with ``(start, stop, *params)`` for the elements ``start:stop`` of a block;
    it returns the sums of its reductions."""
    any_trig = any(uses_trig([e for _, e, _, _ in st.lines], trig) for st in steps)
    parts = ["import math\n\nimport numpy as np\nfrom numba import njit\n"]
    parts[0] += TRIG_IMPORT if any_trig else ""
    for k, st in enumerate(steps):
        if st.ufunc:
            continue
        own = uses_trig([e for _, e, _, _ in st.lines], trig)
        lines = [f"def {name}_{k}({', '.join(['start', 'stop', *kernel_params(p, st)])}):"]
        lines += [f"    acc_{j} = 0.0" for j in st.reductions]
        lines += ["    big = False"] if own else []
        lines.append("    for i in range(start, stop):")
        if any(w.startswith("b_") for _, w in st.loads) or st.stores:
            lines.append("        k = i - start")
        for var, where in st.loads:  # a scalar parameter is read under its own name
            if where[:2] in ("a_", "b_"):
                at = "k" if where[0] == "b" else p.index.get(var, "i")
                lines.append(f"        {var} = {where}[{at}]")
            elif where != var:  # one the region reassigns: from its value, each element
                lines.append(f"        {var} = {where}")
        lines += [t for var, expr, _, _ in st.lines for t in trig_lines(var, expr, own)]
        lines += [f"        b_{var}[k] = {var}" for var in st.stores]
        lines += [f"        o_{p.outputs[j][2]}[i] = {p.outputs[j][2]}" for j in st.outputs]
        lines += [f"        acc_{j} += {p.reductions[j][1]}" for j in st.reductions]
        if st.reductions or own:  # the count of arguments out of range last
            sums = [f"acc_{j}" for j in st.reductions] + (["big"] if own else [])
            lines.append(f"    return ({', '.join(sums)}{',' if len(sums) == 1 else ''})")
        head = f"\n@njit(cache=True, nogil=True, fastmath=False, error_model={ERRORS!r})\n"
        parts.append(head + "\n".join(lines) + "\n")
    return "\n".join(parts)


def kernel_params(p, st) -> list:
    """A loop step's parameters after ``start, stop``: what it loads, the buffers it
    stores, the outputs it writes."""
    params = [w for _, w in st.loads]
    params += ["b_" + var for var in st.stores if "b_" + var not in params]
    params += ["o_" + p.outputs[j][2] for j in st.outputs]
    return params


def _cache_dir() -> str:
    root = os.environ.get("S2SGRAD_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "s2sgrad"
    )
    path = os.path.join(root, "numba")
    os.makedirs(path, exist_ok=True)
    return path


def _load(source: str, name: str):
    """Import ``source`` from a file named by its hash (numba caches file-backed code)."""
    digest = hashlib.sha1(source.encode()).hexdigest()[:16]
    path = os.path.join(_cache_dir(), f"s2s_{digest}.py")
    if not os.path.exists(path):
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w") as fh:
            fh.write(source)
        os.replace(tmp, path)
    spec = importlib.util.spec_from_file_location(f"s2sgrad_numba_{digest}", path)
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # numba's cache finds the module again by name
        spec.loader.exec_module(module)
    return getattr(module, name)


def _compile(numba):
    errors = (numba.core.errors.NumbaError,)

    def compile_plan(region, p, sig):
        if p.ufuncs:
            return _compile_staged(region, p, sig, errors)
        T, shape, _ = sig
        n = math.prod(shape)
        parallel = n >= PARALLEL_SIZE
        trig = T == "float64"
        source = kernel_source("s2s_" + region.name, p, parallel, trig)
        kernel = _load(source, "s2s_" + region.name)
        guarded = uses_trig([e for _, e, _, _ in p.lines], trig)
        dtype = numpy.dtype(T)
        scalar = dtype.type
        failed = []

        def run(args, seed):
            # in the kernel's order: arrays, then scalars
            ins = [
                a.reshape(-1)
                for a, (_, kind, _) in zip(args, p.inputs)
                if kind in ("array", "barray")
            ]
            ins += [scalar(a) for a, (_, kind, _) in zip(args, p.inputs) if kind == "scalar"]
            outs = {
                o: numpy.empty(shape, dtype=dt) for o, kind, _, dt in p.outputs if kind == "array"
            }
            flat = [a.reshape(-1) for a in outs.values()]
            try:
                sums = kernel(n, *ins, scalar(0.0 if seed is None else seed), *flat)
            except errors as exc:
                failed.append(exc)
                raise Unsupported(str(exc)) from exc
            if guarded:
                if sums[-1]:
                    return None  # a sin/cos argument beyond numba_trig's range: NumPy body
                sums = sums[:-1]
            values = dict(outs)
            for (name, _, how), acc in zip(p.reductions, sums):
                values[name] = scalar(acc / n if how == "mean" else acc)
            return values

        return run

    return compile_plan


def _compile_staged(region, p, sig, errors):
    """Loops and NumPy ufuncs over blocks of :data:`BLOCK` elements (see :func:`staged`)."""
    T, shape, _ = sig
    n = math.prod(shape)
    steps, buffers = staged(p)
    name = "s2s_" + region.name
    trig = T == "float64"
    source = staged_source(name, p, steps, trig)
    outs = [(o, var, dt) for o, kind, var, dt in p.outputs if kind == "array"]
    dtype = numpy.dtype(T)
    scalar = dtype.type
    size = min(BLOCK, n)
    calls = []  # (kernel, parameter names, its reductions) or (ufunc, source, target)
    for k, st in enumerate(steps):
        if st.ufunc:
            calls.append((getattr(numpy, st.ufunc), st.source, st.target))
        else:
            own = uses_trig([e for _, e, _, _ in st.lines], trig)
            calls.append((_load(source, f"{name}_{k}"), kernel_params(p, st), st.reductions, own))

    def sweep(env, first, last):
        """Blocks ``first:last`` with this thread's buffers; returns their sums."""
        env = dict(env)
        for b, ctype in buffers.items():
            env[b] = numpy.empty(size, dtype=dtype if ctype == "T" else numpy.bool_)
        bound = [
            (c[0], [env[q] for q in c[1]], c[2], c[3])
            if callable(c[1]) is False and isinstance(c[1], list)
            else c
            for c in calls
        ]
        sums = [0.0] * len(p.reductions)
        for block in range(first, last):
            start = block * size
            stop = min(start + size, n)
            m = stop - start
            for c in bound:
                if isinstance(c[1], list):
                    kernel, params, reductions, own = c
                    part = kernel(start, stop, *params)
                    if own:
                        if part[-1]:
                            return None  # a sin/cos argument out of numba_trig's range
                        part = part[:-1]
                    for j, acc in zip(reductions, part or ()):
                        sums[j] += acc
                else:
                    ufunc, src, dst = c
                    src = env[src][start:stop] if src.startswith("a_") else env[src][:m]
                    ufunc(src, out=env[dst][:m])
        return sums

    blocks = -(-n // size)
    workers = min(_threads(), blocks) if n >= PARALLEL_SIZE else 1
    cuts = [blocks * w // workers for w in range(workers + 1)]

    def run(args, seed):
        env = {"v_seed": scalar(0.0 if seed is None else seed)}
        for a, (_, kind, var) in zip(args, p.inputs):
            if kind in ("array", "barray"):
                env["a_" + var[2:]] = a.reshape(-1)
            elif kind == "scalar":
                env[var] = scalar(a)
        for var in [v for v in env if not v.startswith("a_")]:
            env["s_" + var] = env[var]  # the name of one the region reassigns
        values = {}
        for o, var, dt in outs:
            values[o] = numpy.empty(shape, dtype=dt)
            env["o_" + var] = values[o].reshape(-1)
        try:
            if workers == 1:
                parts = [sweep(env, 0, blocks)]
            else:  # the loops release the GIL (nogil), and so do NumPy's ufuncs
                jobs = [_pool().submit(sweep, env, cuts[w], cuts[w + 1]) for w in range(workers)]
                parts = [j.result() for j in jobs]
        except errors as exc:
            raise Unsupported(str(exc)) from exc
        if any(part is None for part in parts):
            return None  # the region's NumPy body, this call
        for j, (o, _, how) in enumerate(p.reductions):
            acc = sum(part[j] for part in parts)  # in a fixed order: the same every call
            values[o] = scalar(acc / n if how == "mean" else acc)
        return values

    return run


_pool_state: dict = {}
_pool_lock = threading.Lock()


def _threads() -> int:
    import numba

    return max(1, int(numba.config.NUMBA_NUM_THREADS))


def _pool():
    """Worker threads for staged kernels on large arrays (one per numba thread)."""
    with _pool_lock:
        pool = _pool_state.get("pool")
        if pool is None:
            pool = _pool_state["pool"] = ThreadPoolExecutor(
                max_workers=_threads(), thread_name_prefix="s2sgrad-numba"
            )
        return pool


if hasattr(os, "register_at_fork"):  # a forked child has none of the parent's threads
    os.register_at_fork(after_in_child=_pool_state.clear)


def register():
    """Register the ``"numba"`` backend (imports numba; raises ImportError without it)."""
    try:
        import numba
    except ImportError as exc:
        raise ImportError(
            "the s2sgrad backend 'numba' needs numba: pip install "
            f'"s2sgrad[numba]"; importing it failed: {exc}'
        ) from exc
    kernel = fused_kernel(
        "numba", numpy.ndarray, _compile(numba), NumbaDialect(), min_size=MIN_SIZE, broadcast=True
    )
    return register_backend("numba", {"fused_kernel": kernel})
