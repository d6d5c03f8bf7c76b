"""Worked examples from the docs; CI runs them."""
