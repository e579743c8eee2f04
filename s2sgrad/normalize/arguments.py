"""Lowering of call arguments: ``*args`` and ``**kwargs`` at call sites, their
lengths, function values passed as arguments, and what a call site fixes of a
user callee (``call_spec``).

    f(*xs)    ->    f(xs[0], xs[1])
"""

from __future__ import annotations

import functools
import types

import gast

from .. import anno, runtime
from ..errors import UnsupportedSyntaxError
from ..parsing import _MISSING
from ..syntax import call, clone, const, name, names_in
from .branch_functions import branch_function_error
from .passed_partials import spec_entry, unbound_partials
from .records import class_value
from .returned_tuples import returned_tuple_length
from .spread import elementwise_length, spelled, spread_length
from .stars import length_entries
from .tables import (
    LocalFunction,
    Same,
    _describe,
    _field_defaults,
    _hint,
    _is_function_value,
    _signature,
    _tree_init_fields,
)


class Arguments:
    """Call argument methods of :class:`~s2sgrad.normalize.lowering._Lowering`."""

    def call_starred(self, node, runtime_keys=False):
        """``f(x, *rest, **opts)`` as a call with the items spelled out: a tuple or list
        display, ``*args``/``**kwargs`` of this function (their size is fixed per call),
        or a sequence whose length the callee's fixed parameters give (checked when the
        call runs, as Python would: ``f(*params)`` for ``def f(x, W, b)``). With
        ``runtime_keys``, ``**opts`` of keys known only when the code runs stays."""
        args, keywords = [], []
        for i, a in enumerate(node.args):
            if not isinstance(a, gast.Starred):
                args.append(a)
                continue
            value = a.value
            self.check_iterated(value, "unpacking (*)")  # f(*obj): its __iter__
            if isinstance(value, (gast.Tuple, gast.List)) and not any(
                isinstance(e, gast.Starred) for e in value.elts
            ):
                args.extend(value.elts)
                continue
            n = None if isinstance(value, gast.Name) else spread_length(self, value)
            if n is not None:  # f(*ws[1:]), f(*[g(w) for w in ws]): normalize.spread
                args.extend(spelled(self, value, n, node, "args"))
                continue
            n = self.static_lengths.get(value.id) if isinstance(value, gast.Name) else None
            if n is not None and value.id in self.checked_lengths:
                self.check_length(value, n, node)
            if n is None and type(self.fixed_free(value)) is tuple:  # a closure's, a global's
                n = len(self.fixed_free(value))
                value = self.atom(value, "star")
            if n is None and isinstance(value, gast.Call):
                # zip(*unpack(params)): a helper whose every return is a tuple display of
                # one length (checked when the call runs)
                n = returned_tuple_length(self.resolve_call(value))
                if n is not None:
                    seq = self.atom(value, "star")
                    self.check_length(seq, n, node)
                    value = seq
            if n is None:
                n = self.star_length(node, len(args), node.args[i + 1 :])
                if n is None:  # the length this call passes, or np.exp(log_rates)'s: checked
                    n = elementwise_length(self, value)
                if n is None and _keeps_star(self, node, value):
                    args.append(gast.copy_location(_kept_star(self, node, value), a))
                    continue
                if n is None:
                    raise self.info.error(
                        a,
                        f"the call unpacks {_describe(value)}, whose "
                        "length is not known when the function is "
                        "transformed",
                        "pass the arguments one by one, or call a function with fixed parameters",
                        UnsupportedSyntaxError,
                    )
                seq = self.atom(value, "star")
                self.check_length(seq, n, node)
                value = seq
            nones = self.static_nones.get(value.id, ()) if isinstance(value, gast.Name) else ()
            args.extend(
                const(None)  # an item this call fixes to None (np.sum(x, *args): out=None)
                if j in nones
                else gast.Subscript(value=clone(value), slice=const(j), ctx=gast.Load())
                for j in range(n)
            )
        for k in node.keywords:
            if k.arg is not None:
                keywords.append(k)
                continue
            value = k.value
            if isinstance(value, gast.Dict) and all(
                isinstance(key, gast.Constant) and isinstance(key.value, str) for key in value.keys
            ):
                keywords.extend(
                    gast.keyword(arg=key.value, value=v) for key, v in zip(value.keys, value.values)
                )
            elif isinstance(value, gast.Name) and value.id in self.static_keys:
                keywords.extend(
                    gast.keyword(
                        arg=key,
                        value=gast.Subscript(
                            value=name(value.id), slice=const(key), ctx=gast.Load()
                        ),
                    )
                    for key in self.static_keys[value.id]
                )
            elif (isinstance(value, gast.Name) and value.id in self.local_keys) or (
                type(self.fixed_free(value)) is dict
                and all(isinstance(key, str) for key in self.fixed_free(value))
            ):
                # a local dict display's keys, or a closure's or a global's dict: its keys
                # now; checked on every call
                if isinstance(value, gast.Name) and value.id in self.local_keys:
                    keys = self.local_keys[value.id]
                else:
                    keys = tuple(self.fixed_free(value))
                options = self.atom(value, "options")
                _check_keys(self, options, len(keys), node)
                keywords.extend(
                    gast.keyword(
                        arg=key,
                        value=gast.Subscript(
                            value=clone(options), slice=const(key), ctx=gast.Load()
                        ),
                    )
                    for key in keys
                )
            elif _asdict_fields(self, value) is not None:  # f(**layer._asdict())
                keywords.extend(_asdict_keywords(self, value))
            elif runtime_keys:
                keywords.append(gast.keyword(arg=None, value=value))
            else:
                raise _unknown_keys(self, node, value)
        out = gast.Call(func=node.func, args=args, keywords=keywords)
        return gast.copy_location(out, node)

    def star_length(self, node, before, after):
        """How many items ``*seq`` must give in ``node`` after ``before`` positional
        arguments: the callee's positional parameters without defaults that neither the
        later arguments nor a keyword fill; None unless that is the only length Python
        accepts (no ``*args``, no defaults left, no other star)."""
        if any(isinstance(a, gast.Starred) for a in after):
            return None
        fn = self.free_value(node.func)
        if isinstance(node.func, gast.Name) and node.func.id in self.local_functions:
            fn = self.local_functions[node.func.id]
        sig = _signature(fn)
        fields = _tree_init_fields(fn)
        if fields is not None:  # Layer(*pair) of a NamedTuple or dataclass class
            sig = (fields, len(fields), None, None, _field_defaults(fn))
        if sig is None or sig[2] is not None:
            return None
        params, n_pos, _, _, defaults = sig
        named = {k.arg for k in node.keywords if k.arg is not None}
        n = n_pos - before - len(after)
        rest = params[before : before + n]
        if (
            n < 0
            or any(p in defaults or p in named for p in rest)
            or any(p in named for p in params[before + n : n_pos])
            or any(p in defaults for p in params[before:n_pos])  # step(*s, k), k may take dt=
        ):
            return None
        return n

    def fixed_free(self, node):
        """The tuple or dict a free name holds, remembered (the transform holds while the
        name refers to that object), or None."""
        if not isinstance(node, gast.Name):
            return None
        value = self.free_value(node)
        if type(value) not in (tuple, dict):
            return None
        self.info.resolved[(node.id,)] = value
        return value

    def check_length(self, seq, n, node):
        """``if sequence_length(seq) != n: raise TypeError(...)``, as the call would."""
        length = self.bind(
            self.make_call(runtime.sequence_length, [seq], [], node),
            _hint(seq) + "_length" if isinstance(seq, gast.Name) else "length",
        )
        cond = self.bind(
            gast.Compare(left=length, ops=[gast.NotEq()], comparators=[const(n)]), "cond"
        )
        message = const(
            f"{_describe(node.func).strip(chr(39))}() takes exactly {n} "
            f"positional arguments from *{_describe(seq).strip(chr(39))}"
        )
        error = gast.Raise(exc=call("TypeError", message), cause=None)
        self.emit(
            gast.If(test=cond, body=[gast.copy_location(error, node)], orelse=[]), self.current
        )

    def function_argument(self, node):
        """An argument that is a lambda or a local function, passed to a user function
        that calls it: a local def the call passes by name."""
        if isinstance(node, gast.Lambda):
            fresh = self.fresh("lambda_fn")
            self.locals.add(fresh)
            fn = gast.FunctionDef(
                name=fresh,
                args=node.args,
                body=[gast.copy_location(gast.Return(value=node.body), node)],
                decorator_list=[],
                returns=None,
                type_comment=None,
                type_params=[],
            )
            anno.set(fn, "lambda", anno.get(node, "lambda", True))  # its name in errors
            self.stmt_FunctionDef(gast.copy_location(fn, node))
            return name(fresh)
        if isinstance(node, gast.Name) and node.id in self.local_functions:
            return name(node.id)
        return node

    def call_spec(self, fn, args, keywords, node) -> tuple:
        """What this call to the user function ``fn`` fixes for its derivative: how many
        items its ``*args`` and which keys its ``**kwargs`` get, and the functions its
        parameters hold (passed here, or callable defaults), so the callee's calls of
        them are differentiated as calls of those functions."""
        sig = _signature(fn)
        if sig is None:
            return ()
        params, n_pos, vararg, kwarg, defaults = sig
        spec = []
        if vararg is not None:
            spec.append(("varargs", max(0, len(args) - n_pos)))
            nones = tuple(
                i
                for i, a in enumerate(args[n_pos:])
                if isinstance(a, gast.Constant) and a.value is None
            )
            if nones:
                spec.append(("varargs_none", nones))
        named = {k.arg: k.value for k in keywords}
        if kwarg is not None:
            spec.append(("varkw", tuple(sorted(k for k in named if k not in params))))
        bound = dict(zip(params[:n_pos], args))
        bound.update((k, v) for k, v in named.items() if k in params)
        _packed_closures(
            self, fn, [a for a in [*args, *named.values()] if a not in bound.values()], node
        )
        for p in params:
            if p in bound:
                value = self.function_value(bound[p], node, same_module(self, fn))
                if (
                    isinstance(value, LocalFunction)
                    and isinstance(fn, types.FunctionType)
                    and fn.__globals__ is not self.info.globals
                ):
                    raise self.info.error(
                        node,
                        f"a local function is passed to {fn.__name__}(), which is "
                        "defined in another module",
                        "define the function passed at module level",
                        UnsupportedSyntaxError,
                    )
                generated = (self.info.filename or "").startswith("<s2sgrad ")  # read back
                if isinstance(value, LocalFunction) and value.free and not generated:
                    check_closure_names(self, fn, value, bound[p], node)
            else:
                value = defaults.get(p, _MISSING)
                value = self.free_value(value) if isinstance(value, gast.AST) else value
                value = value if _is_function_value(value) else _MISSING
            if value is not _MISSING:
                spec.append(("fn", p, Same(value)))
            spec += spec_entry(self, p, bound[p]) if p in bound else []  # a partial's tuple
            spec += _module_entry(self, p, bound, defaults)
            spec += _number_entry(p, bound, defaults)
        spec += length_entries(self, fn, bound)
        unbound_partials(self, args, keywords, bound, node)  # f of def g(*fs): refused
        changes = anno.get(node, "changes", ()) if isinstance(node, gast.Call) else ()
        if changes:  # the lists and dicts it changes, returned after its result
            spec.append(("changes", changes))
        if anno.get(node, "made", None) is not None:  # Cls.__init__ returning self (records.py)
            spec.append(("init",))
        if isinstance(node, gast.Call) and anno.get(node, "self_changes", False):
            spec.append(("self_changes",))  # returning self after its result (self_changes.py)
        for p in params:  # Scaled.make(w): the class its cls holds, to make objects of
            cls = class_value(self, bound[p]) if p in bound else None
            if cls is not None:
                spec.append(("cls", p, Same(cls)))
        return tuple(spec + _known_callees(self, fn, params, spec))

    def function_value(self, node, call_node, closures=False):
        """The function an argument certainly holds (a global or module function, a NumPy
        function, a local function of this one), else ``_MISSING``. With ``closures``
        (the argument of a user function), a local function may read locals of this one:
        the callee's derivative takes them by name (see :func:`closure_free`)."""
        if isinstance(node, gast.Name) and node.id in self.branch_functions:
            raise branch_function_error(self, node)
        if isinstance(node, gast.Name) and node.id in self.local_functions:
            local = self.local_functions[node.id]
            outer = {  # a module or function of a closure (np of read-back code) is known
                n
                for n in set(self.info.closure) & names_in(local.node)
                if not isinstance(self.info.closure[n], (types.ModuleType, types.FunctionType))
            }
            # a gradient's code read back (a Hessian) gives a sibling's derivative each
            # value the local def reads by its name (unroll_grad(h, step=step, x=x)), and
            # never rebinds them: it calls the local def with the same values
            generated = (self.info.filename or "").startswith("<s2sgrad ")
            given = {
                k.arg
                for k in getattr(call_node, "keywords", ())
                if generated and isinstance(k.value, gast.Name) and k.value.id == k.arg
            }
            if outer or (local.free and not set(local.free) <= given and not closures):
                raise _reads_locals(self, node, call_node, sorted(local.free or outer)[0])
            return local
        if isinstance(node, gast.Name) and node.id in self.known_functions:
            return self.known_functions[node.id]
        value = self.free_value(node) if isinstance(node, (gast.Name, gast.Attribute)) else _MISSING
        if isinstance(value, functools.partial) and _is_function_value(value.func):
            return value  # a partial made outside: its stored arguments are constants
        return value if _is_function_value(value) else _MISSING


