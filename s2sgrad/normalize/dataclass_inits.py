"""The ``__init__`` of a dataclass with a ``__post_init__``, as Python source: the
dataclass's own is generated without source, so s2sgrad writes the same function (it
sets the fields in order and calls ``__post_init__``) and differentiates that, as the
``__init__`` of any user class.

    @dataclass                                def __init__(self, log_scale, offset=...):
    class Hyp:                        ->          self.log_scale = log_scale
        log_scale: np.ndarray                     self.offset = offset
        offset: float = 0.0                       self.__post_init__()
        def __post_init__(self): ...

Not for a dataclass with ``InitVar`` fields or ``default_factory`` fields (its own
``__init__`` is kept: such a class made from differentiated values is refused).
"""

from __future__ import annotations

import dataclasses
import inspect
import linecache
import types

_INITS: dict = {}
WRITTEN = "<s2sgrad: the dataclass __init__ of "  # the file name of each one written


def is_written(filename: str) -> bool:
    """Is ``filename`` that of an ``__init__`` written here?"""
    return filename.startswith(WRITTEN)


def source_init(cls):
    """The ``__init__`` of ``cls`` to differentiate: its own, or for a dataclass whose
    generated ``__init__`` calls a ``__post_init__`` of Python source, the one written
    here (None where the module docstring says)."""
    init = inspect.getattr_static(cls, "__init__", None)
    if not (
        isinstance(init, types.FunctionType)
        and init.__code__.co_filename.startswith("<string")
        and dataclasses.is_dataclass(cls)
        and isinstance(inspect.getattr_static(cls, "__post_init__", None), types.FunctionType)
    ):
        return init
    key = (cls, init)
    if key not in _INITS:
        _INITS[key] = _written(cls, init)
    return _INITS[key] or init


def _written(cls, init):
    every = cls.__dataclass_fields__.values()
    if any(f._field_type is dataclasses._FIELD_INITVAR for f in every):
        return None
    fields = [f for f in every if f._field_type is dataclasses._FIELD]
    if any(f.default_factory is not dataclasses.MISSING for f in fields):
        return None
    sig = inspect.signature(init)
    params = list(sig.parameters.values())[1:]
    if [p.name for p in params] != [f.name for f in fields if f.init] or any(
        p.kind not in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in params
    ):
        return None
    taken = {p.name for p in params} | {f.name for f in fields}
    self_name = "self"
    while self_name in taken:
        self_name += "_"
    written, star = [], False
    for p in params:
        if p.kind is p.KEYWORD_ONLY and not star:
            written.append("*")
            star = True
        written.append(p.name if p.default is p.empty else f"{p.name}=None")
    body = []
    for f in fields:
        if f.init:
            body.append(f"        {self_name}.{f.name} = {f.name}")
        elif f.default is not dataclasses.MISSING:
            body.append(f"        {self_name}.{f.name} = _defaults[{f.name!r}]")
    body.append(f"        _cls.__post_init__({self_name})")  # records.parent_init_call
    filename = f"{WRITTEN}{cls.__module__}.{cls.__qualname__}>"
    src = (
        f"def _make(_defaults, _cls):\n    def __init__({', '.join([self_name, *written])}):\n"
        + "\n".join(body)
        + "\n    return __init__\n"
    )
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    namespace: dict = {}
    exec(compile(src, filename, "exec"), namespace)
    out = namespace["_make"]({f.name: f.default for f in fields if not f.init}, cls)
    out.__defaults__, out.__kwdefaults__ = init.__defaults__, init.__kwdefaults__
    out.__qualname__ = f"{cls.__qualname__}.__init__"
    out.__module__ = cls.__module__
    return out
