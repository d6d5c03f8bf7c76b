"""The reference implementation as a real HTTP server (``conformance serve``).

It speaks spec/api/openapi.yaml and sends its email over SMTP, so the kit's
HTTP driver can be checked against it and front-end teams can develop
against it. Like the drivers, this package may import ``reference_impl``:
it is the reference behind another seam, not part of the harness's checks.
"""