def same_module(self, fn) -> bool:
    """Is ``fn`` a local function, or a function of the module of the one lowered?"""
    return isinstance(fn, LocalFunction) or getattr(fn, "__globals__", None) is self.info.globals


def closure_free(spec) -> list:
    """The locals of the caller that the local functions a call passes (``("fn", p,
    Same(local))`` entries of its ``spec``) read: the callee's derivative takes them as
    keyword parameters of the same names, and the call passes them (``fit_vjp(kern, X,
    ell=ell)``), so that the callee's calls of ``kern`` differentiate them too."""
    out: list = []
    for entry in spec:
        if entry[0] == "fn" and isinstance(entry[2].obj, LocalFunction):
            out += [v for v in entry[2].obj.free if v not in out]
    return out


def _known_callees(self, fn, params, spec) -> list:
    """``("fn", name, Same(f))`` entries for the functions this call knows that the callee
    reads by name: those a local def callee reads (its sibling defs), and those the local
    functions passed to it read (``apply(net, x)`` of ``def net(x): return g(f(x))``, whose
    ``f`` and ``g`` the callee takes by name, see :func:`closure_free`), and those they
    call in turn."""
    known = {**self.local_functions, **self.known_functions}
    out = []
    if isinstance(fn, LocalFunction):
        out += [("fn", p, Same(known[p])) for p in fn.free if p in known and p not in params]
    taken = {e[1] for e in spec + out if e[0] == "fn"} | set(params)
    todo = [v for v in closure_free(spec) if v in known]
    while todo:  # and those the functions found call in turn (def dyn(y): inner(y) + p)
        v = todo.pop(0)
        if v in taken:
            continue
        taken.add(v)
        out.append(("fn", v, Same(known[v])))
        if isinstance(known[v], LocalFunction):
            todo += [q for q in known[v].free if q in known]
    return out


