"""Records kept in a list outside the function: ``LOG.append(v)`` of a module-level (or
closure) list the function never reads, as a statement of its own.

    LOG.append(float(loss))     ->     outside_log(LOG.append, float(loss))

Such a list is a log (losses, norms, step counts written as the code runs), like
``print``: nothing it holds flows back into the result, so ``outside_log`` has no
derivative, and a differentiated value is logged as its plain value (autograd would log
its box).  A list the function also reads (``LOG[-1]``, passing ``LOG`` on) keeps the
lowering's error for changes of non-local lists; :func:`check_outside_logs` refuses a
log read back by the functions it calls or from them, and calls of values known only
when the code runs where the program logs (they might read it back).

An item write into a module-level (or closure) dict or list is such a record too:

    CALLS["n"] += 1     ->     n_item = CALLS["n"]; n_add = n_item + 1
                               outside_item(CALLS, "n", n_add)

The function may read the container (a counter's own ``+= 1``, ``if CALLS["n"] % 50 ==
0: print(...)``), but nothing it reads there may reach a differentiated value, a
returned value, or a branch that assigns one (:func:`check_outside_logs`): a derivative
that runs the function's forward pass more than once (a Hessian, one pass per direction)
would see the counter move between passes.

A module-level name the function declares ``global`` and rebinds is recorded the same
way, in the module's namespace (the one the derivative runs in):

    global n_calls              ->     n_calls_item = n_calls; n_calls_add = n_calls_item + 1
    n_calls += 1                       module_globals = globals()
                                       outside_item(module_globals, "n_calls", n_calls_add)
"""

from __future__ import annotations

import ast
import functools
import inspect
import textwrap
import types

import gast

from .. import anno, runtime
from ..errors import UnsupportedSyntaxError
from ..parsing import _MISSING
from ..runtime.libraries import installed_root, library_roots
from ..syntax import (
    call,
    const,
    loads_in,
    locate,
    name,
    rewrite_blocks,
    stores_in,
    walk,
    walk_local,
)
from .log_aliases import (
    alias_reads,
    aliased,
    any_attribute,
    binds_log,
    callee_logs,
    check_value_calls,
    log_object,
    own_names,
    properties_read,
    reads_alias,
    record_aliases,
)
from .tables import ATTRIBUTE_HINT, _describe, _is_user_class

# the runtime's records of plain values (no derivative flows through them)
_RECORDS = (runtime.outside_log, runtime.outside_item, runtime.outside_attribute)

# the methods that add to a container and return None
LOG_METHODS = frozenset({"append", "extend", "insert", "add", "update"})


def _same(node, key) -> bool:
    """Is ``node`` the name ``key`` (``"LOG"``) or the attribute ``key`` of a name
    (``("self", "history")``)?"""
    if isinstance(key, str):
        return isinstance(node, gast.Name) and node.id == key
    return (
        isinstance(node, gast.Attribute)
        and node.attr == key[1]
        and isinstance(node.value, gast.Name)
        and node.value.id == key[0]
    )


def _read(node, key) -> bool:
    """Is ``node`` a read of ``key``: the name, or that attribute of any object?"""
    if isinstance(node, gast.Name) and node.id in ("globals", "locals", "vars"):
        return True  # globals()["LOG"], vars(T)["history"]
    if isinstance(key, str):
        return _same(node, key)
    if isinstance(node, gast.Name):
        return node.id == "getattr"  # getattr(T, name)
    return isinstance(node, gast.Attribute) and node.attr in (key[1], "__dict__")


def _logged_receivers(body, key) -> tuple[set, int]:
    """The ids of the ``key`` nodes (a name, or a name's attribute) that are the receiver
    of ``LOG.append(...)`` as a statement, and how many times ``key`` is read in all."""
    receivers, reads = set(), 0
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if _read(node, key):
            reads += 1
        if (
            isinstance(node, gast.Expr)
            and isinstance(node.value, gast.Call)
            and isinstance(node.value.func, gast.Attribute)
            and node.value.func.attr in LOG_METHODS
            and _same(node.value.func.value, key)
        ):
            receivers.add(id(node.value.func.value))
    return receivers, reads


