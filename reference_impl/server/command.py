"""``conformance serve``: the reference implementation as an HTTP server speaking spec/api/openapi.yaml."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from harness.drivers.addresses import LOOPBACK, listening_socket, parse_host_port

from .running import build_server, served_reference, url_of


def add_parser(commands: Any) -> None:
    serve = commands.add_parser("serve", help="run the reference implementation as an HTTP server")
    serve.add_argument("--host", default=LOOPBACK, help="interface to listen on (default: loopback only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    serve.add_argument(
        "--smtp", type=_host_port, default=None, help="HOST:PORT to send mail to (default: print it)"
    )
    serve.add_argument(
        "--test-control",
        action="store_true",
        help="serve /test-control (fake clock, reset) and hash passwords cheaply: for tests only",
    )
    serve.set_defaults(handler=serve_forever)


def _host_port(text: str) -> tuple[str, int]:
    try:
        return parse_host_port(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def serve_forever(options: argparse.Namespace, extra: list[str]) -> int:
    sock = listening_socket(options.host, options.port)
    state = served_reference(options.smtp, options.test_control)
    server = build_server(state, sock)
    mail = "{}:{}".format(*options.smtp) if options.smtp else "the log"
    control = "on" if options.test_control else "off"
    print(
        f"Serving the reference on {url_of(sock)} (mail to {mail}, test control {control})", file=sys.stderr
    )
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        state.close()
    return 0
