"""The call's entry for one instance: its checks and its call in one generated function.

    entry = make_entry(fn, checks, types, dtypes, ndims, full, wrt, inexact, single, value,
                       failed, general)
    out = entry(*args, **kwargs)   # not this instance's arguments: general(args, kwargs)

A :class:`~s2sgrad.api.Transformed` holds the entry of the instance it ran last in its
``__call__`` slot, so that a call runs the entry's frame alone. The entry tests
exactly what that cached instance relies on, inline: the arguments' types (the fast
path's key), the dtypes a value-free instance was made for (``a.dtype is d``: an equal
dtype that is another object misses, and the general path compares with ``==``), the
numbers of dimensions and axes of length 1 its code relies on (``a.ndim == 2``,
``1 not in a.shape``: :mod:`s2sgrad.reverse.products` and ``unbroadcasts``) and what
:class:`~s2sgrad.checks.Checks` tests (each group, function state and number as one
expression); then it calls the generated function and matches the gradients to the
arguments. Anything it does not test (containers, which may hold Dask arrays; arguments
whose differentiability a dtype does not settle) gets no entry. Keyword arguments, another
arity and a failed test take ``general``, the call's path without the entry.
"""

from __future__ import annotations

import numpy as np

from . import rules
from .parsing import _MISSING
from .plain import small_test
from .runtime import match_input

MISS = object()  # what answers() gives for arguments the entry was not made for


def make_entry(
    fn,
    checks,
    types,
    dtypes,
    ndims,
    full,
    wrt,
    inexact,
    single,
    with_value,
    failed,
    general,
    small=None,
):
    """The entry of the instance ``fn`` (the generated function) for positional arguments
    of ``types``, those at ``dtypes`` (``(index, dtype)``) of those dtypes, those at
    ``ndims`` (``(index, ndim)``) of those numbers of dimensions, those at ``full`` with
    no axis of length 1 (:mod:`s2sgrad.reverse.unbroadcasts`) and the arrays
    at ``inexact`` of a float or complex dtype (differentiable), valid while ``checks``
    holds; it returns the gradients of the arguments ``wrt`` (one, or a tuple), with the
    value first for ``with_value``. ``failed(exc)`` is called with an exception the
    generated function raised, before it propagates; ``general(args, kwargs)`` answers a
    call the entry was not made for (keywords, another arity, a failed test). ``small``:
    ``(plain, small)``, the
    instance of the unit's :class:`~s2sgrad.plain.Small` variant and that variant, called
    instead of ``fn`` when the arguments say every fused region would run its body."""
    test = None if small is None else small_test(small[1], types, ndims)
    ns = {
        "general": general,
        "fn": fn,
        "ndarray": np.ndarray,
        "match_input": match_input,
        "failed": failed,
        "rules": rules,
        "V": checks.rules_version,
        "MISSING": _MISSING,
        "NUMBERS": (int, float),
        "slow_ok": checks.slow_valid,
    }
    n = len(types)
    params = [f"a{i}" for i in range(n)]
    tests = []
    for i, t in enumerate(types):
        ns[f"t{i}"] = t
        tests.append(f"type(a{i}) is t{i}")
    known = dict(dtypes)
    for i, d in dtypes:
        ns[f"d{i}"] = d
        tests.append(f"a{i}.dtype is d{i}")
    tests += [f"a{i}.ndim == {n}" for i, n in ndims]
    rank = dict(ndims)  # tested first: of one axis, len() is the shape without a tuple
    tests += [f"len(a{i}) != 1" if rank.get(i) == 1 else f"1 not in a{i}.shape" for i in full]
    tests += [f'a{i}.dtype.kind in "fc"' for i in inexact]
    tests += _check_tests(checks, ns)
    args = ", ".join(params)
    calls = [f"        value, grads = fn({args})"]
    if test is not None:  # every region would run its NumPy body: the unfused function
        ns["plain"], ns["D"] = small[0], small[1].kernel
        calls = [
            "        m = D.min_size",
            f"        if {test}:",
            f"            value, grads = plain({args})",
            "        else:",
            f"            value, grads = fn({args})",
        ]
    lines = [
        "def entry(*args, **kwargs):",
        f"    if kwargs or len(args) != {n}:",
        "        return general(args, kwargs)",
        f"    {', '.join(params)}{',' if n == 1 else ''} = args",
        "    try:",
        "        hit = (",
        *(f"            {t}{' and' if k < len(tests) - 1 else ''}" for k, t in enumerate(tests)),
        "        )",
        "    except (KeyError, ValueError, TypeError):  # a name deleted, a default replaced",
        "        hit = False",
        "    if not hit:",
        "        return general(args, kwargs)",
        "    try:",
        *calls,
        "    except Exception as exc:",
        "        failed(exc)",
        "        raise",
    ]
    outs = []
    for k, i in enumerate(wrt):
        lines.append(f"    g{k} = grads[{k}]")
        lines += _matched(f"g{k}", i, types[i], known.get(i), rank.get(i))
        outs.append(f"g{k}")
    out = outs[0] if single else f"({', '.join(outs)}{',' if len(outs) == 1 else ''})"
    lines.append(f"    return (value, {out})" if with_value else f"    return {out}")
    exec(compile("\n".join(lines) + "\n", "<s2sgrad entry>", "exec"), ns)  # noqa: S102
    return ns["entry"]


