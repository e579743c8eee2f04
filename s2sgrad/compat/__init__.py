"""Drop-in front ends that let programs written for other AD libraries run on s2sgrad.

``s2sgrad.compat.autograd`` takes autograd programs: change ``autograd`` to
``s2sgrad.compat.autograd`` in their imports.
"""
