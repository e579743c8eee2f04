"""The variables of its function that a local def reads through the local defs it
calls: ``unroll()`` calling ``step()``, which reads ``x``, reads ``x`` too. They are
lifted into its unit as its own free variables are, so the derivative through
``step``'s read of ``x`` reaches ``x`` (it was lost: a zero gradient for that path).

    def step(h): return np.tanh(h * x[0])     free: x
    def unroll(h): return step(step(h))       free: step  ->  step, x
"""

from __future__ import annotations


def lift_sibling_frees(local_functions: dict) -> None:
    """Add to the ``free`` of each local function the free variables of the local
    functions it names (through any chain of them), in place."""
    changed = True
    while changed:
        changed = False
        for fn in local_functions.values():
            extra = set()
            for n in fn.free:
                other = local_functions.get(n)
                if other is not None and other is not fn:
                    extra |= set(other.free) - {n} - set(fn.free)
            if extra:
                fn.free[:] = sorted(set(fn.free) | extra)
                changed = True