def _check_tests(checks, ns) -> list:
    """:meth:`Checks.valid` as expressions over names put in ``ns``."""
    ns["R"] = rules.USER_RULES
    tests = ["R.version == V"]  # a custom rule set or replaced since
    for j, (mapping, names) in enumerate(checks.names):
        ns[f"m{j}"] = mapping
        for k, (key, obj) in enumerate(names.items()):  # as the group's tuple ==
            ns[f"o{j}_{k}"], ns[f"q{j}_{k}"] = obj, key
            same = "is" if type(obj).__eq__ is object.__eq__ else "=="  # bound methods: ==
            literal = repr(key) if type(key) is str else f"q{j}_{k}"
            tests.append(f"m{j}[{literal}] {same} o{j}_{k}")
    for j, (fn, code, defaults, kwdefaults) in enumerate(checks.states):
        ns[f"f{j}"], ns[f"c{j}"], ns[f"p{j}"], ns[f"k{j}"] = fn, code, defaults, kwdefaults
        kw = "is None" if kwdefaults is None else f"== k{j}"
        tests.append(
            f"f{j}.__code__ is c{j} and f{j}.__defaults__ is p{j} and f{j}.__kwdefaults__ {kw}"
        )
    for j, (mapping, key) in enumerate(checks.numbers):
        ns[f"n{j}"], ns[f"q{j}"] = mapping, key
        # a dict: a missing key raises KeyError, the entry's MISS, as MISSING is no number
        q = repr(key) if type(key) is str else f"q{j}"
        get = f"n{j}[{q}]" if type(mapping) is dict else f"n{j}.get({q}, MISSING)"
        tests.append(f"type({get}) in NUMBERS")
    if checks.slow:
        tests.append("slow_ok()")
    return tests


def _matched(g, i, t, dtype, ndim=None) -> list:
    """Lines giving gradient ``g`` the type of argument ``a{i}`` (of type ``t``, of
    ``ndim`` axes where the entry tested it), as ``match_input`` does, its common cases
    tested inline."""
    if t is float:
        return [f"    if type({g}) is not float:", f"        {g} = match_input({g}, a{i})"]
    if t is np.ndarray:
        same = f"{g}.dtype is d{i}" if dtype is not None else f"{g}.dtype == a{i}.dtype"
        shape = f"{g}.shape == a{i}.shape"
        if ndim == 1:  # the shape without building two tuples
            shape = f"{g}.ndim == 1 and len({g}) == len(a{i})"
        return [
            f"    if not (type({g}) is ndarray and {shape} and {same}):",
            f"        {g} = match_input({g}, a{i})",
        ]
    return [f"    {g} = match_input({g}, a{i})"]


def answers(entry, args):
    """What ``entry`` answers for positional ``args`` itself: :data:`MISS` where it would
    take its general path (for tests)."""
    ns = entry.__globals__
    general, ns["general"] = ns["general"], lambda args, kwargs: MISS
    try:
        return entry(*args)
    finally:
        ns["general"] = general
