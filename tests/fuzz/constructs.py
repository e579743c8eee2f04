"""The fuzz generator's second family of statements: the constructs of issue 10.

Each ``con_<name>`` method of :class:`Constructs` emits one small piece of code built from
variables in scope and returns True, or returns False (emitting nothing) when the pool has
nothing it applies to. Every construct keeps finite differences a valid oracle:

* values stay smooth at the inputs: no comparison, ``max`` or ``abs`` is added, and the
  only non-smooth NumPy functions they call (``std`` of equal values) are identically
  constant where they are singular;
* the exact zeros that the singular-point forms (``z ** 0``, ``np.prod`` of a zero) need
  come from ``z = x - c`` where ``c`` is the exact input value of one element of ``x``;
  those values feed only the ``return`` (never a branch, ``max`` or ``where``);
* in-place writes and mutating NumPy calls target fresh locals only, never an argument
  or a pool variable (the program stays a pure function of its inputs);
* fancy-index writes with repeated indices follow NumPy's semantics, which finite
  differences see as they are.

Decorators (``functools.wraps`` wrappers, decorator factories) are module-level:
:meth:`Decorators.decorate` writes them for :class:`generator.Module`.
"""

from __future__ import annotations

from fuzzbase import Var, fits_into, fmt

# the constructs and their relative weights; "decorator" is applied to functions, the
# others are statements
WEIGHTS = {
    "list_np": 3.0,
    "concat": 2.0,
    "append": 2.0,
    "dict": 2.0,
    "alias": 2.0,
    "fancy": 2.0,
    "power": 2.0,
    "mutate": 2.0,
    "rc": 2.0,
    "decorator": 1.0,
}
CONSTRUCTS = tuple(WEIGHTS)
STATEMENTS = tuple(c for c in CONSTRUCTS if c != "decorator")

NEW_RATE = 0.4  # the share of statements that are constructs (when any is enabled)
DECORATE_RATE = 0.35  # of helpers, when "decorator" is enabled
DECORATE_ENTRY_RATE = 0.08  # of entry points f


def parse_constructs(text: str | None) -> tuple:
    """``--constructs``: "all" (default), "none", or a comma-separated list of names."""
    if text is None or text == "all":
        return CONSTRUCTS
    if text == "none":
        return ()
    names = tuple(t.strip() for t in text.split(",") if t.strip())
    unknown = [n for n in names if n not in CONSTRUCTS]
    if unknown:
        raise ValueError(f"unknown constructs {unknown}; known: {', '.join(CONSTRUCTS)}")
    return names


