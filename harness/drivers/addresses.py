"""HOST:PORT options and listening sockets on free loopback ports."""

from __future__ import annotations

import socket

LOOPBACK = "127.0.0.1"


def parse_host_port(text: str) -> tuple[str, int]:
    """``"127.0.0.1:2525"`` → ``("127.0.0.1", 2525)``; a ValueError says what is wrong."""
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"expected HOST:PORT (e.g. 127.0.0.1:2525), not {text!r}")
    return host.strip("[]"), int(port)


def listening_socket(host: str = LOOPBACK, port: int = 0) -> socket.socket:
    """A bound, listening TCP socket; port 0 picks a free one, read back with ``getsockname()``.

    Binding before the server starts means clients may connect at once: connections wait in the
    backlog instead of the caller polling until the server is up.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit it: without it Nagle holds a response's second write for the
        # client's delayed ACK, 40 ms per request on a kept-alive connection.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock
