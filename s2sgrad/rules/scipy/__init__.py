"""SciPy: ``scipy.special``, ``scipy.stats`` distributions, ``scipy.linalg``, ``scipy.signal``,
``scipy.integrate``, ``scipy.spatial.distance``.

Each module is loaded by :mod:`s2sgrad.rules` at the first rule lookup after the SciPy
module it covers is imported (``special.py`` for ``scipy.special``, ``stats.py``,
``linalg.py``, ``signal.py``, ``integrate.py``, ``spatial.py`` for ``scipy.spatial``), so
neither ``import s2sgrad`` nor a transform imports a SciPy module the program did not.
Rules of a distribution's methods (``scipy.stats.norm.logpdf``) are keyed by the distribution object
and the method, so they attach although every attribute access makes a new bound method.
An argument without a derivative (an integer order or dimension) has none; a derivative
without a closed form (``gammainc`` in ``a``, the Bessel functions in their order) is
computed numerically to a documented accuracy (:mod:`s2sgrad.runtime.special`).
"""
