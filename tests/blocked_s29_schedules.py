"""An endless generator of a module of its own, for tests/test_blocked_s29.py: a zip of it
and a range runs it as written (runtime.first_items)."""


def halving(start=1.0, rate=0.5):
    t = start
    while True:
        yield t
        t = t * rate
