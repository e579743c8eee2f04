"""Objects of user classes made inside the differentiated function (``HMM(theta)``):
the instance is a tree whose fields are its instance attributes, and ``__init__`` is a
callee that returns it, each ``self.a = v`` a new value of ``self``:

    m = HMM(theta)     ->    m_self = new_object(HMM)
                             m = initialised(HMM)(m_self, theta)    # HMM.__init__, returning self

    self.pi = e        ->    self = object_with(self, 'pi', e)      # in that __init__
    return             ->    return self

``m.pi`` is then a field read (``tree_field``), ``m.f(x)`` a call of ``HMM.f`` with ``m``
first, and a ``@property`` read a call of its getter. Where a change to the object
could not be followed (an item or a method changing an attribute in place, a function
made in ``__init__`` that reads ``self``), it is an error at the user's line.
"""

from __future__ import annotations

import builtins
import dataclasses
import inspect
import types
import weakref

import gast
import numpy as np

from .. import anno, runtime
from ..errors import TransformError, UnsupportedSyntaxError
from ..parsing import _library_function, closure_vars, parse_function
from ..runtime.libraries import installed_class
from ..syntax import assign, call, clone, const, name, walk
from .changed import LIBRARY_ROOTS
from .dataclass_inits import is_written, source_init
from .folds import made_constant_fields
from .init_containers import localise_self_containers
from .init_fields import _chain, _field_chains
from .local_trees import local_tree_class
from .tables import _MUTATING_METHODS, _is_user_class, _is_user_tree

# the helpers the lowering writes by name: a local of one of these names would hide it
_HELPERS = {"new_object", "initialised", "object_with"}


def constructible(cls) -> bool:
    """Can ``cls(...)`` be made a tree: a user class whose ``__init__`` is a plain
    function of its own (with source), made by ``object.__new__``, holding its attributes
    in ``__dict__`` (or ``__slots__``) and with no hook on reading or setting them."""
    if not _is_user_class(cls) or issubclass(cls, BaseException):
        return False
    init = source_init(cls)  # a dataclass with __post_init__: one written in Python
    return (
        isinstance(init, types.FunctionType)
        and not init.__code__.co_filename.startswith("<string")  # a dataclass's own
        and cls.__new__ is object.__new__
        and (cls.__dictoffset__ != 0 or bool(runtime.trees._slots(cls)))  # or __slots__
        and cls.__setattr__ is object.__setattr__
        and cls.__getattribute__ is object.__getattribute__
        and inspect.getattr_static(cls, "__getattr__", None) is None
    )


def object_call(low, cls, node, hint):
    """``Cls(args)`` of a :func:`constructible` class as ``initialised(Cls)(new, args)``,
    the call of ``Cls.__init__`` made to return the object (its spec says ``init``);
    None for any other call."""
    if not constructible(cls) or _HELPERS & low.locals:
        return None
    made = low.fresh(f"{hint}_new")
    new = gast.Call(func=name("new_object"), args=[clone(node.func)], keywords=[])
    anno.set(new, "fn", runtime.new_object)
    anno.set(new, "made", cls)
    low.emit(gast.copy_location(assign(made, gast.copy_location(new, node)), node), low.current)
    kind = low.made_kind_at(cls, node)  # Layer(W, b, act=np.sin): the function it holds
    out = _init_call(low, cls, node.func, [name(made)] + list(node.args), node.keywords, node, hint)
    if kind != made_kind(cls):
        anno.set(out, "made_kind", kind)
    return out


def object_calls(low, target, node, hint):
    """The calls of :func:`expr_Call <s2sgrad.normalize.calls.Calls.expr_Call>` this
    module lowers: ``Cls(x)`` (:func:`object_call`), ``Base.__init__(self, x)``, a
    classmethod through its class, ``m = build(w)`` of a helper returning a made object
    (the call marked with its class) and generated code read back; None for others."""
    func = node.func
    if isinstance(func, gast.Name) and func.id in low.known_classes:  # cls(x), cls passed in
        return object_call(low, low.known_classes[func.id], node, hint)
    for lower in (read_back_call, parent_init_call, class_method_call, object_call):
        out = lower(low, target, node, hint)
        if out is not None:
            return out
    cls = _returned_by(low, func, target)
    if cls is None:
        return None
    out = low.make_call(target, node.args, node.keywords, node, hint)
    if isinstance(out, gast.Call):
        anno.set(out, "made", cls)
    return out


def _init_call(low, cls, owner, args, keywords, node, hint, method=None):
    """``initialised(owner)(*args)``: ``cls.__init__`` returning its first argument
    (``method``: the ``__post_init__`` of a dataclass, ``initialised(owner, name)``)."""
    named = [const(method.__name__)] if method is not None else []
    func = gast.copy_location(call("initialised", clone(owner), *named), node)
    anno.set(func, "fn", runtime.initialised)  # bound by name in the generated code
    init = gast.copy_location(gast.Call(func=func, args=args, keywords=keywords), node)
    anno.set(init, "made", cls)
    out = low.make_call(method or source_init(cls), args, keywords, init, hint)
    anno.set(out, "made", cls)
    return out


def read_back_call(low, target, node, hint):
    """``new_object(Cls)`` and ``initialised(Cls)(new, args)`` in generated code read back
    (forward over reverse), as :func:`object_call` wrote them; None for other calls."""
    func = node.func
    if target in (runtime.new_object, runtime.tree_node) and node.args:
        cls = _class_of(low, node.args[0])
        out = low.make_call(target, node.args, node.keywords, node, hint)
        if constructible(cls) or _is_user_tree(cls):
            anno.set(out, "made", cls)
        return out
    if (
        isinstance(func, gast.Call)
        and low.resolve_call(func) is runtime.initialised
        and len(func.args) in (1, 2)
        and constructible(_class_of(low, func.args[0]))
    ):
        cls = _class_of(low, func.args[0])
        method = None
        if len(func.args) == 2:  # initialised(Cls, "__post_init__")
            method = inspect.getattr_static(cls, func.args[1].value)
        kind = low.made_kind_at(cls, node)
        out = _init_call(low, cls, func.args[0], node.args, node.keywords, node, hint, method)
        if kind != made_kind(cls):
            anno.set(out, "made_kind", kind)
        return out
    return None


def _class_of(low, node):
    """The class ``node`` names: a free name, or a parameter the call passes a class in."""
    if isinstance(node, gast.Name) and node.id in low.known_classes:
        return low.known_classes[node.id]
    if isinstance(node, gast.Name) and node.id in low.local_trees:
        return low.local_trees[node.id]  # P = namedtuple(...) in the function
    return low.free_value(node)


def made_class(low, value):
    """The class of the object the call ``value`` makes, for a local bound to it:
    ``Cls(...)`` of a user class, ``initialised(Cls)(...)`` read back; else None."""
    if not isinstance(value, gast.Call):
        return None
    func = value.func
    if isinstance(func, gast.Call) and low.resolve_call(func) is runtime.initialised:
        cls = _class_of(low, func.args[0]) if len(func.args) in (1, 2) else None
        return cls if constructible(cls) else None
    model = local_tree_class(low, func)  # P(w, b) of P = namedtuple(...) in the function
    if model is not None:
        return model
    cls = low.free_value(func)
    if cls is runtime.tree_node and value.args:  # Params(w, b) read back
        cls = _class_of(low, value.args[0])
        return cls if _is_user_tree(cls) else None
    returned = _returned_by(low, func, cls)
    if returned is not None or isinstance(cls, (types.FunctionType, types.MethodType)):
        return returned
    return cls if _is_user_class(cls) or _is_user_tree(cls) else None


