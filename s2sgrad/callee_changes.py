"""A call of a user function that changes its parameter with ``p op= ...`` rebinds the
parameter (as under autograd), where NumPy would change the caller's array: the checks that
no caller can see the difference, and what they need of the order and bindings of the
normal form."""

from __future__ import annotations

import gast
import numpy as np

from . import anno
from .activity import SCALAR, Analysis
from .augmented import augmented_params, positional_params
from .errors import UnsupportedSyntaxError
from .fresh import fresh_value, is_fresh
from .normalize import NormalFunction
from .syntax import loads_in, name_item, walk, walk_local


def check_callee_changes(fn: NormalFunction, analysis: Analysis, order) -> None:
    """A callee's ``v -= ...`` on its parameter rebinds it (as under autograd), where
    NumPy would change the caller's array: reject the call if the caller reads that
    array again afterwards, which would see the difference."""
    body = gast.Module(body=fn.body, type_ignores=[])
    stmts = [
        s
        for s in walk(body)
        if isinstance(s, (gast.Assign, gast.Expr)) and isinstance(s.value, gast.Call)
    ]
    taken_back, unpacked = _unpackings(analysis, body)
    # the statements of each local def, which run where it is called, and what they read
    defs = [d for d in walk(body) if isinstance(d, gast.FunctionDef)]
    inside = {d.name: {id(n) for n in walk(d) if n is not d} for d in defs}
    local_reads = {d.name: set(loads_in(d)) for d in defs}
    for d in walk(body):
        if isinstance(d, gast.Assign) and isinstance(d.value, gast.Lambda):
            if isinstance(d.targets[0], gast.Name):
                local_reads[d.targets[0].id] = set(loads_in(d.value))
    for s in stmts:
        callee = anno.get(s.value, "fn", None)
        changed = augmented_params(callee)
        if not changed:
            continue
        params = positional_params(callee)
        passed = dict(zip(params, s.value.args))
        passed.update((k.arg, k.value) for k in s.value.keywords if k.arg is not None)
        name = getattr(callee, "__name__", None) or callee.node.name
        for p in sorted(changed):
            a = passed.get(p)
            what = f"its argument {p!r} in place ({p} op= ..., or in a function it calls)"
            if p.startswith("*"):  # an item of its *args or **kwargs, passed on
                a, what = _star_argument(s.value, params, p), "an argument in place (through *args)"
            elif a is None and p not in params and p not in _keyword_params(callee):
                # a free name of a local def or lambda it passes on: the caller's variable
                a = gast.Name(id=p, ctx=gast.Load(), annotation=None, type_comment=None)
                what = f"{p!r} in place (in a function it calls)"
            if isinstance(a, gast.Name) and _outside(fn, analysis, a.id):
                raise fn.info.error(
                    s,
                    f"{name}() changes {a.id!r}, which is not a local variable of this "
                    f"function, in place ({p} op= ..., or in a function it calls)",
                    f"pass a copy ({a.id}.copy()) or use what the function returns",
                    UnsupportedSyntaxError,
                )
            if (
                not isinstance(a, gast.Name)
                or a.id not in analysis.active
                or analysis.kinds.get(a.id) == SCALAR
            ):
                continue  # a number is rebound by -= in NumPy too
            # NumPy would change the object of every name the argument may view (y of
            # _inner(y[1:]), whose view the normal form binds to a temporary), and what
            # the callee's other parameters given one of them read; and of every name that
            # may be or view one of those objects (z of z = y, read after _inner(y))
            shared = _viewing(analysis, _viewed(analysis, a.id), s, order)
            for q, b in passed.items():
                if q == p or b is a:
                    continue
                if _held(analysis, b) & shared:  # b, [b], O(b): what the callee reads
                    raise fn.info.error(
                        s,
                        f"{name}() changes {what}, and its argument {q!r} may share that "
                        "array, which would see the change",
                        f"pass a copy ({_source_name(b)}.copy()) as {q}",
                        UnsupportedSyntaxError,
                    )
            reads = _free_reads(defs, name) if p in params else set()
            for q in sorted(reads & shared):
                raise fn.info.error(  # def g(v): v += 1; return v * y, called g(y)
                    s,
                    f"{name}() changes {what}, and reads {q!r}, which may share that "
                    "array and would see the change",
                    f"pass a copy ({a.id}.copy())",
                    UnsupportedSyntaxError,
                )
            for other in walk(body):
                if (
                    other is s
                    or not isinstance(other, gast.stmt)
                    or id(other) in inside.get(name, ())
                    or not may_precede(s, other, order)
                ):
                    continue
                head = {gast.For: "iter", gast.While: "test", gast.If: "test"}.get(type(other))
                loads = set(loads_in(getattr(other, head) if head else other))
                for c in walk(other):  # a local def called there reads its free names
                    if isinstance(c, gast.Call) and isinstance(c.func, gast.Name):
                        loads.update(local_reads.get(c.func.id, ()))
                read = shared & loads
                read -= taken_back.get(id(s), set()) | {unpacked.get(id(other))}
                if read:
                    seen = min(read)
                    raise fn.info.error(
                        s,
                        f"{name}() changes {what}, and {seen!r} is read again after the call",
                        f"pass a copy ({seen}.copy()) or use what the function returns",
                        UnsupportedSyntaxError,
                    )


