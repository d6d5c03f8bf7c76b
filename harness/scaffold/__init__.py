"""``conformance new-driver``: a driver skeleton written from the protocol (see render.py)."""
