"""May a call of a user function return (part of) an object it was given?

``b = keep(c)`` where ``def keep(c): return c`` makes ``b`` another name of the list ``c``:
a later ``c.append(v)`` is seen through ``b`` in Python. :mod:`s2sgrad.validate` rejects
such aliases of a container that is changed in place; this module says which calls may
make one, by reading the callee's return statements.
"""

from __future__ import annotations

import ast
import builtins
import functools
import inspect
import textwrap
import types

from .normalize.tables import CALLED_VALUE, LocalFunction
from .syntax import iter_child_nodes, name_item, walk

_LIBRARIES = ("numpy", "scipy", "s2sgrad", "autograd", "math", "builtins")


def may_alias_arguments(fn) -> bool:
    """May calling ``fn`` return one of its arguments, an item of one or a container holding
    one? True for every callable whose source cannot be read (a method, an object, a lambda
    of unknown source), False for library functions (they return new values or arrays,
    whose views :mod:`s2sgrad.validate` handles by name)."""
    if isinstance(fn, functools.partial):
        return may_alias_arguments(fn.func)
    if isinstance(fn, LocalFunction):  # a def or lambda of the differentiated function
        return _local_returns_alias(fn)
    if fn is CALLED_VALUE:  # ACTS[i](c), (lambda z: z)(c): known only when it runs
        return True
    if isinstance(fn, (types.BuiltinFunctionType, type)) or _library(fn):
        return isinstance(fn, type) and not _library(fn)
    if not isinstance(fn, types.FunctionType):
        return True
    return _returns_alias(fn.__code__, fn)


def holds_given(fn) -> bool:
    """May the object a call of ``fn`` makes hold what it is given: the runtime's object
    and tree makers (``Box(y)`` lowered: a dataclass or NamedTuple of its fields,
    ``b.v = y`` in an ``__init__``), or a user class's ``__init__`` that stores (part
    of) an argument on ``self`` or passes one to a call (``self.items.append(v)``)?"""
    from . import runtime

    if fn in (runtime.tree_node, runtime.tree_replace, runtime.object_with):
        return True
    if not isinstance(fn, types.FunctionType) or fn.__name__ != "__init__" or _library(fn):
        return False
    if fn.__code__ not in _INIT_CACHE:
        _INIT_CACHE[fn.__code__] = _init_stores_alias(fn)
    return _INIT_CACHE[fn.__code__]


_INIT_CACHE: dict = {}


def _init_stores_alias(fn) -> bool:
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return True
    node = next((n for n in walk(tree) if isinstance(n, ast.FunctionDef)), None)
    if node is None or not node.args.args:
        return True
    env = {**vars(builtins), **fn.__globals__}
    this = node.args.args[0].arg
    params = {a.arg for a in walk(node.args) if isinstance(a, ast.arg)} - {this}
    stored = []
    for n in _own_nodes(node.body):
        if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            if n.value is not None and any(_aliases(t, {this}, env) for t in targets):
                stored.append(n.value)  # self.v = v, self.rows[0] = v
        elif isinstance(n, ast.Call):
            stored.extend([*n.args, *(k.value for k in n.keywords)])  # self.xs.append(v)
    aliasing = _bound_to(node, params, env)
    return any(_aliases(v, aliasing, env) for v in stored)


def _bound_to(node, params, env) -> set:
    """The names of ``node`` bound to (parts of) ``params``, to a fixed point."""
    out, changed = set(params), True
    while changed:
        changed = False
        for n in _own_nodes(node.body):
            if isinstance(n, ast.Assign) and _aliases(n.value, out, env):
                for t in n.targets:
                    for m in walk(t):
                        if isinstance(m, ast.Name) and m.id not in out:
                            out.add(m.id)
                            changed = True
    return out


def _library(fn) -> bool:
    module = getattr(fn, "__module__", None) or ""
    return module.split(".")[0] in _LIBRARIES


_CACHE: dict = {}


def _returns_alias(code, fn) -> bool:
    if code not in _CACHE:
        _CACHE[code] = _read_returns(fn)
    return _CACHE[code]


