"""Installed code: the standard library and installed distributions (site-packages, the
user's site-packages). Their classes and functions are not the user's code (dask's
``Array`` has rules for its operators, not source to transform), for the lowering, the
reverse generator and the checks generated code makes when it runs alike.

Plain functions only (ahead-of-time modules copy them): a caller that asks often keeps
:func:`library_roots` once and passes it.
"""

from __future__ import annotations


def library_roots() -> tuple:
    """The real paths of the folders of installed code, each ending in a separator, the
    longest first (site-packages may lie inside the standard library's folder); about
    half a millisecond to find: keep it."""
    import os
    import site
    import sysconfig

    paths = sysconfig.get_paths()
    dirs = {paths.get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    dirs.update(getattr(site, "getsitepackages", list)())
    user_site = getattr(site, "getusersitepackages", lambda: None)()
    if isinstance(user_site, str):
        dirs.add(user_site)
    roots = {os.path.join(os.path.realpath(d), "") for d in dirs if d}
    return tuple(sorted(roots, key=lambda r: (-len(r), r)))


def installed_root(filename, roots=None):
    """The folder of installed code (of ``roots``, else :func:`library_roots`) that holds
    the file ``filename``; None for the user's code."""
    import os

    if not filename:
        return None
    path = os.path.realpath(filename)
    for root in library_roots() if roots is None else roots:
        if path.startswith(root):
            return root
    return None


def installed_class(cls, roots=None) -> bool:
    """Is ``cls`` defined by installed code (dask's ``Array``)?"""
    import sys

    path = getattr(sys.modules.get(cls.__module__), "__file__", None)
    return installed_root(path, roots) is not None