def _packed_closures(self, fn, packed, node) -> None:
    """A local function reading locals of this one, among the arguments the callee ``fn``
    packs into its ``*args`` or ``**kwargs``, is refused: the callee's calls of it would
    not differentiate those locals."""
    for arg in packed:
        local = self.local_functions.get(arg.id) if isinstance(arg, gast.Name) else None
        if local is not None and local.free:
            what = local_description(local, arg.id)
            raise self.info.error(
                node,
                f"{what} reads {local.free[0]!r} of the enclosing function, and "
                f"{fn.__name__ if hasattr(fn, '__name__') else 'the callee'}() takes it in its "
                "*args or **kwargs, where its calls would not differentiate that value",
                "pass the function to a named parameter of the callee",
                UnsupportedSyntaxError,
            )


def check_closure_names(self, fn, local, arg, node) -> None:
    """The locals ``local`` reads, given to the callee ``fn`` by name, must not be names
    ``fn`` uses itself."""
    callee = self.local_functions.get(getattr(fn, "node", None) and fn.node.name)
    code = getattr(fn, "__code__", None)
    own = set(code.co_varnames + code.co_names) if code is not None else set()
    if callee is not None:
        own |= names_in(callee.node)
    elif isinstance(fn, LocalFunction):
        own |= names_in(fn.node)
    for var in sorted(set(local.free) & own):
        what = _describe(node.func).strip("'") if isinstance(node, gast.Call) else "the callee"
        raise self.info.error(
            arg if hasattr(arg, "lineno") else node,
            f"{local_description(local, arg.id)} reads {var!r} of the enclosing function, and "
            f"{what} has a name {var!r} of its own",
            f"rename {var!r} here or in {what}",
            UnsupportedSyntaxError,
        )