class Constructs:
    """Mixin for :class:`generator.Gen`."""

    # -- helpers ------------------------------------------------------------------------------

    def emit_at(self, extra: int, text: str):
        self.lines.append("    " * (self.indent + extra) + text)

    def form(self, construct: str, form: str):
        """Record that ``construct`` was emitted in ``form`` (for the run report)."""
        self.module.features.add(construct)
        self.module.features.add(f"{construct}.{form}")

    def fresh_array(self, v: Var) -> str:
        """An expression that evaluates to a new array (never a view) equal to ``v``."""
        return self.rng.choice([f"{v.name} * 1.0", f"np.copy({v.name})", f"{v.name} + 0.0"])

    def scalar_of(self, v: Var):
        """(expression, bound): a scalar computed from ``v``."""
        if v.ndim == 0:
            return v.name, v.bound
        r = self.rng.randrange(3)
        if r == 0:
            idx = ", ".join(str(self.rng.randrange(d)) for d in v.shape)
            return f"{v.name}[{idx}]", v.bound
        if r == 1:
            return f"np.mean({v.name})", v.bound
        return f"np.sum({v.name})", v.bound * v.size

    def exact(self, v: Var, shape: tuple):
        """(expression, bound): ``v`` made exactly ``shape`` (a tuple)."""
        e, b = self.conform(v, Var("", shape, 0.0))
        have = (v.shape or ()) if e == v.name else ()
        if have != shape:
            e = f"{e} + np.zeros({shape!r})"
        return e, b

    def scalars(self, k: int):
        out = []
        for _ in range(k):
            v = self.pick()
            self.use(v)
            out.append(self.scalar_of(v))
        return out

    def like(self, a: Var):
        """(expression, bound, active): an expression of exactly ``a``'s (array) shape."""
        same = [v for v in self.pool if v.shape == a.shape]
        r = self.rng.randrange(5)
        if r == 0 and same:
            v = self.rng.choice(same)
            self.use(v)
            return v.name, v.bound, True
        self.use(a)
        if r == 1:
            return f"np.sin({a.name})", min(a.bound, 1.0), True
        if r == 2:
            c = self.const()
            return f"{fmt(c)} * {a.name}", abs(c) * a.bound, True
        if r == 3:
            c = self.const()
            return f"np.ones({a.shape!r}) * {fmt(c)}", abs(c), False
        return a.name, a.bound, True

    def flat(self, v: Var):
        """(expression, length, bound): ``v`` as a 1-D array."""
        self.use(v)
        if v.ndim == 1:
            return v.name, v.shape[0], v.bound
        if v.shape is None or v.ndim == 0:
            return f"np.ravel({v.name})", 1, v.bound
        form = self.rng.choice(
            [
                f"np.ravel({v.name})",
                f"{v.name}.ravel()",
                f"{v.name}.reshape(-1)",
                f"{v.name}.flatten()",
            ]
        )
        return form, v.size, v.bound

    def bind(self, seq: str) -> str:
        """``seq`` (a list or tuple display), or a fresh name bound to it first (the two
        are differentiated along different paths)."""
        if self.rng.random() < 0.5:
            return seq
        self.module.features.add("list_np.bound")
        name = self.fresh()
        self.emit(f"{name} = {seq}")
        return name

    def array_var(self, pred=lambda v: True):
        return self.pick(lambda v: v.shape is not None and v.ndim >= 1 and pred(v))

    def small(self, v: Var | None, limit: int = 8) -> bool:
        return v is not None and v.size <= limit

    # -- 1. lists and tuples fed to NumPy ----------------------------------------------------

    def con_list_np(self):
        r = self.rng.randrange(12)
        if r == 11:
            # builtins over a list or a 1-D array (no ties: the values are random)
            a = self.array_var(lambda v: v.ndim == 1 and v.shape[0] >= 2)
            fn = self.rng.choice(["max", "min"])
            self.form("list_np", "builtin_max")
            if a is not None and self.rng.random() < 0.5:
                self.use(a)
                self.assign(f"{fn}({a.name})", (), a.bound)
            else:
                (s1, b1), (s2, b2) = self.scalars(2)
                self.assign(f"{fn}([{s1}, {s2} + 0.5])", (), max(b1, b2 + 0.5))
            return True
        if r <= 2 or r == 8 or r == 10:
            k = self.rng.randrange(1, 4)
            items = self.scalars(k)
            consts = [fmt(self.const()) for _ in range(self.rng.randrange(0, 2))]
            texts = [e for e, _ in items] + consts
            self.rng.shuffle(texts)
            bound = sum(b for _, b in items) + sum(abs(float(c)) for c in consts)
            seq = (
                f"[{', '.join(texts)}]"
                if self.rng.random() < 0.6
                else f"({', '.join(texts)}{',' if len(texts) == 1 else ''})"
            )
            n = len(texts)
            if r == 0:
                self.form("list_np", "sum")
                fn = self.rng.choice(["np.sum", "np.sum", "sum"])
                self.assign(f"{fn}({self.bind(seq)})", (), bound)
            elif r == 1:
                self.form("list_np", "array")
                self.assign(f"np.array({self.bind(seq)})", (n,), bound)
            elif r == 2:
                self.form("list_np", "mean")
                self.assign(f"np.mean({self.bind(seq)})", (), bound)
            elif r == 8:
                self.form("list_np", "arith")
                name = self.fresh()
                self.emit(f"{name} = {seq}")
                if n >= 2:
                    i, j = self.rng.sample(range(n), 2)
                    self.assign(
                        f"{name}[{i}] * {name}[{j}] + {name}[-1]", (), bound * bound + bound
                    )
                else:
                    self.assign(f"2.0 * {name}[0]", (), 2 * bound)
            else:
                self.form("list_np", "dot")
                other = self.scalars(n)
                ob = sum(b for _, b in other)
                self.assign(
                    f"np.dot({self.bind(seq)}, "
                    f"{self.bind('[' + ', '.join(e for e, _ in other) + ']')})",
                    (),
                    bound * ob,
                )
            return True
        if r in (3, 4):
            a = self.array_var(lambda v: v.size <= 6) or self.pick(lambda v: v.shape == ())
            if a is None:
                return False
            k = self.rng.randrange(2, 4)
            items = [self.like(a) for _ in range(k)]
            texts = ", ".join(e for e, _, _ in items)
            bound = max(b for _, b, _ in items)
            if r == 3:
                self.form("list_np", "stack")
                axis = self.rng.choice([0, 0, -1])
                shape = (k,) + a.shape if axis == 0 else a.shape + (k,)
                kw = "" if axis == 0 else ", axis=-1"
                self.assign(f"np.stack({self.bind('[' + texts + ']')}{kw})", shape, bound)
            else:
                self.form("list_np", "array_of_arrays")
                self.assign(f"np.array({self.bind('[' + texts + ']')})", (k,) + a.shape, bound)
            return True
        if r == 5 or r == 6:
            k = self.rng.randrange(1, 3)
            parts, length, bound = [], 0, 0.0
            for _ in range(k):
                v = self.pick(lambda v: v.size <= 6)
                if v is None:
                    return False
                e, n, b = self.flat(v)
                parts.append(e)
                length += n
                bound = max(bound, b)
            if r == 5:
                self.form("list_np", "concatenate")
                if self.rng.random() < 0.5:
                    c = [fmt(self.const()) for _ in range(self.rng.randrange(1, 3))]
                    parts.append(
                        f"[{', '.join(c)}]"
                        if self.rng.random() < 0.5
                        else f"np.array([{', '.join(c)}])"
                    )
                    length += len(c)
                    bound = max(bound, max(abs(float(x)) for x in c))
                if len(parts) == 1:
                    parts.append(parts[0])
                    length *= 2
                self.assign(
                    f"np.concatenate({self.bind('[' + ', '.join(parts) + ']')})", (length,), bound
                )
            else:
                self.form("list_np", "hstack")
                if self.rng.random() < 0.4:
                    s, b = self.scalars(1)[0]
                    parts.append(s)
                    length += 1
                    bound = max(bound, b)
                tup = f"({', '.join(parts)}{',' if len(parts) == 1 else ''})"
                self.assign(f"np.hstack({self.bind(tup)})", (length,), bound)
            return True
        if r == 7:
            a = self.array_var(lambda v: v.ndim == 1 and v.size <= 6)
            if a is None:
                return False
            self.form("list_np", "vstack")
            items = [self.like(a) for _ in range(self.rng.randrange(2, 4))]
            seq = self.bind("[" + ", ".join(e for e, _, _ in items) + "]")
            self.assign(f"np.vstack({seq})", (len(items), a.shape[0]), max(b for _, b, _ in items))
            return True
        # nested list of scalars
        self.form("list_np", "nested")
        items = self.scalars(3)
        texts = [e for e, _ in items] + [fmt(self.const())]
        seq = self.bind(f"[[{texts[0]}, {texts[1]}], [{texts[2]}, {texts[3]}]]")
        self.assign(f"np.array({seq})", (2, 2), max(max(b for _, b in items), 3.3))
        return True

    # -- tuple/list concatenation, repetition, slicing ----------------------------------------

    def consume_scalar_list(self, name: str, n: int, bound: float):
        r = self.rng.randrange(4)
        if r == 0:
            self.assign(f"np.array({name})", (n,), bound)
        elif r == 1:
            self.assign(f"np.sum({name})", (), bound * n)
        elif r == 2:
            self.assign(f"sum({name})", (), bound * n)
        else:
            self.assign(f"np.mean(np.array({name}))", (), bound)

    def consume_array_list(self, name: str, n: int, a: Var, bound: float):
        r = self.rng.randrange(5)
        if r == 0:
            self.assign(f"np.stack({name})", (n,) + a.shape, bound)
        elif r == 1:
            self.assign(f"np.sum({name}, axis=0)", a.shape, bound * n)
        elif r == 2:
            self.assign(f"{name}[0] * {name}[-1]", a.shape, bound * bound)
        elif r == 3:
            acc = self.fresh()
            e = self.module.fresh("e")
            self.emit(f"{acc} = np.zeros({a.shape!r})")
            self.emit(f"for {e} in {name}:")
            self.emit_at(1, f"{acc} = {acc} + np.sin({e})")
            self.pool.append(Var(acc, a.shape, float(n)))
        else:
            self.assign(f"np.array({name})", (n,) + a.shape, bound)

    def con_concat(self):
        r = self.rng.randrange(5)
        if r == 0:
            # (a,) + (b,) fed to hstack/concatenate: pieces may have different lengths
            parts, length, bound = [], 0, 0.0
            for _ in range(self.rng.randrange(2, 4)):
                v = self.pick(lambda v: v.size <= 6) or self.pick()
                e, n, b = self.flat(v)
                parts.append(f"({e},)")
                length += n
                bound = max(bound, b)
            self.form("concat", "tuple_plus")
            fn = self.rng.choice(["np.hstack", "np.concatenate"])
            if self.rng.random() < 0.5:
                self.assign(f"{fn}({' + '.join(parts)})", (length,), bound)
            else:
                t = self.fresh()
                self.emit(f"{t} = {parts[0]}")
                for p in parts[1:]:
                    self.emit(f"{t} = {t} + {p}" if self.rng.random() < 0.5 else f"{t} += {p}")
                self.assign(f"{fn}({t})", (length,), bound)
            return True
        if r in (1, 2):
            items = self.scalars(self.rng.randrange(1, 3))
            texts = [e for e, _ in items]
            bound = max(max(b for _, b in items), 3.3)
            name = self.fresh()
            n = len(texts)
            if r == 1:
                self.form("concat", "list_plus")
                more = self.scalars(self.rng.randrange(2))
                other = [fmt(self.const())] + [e for e, _ in more]
                bound = max([bound] + [b for _, b in more])
                self.emit(f"{name} = [{', '.join(texts)}] + [{', '.join(other)}]")
                n += len(other)
                if self.rng.random() < 0.5:
                    s, b = self.scalars(1)[0]
                    self.emit(f"{name} += [{s}]")
                    n += 1
                    bound = max(bound, b)
            else:
                self.form("concat", "list_times")
                k = self.rng.randrange(2, 4)
                self.emit(f"{name} = [{', '.join(texts)}] * {k}")
                n *= k
            if n >= 2 and self.rng.random() < 0.6:
                self.form("concat", "slice")
                cut = self.rng.choice(["[1:]", "[::-1]", "[:-1]", "[::2]", f"[:{n}]"])
                self.emit(f"{name} = {name}{cut}")
                n = len(range(n)[_slice(cut)])
            self.consume_scalar_list(name, n, bound)
            return True
        a = self.array_var(lambda v: v.size <= 6) or self.pick(lambda v: v.shape == ())
        if a is None:
            return False
        name = self.fresh()
        if r == 3:
            self.form("concat", "array_list_plus")
            first = [self.like(a) for _ in range(self.rng.randrange(1, 3))]
            second = [self.like(a) for _ in range(self.rng.randrange(1, 3))]
            bound = max(b for _, b, _ in first + second)
            self.emit(
                f"{name} = [{', '.join(e for e, _, _ in first)}] + "
                f"[{', '.join(e for e, _, _ in second)}]"
            )
            n = len(first) + len(second)
            if self.rng.random() < 0.5:
                cut = self.rng.choice(["[1:]", "[::-1]", "[:-1]", "[::2]"])
                self.form("concat", "slice")
                self.emit(f"{name} = {name}{cut}")
                n = len(range(n)[_slice(cut)])
        else:
            self.form("concat", "list_aug_loop")
            e, b, _ = self.like(a)
            i = self.module.fresh("i")
            k = self.rng.randrange(1, 4)
            self.emit(f"{name} = [{e}]")
            self.emit(f"for {i} in range({k}):")
            e2, b2, _ = self.like(a)
            if self.rng.random() < 0.5:
                self.emit_at(1, f"{name} += [{e2} * {i}]")
            else:
                self.emit_at(1, f"{name} = {name} + [{e2} * {i}]")
            n = k + 1
            bound = max(b, b2 * k)
        self.consume_array_list(name, n, a, bound)
        return True

    # -- appends of mixed activity, pop -------------------------------------------------------

    def con_append(self):
        a = self.array_var(lambda v: v.size <= 6) if self.rng.random() < 0.7 else None
        a = a or self.pick(lambda v: v.ndim == 0)
        if a is None:
            return False
        shape = a.shape if a.shape is not None else ()
        name, i = self.fresh(), self.module.fresh("i")
        n = self.rng.randrange(1, 4)
        c = self.const()
        self.use(a)
        active = self.rng.choice(
            [f"{a.name} * {i}", f"{a.name} * ({i} + 1.0)", f"np.sin({a.name}) + {i}", f"{a.name}"]
        )
        if shape == ():
            inactive = self.rng.choice([f"{fmt(c)} * 10.0", f"float({i})", f"{fmt(c)} * {i}"])
        else:
            inactive = self.rng.choice(
                [f"np.ones({shape!r}) * {fmt(c)}", f"{fmt(c)} * {i} * np.ones({shape!r})"]
            )
        start = []
        if self.rng.random() < 0.3:
            start = [inactive.replace(i, "1")]
        self.emit(f"{name} = [{', '.join(start)}]")
        self.emit(f"for {i} in range({n}):")
        r = self.rng.randrange(3)
        if r == 0:
            self.form("append", "both")
            pair = [active, inactive]
            self.rng.shuffle(pair)
            for p in pair:
                self.emit_at(1, f"{name}.append({p})")
            length = 2 * n
        elif r == 1:
            self.form("append", "branch")
            self.emit_at(1, f"if {i} % 2 == 0:")
            self.emit_at(2, f"{name}.append({active})")
            self.emit_at(1, "else:")
            self.emit_at(2, f"{name}.append({inactive})")
            length = n
        else:
            self.form("append", "active_only")
            self.emit_at(1, f"{name}.append({active})")
            length = n
        length += len(start)
        bound = max(a.bound * (n + 1) + n, abs(c) * 10 + n)
        if length >= 2 and self.rng.random() < 0.4:
            self.form("append", "pop")
            last = self.fresh()
            self.emit(f"{last} = {name}.pop({self.rng.choice(['', '0', '-1'])})")
            length -= 1
            self.pool.append(Var(last, shape, bound))
        self.consume_array_list(name, length, Var(name, shape, bound), bound)
        return True

    # -- dicts --------------------------------------------------------------------------------

    def con_dict(self):
        target = self.pick()
        shape = target.shape if target.shape is not None else ()
        int_keys = self.rng.random() < 0.5
        k = self.rng.randrange(2, 4)
        if int_keys:
            keys = self.rng.sample(range(6), k)
            key_texts = [str(x) for x in keys]
        else:
            keys = self.rng.sample(["u", "v", "w", "a", "b"], k)
            key_texts = [repr(x) for x in keys]
        values, bound = [], 0.0
        for j in range(k):
            if j == k - 1 and self.rng.random() < 0.4:
                c = self.const()
                values.append(fmt(c) if shape == () else f"np.ones({shape!r}) * {fmt(c)}")
                bound += abs(c)
                continue
            v = self.pick()
            self.use(v)
            e, b = self.exact(v, shape)
            if self.rng.random() < 0.5:
                e, b = f"2.0 * {e}" if " " not in e else f"2.0 * ({e})", 2 * b
            values.append(e)
            bound += b
        d = self.fresh()
        if not int_keys and self.rng.random() < 0.2:
            self.form("dict", "dict_call")
            self.emit(f"{d} = dict({', '.join(f'{kk}={v}' for kk, v in zip(keys, values))})")
        else:
            self.emit(f"{d} = {{{', '.join(f'{kt}: {v}' for kt, v in zip(key_texts, values))}}}")
        if self.rng.random() < 0.3:
            self.form("dict", "update")
            kt = self.rng.choice(key_texts)
            v = self.pick()
            self.use(v)
            e, b = self.conform(v, Var("", shape, 0.0))
            self.emit(f"{d}[{kt}] = {d}[{kt}] * 0.5 + {e}")
            bound += b
        kmax = max(keys) + 1 if int_keys else 1
        acc = self.fresh()
        r = self.rng.randrange(6)
        init = "0.0" if shape == () else f"np.zeros({shape!r})"
        if r == 0:
            self.form("dict", "iter_keys")
            kv = self.module.fresh("k")
            self.emit(f"{acc} = {init}")
            self.emit(f"for {kv} in {d}:")
            term = f"{d}[{kv}] * ({kv} + 1)" if int_keys else f"{d}[{kv}]"
            self.emit_at(1, f"{acc} = {acc} + {term}")
            self.pool.append(Var(acc, shape, bound * kmax))
        elif r == 1:
            self.form("dict", "iter_items")
            kv, vv = self.module.fresh("k"), self.module.fresh("val")
            self.emit(f"{acc} = {init}")
            self.emit(f"for {kv}, {vv} in {d}.items():")
            term = f"{vv} * ({kv} + 1)" if int_keys else f"np.sin({vv})"
            self.emit_at(1, f"{acc} = {acc} + {term}")
            self.pool.append(Var(acc, shape, bound * kmax))
        elif r == 2:
            self.form("dict", "iter_values")
            vv = self.module.fresh("val")
            self.emit(f"{acc} = {init}")
            self.emit(f"for {vv} in {d}.values():")
            self.emit_at(1, f"{acc} = {acc} + {vv} * {vv}")
            self.pool.append(Var(acc, shape, bound * bound))
        elif r == 3:
            self.form("dict", "lookup")
            k1, k2 = self.rng.sample(key_texts, 2)
            self.assign(
                f"{d}[{k1}] * {d}[{k2}] + {d}[{key_texts[0]}]", shape, bound * bound + bound
            )
        elif r == 4:
            self.form("dict", "values_list")
            self.assign(f"np.stack(list({d}.values()))", (k,) + shape, bound)
        else:
            self.form("dict", "keys_values")
            kv = self.module.fresh("k")
            self.emit(f"{acc} = {init}")
            if int_keys:
                self.emit(f"for {kv} in {d}.keys():")
                self.emit_at(1, f"{acc} = {acc} + {kv} * {d}[{kv}]")
            else:
                self.emit(f"for {kv} in sorted({d}):")
                self.emit_at(1, f"{acc} = {acc} * 0.5 + {d}[{kv}]")
            self.pool.append(Var(acc, shape, bound * kmax))
        return True

    # -- chained assignment and aliases -------------------------------------------------------

    def con_alias(self):
        v = self.pick()
        self.use(v)
        shape = v.shape
        a, b = self.fresh(), self.fresh()
        r = self.rng.randrange(6)
        if r == 5:
            # a module-level list appended to and read back (f stays a pure function)
            self.form("alias", "module_list")
            store = self.module.global_list()
            self.emit(f"{store}.append({self.fresh_array(v)})")
            self.assign(f"{store}[-1] * 2.0", shape, 2 * v.bound)
            return True
        if r >= 3 and (shape is None or v.ndim == 0):
            r = self.rng.randrange(3)
        if r == 0:
            self.form("alias", "chained")
            expr, bound = self.rng.choice(
                [
                    (f"2.0 * {v.name}", 2 * v.bound),
                    (f"np.sin({v.name})", 1.0),
                    (self.fresh_array(v), v.bound),
                ]
            )
            self.emit(f"{a} = {b} = {expr}")
        elif r == 1:
            self.form("alias", "copy_name")
            self.emit(f"{a} = {self.fresh_array(v)}")
            self.emit(f"{b} = {a}")
            bound = v.bound
        elif r == 2:
            self.form("alias", "twice_in_list")
            return self._alias_list(v, a)
        elif r == 3:
            self.form("alias", "view")
            self.emit(f"{a} = {self.fresh_array(v)}")
            n0 = shape[0]
            lo = self.rng.randrange(n0)
            view = self.rng.choice([f"{a}[{lo}:]", f"{a}[::-1]", f"{a}[{lo}]"])
            if view == f"{a}[{lo}]":
                vshape = shape[1:]
            elif view == f"{a}[::-1]":
                vshape = shape
            else:
                vshape = (n0 - lo,) + shape[1:]
            if vshape == ():
                view = f"{a}[{lo}:{lo + 1}]"
                vshape = (1,) + shape[1:]
            self.emit(f"{b} = {view}")
            bound = v.bound
            upd, ub = self._inplace(Var(a, shape, bound))
            self.emit(upd)
            self.pool.append(Var(a, shape, bound + ub))
            self.pool.append(Var(b, vshape, bound + ub))
            return True
        else:
            self.form("alias", "reshape_view")
            self.emit(f"{a} = {self.fresh_array(v)}")
            vshape = (v.size,)
            self.emit(f"{b} = {a}.reshape(-1)" if self.rng.random() < 0.5 else f"{b} = {a}.ravel()")
            upd, ub = self._inplace(Var(a, shape, v.bound))
            self.emit(upd)
            self.pool.append(Var(a, shape, v.bound + ub))
            self.pool.append(Var(b, vshape, v.bound + ub))
            return True
        upd, ub = self._inplace(Var(a, shape, bound))
        self.emit(upd)
        self.pool.append(Var(a, shape, bound + ub))
        self.pool.append(Var(b, shape, bound + ub))
        return True

    def _alias_list(self, v, a):
        shape = v.shape
        ys = self.fresh()
        self.emit(f"{a} = {self.fresh_array(v)}")
        self.emit(f"{ys} = [{a}, {a}]")
        w = self.pick(lambda u: u.name != a)
        self.use(w)
        e, eb = self.conform(w, Var("", shape, 0.0))
        j = self.rng.randrange(2)
        op = self.rng.choice(["+=", "*="])
        if op == "*=":
            self.emit(f"{ys}[{j}] *= {fmt(self.const())}")
            eb = 3.3 * v.bound
        else:
            self.emit(f"{ys}[{j}] += {e}")
        bound = v.bound + eb
        r = self.rng.randrange(3)
        if r == 0:
            self.assign(f"{ys}[0] + 2.0 * {ys}[1]", shape, 3 * bound)
        elif r == 1:
            self.assign(f"np.stack({ys})", (2,) + (shape or ()), bound)
        else:
            self.assign(f"np.sum({ys}[{1 - j}])", (), bound * v.size)
        return True

    def _inplace(self, a: Var):
        """An in-place update of the fresh array ``a``: (statement, bound added)."""
        w = self.pick(lambda u: u.name != a.name)
        self.use(w)
        if a.ndim >= 1 and self.rng.random() < 0.5:
            s, sb = self.scalar_of(w)
            i = self.rng.randrange(a.shape[0])
            op = self.rng.choice(["=", "+="])
            return f"{a.name}[{i}] {op} {s}", sb
        e, eb = self.conform(w, a)
        op = self.rng.choice(["+=", "-=", "+="])
        return f"{a.name} {op} {e}", eb

    # -- fancy indexing -----------------------------------------------------------------------

    def con_fancy(self):
        a = self.array_var()
        if a is None:
            return False
        self.use(a)
        n0, rest = a.shape[0], a.shape[1:]
        m = self.rng.randrange(1, 4)
        idx = [self.rng.randrange(n0) for _ in range(m)]
        if m >= 2 and self.rng.random() < 0.6:
            idx[1] = idx[0]  # a repeated index
        dup = len(set(idx)) < len(idx)
        text = repr(idx)
        if self.rng.random() < 0.3:
            text = f"np.array({text})"
        if self.rng.random() < 0.5:
            # a read
            self.form("fancy", "read_dup" if dup else "read")
            r = self.rng.randrange(3)
            if r == 1 and a.ndim >= 2:
                cols = [self.rng.randrange(a.shape[1]) for _ in range(m)]
                self.assign(f"{a.name}[{text}, {cols!r}]", (m,) + rest[1:], a.bound)
            elif r == 2 and a.ndim >= 2:
                cols = [self.rng.randrange(a.shape[1]) for _ in range(m)]
                self.assign(f"{a.name}[:, {cols!r}]", (n0, m) + rest[1:], a.bound)
            else:
                self.assign(f"{a.name}[{text}]", (m,) + rest, a.bound)
            return True
        self.form("fancy", "write_dup" if dup else "write")
        y = self.fresh()
        base = self.rng.choice([f"np.zeros({a.shape!r})", self.fresh_array(a)])
        yb = 0.0 if base.startswith("np.zeros") else a.bound
        self.emit(f"{y} = {base}")
        if self.rng.random() < 0.3:
            iv = self.module.fresh("idx")
            self.emit(f"{iv} = {text}")
            text = iv
        rows = self.pick(
            lambda v: (
                v.shape is not None and v.ndim >= 1 and v.shape[0] >= m and v.shape[1:] == rest
            )
        )
        if rows is not None and self.rng.random() < 0.6:
            self.use(rows)
            rhs = rows.name if rows.shape[0] == m else f"{rows.name}[:{m}]"
            rb = rows.bound
        else:
            rhs, rb = self.scalars(1)[0]
        op = self.rng.choice(["=", "+=", "+=", "-=", "*="])
        if op == "*=":
            rhs, rb = f"np.tanh({rhs})", 1.0
        self.emit(f"{y}[{text}] {op} {rhs}")
        bound = {"=": max(yb, rb), "+=": yb + m * rb, "-=": yb + m * rb, "*=": yb}[op]
        if a.ndim >= 2 and self.rng.random() < 0.3:
            self.form("fancy", "write2d")
            cols = [self.rng.randrange(a.shape[1]) for _ in range(m)]
            rows_i = [self.rng.randrange(n0) for _ in range(m)]
            if m >= 2:
                rows_i[1], cols[1] = rows_i[0], cols[0]
            s, sb = self.scalars(1)[0]
            self.emit(f"{y}[{rows_i!r}, {cols!r}] += {s}")
            bound += m * sb
        self.pool.append(Var(y, a.shape, bound))
        return True

    # -- powers, products, std/var at singular points ----------------------------------------

    def con_power(self):
        if self.known and self.terminals is not None and self.rng.random() < 0.5:
            return self._power_at_zero()
        v = self.pick()
        self.use(v)
        n, b = v.name, v.bound
        r = self.rng.randrange(10)
        if r == 0:
            k = self.rng.choice([0, 1, 2, 3])
            self.form("power", f"int{k}")
            fn = self.rng.choice([f"{n} ** {k}", f"np.power({n}, {k})"])
            self.assign(fn, v.shape, b**k)
        elif r == 1:
            k = self.rng.choice([-1, -2])
            self.form("power", "negative")
            base = self.rng.choice([f"(1.0 + {n} * {n})", f"(2.0 + np.sin({n}))"])
            self.assign(f"{base} ** {k}", v.shape, 1.0)
        elif r == 2:
            self.form("power", "genexp")
            self.assign(f"sum({n} ** k for k in range(3))", v.shape, 1 + b + b * b)
        elif r in (3, 4) and v.size <= 6 and v.ndim >= 1:
            self.form("power", "prod")
            ax = self.rng.choice([None] + list(range(v.ndim)))
            if r == 3:
                if ax is None:
                    self.assign(f"np.prod({n})", (), b**v.size)
                else:
                    shape = v.shape[:ax] + v.shape[ax + 1 :]
                    self.assign(f"np.prod({n}, axis={ax})", shape, b ** v.shape[ax])
            else:
                self.form("power", "cumprod")
                if ax is None:
                    self.assign(f"np.cumprod({n})", (v.size,), max(b, 1.0) ** v.size)
                else:
                    self.assign(f"np.cumprod({n}, axis={ax})", v.shape, max(b, 1.0) ** v.shape[ax])
        elif r == 5 and v.ndim >= 1:
            # a product over an input with an exact zero (a mask): identically zero
            self.form("power", "prod_masked")
            m = self.fresh()
            self.emit(f"{m} = np.ones({v.shape!r})")
            idx = ", ".join(str(self.rng.randrange(d)) for d in v.shape)
            self.emit(f"{m}[{idx}] = 0.0")
            fn = self.rng.choice(["prod", "cumprod"])
            shape = () if fn == "prod" else (v.size,)
            self.assign(f"np.{fn}({n} * {m})", shape, max(b, 1.0) ** v.size)
        elif r in (6, 7) and v.ndim >= 1:
            fn = self.rng.choice(["std", "var"])
            self.form("power", fn)
            ax = self.rng.choice([None] + list(range(v.ndim)))
            shape = () if ax is None else v.shape[:ax] + v.shape[ax + 1 :]
            bound = b if fn == "std" else b * b
            kw = "" if ax is None else f", axis={ax}"
            form = f"np.{fn}({n}{kw})" if self.rng.random() < 0.7 else f"{n}.{fn}({kw[2:]})"
            self.assign(form, shape, bound)
        elif r == 8:
            # std/var of one element: identically 0
            self.form("power", "std_single")
            fn = self.rng.choice(["std", "var"])
            arg = n if v.ndim == 0 else f"{n}[{','.join(['0:1'] * v.ndim)}]"
            self.assign(f"np.{fn}({arg})", (), b)
        else:
            self.form("power", "square")
            self.assign(
                self.rng.choice([f"np.square({n})", f"{n} ** 2.0", f"{n} * {n} ** 1"]),
                v.shape,
                b * b,
            )
        return True

    def _power_at_zero(self):
        """``z = x - c`` with ``c`` the exact value of one element of input ``x``: terms at
        ``z == 0`` that go straight into the return."""
        name = self.rng.choice(sorted(self.known))
        value = self.known[name]
        x = next(v for v in self.pool if v.name == name)
        self.use(x)
        flat = value.reshape(-1) if hasattr(value, "reshape") else [value]
        k = self.rng.randrange(len(flat))
        z = self.fresh()
        self.emit(f"{z} = {name} - {float(flat[k])!r}")
        size = x.size
        r = self.rng.randrange(9)
        if r <= 2:
            e = self.rng.choice([0, 0, 1, 2, 3])
            self.form("power", f"zero_int{e}")
            base = self.rng.choice([z, f"({z} * 2.0)", f"np.sin({z})"])
            term = self.rng.choice([f"{base} ** {e}", f"np.power({base}, {e})"])
        elif r == 3:
            self.form("power", "zero_genexp")
            term = f"sum({z} ** j for j in range(3))"
        elif r in (4, 5) and size <= 8:
            self.form("power", "zero_prod")
            term = f"np.prod(0.5 * {z})" if x.ndim == 0 or r == 4 else f"np.prod(0.5 * {z}, axis=0)"
        elif r == 6 and size <= 8:
            self.form("power", "zero_cumprod")
            term = f"np.cumprod(0.5 * {z})"
        elif r == 7:
            self.form("power", "zero_square")
            term = f"np.square({z}) + {z} * {z} ** 1"
        else:
            self.form("power", "zero_std")
            if x.ndim == 0:
                term = f"np.std({z})"
            else:
                term = f"np.std({z}[{','.join(['0:1'] * x.ndim)}]) + np.var({z})"
        self.terminals.append(f"np.sum({term})")
        return True

    # -- mutating NumPy calls on fresh locals -------------------------------------------------

    def con_mutate(self):
        a = self.array_var()
        if a is None:
            return False
        self.use(a)
        y = self.fresh()
        r = self.rng.randrange(7)
        if r == 6:
            self.form("mutate", "iadd_call")
            self.emit(f"{y} = {self.fresh_array(a)}")
            w = self.pick(lambda u: fits_into(u.shape, a.shape))
            self.use(w)
            self.emit(f"np.ndarray.__iadd__({y}, {w.name})")
            self.pool.append(Var(y, a.shape, a.bound + w.bound))
            return True
        if r == 0:
            self.form("mutate", "add_at")
            m = self.rng.randrange(1, 4)
            idx = [self.rng.randrange(a.shape[0]) for _ in range(m)]
            if m >= 2 and self.rng.random() < 0.6:
                idx[1] = idx[0]
            self.emit(f"{y} = np.zeros({a.shape!r})")
            s, sb = self.scalars(1)[0]
            fn = self.rng.choice(["add", "add", "subtract"])
            self.emit(f"np.{fn}.at({y}, {idx!r}, {s})")
            bound = m * sb
        elif r == 1:
            self.form("mutate", "out_binary")
            self.emit(f"{y} = np.zeros_like({a.name})")
            c = self.const()
            w = self.pick(lambda u: fits_into(u.shape, a.shape))
            if w is not None and self.rng.random() < 0.5:
                self.use(w)
                fn = self.rng.choice(["add", "multiply", "subtract"])
                self.emit(f"np.{fn}({a.name}, {w.name}, out={y})")
                bound = a.bound * w.bound if fn == "multiply" else a.bound + w.bound
            else:
                self.emit(f"np.multiply({a.name}, {fmt(c)}, out={y})")
                bound = abs(c) * a.bound
        elif r == 2:
            self.form("mutate", "out_unary")
            self.emit(f"{y} = np.zeros({a.shape!r})")
            fn = self.rng.choice(["sin", "tanh", "negative", "cos"])
            self.emit(f"np.{fn}({a.name}, out={y})")
            bound = a.bound if fn == "negative" else 1.0
        elif r == 3:
            self.form("mutate", "copyto")
            self.emit(f"{y} = np.zeros({a.shape!r})")
            w = self.pick(lambda u: fits_into(u.shape, a.shape))
            self.use(w)
            self.emit(f"np.copyto({y}, {w.name})")
            bound = w.bound
        elif r == 4:
            self.form("mutate", "out_accumulate")
            self.emit(f"{y} = {self.fresh_array(a)}")
            w = self.pick(lambda u: fits_into(u.shape, a.shape))
            self.use(w)
            self.emit(f"np.add({y}, {w.name}, out={y})")
            bound = a.bound + w.bound
        else:
            self.form("mutate", "put")
            self.emit(f"{y} = {self.fresh_array(a)}")
            idx = [self.rng.randrange(a.size) for _ in range(self.rng.randrange(1, 3))]
            s, sb = self.scalars(1)[0]
            self.emit(f"np.put({y}, {idx!r}, {s})")
            bound = max(a.bound, sb)
        self.pool.append(Var(y, a.shape, bound))
        return True

    # -- np.r_, np.c_, einsum sublists, linspace ----------------------------------------------

    def con_rc(self):
        r = self.rng.randrange(6)
        if r == 0:
            self.form("rc", "r_")
            parts, length, bound = [], 0, 0.0
            for _ in range(self.rng.randrange(1, 4)):
                if self.rng.random() < 0.25:
                    c = self.const()
                    parts.append(fmt(c))
                    length += 1
                    bound = max(bound, abs(c))
                    continue
                v = self.pick(lambda v: v.ndim <= 1 and v.size <= 6)
                if v is None:
                    continue
                self.use(v)
                parts.append(v.name)
                length += 1 if v.ndim == 0 else v.shape[0]
                bound = max(bound, v.bound)
            if not parts or length == 0:
                return False
            if len(parts) == 1:
                parts.append("1:3")
                length += 2
                bound = max(bound, 2.0)
            self.assign(f"np.r_[{', '.join(parts)}]", (length,), bound)
            return True
        if r == 1:
            a = self.array_var(lambda v: v.ndim in (1, 2) and v.size <= 6)
            if a is None:
                return False
            same = [
                v
                for v in self.pool
                if v.shape is not None and v.ndim == a.ndim and v.shape[0] == a.shape[0]
            ]
            b = self.rng.choice(same)
            self.use(a, b)
            self.form("rc", "c_")
            if a.ndim == 1:
                self.assign(f"np.c_[{a.name}, {b.name}]", (a.shape[0], 2), max(a.bound, b.bound))
            else:
                self.assign(
                    f"np.c_[{a.name}, {b.name}]",
                    (a.shape[0], a.shape[1] + b.shape[1]),
                    max(a.bound, b.bound),
                )
            return True
        if r in (2, 3):
            return self._einsum()
        # linspace/logspace with active start/stop
        (s1, b1), (s2, b2) = self.scalars(2)
        num = self.rng.randrange(2, 6)
        k = self.rng.randrange(4)
        if k == 0:
            self.form("rc", "linspace")
            self.assign(f"np.linspace({s1}, {s2}, {num})", (num,), max(b1, b2))
        elif k == 1:
            self.form("rc", "linspace_kw")
            self.assign(f"np.linspace(0.0, {s1}, num={num}, endpoint=False)", (num,), b1)
        elif k == 2:
            self.form("rc", "logspace")
            self.assign(f"np.logspace(np.tanh({s1}), np.tanh({s2}), {num})", (num,), 10.0)
        else:
            a = self.array_var(lambda v: v.ndim == 1 and v.size <= 4)
            if a is None:
                self.form("rc", "linspace")
                self.assign(f"np.linspace({s2}, 1.0, {num})", (num,), max(b2, 1.0))
            else:
                self.use(a)
                self.form("rc", "linspace_array")
                self.assign(
                    f"np.linspace({a.name}, {s1}, {num})", (num, a.shape[0]), max(a.bound, b1)
                )
        return True

    def _einsum(self):
        a = self.array_var(lambda v: v.ndim in (1, 2))
        if a is None:
            return False
        self.use(a)
        sub = self.rng.random() < 0.75
        self.form("rc", "einsum_sublist" if sub else "einsum_string")
        if a.ndim == 2:
            k = a.shape[1]
            b = self.pick(lambda v: v.shape is not None and v.ndim == 2 and v.shape[0] == k)
            r = self.rng.randrange(3)
            if r == 0 and b is not None:
                self.use(b)
                form = (
                    f"np.einsum({a.name}, [0, 1], {b.name}, [1, 2], [0, 2])"
                    if sub
                    else f"np.einsum('ij,jk->ik', {a.name}, {b.name})"
                )
                self.assign(form, (a.shape[0], b.shape[1]), a.bound * b.bound * k)
            elif r == 1:
                form = (
                    f"np.einsum({a.name}, [0, 1], [0])" if sub else f"np.einsum('ij->i', {a.name})"
                )
                self.assign(form, (a.shape[0],), a.bound * k)
            else:
                form = (
                    f"np.einsum({a.name}, [0, 1], [1, 0])"
                    if sub
                    else f"np.einsum('ij->ji', {a.name})"
                )
                self.assign(form, a.shape[::-1], a.bound)
            return True
        n = a.shape[0]
        b = self.pick(lambda v: v.shape == (n,)) or a
        self.use(b)
        if self.rng.random() < 0.5:
            form = (
                f"np.einsum({a.name}, [0], {b.name}, [0], [])"
                if sub
                else f"np.einsum('i,i->', {a.name}, {b.name})"
            )
            self.assign(form, (), a.bound * b.bound * n)
        else:
            form = (
                f"np.einsum({a.name}, [0], {b.name}, [1], [0, 1])"
                if sub
                else f"np.einsum('i,j->ij', {a.name}, {b.name})"
            )
            self.assign(form, (n, n), a.bound * b.bound)
        return True


