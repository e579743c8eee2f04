"""A seeded generator of small, random, valid NumPy programs for the gradient fuzzer.

``generate(seed)`` returns a :class:`Program`: the text of a module defining helper
functions ``h0``, ``h1``, ... and the entry point ``f``, plus the shapes of ``f``'s
parameters (``None`` marks a Python float). The same seed always gives the same program
and the same inputs.

Every program is valid by construction:

* shapes are tracked statically, so broadcasting, ``@``, ``reshape``, indexing and
  reductions always fit;
* domains are safe by construction, not by filtering: ``log`` only sees ``1 + a * a``,
  ``2 + sin(a)`` or ``exp(a)``; ``sqrt`` only sees ``1 + a * a`` or ``a * a + 0.5``;
  division only by ``1 + b * b`` or ``2 + cos(b)``;
* magnitudes are tracked as conservative bounds and a value whose bound grows past a
  limit is rescaled, so ``exp`` never overflows and finite differences stay accurate;
* ``while`` loops always carry an iteration bound.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from constructs import (
    CONSTRUCTS,
    DECORATE_ENTRY_RATE,
    DECORATE_RATE,
    NEW_RATE,
    STATEMENTS,
    WEIGHTS,
    Constructs,
    Decorators,
)
from fuzzbase import BOUND_LIMIT, MAX_ELEMENTS, Var, broadcast
from fuzzbase import fits_into as _fits_into
from fuzzbase import fmt as _fmt


@dataclass
class Program:
    seed: int
    source: str
    arg_shapes: list  # shape tuple per parameter of f, or None for a Python float
    arg_names: list
    features: set = field(default_factory=set)

    def inputs(self, rng=None):
        """The program's inputs (deterministic from the seed unless ``rng`` is given)."""
        import numpy as np

        rng = rng if rng is not None else np.random.default_rng(self.seed)
        out = []
        for shape in self.arg_shapes:
            if shape is None:
                out.append(float(rng.uniform(-1.0, 1.0)))
            else:
                out.append(rng.uniform(-1.0, 1.0, size=shape))
        return out