def _reads_locals(self, node, call_node, var: str):
    """The error for a local function (or a lambda) reading the local ``var`` of the
    function, passed as a value to the call ``call_node``."""
    local = self.local_functions[node.id]
    what = local_description(local, node.id)
    receiver = "another function"
    if isinstance(call_node, gast.Call):
        receiver = _describe(call_node.func).strip("'")
    return self.info.error(
        call_node,
        f"{what} reads {var!r} of the enclosing function, so it cannot be passed to {receiver}",
        "pass that value as an argument too (args=(x,) for SciPy's solvers and integrators), "
        "or define the function at module level",
        UnsupportedSyntaxError,
    )


def local_description(local, var: str) -> str:
    """How errors name the local function ``var``: the lambda or the bound method it was
    made from (``the method m.rhs``), or its name."""
    made = anno.get(local.node, "lambda", False)
    if isinstance(made, str):
        return made
    return "the lambda" if made else f"the local function {var!r}"


def _check_keys(self, options, n, node):
    """``if len(options) != n: raise TypeError(...)``: the dict a call unpacks still
    has the ``n`` keys it had when the function was transformed (each is read by name,
    so a missing one raises KeyError)."""
    length = self.bind(self.make_call(len, [options], [], node), "options_length")
    cond = self.bind(gast.Compare(left=length, ops=[gast.NotEq()], comparators=[const(n)]), "cond")
    message = const(
        f"the dict {_describe(options)} that the call unpacks gained keys "
        "after the function was transformed: give it a new dict instead"
    )
    error = gast.Raise(exc=call("TypeError", message), cause=None)
    self.emit(gast.If(test=cond, body=[gast.copy_location(error, node)], orelse=[]), self.current)


