"""Tables kept as lists of lists (``R = [[inf] * m for _ in range(n)]``), written cell by
cell (``R[i][j] = v``): each row is a new list, and the rows are only ever read through a
cell (``R[i][j]``), by ``len`` or by functions that copy the values (``np.array(R)``,
``sum(R[i])``), and rows are added only as new lists (``R.append([0.0] * m)``), so no
other name holds a row; a write then replaces the row by a changed copy, which is the
same to every reader, and each list is changed only by item assignment, which the
derivative knows.

    R[i][j] = v    ->    R_row = list(R[i])
                         R_row[j] = v
                         R[i] = R_row
"""

from __future__ import annotations

import gast

from ..syntax import clone, name, walk
from .tables import store_counts


def _fresh_row(node) -> bool:
    """Does ``node`` make a new list each time it runs (a display, a comprehension,
    ``[c] * k``)?"""
    if isinstance(node, (gast.List, gast.ListComp)):
        return True
    if isinstance(node, gast.BinOp) and isinstance(node.op, gast.Mult):
        return isinstance(node.left, gast.List) or isinstance(node.right, gast.List)
    return False


def _fresh_rows(node) -> bool:
    """Does ``node`` make a list of new rows (``[[0.0] * m for _ in range(n)]``, a display
    of rows)? ``[[0.0] * m] * n`` repeats one row: not one."""
    if isinstance(node, gast.ListComp):
        return _fresh_row(node.elt)
    if isinstance(node, gast.List):
        return all(_fresh_row(e) for e in node.elts)
    return False


def _copies(fn, whole=False) -> bool:
    """Does ``fn`` read the values of a row it is given (``whole``: of the table) without
    keeping a row: a NumPy function (a list becomes a new array), ``len``, and for a row
    ``sum``, ``max``, ``min``, ``any``, ``all`` (of the table, ``max(R)`` is a row)?"""
    if fn is len or (not whole and any(fn is f for f in (sum, max, min, any, all))):
        return True
    module = getattr(fn, "__module__", None) or ""
    return callable(fn) and (module == "numpy" or module.startswith("numpy."))


def row_tables(lowering, body, params) -> set[str]:
    """The local names of tables as the module docstring describes them."""
    stores = store_counts(body)
    module = gast.Module(body=body, type_ignores=[])
    made = set()
    for node in walk(module):
        if (
            isinstance(node, gast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], gast.Name)
            and stores.get(node.targets[0].id) == 1
            and node.targets[0].id not in params
            and _fresh_rows(node.value)
        ):
            made.add(node.targets[0].id)
    if not made:
        return made
    through = set()  # names read as R[a][b] (any depth) or len(R), len(R[a])
    for node in walk(module):
        if isinstance(node, gast.Subscript) and isinstance(node.value, gast.Subscript):
            inner = node.value
            if isinstance(inner.value, gast.Name) and not isinstance(node.ctx, gast.Del):
                through.add(id(inner.value))
        elif isinstance(node, gast.Call) and _copies(lowering.free_value(node.func)):
            whole = _copies(lowering.free_value(node.func), whole=True)
            for a in node.args:  # np.array(R), sum(R[i]): the values read, no row kept
                if isinstance(a, gast.Subscript) and isinstance(a.value, gast.Name):
                    through.add(id(a.value))
                elif isinstance(a, gast.Name) and whole:
                    through.add(id(a))
        elif (
            isinstance(node, gast.Call)
            and isinstance(node.func, gast.Attribute)
            and node.func.attr == "append"
            and isinstance(node.func.value, gast.Name)
            and len(node.args) == 1
            and not node.keywords
            and _fresh_row(node.args[0])
        ):
            through.add(id(node.func.value))  # R.append([0.0] * m): a new row
    for node in walk(module):
        if (
            isinstance(node, gast.Name)
            and isinstance(node.ctx, gast.Load)
            and id(node) not in through
        ):
            made.discard(node.id)
    return made


def _cell_of(lowering, target) -> bool:
    base = target.value
    while isinstance(base, gast.Subscript):
        base = base.value
    return (
        isinstance(target.value, gast.Subscript)
        and isinstance(base, gast.Name)
        and base.id in lowering.row_tables
    )


def row_store(lowering, target, value, stmt) -> bool:
    """``R[i][j] = value`` for a table of :func:`row_tables`, as the row's changed copy
    (module docstring); False, doing nothing, for any other target."""
    if not isinstance(target, gast.Subscript) or not _cell_of(lowering, target):
        return False
    outer = target.value
    base = outer.value
    while isinstance(base, gast.Subscript):
        base = base.value
    hint = base.id
    v = lowering.atom(value, hint + "_value")  # Python: the value, then the target
    i = lowering.index(outer.slice, "index")
    table = outer.value if isinstance(outer.value, gast.Name) else lowering.atom(outer.value, hint)
    j = lowering.index(target.slice, "index")
    read = gast.Subscript(value=table, slice=i, ctx=gast.Load())
    row = lowering.fresh(hint + "_row")
    lowering.locals.add(row)
    copied = lowering.make_call(list, [lowering.bind(read, hint + "_old")], [], stmt)
    lowering.assign_to(name(row, store=True), gast.copy_location(copied, stmt), stmt)
    lowering.setitem(name(row), j, v, stmt)
    lowering.assign_to(
        gast.Subscript(value=outer.value, slice=i, ctx=gast.Store()), name(row), stmt
    )
    return True


def _pure(node) -> bool:
    """An index that may be read twice: names, constants and arithmetic of them."""
    if isinstance(node, (gast.Name, gast.Constant)):
        return True
    if isinstance(node, gast.BinOp):
        return _pure(node.left) and _pure(node.right)
    if isinstance(node, gast.UnaryOp):
        return _pure(node.operand)
    if isinstance(node, gast.Tuple):
        return all(_pure(e) for e in node.elts)
    return False


def row_update(lowering, node) -> bool:
    """``R[i][j] += v`` for such a table: ``R[i][j] = R[i][j] + v`` (its indices pure);
    False for any other statement."""
    target = node.target
    if not isinstance(target, gast.Subscript) or not _cell_of(lowering, target):
        return False
    t = target
    while isinstance(t, gast.Subscript):
        if not _pure(t.slice):
            return False
        t = t.value
    read = _as_load(target)
    value = gast.copy_location(gast.BinOp(left=read, op=node.op, right=node.value), node)
    return row_store(lowering, target, value, node)


def _as_load(node):
    if isinstance(node, gast.Subscript):
        out = gast.Subscript(value=_as_load(node.value), slice=clone(node.slice), ctx=gast.Load())
        return gast.copy_location(out, node)
    if isinstance(node, gast.Name):
        return gast.copy_location(name(node.id), node)
    return node
