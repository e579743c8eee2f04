"""Changes of a list inside a loop over it, for :mod:`s2sgrad.normalize.changes`:

    for v in xs:            Python's loop goes on over the items appended; the lowered
        xs.append(2 * v)    loop over those xs had at its start: an error here

(removals, :mod:`s2sgrad.normalize.removals`, are checked the same way.)
"""

from __future__ import annotations

import gast

from ..errors import UnsupportedSyntaxError
from ..syntax import name
from .changed import bind, own_nodes
from .removals import _read_in


class LoopChanges:
    """Loop checks of :class:`~s2sgrad.normalize.changes._CallSites` (its ``loops``,
    ``kinds``, ``scope``, ``fn`` and ``info``)."""

    def not_in_its_loop(self, c: str, node, changer: str) -> None:
        """No loop over ``c`` around ``node``, which changes ``c``'s length (or, in a
        function called, its items): Python's loop goes on over the items as they are
        then, the lowered loop over those it had at its start."""
        for loop in self.loops:
            if _read_in(c, loop.iter):
                raise self.info.error(
                    node,
                    f"{changer} changes {c!r} inside a loop over {c!r}",
                    f"loop over a copy, for ... in list({c}), or use a while loop",
                    UnsupportedSyntaxError,
                )

    def growing(self, stmt) -> None:
        """An error where ``stmt`` grows a list that a loop around it goes over
        (``for v in xs: xs.append(...)``, ``xs += [...]``, ``xs.insert(0, v)``), or
        calls a function that changes it (``grow(xs)``)."""
        for node in own_nodes([stmt]):
            callee = self.scope.callee(node.func) if isinstance(node, gast.Call) else None
            if callee is not None and callee.changes() and not callee.starred:
                bound = bind(callee, node)
                for c in [bound.get(p) for p in callee.changed_params] + [
                    name(c) for c in callee.changed_free
                ]:
                    if isinstance(c, gast.Name):
                        self.not_in_its_loop(c.id, node, f"{callee.label}()")
            elif (
                isinstance(node, gast.Call)
                and isinstance(node.func, gast.Attribute)
                and isinstance(node.func.value, gast.Name)
                and node.func.attr in ("append", "insert", "extend")
                and self.kinds.get(node.func.value.id) == "list"
            ):
                c = node.func.value.id
                self.not_in_its_loop(c, node, f"{c}.{node.func.attr}()")
            elif (
                isinstance(node, gast.AugAssign)
                and isinstance(node.target, gast.Name)
                and isinstance(node.op, (gast.Add, gast.Mult))
                and (_list_made(node.value) or self.made_list(node.target.id))
            ):
                op = "+=" if isinstance(node.op, gast.Add) else "*="
                self.not_in_its_loop(node.target.id, node, f"{node.target.id} {op} ...")

    def made_list(self, c: str) -> bool:
        """Is ``c`` bound somewhere in the function to a list made there?"""
        return any(
            isinstance(n, gast.Assign)
            and any(isinstance(t, gast.Name) and t.id == c for t in n.targets)
            and _list_made(n.value)
            for n in own_nodes(self.fn.body)
        )


def _list_made(node) -> bool:
    """Is ``node`` a list display, a list comprehension or ``list(...)``?"""
    return isinstance(node, (gast.List, gast.ListComp)) or (
        isinstance(node, gast.Call) and isinstance(node.func, gast.Name) and node.func.id == "list"
    )