def _returned_by(low, func, target):
    """The class of the object the call of ``func`` (whose value is ``target``) returns:
    a helper's (:func:`returned_class`), a classmethod's through its class or an object
    (``Scaled.make(w)``, ``self.make(w)``, ``Scaled.make.__func__(Scaled, w)`` read
    back), whose ``return cls(...)`` makes one of that class; else None."""
    if isinstance(target, types.MethodType) and isinstance(target.__self__, type):
        return returned_class(target.__func__, target.__self__)
    if isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name):
        cls = low.classes.get(func.value.id)
        static = inspect.getattr_static(cls, func.attr, None) if cls is not None else None
        if isinstance(static, classmethod):
            return returned_class(static.__func__, cls)
    if isinstance(func, gast.Attribute) and func.attr == "__func__":
        bound = low.free_value(func.value)
        if isinstance(bound, types.MethodType) and isinstance(bound.__self__, type):
            return returned_class(bound.__func__, bound.__self__)
    return returned_class(target) if isinstance(target, types.FunctionType) else None


def init_self(fn: gast.FunctionDef, info, spec, classes=None) -> str | None:
    """For the ``__init__`` of an object made in the function (``("init",)`` in
    ``spec``): make every ``return`` return ``self`` (in place) and check that every
    change to ``self`` is an attribute assignment; the name of ``self``, else None."""
    if not any(e[0] == "init" for e in spec):
        return None
    params = fn.args.posonlyargs + fn.args.args
    me = params[0].id
    cls = (classes or {}).get(me)
    localise_self_containers(fn, me, cls)  # self.d = {}; self.d[k] = v: a local d until the end
    for node in walk(gast.Module(body=fn.body, type_ignores=[])):
        _check_init_node(node, me, info)
        if isinstance(node, gast.Return):
            node.value = gast.copy_location(name(me), node)
    methods = ("__init__", "__post_init__") if is_written(info.filename) else ("__init__",)
    for node in walk(gast.Module(body=fn.body, type_ignores=[])):
        for field, value in gast.iter_fields(node):
            if isinstance(value, list):  # super().__init__(...): self = super().__init__(...)
                value[:] = [_bound_parent_init(s, me, methods) for s in value]
    end = gast.Return(value=name(me))
    fn.body.append(gast.copy_location(end, fn.body[-1]) if fn.body else end)
    return me


def _bound_parent_init(stmt, me: str, methods):
    """``super().__init__(x)`` or ``Base.__init__(self, x)`` as ``self = ...(x)``, the
    parent's ``__init__`` returning the object too (and ``_cls.__post_init__(self)`` in
    an ``__init__`` of :mod:`.dataclass_inits`); any other statement as it is."""
    if not (
        isinstance(stmt, gast.Expr)
        and isinstance(stmt.value, gast.Call)
        and isinstance(stmt.value.func, gast.Attribute)
        and stmt.value.func.attr in methods
    ):
        return stmt
    out = gast.Assign(targets=[name(me, store=True)], value=stmt.value, type_comment=None)
    return gast.copy_location(out, stmt)


def parent_init_call(low, target, node, hint):
    """``Base.__init__(self, x)`` in the ``__init__`` of an object made in the function
    (written ``self = Base.__init__(self, x)`` by :func:`init_self`): ``Base.__init__``
    returning the object; None for any other call."""
    func = node.func
    if not (
        low.init_self is not None
        and isinstance(func, gast.Attribute)
        and func.attr in ("__init__", "__post_init__")
        and node.args
        and isinstance(node.args[0], gast.Name)
        and node.args[0].id == low.init_self
    ):
        return None
    cls = low.free_value(func.value)
    if func.attr == "__post_init__":  # in an __init__ of dataclass_inits
        if not is_written(low.info.filename) or not constructible(cls):
            return None
        method = inspect.getattr_static(cls, "__post_init__")
        return _init_call(low, cls, func.value, node.args, node.keywords, node, hint, method)
    if not constructible(cls) or inspect.getattr_static(cls, "__init__") is not target:
        return None
    return _init_call(low, cls, func.value, node.args, node.keywords, node, hint)


