"""``autograd.util``: the deprecated ``quick_grad_check``, the tuple helpers
``subval``/``subvals``, ``func`` and ``toposort`` (of a traced graph: :mod:`.tracer`)."""

from __future__ import annotations

import warnings


def subvals(x, ivs):
    """The tuple ``x`` with ``x[i] = v`` for each ``(i, v)`` in ``ivs``."""
    items = list(x)
    for i, v in ivs:
        items[i] = v
    return tuple(items)


def subval(x, i, v):
    """The tuple ``x`` with ``x[i] = v``."""
    return subvals(x, [(i, v)])


def func(f):
    """``f`` itself (autograd's: a method's function under Python 2)."""
    return f


def toposort(end_node, parents=lambda node: node.parents):
    """The nodes ``end_node`` depends on, ``end_node`` first, each before its parents."""
    child_counts, stack = {}, [end_node]
    while stack:
        node = stack.pop()
        if node in child_counts:
            child_counts[node] += 1
        else:
            child_counts[node] = 1
            stack.extend(parents(node))
    childless = [end_node]
    while childless:
        node = childless.pop()
        yield node
        for parent in parents(node):
            if child_counts[parent] == 1:
                childless.append(parent)
            else:
                child_counts[parent] -= 1


def quick_grad_check(
    fun, arg0, extra_args=(), kwargs=None, verbose=True, eps=1e-4, rtol=1e-4, atol=1e-6, rs=None
):
    """Deprecated (use :func:`.test_util.check_grads`): check the reverse-mode derivative
    of ``fun(arg0, *extra_args, **kwargs)`` in ``arg0`` against finite differences.
    ``verbose``, ``eps``, ``rtol``, ``atol`` and ``rs`` are accepted for autograd's
    signature; the check uses :mod:`.test_util`'s step and tolerances, as autograd's
    does since it was deprecated."""
    warnings.warn(
        "quick_grad_check is deprecated; use s2sgrad.compat.autograd.test_util.check_grads",
        DeprecationWarning,
        stacklevel=2,
    )
    from .test_util import check_grads

    kwargs = {} if kwargs is None else kwargs

    def fun_of_arg0(x):
        return fun(x, *extra_args, **kwargs)

    fun_of_arg0.__name__ = str(getattr(fun, "__name__", "fun")).replace("<lambda>", "lambda")
    check_grads(fun_of_arg0, modes=["rev"], order=1)(arg0)


__all__ = ["func", "quick_grad_check", "subval", "subvals", "toposort"]