class Gen(Constructs):
    """Emits the statements of one function body."""

    def __init__(self, rng: random.Random, module: Module, depth: int, indent: int = 1):
        self.rng = rng
        self.module = module
        self.depth = depth  # how much nesting (control flow, calls) is still allowed
        self.indent = indent
        self.lines: list[str] = []
        self.pool: list[Var] = []
        self.used: set[str] = set()
        # the entry point's inputs by name (their values are known when generating), and
        # the extra terms of its return; empty/None in helpers and nested blocks
        self.known: dict = {}
        self.terminals: list[str] | None = None

    # -- helpers ------------------------------------------------------------------------------

    def fresh(self) -> str:
        return self.module.fresh()

    def emit(self, text: str):
        self.lines.append("    " * self.indent + text)

    def pick(self, pred=lambda v: True):
        cands = [v for v in self.pool if pred(v)]
        if not cands:
            return None
        # prefer recent variables so that programs form chains, not flat fans
        weights = [1.0 + i for i in range(len(cands))]
        v = self.rng.choices(cands, weights=weights)[0]
        return v

    def use(self, *vs):
        for v in vs:
            self.used.add(v.name)

    def assign(self, expr: str, shape, bound: float, name: str | None = None) -> Var:
        name = name or self.fresh()
        if bound > BOUND_LIMIT:
            expr = f"({expr}) / {bound:.4g}"
            bound = 1.0
        self.emit(f"{name} = {expr}")
        v = Var(name, shape, bound)
        self.pool.append(v)
        return v

    def const(self) -> float:
        c = self.rng.choice([-2.0, -1.5, -0.5, 0.25, 0.5, 1.5, 2.0, 3.0])
        return c + self.rng.choice([0.0, 0.1, 0.3])

    # -- expressions -------------------------------------------------------------------------

    def unary(self, a: Var):
        r = self.rng.randrange(14)
        n, b = a.name, a.bound
        if r == 0:
            return f"np.sin({n})", b if b < 1 else 1.0
        if r == 1:
            return f"np.cos({n})", 1.0
        if r == 2:
            return f"np.tanh({n})", min(b, 1.0)
        if r == 3:
            if b <= 3:
                return f"np.exp({n})", math.exp(b)
            return f"np.exp(np.tanh({n}))", math.e
        if r == 4:
            return f"np.log(1.0 + {n} * {n})", math.log1p(b * b)
        if r == 5:
            if b <= 3:
                return f"np.log(np.exp({n}))", b
            return f"np.log(2.0 + np.sin({n}))", math.log(3.0)
        if r == 6:
            return f"np.sqrt(1.0 + {n} * {n})", math.sqrt(1 + b * b)
        if r == 7:
            return f"np.sqrt({n} * {n} + 0.5)", math.sqrt(b * b + 0.5)
        if r == 8:
            return f"{n} ** 2", b * b
        if r == 9:
            return f"{n} ** 3", b**3
        if r == 10:
            return f"-{n}", b
        if r == 11:
            return f"np.log(2.0 + np.sin({n}))", math.log(3.0)
        if r == 12:
            return f"np.sqrt(np.exp(np.tanh({n})))", math.sqrt(math.e)
        return f"(1.0 + {n}) ** 2", (1 + b) ** 2

    def binary(self, a: Var, b: Var | None):
        """``a op b`` (``b`` None: a constant)."""
        if b is None:
            c = self.const()
            op = self.rng.choice(["+", "-", "*", "/", "r-", "r/"])
            if op == "r-":
                return f"{_fmt(c)} - {a.name}", a.shape, abs(c) + a.bound
            if op == "r/":
                return f"{_fmt(c)} / (1.0 + {a.name} * {a.name})", a.shape, abs(c)
            if op == "/":
                c = c if abs(c) >= 0.5 else 2.0
                return f"{a.name} / {_fmt(c)}", a.shape, a.bound / abs(c)
            bound = a.bound + abs(c) if op in "+-" else a.bound * abs(c)
            return f"{a.name} {op} {_fmt(c)}", a.shape, bound
        shape = broadcast(a.shape, b.shape)
        if a.shape is None and b.shape is None:
            shape = None
        op = self.rng.choice(["+", "-", "*", "*", "/", "/2"])
        if op == "/":
            return f"{a.name} / (1.0 + {b.name} * {b.name})", shape, a.bound
        if op == "/2":
            return f"{a.name} / (2.0 + np.cos({b.name}))", shape, a.bound
        bound = a.bound + b.bound if op in "+-" else a.bound * b.bound
        return f"{a.name} {op} {b.name}", shape, bound

    def partner(self, a: Var):
        """A variable that broadcasts with ``a``, or None."""
        return self.pick(lambda v: v is not a and broadcast(v.shape, a.shape) is not None)

    def reduction(self, a: Var):
        fn = self.rng.choice(["sum", "mean", "max"])
        nd = a.ndim
        opts = [None] + list(range(-nd, nd))
        if nd >= 2:
            opts.append(tuple(sorted(self.rng.sample(range(nd), 2))))
        axis = self.rng.choice(opts)
        keepdims = self.rng.random() < 0.3
        axes = (
            set(range(nd))
            if axis is None
            else ({x % nd for x in axis} if isinstance(axis, tuple) else {axis % nd})
        )
        if keepdims:
            shape = tuple(1 if i in axes else d for i, d in enumerate(a.shape))
        else:
            shape = tuple(d for i, d in enumerate(a.shape) if i not in axes)
        count = math.prod(a.shape[i] for i in axes)
        bound = a.bound * count if fn == "sum" else a.bound
        kw = []
        if axis is not None or self.rng.random() < 0.2:
            kw.append(f"axis={axis!r}")
        if keepdims:
            kw.append("keepdims=True")
        args = "".join(", " + k for k in kw)
        if self.rng.random() < 0.3 and a.shape is not None:
            return f"{a.name}.{fn}({args[2:]})", shape, bound
        return f"np.{fn}({a.name}{args})", shape, bound

    def matmul(self, a: Var):
        if a.ndim not in (1, 2):
            return None
        k = a.shape[-1]
        b = self.pick(lambda v: v.ndim in (1, 2) and v.shape[0] == k)
        if b is None or self.rng.random() < 0.2:
            if a.ndim == 2:
                # a @ a.T is always defined
                form = self.rng.choice(
                    [f"{a.name} @ {a.name}.T", f"np.matmul({a.name}, np.transpose({a.name}))"]
                )
                return form, (a.shape[0], a.shape[0]), a.bound * a.bound * k
            return f"{a.name} @ {a.name}", (), a.bound * a.bound * k
        shape = a.shape[:-1] + b.shape[1:]
        form = (
            f"{a.name} @ {b.name}" if self.rng.random() < 0.7 else f"np.matmul({a.name}, {b.name})"
        )
        return form, shape, a.bound * b.bound * k

    def reshape(self, a: Var):
        n = a.size
        divisors = [d for d in range(1, n + 1) if n % d == 0]
        d = self.rng.choice(divisors)
        choices = [(n,), (d, n // d), (n // d, d), (1, n), (n, 1), (d, 1, n // d)]
        shape = self.rng.choice(choices)
        text = repr(shape) if len(shape) > 1 else str(shape[0])
        r = self.rng.random()
        if r < 0.2 and len(shape) > 1:
            text = repr((-1,) + shape[1:])
        if self.rng.random() < 0.5:
            return f"{a.name}.reshape({text})", shape, a.bound
        return f"np.reshape({a.name}, {text})", shape, a.bound

    def transpose(self, a: Var):
        if a.ndim < 2:
            return None
        if a.ndim == 2:
            form = self.rng.choice(
                [f"{a.name}.T", f"np.transpose({a.name})", f"np.transpose({a.name}, (1, 0))"]
            )
            return form, a.shape[::-1], a.bound
        axes = list(range(a.ndim))
        self.rng.shuffle(axes)
        return (
            f"np.transpose({a.name}, {tuple(axes)!r})",
            tuple(a.shape[i] for i in axes),
            a.bound,
        )

    def index(self, a: Var):
        if a.ndim == 0:
            return None
        n0 = a.shape[0]
        r = self.rng.randrange(6)
        if r == 0:  # x[i]
            i = self.rng.randrange(-n0, n0)
            return f"{a.name}[{i}]", a.shape[1:], a.bound
        if r == 1:  # x[lo:hi]
            lo = self.rng.randrange(0, n0)
            hi = self.rng.randrange(lo + 1, n0 + 1)
            return f"{a.name}[{lo}:{hi}]", (hi - lo,) + a.shape[1:], a.bound
        if r == 2 and a.ndim >= 2:  # x[:, j]
            n1 = a.shape[1]
            j = self.rng.randrange(-n1, n1)
            return f"{a.name}[:, {j}]", (a.shape[0],) + a.shape[2:], a.bound
        if r == 3 and a.ndim >= 2:  # x[i, lo:]
            i = self.rng.randrange(n0)
            lo = self.rng.randrange(a.shape[1])
            return f"{a.name}[{i}, {lo}:]", (a.shape[1] - lo,) + a.shape[2:], a.bound
        if r == 4:  # x[::-1]
            return f"{a.name}[::-1]", a.shape, a.bound
        if r == 5 and n0 >= 2:  # x[1:] - x[:-1]
            return (f"{a.name}[1:] - {a.name}[:-1]", (n0 - 1,) + a.shape[1:], 2 * a.bound)
        i = self.rng.randrange(n0)
        return f"{a.name}[{i}]", a.shape[1:], a.bound

    def select(self, a: Var):
        b = self.partner(a)
        r = self.rng.randrange(5)
        if b is None or r == 0:  # leaky relu
            c = self.rng.choice([0.1, 0.5, -0.3])
            return f"np.where({a.name} > 0.0, {a.name}, {c} * {a.name})", a.shape, a.bound
        shape = broadcast(a.shape, b.shape)
        bound = max(a.bound, b.bound)
        if r == 1:
            return f"np.maximum({a.name}, {b.name})", shape, bound
        if r == 2:
            return f"np.minimum({a.name}, {b.name})", shape, bound
        if r == 3:
            return f"np.maximum({a.name}, 0.0)", a.shape, a.bound
        return (
            f"np.where({a.name} > {b.name}, {a.name} * {b.name}, {a.name} - {b.name})",
            shape,
            max(a.bound * b.bound, a.bound + b.bound),
        )

    # -- statements --------------------------------------------------------------------------

    def step(self):
        """Emit one statement (or one compound statement)."""
        enabled = self.module.statements
        if enabled and self.rng.random() < NEW_RATE:
            name = self.rng.choices(enabled, weights=[WEIGHTS[c] for c in enabled])[0]
            if getattr(self, "con_" + name)():
                return
        kinds = [
            "unary",
            "binary",
            "binary",
            "binary",
            "reduce",
            "matmul",
            "reshape",
            "transpose",
            "index",
            "select",
        ]
        if self.depth > 0:
            kinds += ["if", "for", "while", "call", "call"]
        kind = self.rng.choice(kinds)
        getattr(self, "stmt_" + kind)()

    def _expr_stmt(self, make, pred=lambda v: True):
        a = self.pick(pred)
        if a is None:
            return self.stmt_unary()
        res = make(a)
        if res is None:
            return self.stmt_unary()
        expr, shape, bound = res
        self.use(a)
        return self.assign(expr, shape, bound)

    def stmt_unary(self):
        a = self.pick()
        expr, bound = self.unary(a)
        self.use(a)
        return self.assign(expr, a.shape, bound)

    def stmt_binary(self):
        a = self.pick()
        b = self.partner(a) if self.rng.random() < 0.75 else None
        expr, shape, bound = self.binary(a, b)
        self.use(a, *([b] if b else []))
        return self.assign(expr, shape, bound)

    def stmt_reduce(self):
        self.module.features.add("reduce")
        return self._expr_stmt(self.reduction, lambda v: v.ndim >= 1)

    def stmt_matmul(self):
        self.module.features.add("matmul")
        return self._expr_stmt(self.matmul, lambda v: v.ndim in (1, 2))

    def stmt_reshape(self):
        self.module.features.add("reshape")
        return self._expr_stmt(self.reshape, lambda v: v.ndim >= 1)

    def stmt_transpose(self):
        return self._expr_stmt(self.transpose, lambda v: v.ndim >= 2)

    def stmt_index(self):
        self.module.features.add("index")
        return self._expr_stmt(self.index, lambda v: v.ndim >= 1)

    def stmt_select(self):
        self.module.features.add("select")
        return self._expr_stmt(self.select)

    def conform(self, t: Var, target: Var) -> tuple[str, float]:
        """An expression of ``t`` whose shape broadcasts to exactly ``target``'s."""
        if _fits_into(t.shape, target.shape):
            return t.name, t.bound
        if self.rng.random() < 0.5:
            return f"np.mean({t.name})", t.bound
        return f"np.sum({t.name})", t.bound * t.size

    def sub(self, depth=None) -> Gen:
        """A generator for a nested block sharing this scope."""
        g = Gen(self.rng, self.module, self.depth - 1 if depth is None else depth, self.indent + 1)
        g.pool = list(self.pool)
        g.used = self.used
        g.known = self.known
        return g

    def block(self, g: Gen, n: int):
        for _ in range(n):
            g.step()

    def condition(self):
        a = self.pick()
        r = self.rng.randrange(4)
        self.use(a)
        if a.ndim == 0 and r < 2:
            return f"{a.name} > {_fmt(self.const() / 4)}"
        if r == 1:
            return f"np.mean({a.name}) < {_fmt(self.const() / 4)}"
        if r == 2:
            return f"np.max({a.name}) > 0.0"
        return f"np.sum({a.name}) > 0.0"

    def stmt_if(self):
        """``if`` on data; every branch assigns the same variable with the same shape."""
        self.module.features.add("if")
        target = self.pick()
        name = self.fresh()
        r = self.rng.randrange(3)
        bounds = []

        def branch():
            g = self.sub()
            self.block(g, self.rng.randrange(0, 3))
            t = g.pick()
            expr, b = g.conform(t, target)
            g.use(t)
            un, ub = g.unary(target)
            op = g.rng.choice(["+", "*"])
            g.lines.append("    " * g.indent + f"{name} = {un} {op} {expr}")
            bounds.append(ub + b if op == "+" else ub * b)
            return g

        self.use(target)
        if r == 0:  # if without else, the variable defined before
            self.emit(f"{name} = {target.name}")
            self.emit(f"if {self.condition()}:")
            g = branch()
            self.lines.extend(g.lines)
            bounds.append(target.bound)
        else:
            self.emit(f"if {self.condition()}:")
            self.lines.extend(branch().lines)
            if r == 2:
                self.emit(f"elif {self.condition()}:")
                self.lines.extend(branch().lines)
            self.emit("else:")
            self.lines.extend(branch().lines)
        v = Var(name, target.shape, max(bounds))
        self.pool.append(v)
        if v.bound > BOUND_LIMIT:
            self.assign(f"{name} / {v.bound:.4g}", v.shape, 1.0, name=self.fresh())
        return v

    def _accumulator(self, target: Var, name: str, aug: bool):
        r = self.rng.randrange(3)
        if r == 0 or target.shape is None:
            init, b = f"0.0 * {target.name}", 0.0
        elif r == 1:
            init, b = f"{target.name} * 1.0", target.bound
        else:
            init, b = f"np.zeros({target.shape!r})", 0.0
        if target.shape is None and init.startswith("np.zeros"):
            init = "0.0"
        self.emit(f"{name} = {init}")
        return b

    def _update(self, g: Gen, acc: Var, aug: bool, extra: str = ""):
        t = g.pick(lambda v: v.name != acc.name)
        expr, b = g.conform(t, acc)
        g.use(t)
        if aug:
            g.lines.append("    " * g.indent + f"{acc.name} += {expr}{extra}")
            return b
        c = g.rng.choice([0.5, 0.9, -0.5])
        form = g.rng.choice(["lin", "tanh"])
        if form == "tanh":
            g.lines.append("    " * g.indent + f"{acc.name} = np.tanh({acc.name}) + {expr}{extra}")
            return 1.0 + b
        g.lines.append("    " * g.indent + f"{acc.name} = {c} * {acc.name} + {expr}{extra}")
        return b

    def stmt_for(self):
        """``for i in range(n)`` accumulating into a fresh variable."""
        self.module.features.add("for")
        target = self.pick()
        name, i = self.fresh(), self.module.fresh("i")
        n = self.rng.randrange(1, 4)
        aug = self.rng.random() < 0.3
        b0 = self._accumulator(target, name, aug)
        acc = Var(name, target.shape, b0)
        rng_text = self.rng.choice([f"range({n})", f"range(0, {n})", f"range({n}, 0, -1)"])
        self.emit(f"for {i} in {rng_text}:")
        g = self.sub()
        g.pool.append(acc)
        rows = [v for v in self.pool if v.ndim >= 1 and v.shape[0] > n]
        if rows and self.rng.random() < 0.5 and not rng_text.endswith("-1)"):
            # index with the loop variable
            row = self.rng.choice(rows)
            g.use(row)
            g.assign(f"{row.name}[{i}]", row.shape[1:], row.bound)
        elif self.rng.random() < 0.4:
            a = g.pick()
            g.use(a)
            g.assign(f"{a.name} * {i}", a.shape, a.bound * n)
        self.block(g, self.rng.randrange(0, 3))
        b = self._update(g, acc, aug)
        if self.rng.random() < 0.15:
            g.lines.append("    " * g.indent + f"if np.sum({name}) > {_fmt(abs(self.const()))}:")
            g.lines.append("    " * (g.indent + 1) + "break")
        self.lines.extend(g.lines)
        acc.bound = (b0 + 1.0 + b) * (n + 1)
        self.pool.append(acc)
        if acc.bound > BOUND_LIMIT:
            self.assign(f"{name} / {acc.bound:.4g}", acc.shape, 1.0)
        return acc

    def stmt_while(self):
        """``while`` with an iteration bound (and sometimes a data condition)."""
        self.module.features.add("while")
        target = self.pick()
        name, k = self.fresh(), self.module.fresh("k")
        n = self.rng.randrange(1, 4)
        b0 = self._accumulator(target, name, False)
        acc = Var(name, target.shape, b0)
        self.emit(f"{k} = 0")
        cond = f"{k} < {n}"
        if self.rng.random() < 0.4:
            cond += f" and np.sum({name}) < {_fmt(abs(self.const()) * 2)}"
        self.emit(f"while {cond}:")
        g = self.sub()
        g.pool.append(acc)
        self.block(g, self.rng.randrange(0, 3))
        b = self._update(g, acc, False)
        g.lines.append(
            "    " * g.indent + (f"{k} += 1" if self.rng.random() < 0.5 else f"{k} = {k} + 1")
        )
        self.lines.extend(g.lines)
        acc.bound = (b0 + 1.0 + b) * (n + 1)
        self.pool.append(acc)
        if acc.bound > BOUND_LIMIT:
            self.assign(f"{name} / {acc.bound:.4g}", acc.shape, 1.0)
        return acc

    def stmt_call(self):
        """Call a generated helper (reusing one with a matching signature if any)."""
        self.module.features.add("call")
        nargs = self.rng.randrange(1, 3)
        args = [self.pick() for _ in range(nargs)]
        if nargs == 2 and args[0] is args[1]:
            args = args[:1]
        sig = tuple(a.shape for a in args)
        helper = self.module.helper_for(sig, self.depth - 1)
        self.use(*args)
        # helpers are generated for arguments bounded by 1: rescale larger ones
        names = [a.name if a.bound <= 1.0 else f"{a.name} / {a.bound:.4g}" for a in args]
        if helper.default and self.rng.random() < 0.5:
            names.append(f"scale={_fmt(self.const())}")
        return self.assign(f"{helper.name}({', '.join(names)})", helper.shape, helper.bound)

    # -- whole bodies ------------------------------------------------------------------------

    def finish(self):
        """``return`` a scalar that depends on every unused variable."""
        leaves = [v for v in self.pool if v.name not in self.used]
        if not leaves:
            leaves = [self.pool[-1]]
        terms = []
        for v in leaves:
            r = self.rng.randrange(4)
            if r == 0:
                terms.append(f"np.mean({v.name})")
            elif r == 1 and len(terms) > 0:
                terms.append(f"{_fmt(self.const())} * np.sum({v.name})")
            else:
                terms.append(f"np.sum({v.name})")
        terms.extend(self.terminals or [])
        self.emit("return " + " + ".join(terms))


@dataclass
class Helper:
    name: str
    shape: tuple | None
    bound: float
    default: bool


class Module:
    """The module being generated: name counters and helper functions."""

    def __init__(self, rng: random.Random, constructs: tuple = CONSTRUCTS):
        self.rng = rng
        self.counter = 0
        self.helpers: dict = {}
        self.n_helpers = 0
        self.helper_lines: list[str] = []
        self.features: set = set()
        self.constructs = tuple(constructs)
        self.statements = [c for c in STATEMENTS if c in self.constructs]
        self.decorators = Decorators(rng)
        self.global_lines: list[str] = []

    def global_list(self) -> str:
        """The name of a module-level list (made on first use)."""
        if not self.global_lines:
            self.global_lines = ["STORE = []", "", ""]
        return "STORE"

    def fresh(self, prefix="v") -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def helper_for(self, sig: tuple, depth: int) -> Helper:
        if sig in self.helpers and self.rng.random() < 0.7:
            return self.rng.choice(self.helpers[sig])
        name = f"h{self.n_helpers}"
        self.n_helpers += 1
        g = Gen(self.rng, self, max(depth, 0), indent=1)
        params = []
        for j, shape in enumerate(sig):
            p = Var(f"p{j}", shape, 1.0)
            params.append(p.name)
            g.pool.append(p)
        default = self.rng.random() < 0.3
        for _ in range(self.rng.randrange(1, 4)):
            g.step()
        if default:
            out = g.pick()
            g.use(out)
            g.assign(f"scale * {out.name}", out.shape, out.bound * 3.3)
        out = g.pool[-1]
        if len(g.pool) == len(params):
            out = g.stmt_unary()
        leaves = [v for v in g.pool if v.name not in g.used and v is not out]
        ret = out.name
        for v in leaves[:2]:
            expr, b = g.conform(v, out)
            ret += f" + {expr}"
            out = Var(out.name, out.shape, out.bound + b)
        sig_text = ", ".join(params + (["scale=0.5"] if default else []))
        head = []
        bound = out.bound
        if "decorator" in self.constructs and self.rng.random() < DECORATE_RATE:
            head, mul, add = self.decorators.decorate(
                params, ["scale"] if default else [], self.features
            )
            bound = abs(mul) * bound + abs(add)
        lines = head + [f"def {name}({sig_text}):"] + g.lines + [f"    return {ret}", "", ""]
        self.helper_lines.extend(lines)
        helper = Helper(name, out.shape, bound, default)
        self.helpers.setdefault(sig, []).append(helper)
        return helper


def _arg_shapes(rng: random.Random) -> list:
    a, b, c = rng.randint(1, 3), rng.randint(2, 3), rng.randint(1, 3)
    menu = [None, (), (b,), (a, b), (a, 1), (1, b), (b, c), (c,), (a, b, c), (2, 2)]
    weights = [2, 1, 3, 3, 1, 1, 2, 1, 1, 1]
    n = rng.randint(1, 3)
    shapes, total = [], 0
    while len(shapes) < n:
        s = rng.choices(menu, weights=weights)[0]
        size = 1 if s is None else math.prod(s)
        if total + size > MAX_ELEMENTS:
            if shapes:
                break
            continue
        shapes.append(s)
        total += size
    return shapes


def generate(
    seed: int, max_statements: int = 6, depth: int = 2, constructs: tuple = CONSTRUCTS
) -> Program:
    """The random program of ``seed``, using the base statements and ``constructs``
    (names from :data:`constructs.CONSTRUCTS`)."""
    rng = random.Random(seed)
    module = Module(rng, constructs)
    shapes = _arg_shapes(rng)
    g = Gen(rng, module, depth)
    names = []
    for j, shape in enumerate(shapes):
        v = Var(f"x{j}", shape, 1.0)
        names.append(v.name)
        g.pool.append(v)
    if module.statements:
        values = Program(seed, "", shapes, names).inputs()
        g.known = dict(zip(names, values))
        g.terminals = []
    for _ in range(rng.randint(2, max_statements)):
        g.step()
    g.finish()
    head = []
    if "decorator" in module.constructs and rng.random() < DECORATE_ENTRY_RATE:
        head, _, _ = module.decorators.decorate(names, [], module.features)
        module.features.add("decorator.entry")
    imports = ["import numpy as np"] + sorted(module.decorators.imports)
    text = imports + ["", ""] + module.global_lines + module.decorators.lines
    text += module.helper_lines
    text += head + [f"def f({', '.join(names)}):"] + g.lines + [""]
    return Program(seed, "\n".join(text), shapes, names, module.features)


if __name__ == "__main__":
    import sys

    print(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 0).source)