def _is_self_attr(node, me: str) -> bool:
    """``self.a`` (or ``self.a.b``, ``self.a[i]``): a part of the object being made."""
    while isinstance(node, (gast.Attribute, gast.Subscript)):
        node = node.value
        if isinstance(node, gast.Name) and node.id == me:
            return True
    return False


def _check_init_node(node, me: str, info, what: str = "the object being made") -> None:
    def reject(where, message, hint):
        raise info.error(where, message, hint, UnsupportedSyntaxError)

    place = "__init__" if what == "the object being made" else "the method"

    if isinstance(node, (gast.FunctionDef, gast.Lambda)) and me in {
        n.id for n in walk(node) if isinstance(n, gast.Name)
    }:
        reject(
            node,
            f"a function made in {place} that reads {me} ({what}) cannot be differentiated",
            "make it a method of the class",
        )
    if isinstance(node, gast.Name) and node.id == me and isinstance(node.ctx, gast.Store):
        reject(node, f"assigning to {me} in {place} cannot be differentiated", "use a local name")
    targets = []
    if isinstance(node, (gast.Assign, gast.Delete)):
        targets = node.targets
    elif isinstance(node, (gast.AugAssign, gast.AnnAssign, gast.For)):
        targets = [node.target]
    elif isinstance(node, gast.withitem) and node.optional_vars is not None:
        targets = [node.optional_vars]
    for t in targets:
        for part in walk(t):
            if not isinstance(part, (gast.Attribute, gast.Subscript)) or not _is_self_attr(
                part, me
            ):
                continue
            direct = isinstance(part, gast.Attribute) and isinstance(part.value, gast.Name)
            if not direct or isinstance(node, (gast.For, gast.Delete, gast.withitem)):
                reject(
                    part,
                    f"this change to an attribute of {me} ({what}) cannot be differentiated",
                    f"compute the value in a local variable, then assign {me}.attribute = value",
                )
    if (
        isinstance(node, gast.Call)
        and isinstance(node.func, gast.Attribute)
        and node.func.attr in _MUTATING_METHODS
        and _is_self_attr(node.func.value, me)
        and not (isinstance(node.func.value, gast.Name))
    ):
        reject(
            node,
            f"{node.func.attr}() changes an attribute of {me} ({what}) in "
            "place, which cannot be differentiated",
            f"build the value in a local variable, then assign {me}.attribute = value",
        )


def made_object_class(low, var):
    """The class of the object the local ``var`` holds where every binding of it is a call
    of one class made in the function (``p = Params(w, b)``, a dataclass or a
    :func:`constructible` class) whose attributes are set as plain ones; else None."""
    cls = _made_by(low, var, set())
    dataclass = _is_user_tree(cls) and dataclasses.is_dataclass(cls)
    if not (constructible(cls) or (dataclass and "__slots__" not in vars(cls))):
        return None
    if cls.__setattr__ is not object.__setattr__ or cls.__dictoffset__ == 0:
        return None  # a frozen dataclass (its __setattr__ raises), slots, __setattr__
    return cls


def _made_by(low, var, seen):
    """The one class whose constructor (or ``dataclasses.replace`` of an object made so)
    every binding of the local ``var`` calls, else None."""
    classes = set()
    for v in low.single_defs.get(var, []) if var not in seen else [None]:
        made = low.resolve_call(v) if isinstance(v, gast.Call) else None
        if made is dataclasses.replace and v.args and isinstance(v.args[0], gast.Name):
            made = _made_by(low, v.args[0].id, seen | {var})  # q = replace(p, b=v)
        classes.add(made)
    return classes.pop() if len(classes) == 1 else None