def outside_log_call(low, func, owner, node, hint):
    """``outside_log(LOG.append, args)`` for ``LOG.append(args)`` of a list, dict or set
    ``LOG`` not local to the function and only ever logged to in it; None otherwise."""
    if not (
        isinstance(owner, (list, dict, set))
        and func.attr in LOG_METHODS
        and isinstance(func.value, gast.Name)
        and low.uses is not None
    ):
        return None
    body = low.uses.module.body
    receivers, reads = _logged_receivers(body, func.value.id)
    if not receivers or reads != len(receivers):
        return None
    if aliased(body, low.info, low.locals, owner, func.value.id):
        return None  # read back under another name (h = LOG at module level)
    return low.make_call(runtime.outside_log, [func] + list(node.args), node.keywords, node, hint)


def attribute_log_call(low, func, node, hint):
    """``outside_log(self.history.append, args)`` for ``self.history.append(args)`` as a
    statement, ``self`` an object of a user class the function does not own whose
    ``history`` the function only ever logs to; None otherwise. The runtime makes sure
    that ``self.history`` is a list, dict or set."""
    if not (
        func.attr in LOG_METHODS
        and isinstance(func.value, gast.Attribute)
        and isinstance(func.value.value, gast.Name)
        and low.uses is not None
        and attribute_record(low, func.value)
    ):
        return None
    key = (func.value.value.id, func.value.attr)
    body = low.uses.module.body
    receivers, reads = _logged_receivers(body, key)
    if id(func.value) not in receivers or reads != len(receivers):
        return None
    if aliased(body, low.info, low.locals, log_object(low.info, func.value), key):
        return None  # read back under another name (h = T.history at module level)
    out = low.make_call(runtime.outside_log, [func] + list(node.args), node.keywords, node, hint)
    anno.set(out, "attribute_log", func.value.attr)  # self.history.append: read as .history
    return out


def lower_globals(fn: gast.FunctionDef, info) -> None:
    """Rewrite, in place, ``name = v`` and ``name op= v`` of the names ``fn`` declares
    ``global`` to ``outside_global("name", v)`` (lowered by :func:`global_write`), and drop
    the declarations. Any other binding of such a name is an error at its line."""
    declared = [(n, v) for n in walk_local(fn.body) if isinstance(n, gast.Global) for v in n.names]
    if not declared:
        return
    names = {v for _, v in declared}

    def rewrite(stmt):
        if isinstance(stmt, gast.Global):
            return []
        target = value = None
        if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, gast.AugAssign):
            target = stmt.target
            if isinstance(target, gast.Name):
                read = gast.Name(id=target.id, ctx=gast.Load(), annotation=None, type_comment=None)
                value = gast.BinOp(left=read, op=stmt.op, right=stmt.value)
        if isinstance(target, gast.Name) and target.id in names:
            write = call(name("outside_global"), const(target.id), value)
            anno.set(write, "global_write", target.id)
            return [locate(gast.Expr(value=write), stmt)]
        return [stmt]

    fn.body = rewrite_blocks(fn.body, rewrite)
    for n in walk_local(fn.body):
        if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Del)) and n.id in names:
            raise info.error(
                n,
                f"the global {n.id!r} is bound here other than by name = value or name += "
                "value, which cannot be differentiated",
                f"write {n.id} = ... on a line of its own",
                UnsupportedSyntaxError,
            )