def check_generator_changes(fn: NormalFunction, analysis: Analysis, order) -> None:
    """A generator helper read one item at a time (``for t in gen(y):``) runs in NumPy as
    its items are read, where s2sgrad makes the list of them at the call: reject an
    in-place change, while its items are still read, of an array or list it is given
    (``y[0] = ...`` in that loop, through any name that may share ``y``)."""
    body = gast.Module(body=fn.body, type_ignores=[])
    stmts = [s for s in walk(body) if isinstance(s, gast.stmt)]
    for call in stmts:
        lazy = anno.get(call, "lazy_items", None) if isinstance(call, gast.Assign) else None
        if lazy is not None and isinstance(call.targets[0], gast.Name):
            names, rebound = lazy  # a generator expression or map read by a for loop
            gen = "the generator expression or map"
        elif (
            isinstance(call, gast.Assign)
            and isinstance(call.targets[0], gast.Name)
            and isinstance(call.value, gast.Call)
            and anno.get(call.value, "lazy_items", False)
        ):
            given = call.value.args + [k.value for k in call.value.keywords]
            names, rebound = {n for a in given for n in loads_in(a)}, frozenset()
            fun = anno.get(call.value, "fn", None)
            gen = f"{getattr(fun, '__name__', 'the generator')}()"
        else:
            continue
        lists = _lists_of(analysis, call.targets[0].id)
        readers = [s for s in stmts if s is not call and lists & set(loads_in(_head(s)))]
        names = {n for n in names if analysis.kinds.get(n) != SCALAR} - lists
        viewed = set().union(*(_viewed(analysis, n) for n in names)) if names else set()
        shared = _viewing(analysis, viewed, None, order)
        for s in stmts:
            if s is call or not may_precede(call, s, order):
                continue
            # a list or dict that holds one of them is no object the generator reads
            changed = {
                n for n in shared & _changes_in_place(s) if n in viewed or not _holder(analysis, n)
            }
            if isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name):
                changed |= rebound & {s.targets[0].id}  # read at each item: rebound
            if changed and any(_between(call, s, r, order) for r in readers):
                seen = min(changed)
                raise fn.info.error(
                    s,
                    f"this changes {seen!r} while the items of {gen} are still read, and "
                    f"{gen} reads it: Python makes each item as it is read, where s2sgrad "
                    "makes the list of them first",
                    f"change a copy ({seen}.copy()), or make the list of the items first "
                    "(items = list(...))",
                    UnsupportedSyntaxError,
                )


