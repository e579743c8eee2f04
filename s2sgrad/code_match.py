"""Does a parsed function compile to the code object that runs? (the source-mismatch check)

compiles_to(node, fun, filename)  ->  compile ``node`` where ``fun`` was defined
                                       and compare code objects structurally
"""

from __future__ import annotations
import __future__

import ast
import dis
import functools
import linecache
import operator
import types

from .syntax import walk

_FUTURE_FLAGS = functools.reduce(
    operator.or_, (getattr(__future__, f).compiler_flag for f in __future__.all_feature_names)
)


def _compile_in_context(node, fun, filename):
    """Compile ``node`` where ``fun.__code__`` was compiled: inside a class (name mangling)
    and a function giving its free variables, with its ``__future__`` flags, in a module
    that imports the modules it names (a method call on an imported name compiles to an
    attribute load, on another name to a method load)."""
    code = fun.__code__  # node is only read: compile() leaves the tree as it was
    # pytest rewrote the asserts of the module's own file, not of code compiled under other
    # names with its globals (s2sgrad's generated functions: a gradient's gradient)
    rewritten = "@pytest_ar" in fun.__globals__ and filename == fun.__globals__.get(
        "__file__", filename
    )
    if rewritten:
        import copy

        node = copy.deepcopy(node)
    body = [node if not isinstance(node, ast.Lambda) else ast.Expr(value=node)]
    free = [n for n in code.co_freevars if n != "__class__"]
    cells = [
        ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())], value=ast.Constant(value=None))
        for n in free
    ]
    # The enclosing classes and functions of the qualified name, innermost first, so that
    # nested code gets the same qualified names (Python 3.10 keeps them as constants).
    parts = (getattr(code, "co_qualname", None) or fun.__qualname__).split(".")[:-1]
    scopes = []
    while parts:
        local = parts[-1] == "<locals>" and len(parts) > 1
        name = parts[-2] if local else parts[-1]
        if not name.isidentifier():
            break
        scopes.append((name, local))
        parts = parts[:-2] if local else parts[:-1]
    for name, local in scopes:
        if local:
            body = [context_def(name, cells + body)]
            cells = []
        else:
            body = [
                ast.ClassDef(
                    name=name, bases=[], keywords=[], body=body, decorator_list=[], type_params=[]
                )
            ]
    if cells:
        body = [context_def("__s2s_context__", cells + body)]
    names, todo = set(), [code]
    while todo:
        c = todo.pop()
        names.update(c.co_names)
        todo.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    imports = [
        ast.Import(names=[ast.alias(name=n, asname=None)])
        for n in sorted(names)
        if n.isidentifier() and isinstance(fun.__globals__.get(n), types.ModuleType)
    ]
    module = ast.Module(body=imports + body, type_ignores=[])
    ast.fix_missing_locations(module)
    if rewritten:
        try:
            from _pytest.assertion.rewrite import rewrite_asserts

            rewrite_asserts(module, "".join(linecache.getlines(filename)).encode(), filename)
        except Exception:  # noqa: BLE001  (another pytest: the comparison decides)
            pass
        for sub in walk(module):  # pytest's inserted imports have a start only
            if (
                getattr(sub, "lineno", None) is not None
                and getattr(sub, "end_lineno", None) is None
            ):
                sub.end_lineno, sub.end_col_offset = sub.lineno, sub.col_offset
    ast.fix_missing_locations(module)
    try:
        top = compile(
            module, filename, "exec", flags=code.co_flags & _FUTURE_FLAGS, dont_inherit=True
        )
    except (SyntaxError, ValueError, TypeError):
        return None
    todo = [top]
    while todo:  # breadth first: the function itself comes before anything it contains
        c = todo.pop(0)
        for k in c.co_consts:
            if isinstance(k, types.CodeType):
                if k.co_name == code.co_name and k.co_firstlineno == code.co_firstlineno:
                    return k
                todo.append(k)
    return None


def context_def(name: str, body: list) -> ast.FunctionDef:
    """``def name(): body``: an enclosing function of the code being compiled."""
    return ast.FunctionDef(
        name=name,
        args=ast.arguments(
            posonlyargs=[],
            args=[],
            vararg=None,
            kwonlyargs=[],
            kw_defaults=[],
            kwarg=None,
            defaults=[],
        ),
        body=body,
        decorator_list=[],
        returns=None,
        type_params=[],
    )


_CODE_FIELDS = (
    "co_argcount",
    "co_posonlyargcount",
    "co_kwonlyargcount",
    "co_nlocals",
    "co_name",
    "co_names",
    "co_varnames",
    "co_freevars",
    "co_cellvars",
    "co_firstlineno",
)


_CO_NESTED = 0x10


def _same_code_object(a, b) -> bool:
    """Structural equality of code objects, ignoring only line and column tables."""
    if any(getattr(a, f, None) != getattr(b, f, None) for f in _CODE_FIELDS):
        return False
    if a.co_flags & ~_CO_NESTED != b.co_flags & ~_CO_NESTED:
        return False
    if a.co_code != b.co_code and _instructions(a) != _instructions(b):
        return False
    return len(a.co_consts) == len(b.co_consts) and all(
        _same_const(x, y) for x, y in zip(a.co_consts, b.co_consts)
    )


_ALIASES = {"LOAD_METHOD": "LOAD_ATTR", "CALL_METHOD": "CALL_FUNCTION"}


_SIZE_ONLY = {"PUSH_NULL", "EXTENDED_ARG"}  # folded into a neighbour's argument


def _instructions(code) -> list:
    """``code``'s instructions, jumps as instruction indices, a method load written as an
    attribute load: the compiler loads ``m.f`` for a call either way, depending on whether
    the module imported ``m``, which compiling one function cannot reproduce."""
    ins, index = [], {}
    for i in dis.get_instructions(code):
        index[i.offset] = len(ins)  # a jump to a dropped instruction lands on the next one
        if i.opname not in _SIZE_ONLY:
            ins.append(i)
    jumps = set(dis.hasjrel) | set(dis.hasjabs)
    names = set(dis.hasname)
    out = []
    for i in ins:
        op = _ALIASES.get(i.opname, i.opname)
        if i.opcode in jumps:
            arg = index.get(i.argval, i.argval)
        elif i.opcode in names:
            arg = i.argval  # the name: the oparg also says whether a NULL is pushed
        else:
            arg = i.arg
        out.append((op, arg))
    return out


def _same_const(x, y) -> bool:
    if type(x) is not type(y):
        return False
    if isinstance(x, types.CodeType):
        return _same_code_object(x, y)
    if isinstance(x, (tuple, frozenset)):
        if len(x) != len(y):
            return False
        if isinstance(x, frozenset):
            x, y = sorted(x, key=repr), sorted(y, key=repr)
        return all(_same_const(i, j) for i, j in zip(x, y))
    if isinstance(x, (float, complex)):
        return repr(x) == repr(y)  # tells 0.0 from -0.0, and nan equals nan
    return x == y


def compiles_to(node, fun, filename) -> bool:
    compiled = _compile_in_context(node, fun, filename)
    return compiled is not None and _same_code_object(compiled, fun.__code__)


def contains(node, line: int, col: int) -> bool:
    start = (node.lineno, node.col_offset)
    end = (node.end_lineno or node.lineno, node.end_col_offset or 10**9)
    return start <= (line, col) <= end