def store_attribute(low, target, value, stmt, cls=None) -> None:
    """``self.a = value`` in the ``__init__`` of an object made in the function:
    ``self = object_with(self, 'a', value)``; ``p.a = value`` of an object of class
    ``cls`` made in the function (:func:`made_object_class`) the same, marked as a change
    in place (``inplace``) so that :mod:`s2sgrad.validate` rejects aliases of ``p``."""
    me = target.value.id
    static = inspect.getattr_static(cls or low.classes.get(me), target.attr, None)
    if isinstance(static, types.MemberDescriptorType):
        pass  # a name in __slots__: a plain attribute, stored by object_with
    elif hasattr(type(static), "__set__") or hasattr(type(static), "__get__"):
        raise low.info.error(
            target,
            f"{me}.{target.attr} is a {type(static).__name__} of the class, whose assignment "
            "runs its code, which cannot be differentiated",
            "assign a plain attribute (self._value = v) and read it in the property",
            UnsupportedSyntaxError,
        )
    atom = low.atom(value, f"{me}_{target.attr}")
    node = gast.copy_location(
        gast.Call(func=name("object_with"), args=[name(me), const(target.attr), atom], keywords=[]),
        stmt,
    )
    made = low.fresh(f"{me}_with_{target.attr}")  # not self = f(self): a new name first
    low.emit(assign(made, low.make_call(runtime.object_with, node.args, [], node)), stmt)
    rebound = assign(me, name(made))
    if cls is not None:
        anno.set(rebound, "inplace", f".{target.attr} =")
    low.emit(rebound, stmt)


def property_read(low, cls, obj, node, hint):
    """``obj.p`` for a ``@property`` ``p`` of ``cls``, the class of ``obj`` (a parameter
    or a local whose class is known): the call of its getter ``obj.__class__.p.fget(obj)``;
    None for any other attribute (and for a library's class: its rules say). A property of
    a NamedTuple or dataclass too: it is no field of the tree."""
    if not (_is_user_class(cls) or _is_user_tree(cls)) or installed_class(cls, LIBRARY_ROOTS):
        return None
    static = next(  # a class attribute of the user's classes (not object's __class__)
        (c.__dict__[node.attr] for c in cls.__mro__ if c is not object and node.attr in c.__dict__),
        None,
    )
    if isinstance(
        static, (types.FunctionType, staticmethod, classmethod, types.MemberDescriptorType)
    ) or not hasattr(type(static), "__get__"):
        return None  # a method, a slot, or a value: an instance attribute or a constant
    if not isinstance(static, property) or not isinstance(static.fget, types.FunctionType):
        raise low.info.error(
            node,
            f"the attribute .{node.attr} of {cls.__name__} is a {type(static).__name__}, "
            "whose code s2sgrad cannot differentiate",
            "make it a method or a @property",
            UnsupportedSyntaxError,
        )
    getter = gast.Attribute(
        value=gast.Attribute(
            value=gast.Attribute(value=clone(obj), attr="__class__", ctx=gast.Load()),
            attr=node.attr,
            ctx=gast.Load(),
        ),
        attr="fget",
        ctx=gast.Load(),
    )
    read = gast.Call(func=getter, args=[clone(obj)], keywords=[])
    for n in walk(read):
        gast.copy_location(n, node)
    low.remember_method(cls, node.attr, static)
    return low.make_call(static.fget, read.args, [], read, hint)


def class_method_call(low, target, node, hint):
    """``Cls.make(x)`` of a classmethod of a user class read through the class: its
    function given the class first, written ``Cls.make.__func__(Cls, x)``; None for
    any other call."""
    owner = getattr(target, "__self__", None)
    if not (
        isinstance(target, types.MethodType)
        and isinstance(target.__func__, types.FunctionType)
        and isinstance(owner, type)
        and (_is_user_class(owner) or hasattr(owner, "__dataclass_fields__"))
        and isinstance(node.func, gast.Attribute)
    ):
        return None
    func = gast.Attribute(value=clone(node.func), attr="__func__", ctx=gast.Load())
    made = returned_class(target.__func__, owner)  # Scaled.make(w): return cls(w * 2)
    called = gast.Call(
        func=func, args=[clone(node.func.value)] + list(node.args), keywords=node.keywords
    )
    for n in walk(called):
        gast.copy_location(n, node)
    out = low.make_call(target.__func__, called.args, called.keywords, called, hint)
    if made is not None and isinstance(out, gast.Call):
        anno.set(out, "made", made)
    return out