def _holder(analysis: Analysis, n: str) -> bool:
    """Is every binding of ``n`` a new list, tuple or dict (of what it reads), an item
    stored in it or an append to it?"""
    defs = analysis.defs.get(n, [])
    return bool(defs) and all(
        not isinstance(value, gast.For)
        and (
            not bindings([(value, stmt)])
            or isinstance(value, (gast.List, gast.Tuple, gast.Dict, gast.ListComp, gast.DictComp))
            or (isinstance(value, gast.Call) and anno.get(value, "fn", None) in (list, dict, tuple))
        )
        for value, stmt in defs
    )


def _between(call, s, read, order) -> bool:
    """Can ``s`` run after ``call`` and before ``read`` with no new run of ``call`` in
    between: it comes between them, or a loop ``call`` is not in holds ``s`` and ``read``?"""
    (c, loops_c), (i, loops_s), (j, loops_r) = (order[id(x)] for x in (call, s, read))
    return c < i < j or bool((loops_s & loops_r) - loops_c)


def _lists_of(analysis: Analysis, items: str) -> set[str]:
    """``items`` and the names bound to it or to a builtin's view of it
    (``seq_list = list(seq_items)``, ``enumerate(...)``), not to one of its items."""
    out, grew = {items}, True
    while grew:
        grew = False
        for n, defs in analysis.defs.items():
            if n in out:
                continue
            for value, _ in defs:
                whole = isinstance(value, gast.Name) or (
                    isinstance(value, gast.Call)
                    and anno.get(value, "fn", None) in (list, tuple, enumerate, zip, iter)
                )
                if whole and out.intersection(loads_in(value)):
                    out.add(n)
                    grew = True
                    break
    return out


def _head(s):
    """What a statement itself reads: the head of a loop or branch, else all of it."""
    field = {gast.For: "iter", gast.While: "test", gast.If: "test"}.get(type(s))
    return getattr(s, field) if field else s


def _changes_in_place(s) -> set[str]:
    """The names whose object the statement ``s`` changes in place (``y[i] = v``,
    ``y += v`` on an array, ``ys.append(v)``, ``ys.pop()``, a user function that changes
    the argument given it with ``p op= ...``)."""
    out = set()
    if isinstance(s, gast.Assign):
        target = s.targets[0]
        if isinstance(target, gast.Subscript) and isinstance(target.value, gast.Name):
            out.add(target.value.id)
        elif isinstance(target, gast.Name) and anno.get(s, "inplace", False):
            out.add(target.id)
    if isinstance(s, gast.Expr) and anno.has(s, "append"):
        out.add(anno.get(s, "append")[0])
    value = getattr(s, "value", None)
    if isinstance(s, (gast.Assign, gast.Expr)) and isinstance(value, gast.Call):
        if anno.get(value, "pop", None):
            out.add(anno.get(value, "pop"))
        callee = anno.get(value, "fn", None)
        changed = augmented_params(callee) if callee is not None else frozenset()
        if changed:
            passed = dict(zip(positional_params(callee), value.args))
            passed.update((k.arg, k.value) for k in value.keywords if k.arg is not None)
            out.update(a.id for p, a in passed.items() if p in changed and isinstance(a, gast.Name))
    return out


def check_item_change(fn: NormalFunction, analysis: Analysis, s, var: str, order) -> None:
    """``var[k] += v`` on a list or dict changes the item in place in NumPy, where the
    derivative rebinds it: reject it if a name bound before to an item of ``var``
    (``z = d[k]``), or to what may view one, is read where that change may have come
    between its binding and the read."""
    held = _viewing(analysis, {var}, s, order) - {var}
    if not held:
        return
    blocks = _blocks(fn.body)
    for other in walk(gast.Module(body=fn.body, type_ignores=[])):
        if other is s or not isinstance(other, gast.stmt) or not may_precede(s, other, order):
            continue
        head = {gast.For: "iter", gast.While: "test", gast.If: "test"}.get(type(other))
        for n in sorted(held & set(loads_in(getattr(other, head) if head else other))):
            if not _bound_since(analysis, n, s, other, order, blocks):
                raise fn.info.error(
                    s,
                    f"{var}[...] += ... changes the item of {var!r} in place, and {n!r}, "
                    "which may share that item, is read again after it",
                    f"write {var}[...] = {var}[...] + ...",
                    UnsupportedSyntaxError,
                )


