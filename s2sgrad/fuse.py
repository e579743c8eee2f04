"""Fusion: maximal runs of elementwise statements become small named functions.

A backend that compiles fused kernels (CuPy, numba, MLX) asks for this pass; the
NumPy backend does not, so its generated code is unchanged. A *region* is a run of
consecutive statements in one block, each an elementwise assignment (arithmetic,
comparisons, ufuncs, ``np.where``, ``unbroadcast``/``reduce_adjoint`` of a scalar
seed, ``add`` of adjoints), closed by a full reduction (``np.sum``/``np.mean`` of a
name); a reduction followed by the adjoint seed of its value (``d = output_seed(r, d)``) lets the
region run on into the adjoint sweep, so value and gradient come out of one kernel::

    y_sin = np.sin(x)                        @fused_kernel
    y_mul = y_sin * x                        def f_grad_fused(x, dy):
    y = np.sum(y_mul)                            y_sin = np.sin(x)
    dy = output_seed(y, dy)          ->          y_mul = y_sin * x
    dy_mul = reduce_adjoint(dy, ...)             y = np.sum(y_mul)
    dx = dy_mul * (y_sin + x * np.cos(x))        ...
                                                 return (y, dx)
                                             y, dx = f_grad_fused(x, dy)

The region's body is the NumPy statements themselves, so the source stays readable
and a backend can always fall back to running it; the decorator ``fused_kernel`` is
the backend's (bound through the dispatch table, see :mod:`s2sgrad.backends`).
"""

from __future__ import annotations

from dataclasses import dataclass

import gast
import numpy

from . import rules
from .emit import _MARK
from .syntax import assign, call, function_def, loads_in, name, name_item, stores_in, walk

ARITHMETIC = (gast.Add, gast.Sub, gast.Mult, gast.Div, gast.Pow)
COMPARISONS = (gast.Lt, gast.LtE, gast.Gt, gast.GtE, gast.Eq, gast.NotEq)
REDUCTIONS = ("np.sum", "np.mean")
PAIRS = ("mul_or_repeat_adjoint", "add_or_concat_adjoint")  # helpers giving [da, db]
MIN_OPERATIONS = 2  # a single operation is one kernel already


def is_elementwise(path: str) -> bool:
    """Is the generated name ``path`` (``"np.tanh"``) an elementwise NumPy function?"""
    if path == "np.where":
        return True
    head, _, attr = path.partition(".")
    if head != "np" or not attr or "." in attr:
        return False
    prim = rules.lookup(getattr(numpy, attr, None))
    return prim is not None and prim.elementwise


@dataclass
class Region:
    """One fused region: where it sits in its block, what it reads and what it defines."""

    name: str
    start: int  # index of its first statement in the block
    stop: int  # one past its last statement
    params: list[str]  # names read before the region defines them (in order of first read)
    outputs: list[str]  # names it defines that code outside it reads


