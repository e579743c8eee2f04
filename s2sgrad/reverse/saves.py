"""Save planning: the primal values the adjoint sweep reads that are overwritten
later are saved where they are overwritten, in a variable outside loops and on
a per-variable stack inside (:class:`SavePlan` is the printable plan).

    x = x * 2    ->    x_saved = x
                      x = x * 2
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import gast

from .. import anno
from ..emit import comment
from ..normalize.tries import stub_blocks, try_statement
from ..syntax import assign, call, clone, const, loads_in, name, walk
from ..validate import rebound_first
from .lowering import _has_code
from .pseudo import Restore, _index_value, put_back


@dataclass(frozen=True)
class Save:
    """One saved primal value: ``var`` before statement ``line`` overwrites it, kept in
    ``slot`` (a stack with one value per loop iteration when ``per_iteration``)."""

    var: str
    slot: str
    per_iteration: bool
    line: int | None
    shape_only: bool = False

    def __str__(self) -> str:
        what = f"{self.var} (its shape)" if self.shape_only else self.var
        where = (
            f"on {self.slot}, one per loop iteration" if self.per_iteration else f"in {self.slot}"
        )
        line = "" if self.line is None else f" (line {self.line})"
        return f"{what}: saved {where}{line}"


@dataclass(frozen=True)
class SavePlan:
    """The save planning of one reverse-mode function: the primal names the adjoint sweep
    reads, and the values of them the primal sweep overwrites first, which it saves.

        >>> print(plan)  # doctest: +SKIP
        reads: h, w
        h: saved on h_stack, one per loop iteration (line 4)
    """

    reads: tuple[str, ...]
    saves: tuple[Save, ...]

    def saved(self, var: str) -> list[Save]:
        return [s for s in self.saves if s.var == var]

    def __str__(self) -> str:
        lines = [f"reads: {', '.join(self.reads) or '(nothing)'}"]
        lines += [str(s) for s in self.saves] or ["saves: (nothing)"]
        return "\n".join(lines)


class Saves:
    """Decides which overwritten values to save, and writes the saves and restores."""

    def __init__(self, gen, needed: set[str]):
        self.gen = gen
        self.needed = needed
        self.slots: dict[tuple[str, int], str] = {}
        self.stacks: dict[str, str] = {}
        self.inits: set[str] = set()
        self.shape_only: set[str] = set()

    def wants(self, var, depth) -> bool:
        return (
            var in self.needed
            and var not in self.gen.invariant
            and (self.gen.overwritten(var) or depth > 0)
        )

    def _slot(self, var, key, depth):
        if (var, key) in self.slots:
            return self.slots[(var, key)]
        names = self.gen.slot_names
        if depth > 0:
            if ("stack", var) not in names:
                names[("stack", var)] = self.gen.names(f"{var}_stack")
            slot = self.stacks[var] = names[("stack", var)]
        else:
            if ("slot", var, key) not in names:
                names[("slot", var, key)] = self.gen.names(f"{var}_saved")
            slot = names[("slot", var, key)]
        self.slots[(var, key)] = slot
        fn = self.gen.fn
        if var not in fn.params and var not in (fn.vararg, fn.kwarg):
            self.inits.add(var)
        return slot

    def resolve_restores(self, stmts):
        out = []
        for s in stmts:
            if isinstance(s, Restore):
                # a pop is undone whatever reads the list: a name it was bound to may
                if self.wants(s.var, s.depth) or self._popped(s):
                    out.extend(self._restore_code(s))
                continue
            if isinstance(s, gast.If):
                s = copy.copy(s)  # the same lowered code is resolved more than once
                s.body = self.resolve_restores(s.body) or [gast.Pass()]
                s.orelse = self.resolve_restores(s.orelse)
                if not _has_code(s.body) and not _has_code(s.orelse):
                    continue
            elif isinstance(s, gast.For):
                info = anno.get(s, "loop")
                s = copy.copy(s)
                s.body = self.resolve_restores(s.body) or [gast.Pass()]
                pre = []
                if info.counter and info.depth > 0:
                    stack = self._slot(info.counter, id(info.node), info.depth)
                    pre.append(
                        assign(
                            info.counter,
                            call(gast.Attribute(value=name(stack), attr="pop", ctx=gast.Load())),
                        )
                    )
                if not _has_code(s.body):
                    continue
                out.extend(pre)
            out.append(s)
        return out

    def _restore_code(self, s: Restore):
        out = self._restore_stmts(s)
        line = getattr(self._statement(s.key), "lineno", None)
        if line is not None:
            for r in out:
                anno.set(r, "line", line)
        return out

    def _popped(self, s: Restore) -> bool:
        """Is ``s`` the restore of the list of ``v = xs.pop()``, an in-place change?"""
        stmt = self._statement(s.key)
        return (
            isinstance(stmt, gast.Assign)
            and isinstance(stmt.value, gast.Call)
            and anno.get(stmt.value, "pop", None) == s.var
        )

    def _restore_stmts(self, s: Restore):
        stmt = self._statement(s.key)
        if isinstance(stmt, gast.Expr) and anno.has(stmt, "append"):
            return [
                gast.Expr(
                    value=call(gast.Attribute(value=name(s.var), attr="pop", ctx=gast.Load()))
                )
            ]
        if self._popped(s):  # v = xs.pop(): the item goes back
            index = stmt.value.args[0] if stmt.value.args else None
            return [put_back(self.gen.helper, s.var, index, name(stmt.targets[0].id))]
        slot = self._slot(s.var, s.key, s.depth)
        if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Subscript):
            target = clone(stmt.targets[0])
            target.ctx = gast.Store()
            value = name(slot)
            if s.depth > 0:
                value = call(gast.Attribute(value=name(slot), attr="pop", ctx=gast.Load()))
            if s.var in self.gen.analysis.containers:  # a dict may not have had the key
                value = call(
                    self.gen.helper("restore_value"),
                    name(s.var),
                    _index_value(clone(stmt.targets[0].slice)),
                    value,
                )
            return [gast.Assign(targets=[target], value=value, type_comment=None)]
        if s.depth > 0:
            return [
                assign(s.var, call(gast.Attribute(value=name(slot), attr="pop", ctx=gast.Load())))
            ]
        return [assign(s.var, name(slot))]

    def _statement(self, key):
        if not hasattr(self, "_by_id"):
            self._by_id = {
                id(n): n for n in walk(gast.Module(body=self.gen.fn.body, type_ignores=[]))
            }
        return self._by_id.get(key)

    def _save_code(self, var, key, depth, stmt):
        slot = self.slots[(var, key)]
        if (
            isinstance(stmt, gast.Assign)
            and isinstance(stmt.targets[0], gast.Subscript)
            and var in self.gen.analysis.containers
        ):
            value = call(
                self.gen.helper("save_item"), name(var), _index_value(clone(stmt.targets[0].slice))
            )
        elif isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Subscript):
            value = call(
                self.gen.helper("snapshot"),
                gast.Subscript(
                    value=name(var), slice=clone(stmt.targets[0].slice), ctx=gast.Load()
                ),
            )
        elif var in self.shape_only:
            value = call(self.gen.helper("shape_of"), name(var))
        else:
            value = name(var)
        if depth > 0:
            return [
                gast.Expr(
                    value=call(
                        gast.Attribute(value=name(slot), attr="append", ctx=gast.Load()), value
                    )
                )
            ]
        return [assign(slot, value)]

    def forward(self, body, depth=0):
        out = []
        for s in body:
            if isinstance(s, gast.If) and anno.has(s, "try"):
                blocks = [self.forward(b, depth) for b in stub_blocks(s)]
                caught = self.gen.helper("caught_exception")
                errors = self.gen.helper("s2sgrad_errors")
                out.append(try_statement(s, self.forward(s.body, depth), blocks, caught, errors))
                continue
            if isinstance(s, gast.If):
                s = copy.copy(s)
                s.body = self.forward(s.body, depth) or [gast.Pass()]
                s.orelse = self.forward(s.orelse, depth)
                out.append(s)
                continue
            if isinstance(s, (gast.For, gast.While)):
                info = self.gen.loops.get(id(s))
                pre, post = [], []
                if info is not None and info.target and (info.target, id(s)) in self.slots:
                    pre.extend(self._save_code(info.target, id(s), depth, s))
                loop = copy.copy(s)
                loop.body = self.forward(s.body, depth + 1)
                if info is not None and info.counter:
                    pre.append(assign(info.counter, const(0)))
                    loop.body.insert(
                        0,
                        gast.AugAssign(
                            target=name(info.counter, store=True), op=gast.Add(), value=const(1)
                        ),
                    )
                    if depth > 0:
                        stack = self._slot(info.counter, id(s), depth)
                        post.append(
                            gast.Expr(
                                value=call(
                                    gast.Attribute(
                                        value=name(stack), attr="append", ctx=gast.Load()
                                    ),
                                    name(info.counter),
                                )
                            )
                        )
                out.extend(pre + [loop] + post)
                continue
            replaced = self.gen.forward_replace.get(id(s), [s])
            if (
                isinstance(s, gast.Assign)
                and isinstance(s.value, gast.Subscript)
                and isinstance(s.targets[0], gast.Name)
                and s.targets[0].id in self.needed
                and isinstance(s.value.value, gast.Name)
                and s.value.value.id in self.gen.mutated
            ):
                copied = copy.copy(s)
                copied.value = call(self.gen.helper("snapshot"), s.value)
                replaced = [copied]
            for (var, key), _slot in list(self.slots.items()):
                if key == id(s):
                    out.extend(self._save_code(var, key, depth, s))
            out.extend(replaced)
        return out

    def is_slot(self, n: str) -> bool:
        return n in set(self.slots.values()) and n not in self.stacks.values()

    def _first(self, var: str) -> int | None:
        """The id of the first top-level statement binding ``var``."""
        for s in self.gen.fn.body:
            if isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name):
                if s.targets[0].id == var:
                    return id(s)
        return None

    def plan(self, code) -> SavePlan:
        """The :class:`SavePlan` of the final ``code`` (saves it no longer reads are gone)."""
        used = set(loads_in(gast.Module(body=code, type_ignores=[])))
        saves = set()
        for (var, key), slot in self.slots.items():
            if slot in used:
                stmt = self._statement(key)
                saves.add(
                    Save(
                        var,
                        slot,
                        slot in self.stacks.values(),
                        getattr(stmt, "lineno", None),
                        var in self.shape_only,
                    )
                )
        primal = set(self.gen.analysis.defs) | set(self.gen.fn.params)
        reads = tuple(sorted(n for n in self.needed & primal if n not in self.slots.values()))
        return SavePlan(reads, tuple(sorted(saves, key=lambda s: (s.var, s.slot, s.line or 0))))

    def prologue(self, code):
        """``v = None`` for saved names that may be unbound, and the empty stacks."""
        used = set(loads_in(gast.Module(body=code, type_ignores=[])))
        out = []
        fn = self.gen.fn
        bound_on_entry = set(fn.params) | {fn.vararg, fn.kwarg}
        for var in sorted(self.inits - bound_on_entry):
            keys = {k for (v, k), s in self.slots.items() if v == var and s in used}
            # bound first at the top level: unbound only where that binding saves it
            if keys and not (rebound_first(self.gen.fn, var) and self._first(var) not in keys):
                out.append(assign(var, const(None)))
        stacks = [var for var in sorted(self.stacks) if self.stacks[var] in used]
        if stacks:
            out.append(
                comment(
                    "memory: one saved value per loop iteration for each of "
                    + ", ".join(f"{v} (its shape)" if v in self.shape_only else v for v in stacks)
                )
            )
        for var in stacks:
            out.append(assign(self.stacks[var], gast.List(elts=[], ctx=gast.Load())))
        return out
