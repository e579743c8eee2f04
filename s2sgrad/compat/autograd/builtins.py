"""``autograd.builtins``: autograd needed traced containers; s2sgrad reads the source,
so these are Python's own ``tuple``, ``list``, ``dict``, ``isinstance`` and ``type``."""

import builtins as _builtins

tuple = _builtins.tuple
list = _builtins.list
dict = _builtins.dict
isinstance = _builtins.isinstance
type = _builtins.type

__all__ = ["tuple", "list", "dict", "isinstance", "type"]