def read_back_getter(low, node, hint):
    """``obj.__class__.p.fget(obj)`` in generated code read back, as
    :func:`property_read` wrote it: the getter's call; None for other calls."""
    func = node.func
    owner = func.value
    if not (
        func.attr == "fget"
        and isinstance(owner, gast.Attribute)
        and isinstance(owner.value, gast.Attribute)
        and owner.value.attr == "__class__"
        and isinstance(owner.value.value, gast.Name)
    ):
        return None
    cls = low.classes.get(owner.value.value.id)
    if cls is None:
        kind = low.static_object_kind(owner.value.value)
        cls = kind[1] if isinstance(kind, tuple) and kind[0] == "object" else None
    static = inspect.getattr_static(cls, owner.attr, None) if cls is not None else None
    if not isinstance(static, property) or not isinstance(static.fget, types.FunctionType):
        return None
    low.remember_method(cls, owner.attr, static)
    return low.make_call(static.fget, node.args, node.keywords, node, hint)


def returned_class(fn, owner=None, method=False):
    """The class of the object every ``return`` of the user function ``fn`` makes
    (``return Lin(w)``, or a local bound once to ``Lin(w)`` and returned): a caller's
    ``m = build(w)`` holds an object of that class; else None. ``owner``: the class a
    classmethod ``fn`` is called on (``return cls(w)``); with ``method``, the class of the
    object a method is called on (``return self``, ``return type(self)(w)``)."""
    if (
        not isinstance(fn, types.FunctionType)
        or _library_function(fn)
        or (fn.__module__ or "").startswith("s2sgrad.")
    ):
        return None
    if fn not in _RETURNED:  # its source read once; the names looked up on every call
        _RETURNED[fn] = _returned_chains(fn)
    chains = _RETURNED[fn]
    if not chains:
        return None
    free = dict(fn.__globals__)
    free.update(closure_vars(fn))
    first = fn.__code__.co_varnames[0] if fn.__code__.co_argcount else None
    made, rebound = set(), set()
    for chain in chains:
        if chain[0] == "<rebound>":  # s = s.step(dt): checked once the class is known
            rebound.add(chain[1])
            continue
        if chain[0] == first and method:  # return self, return type(self)(w) in a method
            if owner is None or chain[1:] not in (("<object>",), ("<class>",)):
                return None
            made.add(owner)
            continue
        if chain[0] == first:  # return cls(w) in a classmethod
            if owner is None or len(chain) > 1:
                return None
            made.add(owner)
            continue
        value = free.get(chain[0], getattr(builtins, chain[0], None))
        for attr in chain[1:]:
            value = getattr(value, attr, None)
        if isinstance(value, types.FunctionType) and value not in _ASKED:
            value = _helper_class(value)  # s = build(w): the class build returns
        if not (constructible(value) or _is_user_tree(value)):
            return None
        made.add(value)
    cls = made.pop() if len(made) == 1 else None
    for m in rebound:  # every method rebinding the local returns an object of its class
        static = inspect.getattr_static(cls, m, None) if cls is not None else None
        if not isinstance(static, types.FunctionType) or static in _ASKED:
            return None
        if _helper_class(static, cls) is not cls:
            return None
    return cls


_ASKED: set = set()  # the functions returned_class is asked about now (recursion)


def _helper_class(fn, owner=None):
    _ASKED.add(fn)
    try:
        return returned_class(fn, owner, method=owner is not None)
    finally:
        _ASKED.discard(fn)