def _unknown_keys(lowering, node, value):
    return lowering.info.error(
        node,
        f"the call unpacks **{_describe(value)}, whose "
        "keys are not known when the function is transformed",
        "pass the keyword arguments by name",
        UnsupportedSyntaxError,
    )


def _keeps_star(lowering, node, value) -> bool:
    """Does the call ``node`` keep its ``*value`` of a length known only when it runs?
    ``rs.randn(*x.shape)``: a shape's integers are never differentiated (the call has no
    derivative rule to match); ``zip(*rows)``, refused where its rows are differentiated
    (validate)."""
    return _is_shape(value) or _holds_shape(lowering, value) or lowering.resolve_call(node) is zip


def _kept_star(lowering, node, value):
    hint = "rows" if lowering.resolve_call(node) is zip else "shape"
    return gast.Starred(value=lowering.atom(value, hint), ctx=gast.Load())


def _holds_shape(lowering, node, seen=()) -> bool:
    """Is ``node`` a local that only shapes are bound to (``shape = x.shape``, and the
    gradient's own code, read again for a Hessian), or a slice or index of one?"""
    while isinstance(node, gast.Subscript):
        node = node.value
    if not isinstance(node, gast.Name) or node.id in seen:
        return False
    values = lowering.single_defs.get(node.id)
    return bool(values) and all(
        _is_shape(v) or _holds_shape(lowering, v, seen + (node.id,)) for v in values
    )