def _slice(cut: str) -> slice:
    """The slice of a text like ``[1:]`` or ``[::-1]``."""
    parts = cut[1:-1].split(":")
    vals = [int(p) if p else None for p in parts]
    return slice(*vals)


class Decorators:
    """Decorators for the generated module: written once, applied to helpers and ``f``."""

    def __init__(self, rng):
        self.rng = rng
        self.lines: list[str] = []
        self.generic: list[tuple] = []  # (decorator text, mul, add) usable on any function
        self.count = 0
        self.imports: set[str] = set()

    def _wraps(self):
        if self.rng.random() < 0.3:
            self.imports.add("from functools import wraps")
            return "@wraps(fun)"
        self.imports.add("import functools")
        return "@functools.wraps(fun)"

    def decorate(self, params: list[str], defaults: list[str], features: set):
        """(decorator lines, multiplier, shift) for a function with ``params``."""
        features.add("decorator")
        if self.generic and self.rng.random() < 0.3:
            features.add("decorator.reused")
            text, mul, add = self.rng.choice(self.generic)
            return [text], mul, add
        name = f"d{self.count}"
        self.count += 1
        mul = self.rng.choice([2.0, 0.5, -1.5, 1.0])
        add = self.rng.choice([0.0, 0.25, -1.0])
        body = f"{fmt(mul)} * fun(ARGS)" if add == 0.0 else f"fun(ARGS) * {fmt(mul)} + {fmt(add)}"
        r = self.rng.randrange(5)
        ps = ", ".join(params + [f"{d}=0.5" for d in defaults])
        call = ", ".join(params + [f"{d}={d}" for d in defaults])
        if r == 0:
            features.add("decorator.args")
            lines = [
                f"def {name}(fun):",
                f"    {self._wraps()}",
                "    def wrapper(*args, **kwargs):",
                f"        return {body.replace('ARGS', '*args, **kwargs')}",
                "    return wrapper",
            ]
            use = f"@{name}"
            self.generic.append((use, mul, add))
        elif r == 1:
            features.add("decorator.explicit")
            lines = [
                f"def {name}(fun):",
                f"    {self._wraps()}",
                f"    def wrapper({ps}):",
                f"        return {body.replace('ARGS', call)}",
                "    return wrapper",
            ]
            use = f"@{name}"
        elif r == 2:
            features.add("decorator.factory")
            lines = [
                f"def {name}(c):",
                "    def deco(fun):",
                f"        {self._wraps()}",
                "        def wrapper(*args, **kwargs):",
                "            return c * fun(*args, **kwargs)" + (f" + {fmt(add)}" if add else ""),
                "        return wrapper",
                "    return deco",
            ]
            use = f"@{name}({fmt(mul)})"
            self.generic.append((use, mul, add))
        elif r == 3:
            features.add("decorator.factory_explicit")
            lines = [
                f"def {name}(c):",
                "    def deco(fun):",
                f"        {self._wraps()}",
                f"        def wrapper({ps}):",
                f"            return c * fun({call})" + (f" + {fmt(add)}" if add else ""),
                "        return wrapper",
                "    return deco",
            ]
            use = f"@{name}({fmt(mul)})"
        else:
            features.add("decorator.no_wraps")
            lines = [
                f"def {name}(fun):",
                f"    def wrapper({ps}):",
                f"        return {body.replace('ARGS', call)}",
                "    return wrapper",
            ]
            use = f"@{name}"
        self.lines.extend(lines + ["", ""])
        return [use], mul, add