def _bound_since(analysis: Analysis, n: str, change, read, order, blocks) -> bool:
    """Is ``n`` bound in the block of the statement ``read``, before it, with the
    statement ``change`` not in between (so ``read`` sees what that binding made)?"""
    i, j = order[id(change)][0], order[id(read)][0]
    return any(
        blocks.get(id(stmt)) == blocks.get(id(read))
        and order[id(stmt)][0] < j
        and not order[id(stmt)][0] < i < j
        for _, stmt in analysis.defs.get(n, [])
        if id(stmt) in order
    )


def _blocks(body) -> dict:
    """``id(statement) -> id(the list of statements holding it)``."""
    out = {}
    todo = [body]
    while todo:
        block = todo.pop()
        for st in block:
            out[id(st)] = id(block)
            if isinstance(st, (gast.FunctionDef, gast.AsyncFunctionDef, gast.ClassDef)):
                continue
            for part in ("body", "orelse", "finalbody"):
                if getattr(st, part, None):
                    todo.append(getattr(st, part))
            todo.extend(h.body for h in getattr(st, "handlers", None) or [])
    return out


def _star_argument(call, params, p: str):
    """The argument of ``call`` that the marker ``p`` (``"*k"``: the item ``k`` of the
    callee's ``*args``; ``"**name"``: a keyword of its ``**kwargs``) stands for, or None."""
    if p.startswith("**"):
        return next((k.value for k in call.keywords if k.arg == p[2:]), None)
    i = len(params) + int(p[1:])
    args = call.args
    if any(isinstance(a, gast.Starred) for a in args[: i + 1]):
        return None
    return args[i] if i < len(args) else None


def _keyword_params(callee) -> tuple:
    fn = getattr(callee, "__code__", None)
    if fn is not None:
        return fn.co_varnames[fn.co_argcount : fn.co_argcount + fn.co_kwonlyargcount]
    node = getattr(callee, "node", None)
    return tuple(p.id for p in node.args.kwonlyargs) if node is not None else ()


def _outside(fn: NormalFunction, analysis: Analysis, var: str) -> bool:
    """Is ``var`` an array or list of a closure or a global, not a local of ``fn``?"""
    if var in analysis.defs or var in fn.params:
        return False
    value = fn.info.closure.get(var, fn.info.globals.get(var))
    return isinstance(value, (np.ndarray, list))


def _viewing(analysis: Analysis, names: set[str], call, order) -> set[str]:
    """``names`` and the names bound, before the statement ``call`` may run, to one of
    them or what may view one (``z = y``, ``w = y[1:]``, ``r = np.reshape(y, ...)``),
    followed on to those that view them. A name bound after reads the changed array in
    NumPy and the other in the derivative, a difference the check of that read finds; the
    result of ``call`` itself is what the callee made, the same in both. A list, tuple or
    dict that holds one of them (``ys = [y]``, ``d[k] = y``, ``ys.append(y)``) reads it
    again too."""
    out, grew = set(names), True
    own = {t.id for t in getattr(call, "targets", ()) if isinstance(t, gast.Name)}
    while grew:
        grew = False
        for n, defs in analysis.defs.items():
            if n in out or n in own or analysis.kinds.get(n) == SCALAR:
                continue
            for value, stmt in defs:
                if stmt is call or not may_precede(stmt, call, order):
                    continue
                if _new_object(value):
                    continue
                returned = _returned_arguments(analysis, value)
                if out.intersection(loads_in(value) if returned is None else returned):
                    out.add(n)
                    grew = True
                    break
    return out