_RETURNED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _returned_chains(fn) -> tuple:
    """The name chains (``("Lin",)``, ``("layers", "Dense")``) of the classes called in
    the returns of ``fn``, each a free name of ``fn``; empty when a return is anything
    else."""
    try:
        node, _ = parse_function(fn)
    except TransformError:
        return ()
    own = [
        n
        for n in walk(gast.Module(body=node.body, type_ignores=[]))
        if not isinstance(n, (gast.FunctionDef, gast.Lambda))
    ]
    stored = [n.id for n in own if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)]
    bound = {  # m = Lin(w), the only store of m
        n.targets[0].id: n.value
        for n in own
        if isinstance(n, gast.Assign)
        and len(n.targets) == 1
        and isinstance(n.targets[0], gast.Name)
        and stored.count(n.targets[0].id) == 1
    }
    positional = node.args.posonlyargs + node.args.args
    local = set(stored) | {a.id for a in positional[1:] + node.args.kwonlyargs}
    if positional and positional[0].id in stored:
        return ()  # the first parameter rebound: not the class a classmethod gets
    chains = []
    for r in (n for n in own if isinstance(n, gast.Return)):
        value = r.value
        if isinstance(value, gast.Name) and value.id in bound:
            value = bound[value.id]
        elif isinstance(value, gast.Name) and not (positional and value.id == positional[0].id):
            made = _rebound_chains(value.id, own, local, stored)
            if made:  # s = System(...), then s = s.step(dt): returned
                chains.extend(made)
                continue
        chain = _chain(value.func, local) if isinstance(value, gast.Call) else None
        first = positional[0].id if positional else None
        if isinstance(value, gast.Name) and value.id == first:
            chain = (first, "<object>")  # return self
        elif isinstance(value, gast.Call) and _class_of_first(value.func, first):
            chain = (first, "<class>")  # return type(self)(w), self.__class__(w)
        if chain is None:
            return ()
        chains.append(chain)
    return tuple(chains)


def _rebound_chains(var, own, local, stored) -> list:
    """The chains of the classes the local ``var`` is bound to when every store of it is
    ``var = Cls(...)`` (or a helper's call), or ``var = var.m(...)`` (``("<rebound>", m)``,
    checked once the class is known); else empty."""
    values = [
        n.value
        for n in own
        if isinstance(n, gast.Assign)
        and len(n.targets) == 1
        and isinstance(n.targets[0], gast.Name)
        and n.targets[0].id == var
    ]
    if len(values) != stored.count(var):
        return []
    chains = []
    for v in values:
        f = v.func if isinstance(v, gast.Call) else None
        if isinstance(f, gast.Attribute) and isinstance(f.value, gast.Name) and f.value.id == var:
            chains.append(("<rebound>", f.attr))
            continue
        chain = _chain(f, local) if f is not None else None
        if chain is None:
            return []
        chains.append(chain)
    return chains if any(c[0] != "<rebound>" for c in chains) else []


def _class_of_first(func, first) -> bool:
    """``type(self)`` or ``self.__class__`` for the first parameter ``self``."""
    if isinstance(func, gast.Attribute):
        return (
            func.attr == "__class__"
            and isinstance(func.value, gast.Name)
            and (func.value.id == first)
        )
    return (
        isinstance(func, gast.Call)
        and isinstance(func.func, gast.Name)
        and func.func.id == "type"
        and len(func.args) == 1
        and isinstance(func.args[0], gast.Name)
        and func.args[0].id == first
    )