def _local_returns_alias(fn: LocalFunction) -> bool:
    """:func:`may_alias_arguments` of a local function (its parsed node; the enclosing
    function's locals it reads count as aliases too)."""
    import gast

    node = gast.gast_to_ast(fn.node)
    info = fn.info
    env = {**vars(builtins), **info.globals, **info.closure}
    return _returns_alias_in(node, env, set(fn.free))


def _read_returns(fn) -> bool:
    try:
        source = textwrap.dedent(inspect.getsource(fn))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return True
    node = next((n for n in walk(tree) if isinstance(n, (ast.FunctionDef, ast.Lambda))), None)
    if node is None:
        return True
    env = {**vars(builtins), **fn.__globals__}
    for name, cell in zip(fn.__code__.co_freevars, fn.__closure__ or ()):
        try:
            env[name] = cell.cell_contents
        except ValueError:  # an empty cell
            pass
    return _returns_alias_in(node, env, set())


def _returns_alias_in(node, env, free) -> bool:
    """May the function ``node`` (names resolved in ``env``) return (part of) one of its
    arguments or of the names ``free``?"""
    if isinstance(node, ast.Lambda):
        returns = [node.body]
        body = []
    else:
        body = node.body
        returns = [
            n.value
            for n in _own_nodes(body)
            if isinstance(n, (ast.Return, ast.Yield, ast.YieldFrom)) and n.value is not None
        ]
    params = {a.arg for a in walk(node.args) if isinstance(a, ast.arg)}
    aliasing = set(params) | free
    changed = True
    while changed:  # names bound to (parts of) the arguments, to a fixed point
        changed = False
        for n in _own_nodes(body):
            if isinstance(n, (ast.Assign, ast.AnnAssign, ast.For, ast.With)):
                value = n.iter if isinstance(n, ast.For) else getattr(n, "value", None)
                targets = (
                    [n.target]
                    if isinstance(n, (ast.For, ast.AnnAssign))
                    else n.targets
                    if isinstance(n, ast.Assign)
                    else [i.optional_vars for i in n.items if i.optional_vars is not None]
                )
                if isinstance(n, ast.With):
                    value = n.items[0].context_expr
                if value is not None and _aliases(value, aliasing, env):
                    for t in targets:
                        for name in walk(t):
                            if isinstance(name, ast.Name) and name.id not in aliasing:
                                aliasing.add(name.id)
                                changed = True
    return any(_aliases(r, aliasing, env) for r in returns)


def def_may_alias(node: ast.FunctionDef, env: dict, free=()) -> bool:
    """May the local function ``node`` (a ``def`` of a function being transformed, its
    module's names in ``env``) return one of its arguments or of the ``free`` variables
    it reads, an item of one or a container holding one?"""
    return _returns_alias_in(node, {**vars(builtins), **env}, set(free))


def _own_nodes(body):
    """The nodes of ``body`` outside the functions and classes defined in it."""
    todo = list(body)
    while todo:
        n = todo.pop()
        yield n
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        todo.extend(iter_child_nodes(n))


