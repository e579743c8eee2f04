"""The reverse generator: the primal sweep and the adjoint sweep of one normal-form
function, assembled from statement adjoints, lowered pseudo-statements and the
save plan.
"""

from __future__ import annotations

import gast

from ..activity import Analysis
from ..emit import to_source
from ..normalize import NormalFunction
from ..operands import guards, object_operands
from ..optimize import eliminate_dead_code, propagate_copies, rounds
from ..syntax import assign, call, const, function_def, loads_in, name, walk
from .buffers import plan_buffers
from .callees import CallAdjoints
from .calls import RuleAdjoints
from .fold import fold_reductions
from .lowering import lower
from .products import inline_products
from .pseudo import L, LoopInfo, M, U, Z, _assigned, _deterministic
from .saves import SavePlan, Saves
from .statements import StatementAdjoints
from .tries import TryAdjoints, prune_steps
from .unbroadcasts import drop_unbroadcasts


class ReverseGenerator(StatementAdjoints, TryAdjoints, RuleAdjoints, CallAdjoints):
    """Differentiates one normal-form function with respect to ``wrt``: :meth:`generate`
    returns the derivative's def and leaves its :class:`SavePlan` in ``save_plan``."""

    def __init__(
        self,
        fn: NormalFunction,
        analysis: Analysis,
        wrt: list[str],
        session,
        mutated: set[str],
        sharers: dict[str, set[str]] | None = None,
    ):
        self.fn = fn
        self.info = fn.info
        self.analysis = analysis
        self.wrt = wrt
        self.session = session
        self.names = fn.names
        self.adjoints: dict[str, str] = {}
        self.adjoint_names: set[str] = set()
        self.rule_temps: set[str] = set()
        self.forward_replace: dict[int, list] = {}
        # the names read with a name: those changed in place that it may share (a view,
        # a list holding an array; validate.changes_and_sharers), and those a callee's
        # pullback (a custom rule's residuals) holds
        self.held_by: dict[str, set[str]] = {n: set(v) for n, v in (sharers or {}).items()}
        self.draw_states: dict[int, str] = {}  # a callee's generator states, by its call
        self.loops: dict[int, LoopInfo] = {}
        self.assign_depths: dict[str, list[int]] = {}
        self.slot_names: dict = {}
        self.save_plan: SavePlan | None = None
        self.scalar_output = None  # a ScalarOutput: grad without the value (scalar_output)
        self.ndims_used: dict[str, int] = {}  # arguments' ndims the code relies on (products)
        self.full_used: set[str] = set()  # arguments it relies on having no axis of length 1
        self.loop_depth = 0  # loops around the statement being lowered
        self.mutated = mutated  # changed in place (validate.check_mutations)
        self._collect_assignments(fn.body, 0)
        self.invariant = self._invariants()
        operands, items = object_operands(fn, analysis, analysis.active, session)
        for found, check in ((operands, "operand_check"), (items, "item_check")):
            for key, (stmt, names) in found.items():
                checks = [gast.copy_location(g, stmt) for g in guards(self.helper, names, check)]
                self.forward_replace[key] = [*checks, stmt]

    def _known_seed(self, proof):
        """The seed ``output_seed`` would give for the output :func:`prove_scalar` proved:
        ``1.0`` for a Python number, ``scalar_seed("float64")`` for a NumPy float64."""
        if proof.dtype is None:
            return const(1.0)
        return call(self.helper("scalar_seed"), const(proof.dtype.name))

    def adj(self, var: str) -> str:
        if var not in self.adjoints:
            n = self.names("d" + var.lstrip("_"))
            self.adjoints[var] = n
            self.adjoint_names.add(n)
        return self.adjoints[var]

    def helper(self, name_: str) -> str:
        return self.session.helper(name_)

    def temp(self, base: str) -> str:
        n = self.names(base)
        self.rule_temps.add(n)
        return n

    def _collect_assignments(self, body, depth):
        for s in body:
            if isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name):
                self.assign_depths.setdefault(s.targets[0].id, []).append(depth)
            elif isinstance(s, gast.If):
                self._collect_assignments(s.body, depth)
                self._collect_assignments(s.orelse, depth)
            elif isinstance(s, gast.For):
                self.assign_depths.setdefault(s.target.id, []).append(depth + 1)
                self._collect_assignments(s.body, depth + 1)
            elif isinstance(s, gast.While):
                self._collect_assignments(s.body, depth + 1)

    def overwritten(self, var: str) -> bool:
        if var in self.invariant:
            return False
        depths = self.assign_depths.get(var, [])
        # an item write changes the value that earlier adjoints read; a parameter (*args,
        # **kwargs too) is bound on entry, so any assignment overwrites it
        given = var in self.fn.params or var in (self.fn.vararg, self.fn.kwarg)
        return len(depths) > 1 or any(depths) or given or var in self.mutated

    def is_active(self, node) -> bool:
        return self.analysis.is_active(node)

    def _invariants(self) -> set[str]:
        """Names whose value never changes once set: assigned once, from values that
        never change, by a deterministic operation. They need no saving in loops."""
        defs = self.analysis.defs
        mutated = {
            n
            for n, entries in defs.items()
            for _, st in entries
            if isinstance(st, gast.Expr)
            or (isinstance(st, gast.Assign) and isinstance(st.targets[0], gast.Subscript))
        }
        local = set(defs) | set(self.fn.params)
        out = {p for p in self.fn.params if p not in defs}
        changed = True
        while changed:
            changed = False
            for n, entries in defs.items():
                if n in out or n in mutated or len(entries) != 1 or n in self.fn.params:
                    continue
                value, stmt = entries[0]
                if not isinstance(stmt, gast.Assign) or not _deterministic(value):
                    continue
                if all(r in out or r not in local for r in loads_in(value)):
                    out.add(n)
                    changed = True
        return out

    def generate(self, flat: bool, fn_name: str, trace: dict | None = None) -> gast.FunctionDef:
        """The derivative's def (``flat``: ``f_grad``, else ``f_vjp`` returning a backward
        closure); ``trace`` receives its source before the clean-up passes (``"reverse"``).
        """
        body = self.fn.body
        pseudo = self.reverse_block(body, 0)
        result = self.fn.result
        seed = self.adj(result)
        state = {seed: L}
        lowered, state = lower(pseudo, state, self)
        lowered = drop_unbroadcasts(fold_reductions(lowered, self), self)
        lowered = inline_products(lowered, self)
        wrt_adjoints = []
        tail = []
        for p in self.wrt:
            st = state.get(self.adjoints.get(p), U) if p in self.adjoints else U
            dp = self.adj(p)
            if st == U:
                tail.append(assign(dp, call(self.helper("zeros_like"), name(p))))
            elif st in (Z, M) and not flat:
                tail.append(assign(dp, call(self.helper("densify"), name(dp), name(p))))
            wrt_adjoints.append(dp)
        needed = self._reads(lowered)
        for _ in rounds("the values the adjoint sweep reads"):
            saves = Saves(self, needed)
            resolved = saves.resolve_restores(lowered)
            now = self._reads(resolved)
            if now == needed:
                break
            needed = now
        saves.shape_only = self._shape_only(resolved)
        forward = saves.forward(body)
        backward = resolved + tail
        ret = gast.Tuple(elts=[name(d) for d in wrt_adjoints], ctx=gast.Load())
        if flat:
            proof = self.scalar_output
            value = result
            if proof is not None:  # the seed is known: the value is not computed
                value, extra, removable = (
                    None,
                    [],
                    lambda n: saves.is_slot(n) or n in proof.droppable,
                )
                # first, so that fused regions run on from the primal into the adjoints
                forward.insert(0, assign(seed, self._known_seed(proof)))
            else:
                extra, removable = [seed], saves.is_slot
                if result in _assigned(backward):
                    value = self.names("value")
                    forward.append(assign(value, name(result)))
                backward.insert(
                    0, assign(seed, call(self.helper("output_seed"), name(result), name(seed)))
                )
            out = const(None) if value is None else name(value)
            backward.append(gast.Return(value=gast.Tuple(elts=[out, ret], ctx=gast.Load())))
            if trace is not None:
                trace["reverse"] = to_source(
                    _def(
                        fn_name,
                        self._arguments(extra=extra),
                        saves.prologue(forward + backward) + forward + backward,
                    )
                )
            backward = eliminate_dead_code(backward, removable=lambda n: True, held=self.held_by)
            backward = propagate_copies(backward, self._is_generated)
            backward = eliminate_dead_code(backward, removable=lambda n: True, held=self.held_by)
            keep = self._reads(backward) | ({value} if value else set())
            forward = eliminate_dead_code(forward, keep=keep, removable=removable)
            forward = prune_steps(forward, backward, self.fn.body)
            everything = saves.prologue(forward + backward) + forward + backward
            if proof is not None:
                plan_buffers(everything, self)
            self.save_plan = saves.plan(everything)
            return _def(fn_name, self._arguments(extra=extra), everything)
        backward.append(gast.Return(value=ret))
        backward = eliminate_dead_code(backward, removable=lambda n: True, held=self.held_by)
        backward = propagate_copies(backward, self._is_generated)
        backward = eliminate_dead_code(backward, removable=lambda n: True, held=self.held_by)
        forward = eliminate_dead_code(
            forward, keep=self._reads(backward) | {result}, removable=saves.is_slot
        )
        forward = prune_steps(forward, backward, self.fn.body)
        restored = sorted(_assigned(backward) - self.adjoint_names - self.rule_temps - {"_"})
        nonlocal_stmt = [gast.Nonlocal(names=restored)] if restored else []
        back_name = self.names(f"{self.fn.name.strip('<>')}_backward")
        back_def = function_def(back_name, [seed], nonlocal_stmt + backward)
        ret_pair = gast.Return(
            value=gast.Tuple(elts=[name(result), name(back_name)], ctx=gast.Load())
        )
        body_out = saves.prologue(forward + backward) + forward + [back_def, ret_pair]
        self.save_plan = saves.plan(body_out)
        args = self._arguments(extra=[])
        return gast.FunctionDef(
            name=fn_name,
            args=args,
            body=body_out,
            decorator_list=[],
            returns=None,
            type_comment=None,
            type_params=[],
        )

    def _shape_only(self, stmts) -> set[str]:
        """Primal names the adjoint sweep reads only for their shape (as the shape argument
        of ``unbroadcast`` or ``reduce_adjoint``): their saves keep just the shape."""
        shape_helpers = {
            b
            for b, h in self.session.bindings.items()
            if h in (("helper", "unbroadcast"), ("helper", "reduce_adjoint"))
        }
        shape_uses = set()
        tree = gast.Module(body=stmts, type_ignores=[])
        for n in walk(tree):
            if (
                isinstance(n, gast.Call)
                and isinstance(n.func, gast.Name)
                and n.func.id in shape_helpers
                and len(n.args) >= 2
                and isinstance(n.args[1], gast.Name)
            ):
                shape_uses.add(id(n.args[1]))
        used_as_value, used_as_shape = set(), set()
        for n in walk(tree):
            if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load):
                (used_as_shape if id(n) in shape_uses else used_as_value).add(n.id)
        return used_as_shape - used_as_value

    def _is_generated(self, n: str) -> bool:
        return n in self.adjoint_names or n in self.rule_temps

    def _reads(self, stmts) -> set[str]:
        """Primal names read by generated statements, with the names read with them
        (``held_by``: ``a, a_pullback = g_vjp(y)``; ``y[0] = v``; ``a_pullback(da)`` reads
        ``y``, which is restored before it runs)."""
        reads = set(loads_in(gast.Module(body=stmts, type_ignores=[])))
        for held in [self.held_by[n] for n in reads if n in self.held_by]:
            reads |= held
        return reads - self.adjoint_names - self.rule_temps

    def hold(self, closure: str, node) -> None:
        """Note that ``closure`` (a pullback, residuals) holds the names ``node`` reads
        that are changed in place later or are views of such names: the adjoint sweep
        reads them when it calls ``closure``."""
        views = {
            n
            for n, defs in self.analysis.defs.items()
            if defs
            and all(
                isinstance(v, gast.Subscript)
                and isinstance(v.value, gast.Name)
                and v.value.id in self.mutated
                for v, _ in defs
            )
        }
        held = {n for n in loads_in(node) if n in self.mutated or n in views or n in self.held_by}
        for n in list(held):
            held |= self.held_by.get(n, set())
        self.held_by[closure] = held

    def _arguments(self, extra):
        params = [name(p) for p in self.fn.params[: self.fn.n_positional]]
        kwonly = [name(p) for p in self.fn.params[self.fn.n_positional :]]
        for e in extra:
            kwonly.append(name(e))
        for a in params + kwonly:
            a.ctx = gast.Param()
        kw_defaults = [None] * (len(kwonly) - len(extra)) + [const(None)] * len(extra)
        vararg = name(self.fn.vararg) if self.fn.vararg else None
        kwarg = name(self.fn.kwarg) if self.fn.kwarg else None
        for a in (vararg, kwarg):
            if a is not None:
                a.ctx = gast.Param()
        return gast.arguments(
            args=params,
            posonlyargs=[],
            vararg=vararg,
            kwonlyargs=kwonly,
            kw_defaults=kw_defaults,
            kwarg=kwarg,
            defaults=[],
        )


def _def(fn_name: str, args, body) -> gast.FunctionDef:
    return gast.FunctionDef(
        name=fn_name,
        args=args,
        body=body,
        decorator_list=[],
        returns=None,
        type_comment=None,
        type_params=[],
    )