def _viewed(analysis: Analysis, var: str) -> set[str]:
    """``var`` and the names whose objects it may be or view (``t = y[1:]``, ``t = y.T``,
    ``t = u``, ``t = ys[0]`` of ``ys = [y]`` or ``ys.append(y)``, followed back through each
    definition that is not a new object): a change of ``var``'s object in place changes
    theirs."""
    out, todo = {var}, [var]
    while todo:
        for value, _ in analysis.defs.get(todo.pop(), []):
            if _new_object(value):
                continue
            whole = value.value if isinstance(value, gast.Subscript) else value
            returned = _returned_arguments(analysis, value)
            for n in loads_in(whole) if returned is None else returned:
                if n not in out and analysis.kinds.get(n) != SCALAR:
                    out.add(n)
                    todo.append(n)
    return out


def _new_object(value) -> bool:
    """Is ``value`` a new object holding none of the objects it reads (not ``[y]``,
    ``{"k": y}``, ``(y, 1)``, ``list(ys)`` or an object made from them, ``Box(y)``)?"""
    holders = (gast.List, gast.Tuple, gast.Set, gast.Dict, gast.ListComp, gast.DictComp)
    if isinstance(value, holders + (gast.SetComp,)):
        return False
    if isinstance(value, gast.Call) and anno.get(value, "fn", None) in (list, dict, tuple):
        return False
    if isinstance(value, gast.Call) and _initialises(value):
        return False  # self.w = w: the object holds what it was given
    return is_fresh(value) or fresh_value(value)


def _initialises(call) -> bool:
    """Is ``call`` the normal form's ``initialised(C)(obj, ...)`` of ``C(...)``, whose
    ``__init__`` may keep its arguments in the object?"""
    inner = call.func
    return (
        isinstance(inner, gast.Call)
        and isinstance(inner.func, gast.Name)
        and inner.func.id == "initialised"
    ) or getattr(anno.get(call, "fn", None), "__name__", None) == "__init__"


def _held(analysis: Analysis, arg) -> set[str]:
    """The names whose objects the call argument ``arg`` may be, view or hold: a name's
    (:func:`_viewed`), and those of the names a list, tuple or dict display reads."""
    if isinstance(arg, gast.Name):
        return _viewed(analysis, arg.id)
    if _new_object(arg):
        return set()
    out: set[str] = set()
    for n in loads_in(arg):
        if analysis.kinds.get(n) != SCALAR:
            out |= _viewed(analysis, n)
    return out


def _source_name(arg) -> str:
    return arg.id if isinstance(arg, gast.Name) else "..."


def _free_reads(defs, name: str) -> set[str]:
    """The names a local def ``name`` reads that it does not bind (the caller's variables
    it sees through its closure)."""
    out: set[str] = set()
    for d in defs:
        if d.name != name:
            continue
        args = d.args
        own = {a.id for a in args.args + args.kwonlyargs + getattr(args, "posonlyargs", [])}
        own |= {a.id for a in (args.vararg, args.kwarg) if a is not None}
        own |= {
            n.id for n in walk(d) if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)
        }
        out |= set(loads_in(d)) - own
    return out