def lower_cell_writes(fn: gast.FunctionDef, info) -> tuple:
    """Drop the ``nonlocal`` declarations of ``fn`` itself (a closure that a factory
    returns, ``nonlocal calls; calls += 1``) and return the names they declare, sorted:
    the derivative declares them ``nonlocal`` too and rebinds them as written
    (:func:`s2sgrad.pipeline.finish_unit`), in the closure's own cells. Only
    ``name = v`` and ``name op= v`` may bind them, with plain values
    (:func:`check_outside_logs`)."""
    declared = sorted(
        {v for n in walk_local(fn.body) if isinstance(n, gast.Nonlocal) for v in n.names}
    )
    if not declared:
        return ()

    fn.body = rewrite_blocks(fn.body, lambda s: [] if isinstance(s, gast.Nonlocal) else [s])
    for n in walk_local(fn.body):
        if not isinstance(n, (gast.Assign, gast.AugAssign, gast.For, gast.With, gast.Delete)):
            continue
        targets = (
            n.targets
            if isinstance(n, (gast.Assign, gast.Delete))
            else [n.target]
            if not isinstance(n, gast.With)
            else [i.optional_vars for i in n.items]
        )
        simple = (
            isinstance(n, (gast.Assign, gast.AugAssign))
            and len(targets) == 1
            and isinstance(targets[0], gast.Name)
        )
        for t in targets:
            for m in walk(t) if t is not None else ():
                if isinstance(m, gast.Name) and m.id in declared and not simple:
                    raise info.error(
                        m,
                        f"the nonlocal {m.id!r} is bound here other than by name = value or "
                        "name += value, which cannot be differentiated",
                        f"write {m.id} = ... on a line of its own",
                        UnsupportedSyntaxError,
                    )
    return tuple(declared)


def global_write(low, value, stmt) -> None:
    """Emit the record of ``outside_global("name", v)`` (:func:`lower_globals`): the
    module's namespace, then ``outside_item`` into it."""
    key = anno.get(value, "global_write")
    written = low.atom(value.args[1], key + "_value")
    made = gast.copy_location(call(name("globals")), stmt)
    namespace = low.bind(low.make_call(globals, [], [], made), "module_globals")
    write = gast.copy_location(call(name("outside_item"), namespace, const(key), written), stmt)
    anno.set(write, "fn", runtime.outside_item)
    anno.set(write, "global_write", key)
    low.emit(gast.Expr(value=write), stmt)


def attribute_record(low, target: gast.Attribute) -> bool:
    """May ``obj.attr = v`` be a record (:func:`outside_attribute_write`): ``obj`` a name
    of the function (a method's ``self``) or a free name, holding an object of a user
    class that the function did not make?"""
    if not isinstance(target.value, gast.Name) or target.value.id in (
        low.init_self,
        low.changed_self,
    ):
        return False
    base = target.value.id
    if base in low.locals:
        cls = low.classes.get(base)
        if cls is None or base in low.stores:
            return False  # not known to be one object the caller holds
    else:
        value = low.free_value(target.value)
        if value is _MISSING:
            return False
        cls = type(value)
    return _is_user_class(cls)


def outside_attribute_write(low, target: gast.Attribute, value, stmt) -> bool:
    """Emit ``outside_attribute(obj, "attr", v)`` for ``obj.attr = v`` of an object of a
    user class the function does not own (a counter on ``self``); False for others."""
    if not attribute_record(low, target):
        return False
    written = low.atom(value, target.attr + "_value")
    write = gast.copy_location(
        call(name("outside_attribute"), name(target.value.id), const(target.attr), written),
        stmt,
    )
    anno.set(write, "fn", runtime.outside_attribute)
    low.emit(gast.Expr(value=write), stmt)
    return True


def attribute_item_write(low, target: gast.Subscript, value, stmt) -> None:
    """Emit ``outside_item(holder, k, v)`` for ``self.cache[k] = v`` of an attribute of an
    object of a user class the function does not own, which the function only writes
    items of or logs to (never reads): a log, as ``LOG.append(v)`` is; s2sgrad's error
    for others. The runtime makes sure that the attribute holds a dict or a list."""
    if not _attribute_log_item(low, target):
        raise low.info.error(
            target,
            f"item assignment to attribute {_describe(target.value)} changes an "
            "object in place, which cannot be differentiated",
            ATTRIBUTE_HINT,
            UnsupportedSyntaxError,
        )
    holder = target.value
    container = low.atom(holder, holder.attr)
    index = low.index(target.slice, "index")
    written = low.atom(value, holder.attr + "_value")
    write = gast.copy_location(call(name("outside_item"), container, index, written), stmt)
    anno.set(write, "fn", runtime.outside_item)
    anno.set(write, "attribute_log", holder.attr)
    low.emit(gast.Expr(value=write), stmt)


