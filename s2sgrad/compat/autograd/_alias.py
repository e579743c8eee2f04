"""A module that is another one with a few names changed or added."""

from __future__ import annotations

import types


class Alias(types.ModuleType):
    """The module ``base`` with the names in ``replaced`` changed or added: every other
    attribute is ``base``'s own object (so rules keyed by identity apply)."""

    def __init__(self, name: str, base: types.ModuleType, **replaced):
        super().__init__(name, base.__doc__)
        self.__dict__.update(replaced, _base=base)

    def __getattr__(self, attr):
        return getattr(self.__dict__["_base"], attr)

    def __dir__(self):
        return sorted(set(dir(self.__dict__["_base"])) | set(self.__dict__) - {"_base"})
