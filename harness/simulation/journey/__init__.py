"""One simulated journey: phrases of the suite run through the World, each checked by the oracle.

:class:`Journey` is assembled from its parts: the core that runs phrases and
checks every observable after each action (:mod:`.base`), sign-ins
(:mod:`.sign_in`), step-by-step dialogs (:mod:`.dialogs`) and one-line flows
with password changes (:mod:`.flows`). The doc's expectations live in the
oracle (:mod:`..oracle`); this package only decides what to do next and asks it.
"""

from __future__ import annotations

from functools import partial

from .base import Halted, Option
from .dialogs import Dialogs
from .flows import Flows
from .sign_in import SignIns
from .words import OTHER

__all__ = ["Halted", "Journey", "Option"]


class Journey(SignIns, Dialogs, Flows):
    """A World over a fresh driver, the oracle's model, and the Gherkin lines run so far."""

    def options(self) -> list[tuple[int, list[Option]]]:
        """What may come next, in groups with weights, so no kind of action crowds out the others."""
        main = self._main
        people: list[Option] = []
        if OTHER not in self.accounts:
            people.append(Option("introduce Carol", partial(self._introduce, OTHER)))
        elif not self.accounts[OTHER].signed_in.get("phone"):
            people.append(Option("Carol on her phone", self._other_on_phone))
        groups = [
            (6 if self._countdown_running() else 2, self._time_options),
            (1, people),
            (4, self._sign_in_options(main)),
            (5, self._attempt_options(main)),
            (4, self._open_options(main)),
            (3, self._flow_options(main)),
            (8, self._dialog_actions(main)),
            (2, self._password_options(main)),
        ]
        return [(weight, options) for weight, options in groups if options]
