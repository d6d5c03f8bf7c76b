"""How the reference UI looks: the documented look, and deliberately wrong looks for the kit's own tests.

Only what the documentation says about the page is a knob here (the red
Disable, the locked Request Code, the key below the QR code, the .txt file):
a test serves the UI with one knob turned wrong and checks that the browser
run FAILS exactly the rule that documents it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A red of the documented "red Disable" (WCAG AA contrast with white text).
RED = "#b42318"
#: Not red: what a defective page would use.
GREY = "#6b7280"


@dataclass(frozen=True)
class Look:
    """The documented look by default; every other value is a visual defect."""

    disable_colour: str = RED
    #: Request Code disabled while the 60-second countdown runs.
    lock_request_code: bool = True
    #: The downloaded recovery-code file's extension.
    download_suffix: str = ".txt"
    #: The alphanumeric key shown (below the QR code).
    show_key: bool = True


DOCUMENTED = Look()
#: The defects the kit's browser test serves, by name.
DEFECTS: dict[str, Look] = {
    "grey-disable": Look(disable_colour=GREY),
    "request-code-unlocked": Look(lock_request_code=False),
    "csv-download": Look(download_suffix=".csv"),
    "hidden-key": Look(show_key=False),
}
