"""Mutants: small, realistic defects of one documented rule each, packaged as drivers.

The suite is worth the wrong implementations it rejects. Every mutant is the
reference implementation with one method subclassed or one object re-typed
per instance (see :mod:`reference_impl.mutants.base`), so the reference's own code
carries no mutant branches. ``conformance mutants`` runs the suite against
each one and writes the kill matrix (reports/mutants.json and .html).
"""
