"""``conformance serve``: the reference implementation as an HTTP server speaking spec/api/openapi.yaml."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from typing import Any

from harness.drivers.addresses import LOOPBACK, listening_socket, parse_host_port

#: Said at every start: nothing is written to disk, so stopping the server loses every account.
IN_MEMORY = "State lives in memory only: stopping the server forgets every account, session and code."
REMOTE_TEST_CONTROL = (
    "WARNING: /test-control is served on a non-loopback address. Anyone who reaches {url} can wipe "
    "every account (POST /test-control/reset) and move the clock. Never do this on a shared network."
)


def add_parser(commands: Any) -> None:
    serve = commands.add_parser("serve", help="run the reference implementation as an HTTP server")
    serve.add_argument("--host", default=LOOPBACK, help="interface to listen on (default: loopback only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    serve.add_argument(
        "--smtp", type=_host_port, default=None, help="HOST:PORT to send mail to (default: the log)"
    )
    serve.add_argument(
        "--print-codes",
        action="store_true",
        help="without --smtp, print each mail's text (its one-time code) in the log",
    )
    serve.add_argument(
        "--test-control",
        action="store_true",
        help="serve /test-control (fake clock, reset) and hash passwords cheaply: for tests only",
    )
    serve.add_argument(
        "--allow-remote-test-control",
        action="store_true",
        help="allow --test-control on a non-loopback --host (anyone may reset: never on a shared network)",
    )
    serve.set_defaults(handler=serve_forever)


def _host_port(text: str) -> tuple[str, int]:
    try:
        return parse_host_port(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def is_loopback(host: str) -> bool:
    """Only a literal loopback address or ``localhost`` counts: a name could resolve anywhere."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_forever(options: argparse.Namespace, extra: list[str]) -> int:
    remote = not is_loopback(options.host)
    if options.test_control and remote and not options.allow_remote_test_control:
        print(
            f"conformance serve: error: --test-control lets anyone reset every account; it is refused on "
            f"{options.host!r}, which is not a loopback address. Use --host 127.0.0.1, or add "
            "--allow-remote-test-control if you really mean it.",
            file=sys.stderr,
        )
        return 2
    sock = listening_socket(options.host, options.port)
    from .running import build_server, served_reference, url_of  # only when serving: uvicorn is heavy

    state = served_reference(options.smtp, options.test_control, print_codes=options.print_codes)
    server = build_server(state, sock)
    mail = "{}:{}".format(*options.smtp) if options.smtp else "the log"
    control = "on" if options.test_control else "off"
    print(
        f"Serving the reference on {url_of(sock)} (mail to {mail}, test control {control})", file=sys.stderr
    )
    print(IN_MEMORY, file=sys.stderr)
    if options.test_control and remote:
        print(REMOTE_TEST_CONTROL.format(url=url_of(sock)), file=sys.stderr)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a user stops it: end quietly, no traceback
    finally:
        sock.close()
        state.close()
    print("Stopped; the in-memory state is gone.", file=sys.stderr)
    return 0
