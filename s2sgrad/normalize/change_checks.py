"""Checks that a list or dict a call changes is one s2sgrad can follow: a list or dict
of the calling function's own that no other name, item or attribute refers to (for
:mod:`s2sgrad.normalize.changes`).
"""

from __future__ import annotations

import gast

from ..errors import InPlaceArgumentError, UnsupportedSyntaxError
from .changed import Callee, own_nodes


class Untouched(Exception):
    """A call s2sgrad leaves for the lowering: what it changes is not a list or dict
    it can follow (an object with an ``update`` method of its own)."""


class ChangeChecks:
    """Checks of :class:`~s2sgrad.normalize.changes._CallSites` (its ``params``,
    ``private``, ``classes``, ``locals``, ``kinds``, ``parents`` and ``checked``)."""

    def check_private(self, c: str, node, callee: Callee) -> None:
        if c in self.params and c not in self.private:
            if self.classes.get(c, dict) is not dict:
                raise Untouched  # an object, with a method of its own named update...
            raise self.info.error(
                node,
                f"{callee.label}() changes the argument {c!r} in place, which would change "
                "the caller's list or dict",
                f"copy it first: {c} = list({c}) (for a dict: "
                f"{c} = {{k: v for k, v in {c}.items()}})",
                InPlaceArgumentError,
            )
        if c not in self.params and c not in self.locals:
            raise Untouched  # a global or closure variable: the lowering rejects changes
        if self.kinds.get(c) is None:
            raise self.info.error(
                node,
                f"{callee.label}() changes {c!r} in place, and s2sgrad cannot tell that "
                f"{c!r} is a new list or dict of this function (the only changes of a "
                "caller's value it follows)",
                f"bind {c!r} only to a list or dict made here ([], {{}}, list(...)); for "
                f"an array, return the new value and assign it: {c} = f(..., {c})",
                UnsupportedSyntaxError,
            )
        if c not in self.checked:
            self.checked.add(c)
            self.check_alias(c, f"{callee.label}()")

    def check_views(self) -> None:
        """No ``keys = d.keys()`` of a dict the function changes in place: Python's view
        sees the change, the keys s2sgrad reads are those of the moment it is made."""
        changed = self.scope.changed(self.fn.body, self.locals | self.params)
        for node in own_nodes(self.fn.body):
            value = getattr(node, "value", None)
            if (
                isinstance(node, (gast.Assign, gast.NamedExpr))
                and isinstance(value, gast.Call)
                and isinstance(value.func, gast.Attribute)
                and value.func.attr == "keys"
                and isinstance(value.func.value, gast.Name)
                and value.func.value.id in changed
                and not value.args
            ):
                c = value.func.value.id
                raise self.info.error(
                    value,
                    f"the keys view of {c!r} is bound to a name, and {c!r} is changed in "
                    "place in this function: the view would see the change",
                    f"read {c}.keys() where it is used, or take a copy: list({c}.keys())",
                    UnsupportedSyntaxError,
                )

    def check_alias(self, c: str, changer: str) -> None:
        """No other name, item or attribute refers to the container ``c`` holds."""
        for node in own_nodes(self.fn.body):
            if not (
                isinstance(node, gast.Name) and node.id == c and isinstance(node.ctx, gast.Load)
            ):
                continue
            parent = self.parents.get(id(node))
            if not _reads_only(node, parent, self.parents.get(id(parent))):
                raise self.info.error(
                    node,
                    f"{c!r} is changed by {changer}, and here another name or "
                    "container is made to refer to the same object, which would not see "
                    "the change",
                    f"read the values from {c!r} itself, or copy it: list({c})",
                    UnsupportedSyntaxError,
                )


# where a name is read without another name, item or attribute coming to hold its object
_READS = (gast.keyword, gast.Starred, gast.Compare, gast.Return, gast.BinOp, gast.UnaryOp)
_READS += (gast.FormattedValue, gast.Expr)


def _reads_only(node, parent, grandparent) -> bool:
    """Is ``node`` (a name) read where its object is not shared: ``c[k]``, ``c.items()``,
    an argument ``f(c)``, ``for v in c``, ``k in c``, ``return c``? (None: a node the
    rewrite made.)"""
    if parent is None or isinstance(parent, _READS):
        return True
    if isinstance(parent, (gast.Subscript, gast.Attribute)):
        return parent.value is node
    if isinstance(parent, gast.Call):
        return parent.func is not node
    if isinstance(parent, (gast.For, gast.comprehension)):
        return parent.iter is node
    return isinstance(parent, gast.Tuple) and isinstance(grandparent, gast.Return)
