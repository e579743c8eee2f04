"""Records kept in a list outside the function: ``LOG.append(v)`` of a module-level (or
closure) list the function never reads, as a statement of its own.

    LOG.append(float(loss))     ->     outside_log(LOG.append, float(loss))

Such a list is a log (losses, norms, step counts written as the code runs), like
``print``: the values it receives are plain values, and nothing it holds flows back into
the function's result, so it needs no derivative.  ``outside_log`` is marked as having
none, and :func:`check_outside_logs` makes sure that what it receives does not depend on
the differentiated inputs (``autograd.tracer.getval(loss)``, counters, shapes), so that
a log read back elsewhere never carries a derivative s2sgrad would not follow.  A list
the function also reads (``LOG[-1]``, ``sum(LOG)``, passing ``LOG`` on) keeps the error
the lowering raises for changes of non-local lists.

An item write into a module-level (or closure) dict or list is such a record too:

    CALLS["n"] += 1     ->     n_item = CALLS["n"]; n_add = n_item + 1
                               outside_item(CALLS, "n", n_add)

The function may read the container (a counter's own ``+= 1``, ``if CALLS["n"] % 50 ==
0: print(...)``), but nothing it reads there may reach a differentiated value, a
returned value, or a branch that assigns one (:func:`check_outside_logs`): a derivative
that runs the function's forward pass more than once (a Hessian, one pass per direction)
would see the counter move between passes.
"""

from __future__ import annotations

import gast

from .. import anno, runtime
from ..errors import UnsupportedSyntaxError
from ..syntax import call, loads_in, name, stores_in
from .tables import _describe

# the methods that add to a container and return None
LOG_METHODS = frozenset({"append", "extend", "insert", "add", "update"})


def _logged_receivers(body, name: str) -> tuple[set, int]:
    """The ids of the ``name`` nodes that are the receiver of ``name.append(...)`` as a
    statement, and how many times ``name`` is read in all."""
    receivers, reads = set(), 0
    for node in gast.walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(node, gast.Name) and node.id == name:
            reads += 1
        if (
            isinstance(node, gast.Expr)
            and isinstance(node.value, gast.Call)
            and isinstance(node.value.func, gast.Attribute)
            and node.value.func.attr in LOG_METHODS
            and isinstance(node.value.func.value, gast.Name)
            and node.value.func.value.id == name
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
    receivers, reads = _logged_receivers(low.uses.module.body, func.value.id)
    if not receivers or reads != len(receivers):
        return None
    return low.make_call(runtime.outside_log, [func] + list(node.args), node.keywords, node, hint)


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
    written = {
        node.args[0].id
        for node in gast.walk(body)
        if isinstance(node, gast.Call) and anno.get(node, "fn", None) is runtime.outside_item
    }
    tainted: dict = {}
    changed = bool(written)
    while changed:
        changed = False
        for node in gast.walk(body):
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


def check_outside_logs(fn, active) -> None:
    """A log receives plain values only: a value that depends on the differentiated
    inputs (autograd would log its traced box) is an error at the user's line, so that a
    log read back elsewhere never carries a derivative s2sgrad does not follow."""
    for node in gast.walk(gast.Module(body=fn.body, type_ignores=[])):
        fn_called = anno.get(node, "fn", None) if isinstance(node, gast.Call) else None
        if fn_called is not runtime.outside_log and fn_called is not runtime.outside_item:
            continue
        values = node.args[1:] + [k.value for k in node.keywords]
        if any(n in active for v in values for n in loads_in(v)):
            what = (
                _describe(node.args[0])
                if fn_called is runtime.outside_log
                else f"the item assignment {node.args[0].id}[...] = ..."
            )
            raise fn.info.error(
                node,
                f"{what} records a value that depends on the "
                "differentiated input in a container outside the function, which cannot "
                "be differentiated",
                "record its plain value: LOG.append(s2sgrad.stop_gradient(loss)) (autograd's "
                "getval), or return it as well",
                UnsupportedSyntaxError,
            )
    reads = _outside_reads(fn)
    reaching = [reads[n] for n in sorted(reads) if n in active]
    if reaching:
        node = min(reaching, key=lambda s: (getattr(s, "lineno", 0), getattr(s, "col_offset", 0)))
        raise fn.info.error(
            node,
            "a value read from a container outside the function that the function also "
            "changes (a counter, a cache) reaches the differentiated result, which cannot be "
            "differentiated",
            "pass the value in as an argument (the step number of the optimiser's "
            "callback), or keep the container for records only (counts, progress prints)",
            UnsupportedSyntaxError,
        )