def _aliases(expr, names, env) -> bool:
    """May ``expr`` be, hold or view an object named in ``names``?"""
    if isinstance(expr, ast.Name):
        return expr.id in names
    if isinstance(expr, (ast.Subscript, ast.Attribute, ast.Starred)):
        return _aliases(expr.value, names, env)
    if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
        return any(_aliases(e, names, env) for e in expr.elts)
    if isinstance(expr, ast.Dict):
        return any(v is not None and _aliases(v, names, env) for v in expr.values)
    if isinstance(expr, ast.IfExp):
        return _aliases(expr.body, names, env) or _aliases(expr.orelse, names, env)
    if isinstance(expr, ast.BoolOp):
        return any(_aliases(v, names, env) for v in expr.values)
    if isinstance(expr, ast.NamedExpr):
        return _aliases(expr.value, names, env)
    if isinstance(expr, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
        elts = [expr.key, expr.value] if isinstance(expr, ast.DictComp) else [expr.elt]
        inner = names | {
            n.id
            for g in expr.generators
            if _aliases(g.iter, names, env)
            for n in walk(g.target)
            if isinstance(n, ast.Name)
        }
        return any(_aliases(e, inner, env) for e in elts)
    if isinstance(expr, ast.Call):
        # a call given an aliasing value may return it (a user function, a method such as
        # dict.get); a library function (NumPy's, a builtin) makes a new value, but for
        # one that may hand back its argument or a view of it (np.asarray(a), np.ravel(a))
        arguments = [*expr.args, *(k.value for k in expr.keywords)]
        fn = _resolve(expr.func, env)
        if _library(fn):
            return _library_view(expr, fn) and any(_aliases(a, names, env) for a in arguments)
        return any(_aliases(a, names, env) for a in arguments) or _aliases(expr.func, names, env)
    return False


def _library_view(call: ast.Call, fn) -> bool:
    """May ``call`` (an ``ast`` Call of the library function ``fn``) return its argument
    or a view of it: a :data:`VIEWS` entry, ``np.array(a, copy=False)``?"""
    from . import rules

    path = rules.canonical_name(fn) or ""
    if path == "np.array":
        copy = next((k.value for k in call.keywords if k.arg == "copy"), None)
        return copy is not None and not (isinstance(copy, ast.Constant) and copy.value is True)
    return is_view(path, call)


def _resolve(func, env):
    """The object ``func`` (``name`` or ``module.attr...``) names in ``env``, or None."""
    path = []
    while isinstance(func, ast.Attribute):
        path.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name) or func.id not in env:
        return None
    value = env[func.id]
    for attr in reversed(path):
        if not isinstance(value, types.ModuleType) and path:
            return None  # a method of an object: its source is not read
        value = getattr(value, attr, None)
    return value


# The library functions (by their canonical path in generated code, see
# rules.canonical_name) whose result may be, or hold, a view of an argument: a later
# in-place change of the argument is seen through the result, and a change of the result
# is seen through the argument. A method (a.reshape(...), a.T, a.real) is normalized to
# its function, so it is covered by the function's entry. tests/test_views.py checks every
# entry, and that every registered NumPy function returning a view is here.
VIEWS = frozenset(
    {
        "np.reshape",
        "np.transpose",
        "np.matrix_transpose",
        "np.linalg.matrix_transpose",
        "np.ravel",
        "np.squeeze",
        "np.expand_dims",
        "np.swapaxes",
        "np.moveaxis",
        "np.rollaxis",
        "np.rot90",
        "np.flip",
        "np.fliplr",
        "np.flipud",
        "np.broadcast_to",
        "np.broadcast_arrays",
        "np.diagonal",
        "np.linalg.diagonal",
        "np.lib.stride_tricks.sliding_window_view",
        "np.diag",
        "np.real",
        "np.imag",
        "np.real_if_close",
        "np.atleast_1d",
        "np.atleast_2d",
        "np.atleast_3d",
        "np.asarray",
        "np.ascontiguousarray",
        "np.asanyarray",
        "np.asfortranarray",  # of a vector, or an array already in Fortran order
        "np.float64",
        "np.nan_to_num",  # copy=False
        "np.diff",  # n=0 returns its argument
        "np.linalg.matrix_power",  # n=1 returns its argument
        "np.einsum",  # of one operand without a sum: np.einsum("ij->ji", a)
        "array_view",  # x.view()
        "array_conj",  # x.conj() of a real x is x
        "tree_field",  # obj.w: the object's field itself
        "dict_get",  # d.get(k): the item itself
        "stop_gradient",  # s2sgrad.stop_gradient(a): a itself
        "np.meshgrid",  # copy=False: broadcast views of the vectors
        # lists of views
        "np.split",
        "np.array_split",
        "np.hsplit",
        "np.vsplit",
        "np.dsplit",
    }
)

# entries that return their argument only for one value of a parameter (name, position,
# value): np.diff(a, 0), matrix_power(a, 1), nan_to_num(a, copy=False); a constant other
# value there makes a new array
_ONLY_WHEN = {
    "np.diff": ("n", 1, 0),
    "np.linalg.matrix_power": ("n", 1, 1),
    "np.nan_to_num": ("copy", 1, False),
    "np.meshgrid": ("copy", 1 << 30, False),  # keyword-only
}


