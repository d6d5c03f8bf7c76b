"""A driver that stops in the third scenario until the run is interrupted: for the Ctrl-C test.

It says it has stopped by writing to the named pipe ``CONFORMANCE_TEST_READY_FIFO`` (the test
waits on the pipe, so nothing polls or sleeps), then waits for the SIGINT the test sends.
"""

from __future__ import annotations

import os
import threading

from reference_impl.driver import ReferenceDriver

ENV_READY = "CONFORMANCE_TEST_READY_FIFO"
#: Long enough for any machine to deliver a signal; only reached if the test never sends it.
WAIT_SECONDS = 120


class StopsUntilInterrupted(ReferenceDriver):
    def create_account(self, email: str, password: str) -> None:
        with open(os.environ[ENV_READY], "w", encoding="utf-8") as ready:
            ready.write("stopped\n")
        threading.Event().wait(WAIT_SECONDS)  # a SIGINT ends the wait with KeyboardInterrupt
        raise RuntimeError("the run was not interrupted")


_created = 0


def stops_in_third_scenario() -> ReferenceDriver:
    global _created
    _created += 1
    return StopsUntilInterrupted() if _created == 3 else ReferenceDriver()
