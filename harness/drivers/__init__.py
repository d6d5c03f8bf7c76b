"""Built-in drivers. ``reference`` adapts the reference implementation in-process."""
