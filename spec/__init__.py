"""The specification, shipped inside the kit as the package ``harness.spec``.

spec/ stays at the repository root, where the docs cite it; pyproject.toml maps it into the kit
(``package-dir``) so a wheel and an editable install both carry it. Only harness/features.py reads it.
"""