def is_view(path, call) -> bool:
    """May the call ``call`` (a gast Call) of the library function ``path`` return a view
    of an argument?"""
    if path not in VIEWS:
        return False
    if path == "np.einsum":
        return _einsum_view(call)
    if path not in _ONLY_WHEN:
        return True
    import gast

    name, position, value = _ONLY_WHEN[path]
    given = next((k.value for k in call.keywords if k.arg == name), None)
    if given is None and len(call.args) > position:
        given = call.args[position]
    if given is None:  # the default: a new array
        return False
    return not isinstance(given, (gast.Constant, ast.Constant)) or given.value == value


def _einsum_view(call) -> bool:
    """``np.einsum("ij->ji", a)``: one operand (a product of several is a new array)."""
    import gast

    starred = (gast.Starred, ast.Starred)
    return len(call.args) <= 2 or any(isinstance(a, starred) for a in call.args)


# views NumPy makes read-only (np.diag of a matrix): a change of such a result fails in
# NumPy itself, so for a change of the result the call counts as making a new array
_READ_ONLY = frozenset({"np.diag", "np.diagonal", "np.broadcast_to"})


def new_array(path, call, fn=None) -> bool:
    """Does the call ``call`` (a gast Call) of the library function ``path`` (``fn``) make
    a new array or container of new arrays (np.stack, np.concatenate, np.diag of a
    vector, an arithmetic ufunc), so that the caller may change its result in place? A
    read-only view counts (changing it fails in NumPy); ``out=`` does not."""
    if not path.startswith(("np.", "scipy.")):
        return False
    if any(k.arg == "out" for k in call.keywords):
        return False
    copy = next((k.value for k in call.keywords if k.arg == "copy"), None)
    if path == "np.array" and copy is not None:  # np.array(a, copy=False) may be a
        return getattr(copy, "value", None) is True
    nin = getattr(fn, "nin", None)
    if isinstance(nin, int) and len(call.args) > nin:  # np.exp(x, buf): the out argument
        return False
    return path in _READ_ONLY or not is_view(path, call)


def makes_new(value) -> bool:
    """:func:`new_array` of the normal-form value ``value`` when it calls a library
    function."""
    from . import anno, rules

    fn = anno.get(value, "fn", None) if type(value).__name__ == "Call" else None
    path = rules.canonical_name(fn) if fn is not None else None
    return path is not None and new_array(path, value, fn)


def new_item(checker, value) -> bool:
    """Is ``value`` an item ``t[i]`` of a temporary ``t`` of the normal form bound once to
    a call making new arrays (``w, v = np.linalg.eigh(a)`` reads ``v = t[1]``), each item
    read once? Then the item is a new array no other name holds. ``checker``: the
    :mod:`s2sgrad.validate` checker (its analysis, names and function)."""
    import gast

    if name_item(value) is None:
        return False
    temp = name_item(value)[0]
    defs = checker.analysis.defs.get(temp, [])
    if temp not in checker.names.generated or len(defs) != 1:
        return False
    if not makes_new(checker._through_temps(defs[0][0])):
        return False
    body = gast.Module(body=checker.fn.body, type_ignores=[])
    loads = [
        n
        for n in walk(body)
        if isinstance(n, gast.Name) and n.id == temp and isinstance(n.ctx, gast.Load)
    ]
    items = [item[1] for item in map(name_item, walk(body)) if item and item[0] == temp]
    return len(items) == len(loads) and len(set(items)) == len(items)


def returns_fresh(fn, arrays=False) -> bool:
    """Does every return of the user function ``fn`` make a new array or container (an
    arithmetic result, a NumPy function that is no view, a list display, a local name bound
    only to such values, a call of another such function)? Then its caller may change the
    result in place: no other name holds it. False where the source cannot be read. With
    ``arrays``, a new list or dict (whose items may be shared) does not count."""
    if isinstance(fn, functools.partial):
        return returns_fresh(fn.func, arrays)
    if isinstance(fn, LocalFunction):
        import gast

        node = gast.gast_to_ast(fn.node)
        env = {**vars(builtins), **fn.info.globals, **fn.info.closure}
        return _fresh_returns(node, env, set(fn.free), 0, arrays)
    if not isinstance(fn, types.FunctionType) or _library(fn):
        return False
    if ("fresh", arrays, fn.__code__) not in _CACHE:
        _CACHE["fresh", arrays, fn.__code__] = _read_fresh(fn, 0, arrays)
    return _CACHE["fresh", arrays, fn.__code__]


