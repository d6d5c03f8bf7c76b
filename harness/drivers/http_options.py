"""``conformance run --base-url/--smtp-capture``: options for the HTTP driver, passed on as environment.

Kept apart from the driver so the command line does not import httpx or
uvicorn; the pytest process ``conformance run`` starts reads the variables.
"""

from __future__ import annotations

import argparse
import os

from ..errors import KitError

ENV_BASE_URL = "CONFORMANCE_HTTP_BASE_URL"
ENV_SMTP_CAPTURE = "CONFORMANCE_HTTP_SMTP_CAPTURE"
#: Seconds before a request counts as failed (default 10).
ENV_TIMEOUT = "CONFORMANCE_HTTP_TIMEOUT"


def add_run_options(run: argparse.ArgumentParser) -> None:
    run.add_argument("--base-url", default=None, help="with --driver http: drive the server at this URL")
    run.add_argument(
        "--smtp-capture", default=None, help="with --driver http: HOST:PORT to receive that server's mail on"
    )


def environment(options: argparse.Namespace) -> dict[str, str]:
    """The environment for the pytest process; refuses the options without ``--driver http``."""
    env = dict(os.environ)
    given = {ENV_BASE_URL: options.base_url, ENV_SMTP_CAPTURE: options.smtp_capture}
    if any(given.values()) and options.driver != "http":
        raise KitError("--base-url and --smtp-capture go with --driver http")
    if options.smtp_capture and not options.base_url:
        raise KitError("--smtp-capture needs --base-url (the built-in server mails the kit directly)")
    env.update({name: value for name, value in given.items() if value})
    return env
