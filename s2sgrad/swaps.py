"""In-place changes of a value that another name held a moment before: a swap.

    a, b = b, a        b_old = b; a_old = a; a = b_old; b = a_old
    a += 1             a += 1: a holds b's old array, which b no longer names

``a`` is bound to ``b``'s object, but ``b`` is bound to another value in the same block
before ``a`` changes, so no other name sees the change; where ``b``'s object was a new one
(``x * 2``, not an argument or a view), changing it in place is as safe as changing a new
value. :mod:`s2sgrad.validate` asks :func:`rebound_source`.
"""

from __future__ import annotations

import gast

from . import anno
from .callee_changes import may_precede
from .syntax import walk


def block_of(stmts, stmt):
    """The statement list (function body, branch or loop body) that holds ``stmt``."""
    if any(s is stmt for s in stmts):
        return stmts
    for s in stmts:
        for part in (getattr(s, "body", None), getattr(s, "orelse", None)):
            if isinstance(part, list) and not isinstance(s, gast.FunctionDef):
                found = block_of(part, stmt)
                if found is not None:
                    return found
    return None


def _position(block, stmt):
    """The index of the statement of ``block`` that is or holds ``stmt``; else None."""
    for i, s in enumerate(block):
        if s is stmt or any(n is stmt for n in walk(s)):
            return i
    return None


def rebound_source(checker, var, source, d, changes, order, fresh) -> bool:
    """Is ``d``, binding ``var`` to the object of the local ``source``, followed in its
    block by a rebinding of ``source`` that comes before each change of ``var`` in
    ``changes``, where every binding of ``source`` that may reach ``d`` makes a new value
    (``fresh(checker, value)``)? Then ``var``'s in-place changes reach no other name."""
    if source == var or source in checker.fn.params:
        return False
    read = _read_at(checker, d)
    defs = checker.analysis.defs.get(source, [])
    for value, s in defs:
        if not isinstance(s, gast.Assign) or not isinstance(s.targets[0], gast.Name):
            return False  # an item write or an append: the object itself changes
        if may_precede(s, read, order) and not fresh(checker, checker._through_temps(value)):
            return False
    return rebound_before_changes(checker, source, read, changes, order)


def _read_at(checker, d):
    """The statement that reads the name ``d``'s value comes from: ``d``, or the binding
    of the single-use temporary it copies (``a_old = a`` for ``b = a_old``)."""
    value, at = d.value, d
    while isinstance(value, gast.Name) and value.id in checker.names.generated:
        defs = checker.analysis.defs.get(value.id, [])
        if len(defs) != 1 or not isinstance(defs[0][1], gast.Assign):
            break
        value, at = defs[0]
    return at


def swapped_away(checker, s, var) -> bool:
    """Is ``s`` a copy ``name = var`` of ``var``'s object, with ``var`` bound to another
    value before each of its in-place changes (``a_old = a`` of a swap)?"""
    return (
        var in checker.inplace
        and isinstance(s, gast.Assign)
        and isinstance(s.value, gast.Name)
        and s.value.id == var
        and rebound_before_changes(checker, var, s, checker.changes[var], checker.order)
    )


def rebound_before_changes(checker, name, stmt, changes, order) -> bool:
    """Is ``name`` bound again in ``stmt``'s block after ``stmt``, before each of the
    in-place ``changes`` (of the value another name held) that may follow ``stmt``? Then
    the object ``name`` holds at ``stmt`` is not the one they change (``a_old = a`` of
    a swap, ``a`` bound to the other value before ``a += 1``)."""
    block = block_of(checker.fn.body, stmt)
    if block is None:
        return False
    at = _position(block, stmt)
    later = [
        _position(block, s)
        for _, s in checker.analysis.defs.get(name, [])
        if isinstance(s, gast.Assign)
        and isinstance(s.targets[0], gast.Name)
        and not anno.get(s, "inplace", False)
    ]
    rebound = [i for i in later if i is not None and i > at]
    if not rebound:
        return False
    first = min(rebound)
    for c in changes:
        if not may_precede(stmt, c, order):
            continue
        i = _position(block, c)
        if i is None or i <= first:
            return False
    return True