def made_kind(cls, depth: int = 0):
    """The object kind (see :func:`~s2sgrad.normalize.kinds.object_kind`) of an object
    ``cls(...)`` makes: ``("object", cls, fields)`` with the kinds of the attributes its
    ``__init__`` sets, once, to objects it makes (``self.first = Lin(w)``, a list of them)
    or to module functions (``self.act = np.tanh``), so their methods are known too."""
    init = source_init(cls)  # a dataclass with __post_init__: one written in Python
    flags = made_constant_fields(cls, init) if _is_user_class(cls) else []
    if depth >= 3 or not constructible(cls):
        return ("object", cls, tuple(flags)) if flags else ("object", cls)
    if init not in _FIELDS:  # its source read once; the names looked up on every call
        _FIELDS[init] = _field_chains(init)
    free = dict(init.__globals__)
    free.update(closure_vars(init))

    def resolve(chain):
        value = free.get(chain[0], getattr(builtins, chain[0], None))
        for attr in chain[1:]:
            value = getattr(value, attr, None)
        return value

    def kind_of(how, chain):
        value = resolve(chain)
        if how == "function":
            return (
                ("function", value) if isinstance(value, (types.FunctionType, np.ufunc)) else None
            )
        if constructible(value):
            return made_kind(value, depth + 1)
        plain = _is_user_class(value) and value.__init__ is object.__init__  # Tanh()
        return ("object", value) if plain or _is_user_tree(value) else None

    fields = []
    for attr, how, chains in _FIELDS[init]:
        if how == "parameter":
            continue  # known where the object is made (kinds.made_kind_at)
        if how == "each":
            item = kind_of("call", chains)
            if item is not None:
                fields.append((attr, ("each", item)))
        elif how == "items":
            items = tuple(kind_of("call", c) for c in chains[1:])
            if items and all(k is not None for k in items):
                fields.append((attr, ("items", chains[0], items)))
        else:
            sub = kind_of(how, chains)
            if sub is not None:
                fields.append((attr, sub))
    fields = sorted(fields + flags, key=lambda f: f[0])
    return ("object", cls, tuple(fields)) if fields else ("object", cls)


_FIELDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def rebound_objects(low, body, classes, made=False) -> dict:
    """``{parameter: class}`` for the parameters of object kind that the function only
    rebinds to copies of themselves with an attribute set (``self_with_w = object_with(self,
    'w', v); self = self_with_w``, an ``__init__`` read back): the same object's class.
    With ``made``, ``classes`` names locals, each bound once to an object it makes
    (``m = Model(w)``, then ``m.a = v`` read back)."""
    stores: dict = {}
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(node, gast.Assign) and len(node.targets) == 1:
            t = node.targets[0]
            if isinstance(t, gast.Name):
                stores.setdefault(t.id, []).append(node.value)
            else:
                for n in walk(t):
                    if isinstance(n, gast.Name):
                        stores.setdefault(n.id, []).append(None)
        elif isinstance(node, (gast.AugAssign, gast.AnnAssign, gast.For)):
            for n in walk(node.target):
                if isinstance(n, gast.Name):
                    stores.setdefault(n.id, []).append(None)

    def copy_of(value, p) -> bool:
        if isinstance(value, gast.Name) and len(stores.get(value.id, ())) == 1:
            value = stores[value.id][0]  # self = self_with_w, self = self_saved
        if isinstance(value, gast.Name) and value.id == p:
            return True  # self_saved = self: a value self held
        return (
            isinstance(value, gast.Call)
            and low.resolve_call(value) is runtime.object_with
            and bool(value.args)
            and isinstance(value.args[0], gast.Name)
            and value.args[0].id == p
        )

    def copies(values, p) -> bool:
        others = [v for v in values if not copy_of(v, p)]
        return not others or (
            made
            and len(others) == 1
            and isinstance(others[0], gast.Call)
            and made_class(low, others[0]) is not None
        )

    return {
        p: c
        for p, c in classes.items()
        if p in stores and constructible(c) and copies(stores[p], p)
    }


def class_value(low, node):
    """The class an argument certainly holds: a user class named by a free name
    (``Scaled``) or ``obj.__class__`` of a local whose class is known; else None."""
    if (
        isinstance(node, gast.Attribute)
        and node.attr == "__class__"
        and isinstance(node.value, gast.Name)
        and node.value.id in low.classes
    ):
        cls = low.classes[node.value.id]
    else:
        cls = low.free_value(node) if isinstance(node, (gast.Name, gast.Attribute)) else None
    return cls if constructible(cls) else None