def dotted_name(node) -> str | None:
    """``np.sin`` -> ``"np.sin"``; ``None`` for anything but a chain of names."""
    parts = []
    while isinstance(node, gast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, gast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def _is_comment(s) -> bool:
    return (
        isinstance(s, gast.Expr)
        and isinstance(s.value, gast.Constant)
        and isinstance(s.value.value, str)
        and s.value.value.startswith(_MARK)
    )


class _Kinds:
    """Classifies statements for one function: ``helpers`` maps binding names in the
    generated code to runtime helper names (a binding may be renamed to avoid a user's
    name); ``elementwise`` says which dotted names are elementwise kernels."""

    def __init__(self, helpers: dict, elementwise, pairs=frozenset()):
        self.helpers = helpers
        self.elementwise = elementwise
        self.pairs = pairs  # names bound to a pair of adjoints (see ``pair``)

    def pair(self, v) -> bool:
        """``mul_or_repeat_adjoint(g, a, b)`` or ``add_or_concat_adjoint(g, a, b)`` of
        elementwise operands: the adjoints ``[g * b, g * a]`` of a product and ``[g, g]``
        of a sum (a kernel's guard admits no list or tuple to repeat or concatenate)."""
        return (
            isinstance(v, gast.Call)
            and not v.keywords
            and len(v.args) == 3
            and self.helper(v.func) in PAIRS
            and all(self.expr(a) for a in v.args)
        )

    def helper(self, node) -> str | None:
        if isinstance(node, gast.Name):
            return self.helpers.get(node.id)
        return None

    def expr(self, node) -> bool:
        if isinstance(node, gast.Name):
            return True
        if isinstance(node, gast.Constant):
            return isinstance(node.value, (bool, int, float))
        if isinstance(node, gast.BinOp):
            return (
                isinstance(node.op, ARITHMETIC) and self.expr(node.left) and self.expr(node.right)
            )
        if isinstance(node, gast.UnaryOp):
            return isinstance(node.op, (gast.USub, gast.UAdd)) and self.expr(node.operand)
        if isinstance(node, gast.Subscript):  # one adjoint of a product's pair
            item = name_item(node)
            return item is not None and item[0] in self.pairs and item[1] in (0, 1)
        if isinstance(node, gast.Compare):
            return (
                len(node.ops) == 1
                and isinstance(node.ops[0], COMPARISONS)
                and self.expr(node.left)
                and self.expr(node.comparators[0])
            )
        if isinstance(node, gast.Call) and not node.keywords:
            helper = self.helper(node.func)
            args = node.args
            if helper == "add":  # a sum of adjoints (``a + b`` unless they are containers)
                return len(args) == 2 and all(self.expr(a) for a in args)
            if helper == "array_operand":  # an array as it is (a value of unknown kind)
                return len(args) == 1 and self.expr(args[0])
            if helper == "unbroadcast":
                return len(args) == 2 and self.expr(args[0]) and isinstance(args[1], gast.Name)
            if helper in ("reduce_adjoint", "mean_adjoint"):
                return (
                    len(args) == 4
                    and self.expr(args[0])
                    and isinstance(args[1], gast.Name)
                    and all(isinstance(a, gast.Constant) for a in args[2:])
                    and args[2].value is None
                    and args[3].value is False
                )
            path = dotted_name(node.func)
            if path is None or not self.elementwise(path):
                return False
            if path == "np.where" and len(args) != 3:
                return False
            return all(self.expr(a) for a in args)
        return False

    def statement(self, s) -> str | None:
        """``"elementwise"``, ``"reduction"``, ``"seed"``, ``"comment"`` or ``None``."""
        if _is_comment(s):
            return "comment"
        if isinstance(s, gast.AugAssign):
            if isinstance(s.target, gast.Name) and isinstance(
                s.op, (gast.Add, gast.Sub, gast.Mult)
            ):
                return "elementwise" if self.expr(s.value) else None
            return None
        if not (
            isinstance(s, gast.Assign)
            and len(s.targets) == 1
            and isinstance(s.targets[0], gast.Name)
        ):
            return None
        v = s.value
        if (
            isinstance(v, gast.Call)
            and not v.keywords
            and len(v.args) == 1
            and isinstance(v.args[0], gast.Name)
            and dotted_name(v.func) in REDUCTIONS
        ):
            return "reduction"
        if (
            isinstance(v, gast.Call)
            and self.helper(v.func) == "output_seed"
            and not v.keywords
            and len(v.args) == 2
            and all(isinstance(a, gast.Name) for a in v.args)
        ):
            return "seed"
        if self.pair(v):
            return "elementwise"
        return "elementwise" if self.expr(v) else None


def find_regions(stmts: list, kinds: _Kinds) -> list[tuple]:
    """``(start, stop)`` of each maximal region in the block ``stmts``.

    A region grows over elementwise statements; a reduction closes it unless the
    next statement seeds the adjoint sweep from the reduced value; no statement of a
    region reads a reduction's result (the kernel has it only at the end), and an
    in-place update (``a += b``) only updates a value the region made itself (a fresh
    array; an outside one may be shared)."""
    regions = []
    i, n = 0, len(stmts)
    while i < n:
        start, count = None, 0  # count: the operations in the region
        fresh: set[str] = set()
        reduced: set[str] = set()
        j = i
        while j < n:
            s = stmts[j]
            kind = kinds.statement(s)
            if kind == "comment":
                j += 1
                continue
            if kind is None:
                break
            reads = set(loads_in(s.value))
            if kind == "seed":
                if start is None or s.value.args[0].id not in reduced:
                    break
                reads.discard(s.value.args[0].id)
            if reads & reduced:
                break
            target = s.target.id if isinstance(s, gast.AugAssign) else s.targets[0].id
            if isinstance(s, gast.AugAssign) and target not in fresh:
                break
            if target in reduced:
                break
            if start is None:
                start = j
            count += _operations(s.value)
            if isinstance(s, gast.Assign):
                if kind == "reduction":
                    reduced.add(target)
                    fresh.discard(target)
                elif isinstance(s.value, gast.Name) or kind == "seed":
                    fresh.discard(target)
                    if isinstance(s.value, gast.Name):  # an alias: both name one array now
                        fresh.discard(s.value.id)
                else:
                    fresh.add(target)
            j += 1
            if kind == "reduction" and not _seeds_next(stmts, j, target, kinds):
                break
        stop = j
        while stop > i and _is_comment(stmts[stop - 1]):
            stop -= 1
        if start is not None and count >= MIN_OPERATIONS:
            regions.append((start, stop))
            i = stop
        else:
            i = max(j, i + 1) if start is None else start + 1
    return regions


def _operations(expr) -> int:
    """The array operations in ``expr`` (``d * (1.0 - y * y)`` has three), each one
    kernel when not fused."""
    return sum(
        isinstance(n, (gast.BinOp, gast.UnaryOp, gast.Compare, gast.Call)) for n in walk(expr)
    )


def _seeds_next(stmts, j, reduced_name, kinds) -> bool:
    while j < len(stmts) and _is_comment(stmts[j]):
        j += 1
    if j == len(stmts) or kinds.statement(stmts[j]) != "seed":
        return False
    return stmts[j].value.args[0].id == reduced_name


def _params_and_outputs(body, outside_loads, bound, in_loop):
    """Names the region reads before defining them (``bound`` names, such as ``np`` and
    the helpers, come from the enclosing scope) and names read outside it."""
    params, defined = [], set()
    for s in body:
        if _is_comment(s):
            continue
        for n in _ordered_loads(s, bound):
            if n not in defined and n not in params:
                params.append(n)
        defined |= stores_in(s)
    outputs = []
    for s in body:
        for n in sorted(stores_in(s)):
            # in a loop, a parameter it changes is read again by the region's next pass
            if (n in outside_loads or in_loop and n in params) and n not in outputs:
                outputs.append(n)
    return params, outputs


def _ordered_loads(s, bound) -> list[str]:
    value = s.value
    out = [
        node.id
        for node in walk(value)
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load)
    ]
    if isinstance(s, gast.AugAssign):
        out.insert(0, s.target.id)
    seen, ordered = set(), []
    for n in out:
        if n not in seen and n not in bound:
            seen.add(n)
            ordered.append(n)
    return ordered


