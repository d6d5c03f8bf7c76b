"""The specification, shipped inside the kit as the package ``harness.spec``.

spec/ stays at the repository root, where the docs cite it; harness/spec is a link to it, so a
checkout, an editable install and a wheel all carry it. Only harness/features.py reads it.
"""