def _read_fresh(fn, depth, arrays) -> bool:
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return False
    node = next((n for n in walk(tree) if isinstance(n, (ast.FunctionDef, ast.Lambda))), None)
    if node is None or (isinstance(node, ast.FunctionDef) and node.name != fn.__name__):
        return False
    env = {**vars(builtins), **fn.__globals__}
    free = set(fn.__code__.co_freevars)
    return _fresh_returns(node, env, free, depth, arrays)


def _fresh_returns(node, env, free, depth, arrays) -> bool:
    if isinstance(node, ast.Lambda):
        returns, body = [node.body], []
    else:
        body = node.body
        if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in _own_nodes(body)):
            return False
        returns = [n.value for n in _own_nodes(body) if isinstance(n, ast.Return)]
    if not returns or any(r is None for r in returns):
        return False
    bound: dict = {}  # local name -> the values bound to it
    for n in _own_nodes(body):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                if isinstance(t, ast.Name):
                    bound.setdefault(t.id, []).append(n.value)
                else:  # a, b = ...: not followed
                    for name in walk(t):
                        if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store):
                            bound.setdefault(name.id, []).append(None)
        elif isinstance(n, (ast.AnnAssign, ast.AugAssign, ast.For, ast.With, ast.NamedExpr)):
            targets = n.items if isinstance(n, ast.With) else [n.target]
            for t in targets:
                for name in walk(t):
                    if isinstance(name, ast.Name):
                        value = n.value if isinstance(n, ast.AugAssign) else None
                        bound.setdefault(name.id, []).append(
                            ast.BinOp(ast.Name(name.id), n.op, value) if value else None
                        )
    params = {a.arg for a in walk(node.args) if isinstance(a, ast.arg)}
    return all(_fresh(r, bound, params | free, env, depth, set(), arrays) for r in returns)


def _fresh(expr, bound, outer, env, depth, seen, arrays) -> bool:
    """Is ``expr`` certainly a new object (no argument, global or free variable, nor a
    view of one)?"""
    if isinstance(expr, ast.BinOp):
        # arithmetic makes a new array (x += 1 on a local name is followed by its binding)
        if isinstance(expr.op, ast.Add) and isinstance(expr.left, (ast.List, ast.Tuple)):
            return False  # [a] + b: a new list holding the objects of both
        return True
    if isinstance(expr, ast.UnaryOp):
        return not isinstance(expr.op, ast.UAdd)
    if isinstance(expr, (ast.List, ast.ListComp, ast.Dict, ast.DictComp)):
        return not arrays  # a new container (whose items may be shared)
    if isinstance(expr, ast.Name):
        if expr.id in outer or expr.id not in bound or expr.id in seen:
            return expr.id in seen and expr.id not in outer
        seen = seen | {expr.id}
        return all(
            v is not None and _fresh(v, bound, outer, env, depth, seen, arrays)
            for v in bound[expr.id]
        )
    if isinstance(expr, ast.Call):
        if (
            isinstance(expr.func, ast.Attribute)
            and expr.func.attr == "copy"
            and not expr.args
            and not arrays
        ):
            return True  # y.copy(): a new array, or a new list sharing its items
        target = _resolve(expr.func, env)
        if target is None:
            return False
        if _library(target):
            from . import rules

            path = rules.canonical_name(target) or ""
            copy = next((k.value for k in expr.keywords if k.arg == "copy"), None)
            if path == "np.array" and copy is not None:
                return isinstance(copy, ast.Constant) and copy.value is True
            return path.startswith(("np.", "scipy.")) and path not in VIEWS
        if isinstance(target, types.FunctionType) and depth < 4:
            return _read_fresh(target, depth + 1, arrays)
    return False