def fuse(
    fdef: gast.FunctionDef,
    helpers: dict,
    taken: set[str],
    decorator: str,
    elementwise=is_elementwise,
) -> tuple[gast.FunctionDef, list[gast.FunctionDef]]:
    """Replace each region of ``fdef`` (its own blocks, nested ones included) by a call
    of a new function decorated with ``decorator``; returns the new ``fdef`` and the
    region functions, in order. ``helpers`` maps binding names to runtime helper names;
    ``taken`` are names already used (region names avoid them)."""
    product_adjoints = {h for h, r in helpers.items() if r in PAIRS}
    pairs = frozenset(
        s.targets[0].id
        for s in walk(fdef)
        if isinstance(s, gast.Assign)
        and len(s.targets) == 1
        and isinstance(s.targets[0], gast.Name)
        and isinstance(s.value, gast.Call)
        and isinstance(s.value.func, gast.Name)
        and s.value.func.id in product_adjoints
    )
    kinds = _Kinds(helpers, elementwise, pairs)
    bound = set(helpers) | {"np"}
    used = set(taken) | all_loads_and_stores(fdef)
    defs: list[gast.FunctionDef] = []

    def new_name():
        base = f"{fdef.name}_fused"
        cand, i = base, 2
        while cand in used:
            cand, i = f"{base}_{i}", i + 1
        used.add(cand)
        return cand

    def block(stmts, in_loop):
        for s in stmts:
            for attr in ("body", "orelse"):
                inner = getattr(s, attr, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], gast.stmt):
                    loop = in_loop or isinstance(s, (gast.For, gast.While))
                    setattr(s, attr, block(inner, loop and not isinstance(s, gast.FunctionDef)))
        found = find_regions(stmts, kinds)
        if not found:
            return stmts
        out, last = [], 0
        for start, stop in found:
            body = stmts[start:stop]
            inside = {id(n) for s in body for n in walk(s)}
            # read anywhere else in the function: a region in a loop may feed the next pass
            outside = {
                n.id
                for n in walk(fdef)
                if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load) and id(n) not in inside
            }
            params, outputs = _params_and_outputs(body, outside, bound, in_loop)
            if not outputs:
                continue
            rname = new_name()
            defs.append(_region_def(rname, params, outputs, body, decorator))
            out.extend(stmts[last:start])
            out.append(_region_call(rname, params, outputs))
            last = stop
        out.extend(stmts[last:])
        return out

    fdef.body = block(fdef.body, False)
    return fdef, defs


def all_loads_and_stores(node) -> set[str]:
    return {n.id for n in walk(node) if isinstance(n, gast.Name)}


def _region_def(rname, params, outputs, body, decorator) -> gast.FunctionDef:
    ret = (
        name(outputs[0])
        if len(outputs) == 1
        else gast.Tuple(elts=[name(o) for o in outputs], ctx=gast.Load())
    )
    return function_def(rname, params, [*body, gast.Return(value=ret)], [name(decorator)])


def _region_call(rname, params, outputs) -> gast.Assign:
    value = call(name(rname), *(name(p) for p in params))
    if len(outputs) == 1:
        return assign(outputs[0], value)
    target = gast.Tuple(elts=[name(o, store=True) for o in outputs], ctx=gast.Store())
    return assign(target, value)