def _is_shape(node) -> bool:
    """Is ``node`` a shape, or a slice or index of one (``x.shape``, ``x.shape[1:]``,
    ``np.shape(x)``)?"""
    while isinstance(node, gast.Subscript):
        node = node.value
    if isinstance(node, gast.Attribute):
        return node.attr == "shape"
    return (
        isinstance(node, gast.Call)
        and isinstance(node.func, gast.Attribute)
        and node.func.attr == "shape"
        and not node.keywords
    )


def _number_entry(p, bound, defaults) -> list:
    """``[("type", p, float)]`` where parameter ``p`` of a callee is given a number literal
    or is left to a number default (``def f(v, dt=0.04)``, ``f(v)``): ``dt * acc`` then
    applies the object's reflected method once (normalize.operators)."""
    value = bound[p].value if isinstance(bound.get(p), gast.Constant) else _MISSING
    if p not in bound:
        value = defaults.get(p, _MISSING)
        value = value.value if isinstance(value, gast.Constant) else value
    # None too (def train(w, callback=None)): `callback is not None` folds (targets.py)
    return [("type", p, type(value))] if type(value) in (int, float, type(None)) else []


def _module_entry(low, p, bound, defaults) -> list:
    """``[("module", p, Same(m))]`` where parameter ``p`` of a callee is given or
    defaults to the module ``m`` (``def f(x, np=np)``: ``np.sum`` is NumPy's)."""
    module = low.free_value(bound[p]) if p in bound else defaults.get(p, _MISSING)
    module = low.free_value(module) if isinstance(module, gast.AST) else module
    return [("module", p, Same(module))] if isinstance(module, types.ModuleType) else []


def _asdict_fields(lowering, node):
    """The fields of ``obj._asdict()`` (``node``) for an ``obj`` known to hold a
    NamedTuple of a class with the generated constructor; else None."""
    if not (
        isinstance(node, gast.Call)
        and isinstance(node.func, gast.Attribute)
        and node.func.attr == "_asdict"
        and not node.args
        and not node.keywords
    ):
        return None
    owner = node.func.value
    cls = lowering.classes.get(owner.id) if isinstance(owner, gast.Name) else None
    if cls is None:
        kind = lowering.static_object_kind(owner)
        cls = kind[1] if isinstance(kind, tuple) and kind[0] == "object" else None
    if not (isinstance(cls, type) and issubclass(cls, tuple)):
        return None
    return _tree_init_fields(cls)


def _asdict_keywords(lowering, node) -> list:
    """``W=layer.W, b=layer.b`` for ``**layer._asdict()`` (``node``) of a NamedTuple
    whose class is known (:func:`_asdict_fields`)."""
    obj = lowering.atom(node.func.value, "fields")
    return [
        gast.keyword(arg=f, value=gast.Attribute(value=clone(obj), attr=f, ctx=gast.Load()))
        for f in _asdict_fields(lowering, node)
    ]