def _attribute_log_item(low, target: gast.Subscript) -> bool:
    holder = target.value
    if not (
        isinstance(holder.value, gast.Name)
        and low.uses is not None
        and attribute_record(low, holder)
    ):
        return False
    key = (holder.value.id, holder.attr)
    stored, reads = set(), 0
    body = low.uses.module.body
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if _read(node, key):
            reads += 1
        if isinstance(node, gast.Subscript) and isinstance(node.ctx, gast.Store):
            if _same(node.value, key):
                stored.add(id(node.value))
    logged, _ = _logged_receivers(body, key)
    if aliased(body, low.info, low.locals, log_object(low.info, holder), key):
        return False  # read back under another name (c = T.cache at module level)
    return id(holder) in stored and reads == len(stored) + len(logged)


def outside_item_write(low, obj, index, value, stmt) -> bool:
    """Emit ``outside_item(D, index, value)`` for ``D[index] = value`` of a dict or list
    ``D`` not local to the function; False (nothing emitted) for other targets."""
    if not isinstance(obj, gast.Name) or obj.id in low.locals:
        return False
    owner = low.free_value(obj)
    if type(owner) not in (dict, list):
        return False
    low.info.resolved[(obj.id,)] = owner  # valid while the name holds that container
    write = gast.copy_location(call(name("outside_item"), name(obj.id), index, value), stmt)
    anno.set(write, "fn", runtime.outside_item)
    low.emit(gast.Expr(value=write), stmt)
    return True


def _outside_reads(fn) -> dict:
    """``{name: statement}`` for the names that hold what the function reads from a
    container it writes with ``outside_item``, or computes from it, or assigns under a
    branch that tests it; the statement is where the name first takes it in."""
    body = gast.Module(body=fn.body, type_ignores=[])
    writes = [
        node
        for node in walk(body)
        if isinstance(node, gast.Call) and anno.get(node, "fn", None) is runtime.outside_item
    ]
    written = {w.args[0].id for w in writes if isinstance(w.args[0], gast.Name)}
    # a global's record (global_write): the global's own reads are reads of the container
    written |= {anno.get(node, "global_write", None) for node in writes} - {None}
    written |= set(fn.cell_writes)
    # obj.attr of an attribute record: its reads are the names bound to obj.attr
    fields = {
        (node.args[0].id, node.args[1].value)
        for node in walk(body)
        if isinstance(node, gast.Call) and anno.get(node, "fn", None) is runtime.outside_attribute
    }
    # what the user functions called here record (MODEL.loss(x) counting self.n_evals):
    # read back here, it moves between the passes of a Hessian as well
    names, attrs = set(), set()
    for node in walk(body):
        if isinstance(node, gast.Call):
            called = anno.get(node, "fn", None)
            more_names, more_attrs = _records_in(called)
            names |= more_names
            attrs |= more_attrs
            for fun in _reachable(called):
                for log in _log_uses(fun)[0]:  # the logs it writes (LOG.append(v))
                    if log.startswith("."):
                        attrs.add(log[1:])
                    else:
                        names.add(log)
                # and the same containers under names of this function's (H = LOG)
                more_names, more_attrs = alias_reads(
                    fn.body, fn.info, callee_logs(fun, _log_uses(fun)[0])
                )
                names |= more_names
                attrs |= more_attrs
    written |= names | record_aliases(fn, writes)  # C["n"] of C = CALLS, CALLS written
    tainted: dict = {}
    for node in walk(body):
        if isinstance(node, gast.Assign) and any(
            isinstance(a, gast.Attribute)
            and isinstance(a.value, gast.Name)
            and ((a.value.id, a.attr) in fields or a.attr in attrs)
            for a in walk(node.value)
        ):
            for n in sorted(stores_in(node)):
                tainted.setdefault(n, node)
    changed = bool(written or tainted)
    while changed:
        changed = False
        for node in walk(body):
            if isinstance(node, gast.Assign):
                reads, stores = set(loads_in(node.value)), stores_in(node)
            elif isinstance(node, (gast.If, gast.While)):
                reads = set(loads_in(node.test))
                stores = set().union(*(stores_in(s) for s in node.body + node.orelse))
            elif isinstance(node, gast.For):
                reads, stores = set(loads_in(node.iter)), stores_in(node)
            else:
                continue
            if reads & (written | set(tainted)):
                for n in sorted(stores - written - set(tainted)):
                    tainted[n] = node
                    changed = True
    return tainted