def _unpackings(analysis: Analysis, body) -> tuple[dict[int, set[str]], dict[int, str]]:
    """The statements ``t = out[k]`` right after a call ``out = f(...)`` (its normal
    form's unpacking): for each call, the names ``a`` they rebind to the callee's value of
    the parameter given ``a`` (as a ``nonlocal a`` becomes: a later read of ``a`` reads
    what the callee made, as in NumPy); and for each of them, the ``out`` it reads (only
    ever the value that call just made)."""
    taken_back: dict[int, set[str]] = {}
    unpacked: dict[int, str] = {}
    for node in walk(body):
        for block in (getattr(node, f, None) for f in ("body", "orelse", "finalbody")):
            if not isinstance(block, list):
                continue
            for i, s in enumerate(block):
                if not (
                    isinstance(s, gast.Assign)
                    and isinstance(s.targets[0], gast.Name)
                    and isinstance(s.value, gast.Call)
                ):
                    continue
                out = s.targets[0].id
                for after in block[i + 1 :]:
                    item = isinstance(after, gast.Assign) and name_item(after.value)
                    target = after.targets[0] if isinstance(after, gast.Assign) else None
                    if not item or item[0] != out or not isinstance(target, gast.Name):
                        break
                    unpacked[id(after)] = out
                    if _returned_arguments(analysis, after.value) == [target.id]:
                        taken_back.setdefault(id(s), set()).add(target.id)
    return taken_back, unpacked


def _returned_arguments(analysis: Analysis, value) -> list[str] | None:
    """For ``value`` a call of a local ``def`` (``out = add(x, total, calls)``), or an item
    ``out[k]`` of its result, where every ``return`` gives parameters or new values there:
    the names that the call's arguments for those parameters read. None where that is not
    so (the value may then view any name the call reads)."""
    item = name_item(value)
    if item is not None:
        defs = bindings(analysis.defs.get(item[0], []))
        if len(defs) != 1:
            return None
        call, k = defs[0][0], item[1]
    else:
        call, k = value, None
    node = getattr(anno.get(call, "fn", None), "node", None)
    if not isinstance(call, gast.Call) or not isinstance(node, gast.FunctionDef):
        return None
    passed = dict(zip([p.id for p in node.args.posonlyargs + node.args.args], call.args))
    passed.update((kw.arg, kw.value) for kw in call.keywords if kw.arg is not None)
    names: list[str] = []
    returns = [r.value for r in walk_local(node.body) if isinstance(r, gast.Return)]
    for r in returns:
        if k is None:
            elts = r.elts if isinstance(r, gast.Tuple) else [r]
        elif isinstance(r, gast.Tuple) and len(r.elts) > k:
            elts = [r.elts[k]]
        else:
            return None
        for elt in elts:
            if isinstance(elt, gast.Name) and elt.id in passed:
                names += loads_in(passed[elt.id])
            elif not (elt is None or isinstance(elt, gast.Constant) or is_fresh(elt)):
                if not fresh_value(elt):
                    return None
    return names if returns else None


def bindings(defs) -> list:
    """The definitions in ``defs`` that bind the name itself (``y = t``), not an item of it
    (``ys[i] = t`` and ``ys.append(t)`` store t in ys: t is no alias of ys)."""
    return [
        (value, stmt)
        for value, stmt in defs
        if not (isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Subscript))
        and not (isinstance(stmt, gast.Expr) and anno.has(stmt, "append"))
    ]


def program_order(body) -> dict:
    """``id(statement) -> (position, enclosing loops)`` for every statement of ``body``."""
    order = {}

    def visit(stmts, loops):
        for s in stmts:
            order[id(s)] = (len(order), loops)
            if isinstance(s, (gast.FunctionDef, gast.AsyncFunctionDef, gast.ClassDef)):
                continue
            inner = loops | {id(s)} if isinstance(s, (gast.For, gast.While)) else loops
            for part in ("body", "orelse", "finalbody"):
                visit(getattr(s, part, None) or [], inner)
            for handler in getattr(s, "handlers", None) or []:
                visit(handler.body, inner)

    visit(body, frozenset())
    return order


def may_precede(d, stmt, order) -> bool:
    """Can ``d`` run before ``stmt``: it comes first, or a loop holds both (or either is
    not a statement of the body)."""
    if id(d) not in order or id(stmt) not in order:
        return True
    (i, loops_d), (j, loops_s) = order[id(d)], order[id(stmt)]
    return i < j or bool(loops_d & loops_s)
