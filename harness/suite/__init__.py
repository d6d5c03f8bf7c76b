"""The conformance suite as a pytest test module (collected by ``conformance run``)."""