def _code_names(fun, depth=0, seen=None) -> set:
    """The global, attribute and free names the code of the user function ``fun`` and
    of the user functions it names (to a small depth) refers to."""
    seen = set() if seen is None else seen
    while isinstance(fun, functools.partial):
        fun = fun.func
    fun = getattr(fun, "__func__", fun)  # a bound method's function
    code = getattr(fun, "__code__", None)
    if not isinstance(fun, types.FunctionType) or code in seen or _library(fun):
        return set()
    seen.add(code)
    out, codes = set(), [code]
    while codes:
        c = codes.pop()
        out |= set(c.co_names) | set(c.co_freevars)
        codes.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    if depth < 3:
        for n in list(out):
            value = fun.__globals__.get(n)
            if isinstance(value, types.FunctionType):
                out |= _code_names(value, depth + 1, seen)
            elif isinstance(value, type) and not _library(value):
                for member in vars(value).values():
                    out |= _code_names(member, depth + 1, seen)
    return out


def _records_in(fun, depth=0, seen=None) -> tuple[set, set]:
    """The global, container and closure names and the attribute names that the user
    function ``fun`` (and the user functions it names, to a small depth) may change as
    records: ``global n; n += 1``, ``STATE[k] = v``, ``nonlocal n``, ``self.n = v``."""
    seen = set() if seen is None else seen
    while isinstance(fun, functools.partial):
        fun = fun.func
    fun = getattr(fun, "__func__", fun)
    code = getattr(fun, "__code__", None)
    if not isinstance(fun, types.FunctionType) or code in seen or _library(fun):
        return set(), set()
    seen.add(code)
    if fun.__name__ in ("__init__", "__post_init__", "__new__"):
        return set(), set()  # attributes an object is made with, not records
    if code not in _RECORDS_CACHE:
        _RECORDS_CACHE[code] = _read_records(fun)
    names, attrs = (set(x) for x in _RECORDS_CACHE[code])
    if depth < 3:
        for n in _code_names(fun) & set(fun.__globals__):
            value = fun.__globals__[n]
            if isinstance(value, types.FunctionType):
                more = _records_in(value, depth + 1, seen)
            elif isinstance(value, type) and not _library(value):
                more = set(), set()
                for member in vars(value).values():
                    found = _records_in(member, depth + 1, seen)
                    more = (more[0] | found[0], more[1] | found[1])
            else:
                continue
            names |= more[0]
            attrs |= more[1]
    return names, attrs


_RECORDS_CACHE: dict = {}


def _read_records(fun) -> tuple[frozenset, frozenset]:
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fun)))
    except (OSError, TypeError, SyntaxError):
        return frozenset(), frozenset()
    own = set(fun.__code__.co_varnames)
    names, attrs = set(), set()
    for n in walk(tree):
        if isinstance(n, (ast.Global, ast.Nonlocal)):
            names |= set(n.names)
        targets = (
            n.targets
            if isinstance(n, ast.Assign)
            else [n.target]
            if isinstance(n, (ast.AugAssign, ast.AnnAssign))
            else []
        )
        if not _counted(n):
            continue
        for t in targets:
            # a counter: x.n += 1, x.n = x.n + 1, STATE["n"] += 1 (a value stored otherwise,
            # self.state = f(w), is the callee's own business: an error there if it is
            # differentiated)
            if isinstance(t, ast.Attribute):
                attrs.add(t.attr)
            elif (
                isinstance(t, ast.Subscript)
                and isinstance(t.value, ast.Name)
                and t.value.id not in own
            ):
                names.add(t.value.id)
    return frozenset(names), frozenset(attrs)


