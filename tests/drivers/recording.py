"""The reference driver, writing each address it registers to the file named by RECORD_ACCOUNTS_TO."""

from __future__ import annotations

import os
from pathlib import Path

from reference_impl.driver import ReferenceDriver


class RecordingDriver(ReferenceDriver):
    def create_account(self, email: str, password: str) -> None:
        with Path(os.environ["RECORD_ACCOUNTS_TO"]).open("a", encoding="utf-8") as record:
            record.write(email + "\n")
        super().create_account(email, password)


def create() -> RecordingDriver:
    return RecordingDriver()
