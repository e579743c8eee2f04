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
"""

from __future__ import annotations

import gast

from .. import anno, runtime
from ..errors import UnsupportedSyntaxError
from ..syntax import loads_in
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


def check_outside_logs(fn, active) -> None:
    """A log receives plain values only: a value that depends on the differentiated
    inputs (autograd would log its traced box) is an error at the user's line, so that a
    log read back elsewhere never carries a derivative s2sgrad does not follow."""
    for node in gast.walk(gast.Module(body=fn.body, type_ignores=[])):
        if not (isinstance(node, gast.Call) and anno.get(node, "fn", None) is runtime.outside_log):
            continue
        values = node.args[1:] + [k.value for k in node.keywords]
        if any(n in active for v in values for n in loads_in(v)):
            raise fn.info.error(
                node,
                f"{_describe(node.args[0])} records a value that depends on the "
                "differentiated input in a container outside the function, which cannot "
                "be differentiated",
                "record its plain value: LOG.append(s2sgrad.stop_gradient(loss)) (autograd's "
                "getval), or return it as well",
                UnsupportedSyntaxError,
            )