def _counted(node) -> bool:
    """Is ``node`` a counter's step: ``t op= number`` or ``t = t op number``?"""
    if isinstance(node, ast.AugAssign):
        return isinstance(node.value, ast.Constant) and isinstance(node.value.value, (int, float))
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.BinOp):
        sides = (node.value.left, node.value.right)
        return any(isinstance(v, ast.Constant) for v in sides) and any(
            ast.dump(v) == ast.dump(node.targets[0]).replace("Store()", "Load()") for v in sides
        )
    return False


def _library(obj) -> bool:
    module = getattr(obj, "__module__", None)
    return not isinstance(module, str) or module.split(".")[0] in _LIBRARY_ROOTS


_LIBRARY_ROOTS = ("numpy", "scipy", "s2sgrad", "autograd", "builtins")


def _check_callee_reads(fn) -> None:
    """A user function called here that may read back what the function records (the
    counter ``N`` a ``schedule()`` divides by, ``self.t`` a method reads) is an error:
    a derivative that runs the forward pass more than once (a Hessian: one pass per
    direction) would see another value in each pass."""
    body = gast.Module(body=fn.body, type_ignores=[])
    recorded = set(fn.cell_writes)
    for node in walk(body):
        if not isinstance(node, gast.Call):
            continue
        called = anno.get(node, "fn", None)
        if called is runtime.outside_attribute:
            recorded.add(node.args[1].value)
        elif called is runtime.outside_item and not anno.has(node, "attribute_log"):
            key = anno.get(node, "global_write", None)
            recorded.add(key if key is not None else node.args[0].id)
    if not recorded:
        return
    for node in walk(body):
        if not isinstance(node, gast.Call):
            continue
        called = anno.get(node, "fn", None)
        if called is None or called in _RECORDS or not callable(called):
            continue
        shared = sorted(recorded & _code_names(called))
        if shared:
            raise fn.info.error(
                node,
                f"the function called here reads {shared[0]!r}, which this function changes "
                "as a record (a counter), so a derivative that runs it more than once would "
                "see other values",
                "pass the value in as an argument, or keep the record out of what the "
                "function computes",
                UnsupportedSyntaxError,
            )


def _reachable(fun, depth=0, seen=None):
    """The user function ``fun`` and the user functions (and methods of user classes)
    its code names, to a small depth, each once."""
    seen = set() if seen is None else seen
    while isinstance(fun, functools.partial):
        fun = fun.func
    fun = getattr(fun, "__func__", fun)
    code = getattr(fun, "__code__", None)
    if not isinstance(fun, types.FunctionType) or code in seen or _library(fun):
        return
    seen.add(code)
    if code.co_filename.startswith("<s2sgrad"):
        return  # a derivative s2sgrad made: its function was checked when it was made
    if installed_root(code.co_filename, _installed()) is not None:
        return  # installed code (logging's Logger.debug), not the user's
    yield fun
    if depth >= 3:
        return
    names = _code_names(fun)
    for n in sorted(names & set(fun.__globals__)):
        value = fun.__globals__[n]
        members = vars(value).values() if isinstance(value, type) else (value,)
        for member in members:
            if not isinstance(value, type) or not _library(value):
                yield from _reachable(member, depth + 1, seen)
    # methods called through objects (self.helper(), layer.forward(x)): the methods of
    # that name of the user classes of the function's module
    for value in list(fun.__globals__.values()):
        if isinstance(value, type) and value.__module__ == fun.__module__:
            for n in sorted(names & set(vars(value))):
                yield from _reachable(vars(value)[n], depth + 1, seen)


