"""``conformance run --base-url/--smtp-capture/--trace``: options for the HTTP and browser drivers, passed
on as environment.

Kept apart from the driver so the command line does not import httpx or
uvicorn; the pytest process ``conformance run`` starts reads the variables.
"""

from __future__ import annotations

import argparse
import os
import urllib.error
import urllib.request

from ..errors import KitError

ENV_BASE_URL = "CONFORMANCE_HTTP_BASE_URL"
ENV_SMTP_CAPTURE = "CONFORMANCE_HTTP_SMTP_CAPTURE"
#: Seconds before a request counts as failed (default 10).
ENV_TIMEOUT = "CONFORMANCE_HTTP_TIMEOUT"
#: Set to 1 by ``--trace``: the browser driver records a Playwright trace of every device.
ENV_TRACE = "CONFORMANCE_TRACE"
#: Built-in drivers that see no page, so keep no trace.
_NO_PAGE = ("reference", "http")


def add_run_options(run: argparse.ArgumentParser) -> None:
    run.add_argument("--base-url", default=None, help="with --driver http: drive the server at this URL")
    run.add_argument(
        "--smtp-capture", default=None, help="with --driver http: HOST:PORT to receive that server's mail on"
    )
    run.add_argument(
        "--trace",
        action="store_true",
        help="with --driver browser: record a Playwright trace of every scenario, and keep a failing "
        "one's next to the report (reports/evidence/); costs about 10 %% more time",
    )


def environment(options: argparse.Namespace, pytest_args: list[str]) -> dict[str, str]:
    """The environment for the pytest process; refuses option combinations that cannot work."""
    env = dict(os.environ)
    given = {ENV_BASE_URL: options.base_url, ENV_SMTP_CAPTURE: options.smtp_capture}
    if any(given.values()) and options.driver not in ("http", "browser"):
        raise KitError("--base-url and --smtp-capture go with --driver http or --driver browser")
    if options.smtp_capture and not options.base_url:
        raise KitError("--smtp-capture needs --base-url (the built-in server mails the kit directly)")
    if options.base_url and _parallel(pytest_args):
        # Workers would reset one server under each other's scenarios and fight over the capture port.
        raise KitError(f"--base-url {options.base_url} is one server: run its scenarios without -n (xdist)")
    env.update({name: value for name, value in given.items() if value})
    if options.trace:
        if options.driver in _NO_PAGE:
            raise KitError(f"--trace goes with --driver browser: --driver {options.driver} shows no page")
        env[ENV_TRACE] = "1"
    return env


def probe(base_url: str) -> None:
    """One request before any scenario runs: a server that does not answer is one error, not one per scenario.

    Any HTTP answer will do (even 404 or 500: something is there); a refused connection, an unknown
    host, a timeout (``CONFORMANCE_HTTP_TIMEOUT``, default 10 s) or a URL that is not http(s) is not.
    """
    if not base_url.startswith(("http://", "https://")):
        raise KitError(f"--base-url takes an http:// or https:// URL, not {base_url!r}")
    timeout = float(os.environ.get(ENV_TIMEOUT, "10"))
    try:
        urllib.request.urlopen(base_url, timeout=timeout).close()  # noqa: S310 - scheme checked above
    except urllib.error.HTTPError:
        return
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        raise KitError(f"nothing answers at --base-url {base_url}: {reason}") from None


def _parallel(pytest_args: list[str]) -> bool:
    """Do pytest arguments ask pytest-xdist for workers (``-n 2``, ``-n2``, ``--numprocesses=4``)?"""
    for i, arg in enumerate(pytest_args):
        if arg in ("-n", "--numprocesses"):
            value = pytest_args[i + 1] if i + 1 < len(pytest_args) else ""
        elif arg.startswith("--numprocesses="):
            value = arg.partition("=")[2]
        elif arg.startswith("-n"):
            value = arg[2:]
        else:
            continue
        if value != "0":
            return True
    return False