def _log_uses(fun) -> tuple[frozenset, frozenset]:
    """The non-local names ``fun`` logs to (``LOG.append(v)``, ``STATE[k] = v``) and reads
    otherwise; an attribute (``self.history.append(v)``) as ``".history"``."""
    code = fun.__code__
    if code not in _LOG_CACHE:
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(fun)))
        except (OSError, TypeError, SyntaxError):
            tree = ast.Module(body=[], type_ignores=[])
        own = own_names(code)
        logged, skip = set(), set()
        for n in ast.walk(tree):
            receiver = None
            if (
                isinstance(n, ast.Expr)
                and isinstance(n.value, ast.Call)
                and isinstance(n.value.func, ast.Attribute)
                and n.value.func.attr in LOG_METHODS
            ):
                receiver = n.value.func.value
            elif isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store):
                receiver = n.value
            if isinstance(receiver, ast.Name) and receiver.id not in own:
                logged.add(receiver.id)
                skip.add(id(receiver))
            elif (
                isinstance(receiver, ast.Attribute)
                and not receiver.attr.startswith("__")
                and fun.__name__ not in _MAKERS  # attributes an object is made with
            ):
                logged.add("." + receiver.attr)  # self.history.append(v), self.cache[k] = v
                skip.add(id(receiver))
        read = set()
        for n in ast.walk(tree):
            if id(n) in skip or not isinstance(getattr(n, "ctx", None), ast.Load):
                continue
            if isinstance(n, ast.Name) and n.id not in own:
                read.add(n.id)
            elif isinstance(n, ast.Attribute):
                read.add("." + n.attr)
        _LOG_CACHE[code] = frozenset(logged), frozenset(read)
    return _LOG_CACHE[code]


_LOG_CACHE: dict = {}
_installed = functools.cache(library_roots)
_MAKERS = ("__init__", "__post_init__", "__new__")


def _check_log_reads(fn) -> None:
    """A log that receives differentiated values holds their plain values: a user
    function called here that reads back what this function, or another function it
    calls, logs (``LOG[-1]``) would take a value without its derivative, an error here."""
    body = gast.Module(body=fn.body, type_ignores=[])
    own, logs = set(), []
    for node in walk(body):
        called = anno.get(node, "fn", None) if isinstance(node, gast.Call) else None
        if called in _RECORDS and node.args and isinstance(node.args[0], gast.Attribute):
            logs.append(log_object(fn.info, node.args[0].value))  # LOG of LOG.append
        elif called is runtime.outside_item and node.args:
            logs.append(log_object(fn.info, node.args[0]))
        if called is runtime.outside_log and anno.has(node, "attribute_log"):
            own.add("." + anno.get(node, "attribute_log"))  # the method's receiver (call_append)
        elif called is runtime.outside_log and isinstance(node.args[0], gast.Attribute):
            receiver = node.args[0].value
            if isinstance(receiver, gast.Name):
                own.add(receiver.id)
            elif isinstance(receiver, gast.Attribute):
                own.add("." + receiver.attr)
        elif called is runtime.outside_item and anno.has(node, "attribute_log"):
            own.add("." + anno.get(node, "attribute_log"))
        elif called is runtime.outside_item and isinstance(node.args[0], gast.Name):
            key = anno.get(node, "global_write", None)
            own.add(key if key is not None else node.args[0].id)
    logs = [log for log in logs if isinstance(log, (list, dict, set))]
    called_here = [
        (node, anno.get(node, "fn", None)) for node in walk(body) if isinstance(node, gast.Call)
    ]  # and the properties read here (T.last reading self.history), which run as calls do
    calls = []
    for node, called in called_here + properties_read(fn.body, fn.info):
        if called is None or called in _RECORDS or not callable(called):
            continue
        logged, read = set(), set()
        if binds_log(called, logs):
            read.add("its bound argument")  # partial(peek, LOG)
            own.add("its bound argument")
        for fun in _reachable(called):
            more_logged, more_read = _log_uses(fun)
            logged |= more_logged
            read |= more_read
            alias = reads_alias(fun, logs, more_read) if logs else None
            if alias is not None:
                read.add(alias)  # the log, under a name of the callee's (H = T.history)
                own.add(alias)
        calls.append((node, getattr(called, "__code__", called), logged, read))
    check_value_calls(fn, bool(own or logs or any(c[2] for c in calls)), called_here, _reachable)
    for node, key, _, read in calls:
        others = set(own)
        for _, other_key, logged, _ in calls:
            if other_key is not key:
                others |= logged
        shared = sorted(read & others) or any_attribute(read, others)
        if shared:
            what = f"the attribute {shared[0][1:]!r}" if shared[0][0] == "." else repr(shared[0])
            raise fn.info.error(
                node,
                f"the function called here reads {what}, which is a log that this "
                "function (or another function it calls) writes: what it reads there would "
                "carry no derivative",
                "pass the value in as an argument, or return it, rather than reading it "
                "back from the log",
                UnsupportedSyntaxError,
            )


def check_outside_logs(fn, active) -> None:
    """Records of plain values only: a value that depends on the differentiated inputs
    kept on an object, a global or a counter is an error at the user's line."""
    for node in walk(gast.Module(body=fn.body, type_ignores=[])):
        fn_called = anno.get(node, "fn", None) if isinstance(node, gast.Call) else None
        if fn_called is runtime.outside_attribute and any(
            n in active for v in node.args for n in loads_in(v)
        ):
            # a differentiated value (or object) kept on an object: state to thread through
            raise fn.info.error(
                node,
                f"assignment to attribute '{node.args[0].id}.{node.args[1].value}' changes an "
                "object in place, which cannot be differentiated",
                ATTRIBUTE_HINT,
                UnsupportedSyntaxError,
            )
        if (
            fn_called not in _RECORDS
            or fn_called is runtime.outside_log
            or anno.get(node, "attribute_log", None) is not None
            or fn.info.filename.startswith("<s2sgrad ")  # checked where the user wrote it
        ):
            continue  # a log holds the plain values it receives (see _check_log_reads)
        values = node.args[1:] + [k.value for k in node.keywords]
        if any(n in active for v in values for n in loads_in(v)):
            if anno.get(node, "global_write", None) is not None:
                what = f"the assignment to the global {anno.get(node, 'global_write')!r}"
            else:
                what = f"the item assignment {node.args[0].id}[...] = ..."
            raise fn.info.error(
                node,
                f"{what} records a value that depends on the "
                "differentiated input in a container outside the function, which cannot "
                "be differentiated",
                "record its plain value: s2sgrad.stop_gradient(loss) (autograd's getval), or "
                "return it as well",
                UnsupportedSyntaxError,
            )
    for node in walk(gast.Module(body=fn.body, type_ignores=[])):
        if (
            isinstance(node, gast.Assign)
            and isinstance(node.targets[0], gast.Name)
            and node.targets[0].id in fn.cell_writes
            and any(n in active for n in loads_in(node.value))
        ):
            raise fn.info.error(
                node,
                f"the assignment to the nonlocal {node.targets[0].id!r} records a value that "
                "depends on the differentiated input outside the function, which cannot be "
                "differentiated",
                "record its plain value (s2sgrad.stop_gradient(loss), autograd's getval), or "
                "return it as well",
                UnsupportedSyntaxError,
            )
    _check_callee_reads(fn)
    _check_log_reads(fn)
    reads = _outside_reads(fn)
    reaching = [reads[n] for n in sorted(reads) if n in active]
    if reaching:
        node = min(reaching, key=lambda s: (getattr(s, "lineno", 0), getattr(s, "col_offset", 0)))
        raise fn.info.error(
            node,
            "a value read from a variable or container outside the function that it (or a "
            "function it calls) also changes (a counter, a cache) reaches the differentiated "
            "result, which cannot be differentiated",
            "pass the value in as an argument (the step number of the optimiser's "
            "callback), or keep the container for records only (counts, progress prints)",
            UnsupportedSyntaxError,
        )
