"""How a mutant is built: the reference driver, with one flow, service method or object swapped.

Three seams, all per driver instance so nothing leaks from one mutant (or
scenario) to the next:

* ``FLOWS`` lists subclasses of reference dialogs (or of the sign-in) that
  override one method; the mutant service builds them in place of their base.
* ``SERVICE`` is a subclass of the reference service overriding one method.
* :func:`retype` gives one live object (an account's authenticator app, an
  email challenge) a subclass with one method overridden.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, TypeVar, cast

from harness.protocol import Driver
from reference_impl import FAST_SCRYPT, Clock, Outbox, PasswordHasher, SecuritySettings
from reference_impl.account import Account
from reference_impl.dialogs.base import Flow
from reference_impl.driver import ReferenceDriver

F = TypeVar("F", bound=Flow)
T = TypeVar("T")


class MutantService(SecuritySettings):
    """The reference service, building the mutant's flow subclasses in place of the reference's."""

    def __init__(self, clock: Clock, outbox: Outbox, *, flows: tuple[type[Flow], ...]) -> None:
        super().__init__(clock, outbox, hasher=PasswordHasher(FAST_SCRYPT))
        self._flows = flows

    def _replace_flow(self, device: str, kind: type[F], account: Account, initial: str | None = None) -> F:
        substitute = next((flow for flow in self._flows if issubclass(flow, kind)), kind)
        return super()._replace_flow(device, substitute, account, initial)


class MutantDriver(ReferenceDriver):
    """The reference driver on a :class:`MutantService`; subclasses set ``FLOWS`` and/or ``SERVICE``."""

    #: Subclasses of reference flows, each built wherever the reference builds the flow it subclasses.
    FLOWS: ClassVar[tuple[type[Flow], ...]] = ()
    SERVICE: ClassVar[type[MutantService]] = MutantService

    def __init__(self) -> None:
        super().__init__()
        self.service = self.SERVICE(self.clock, self.outbox, flows=self.FLOWS)


def retype(obj: object, subclass: type[T]) -> T:
    """Give ``obj`` (one instance) the behaviour of ``subclass``, a stateless subclass of its class."""
    if not issubclass(subclass, type(obj)):
        raise TypeError(f"{subclass.__name__} does not subclass {type(obj).__name__}")
    obj.__class__ = subclass
    return cast(T, obj)


@dataclass(frozen=True)
class Mutant:
    """One entry of the catalogue."""

    name: str
    rule: str
    description: str
    #: The mutant's driver class: the reference driver on a mutant service, or (served.py) an HTTP
    #: driver on a mutant of the served reference.
    driver: type[Driver]

    def create(self) -> Driver:
        return self.driver()


_REGISTRY: dict[str, Mutant] = {}


D = TypeVar("D", bound=Driver)


def mutant(rule: str) -> Callable[[type[D]], type[D]]:
    """Register a driver class as a mutant of ``rule``; its docstring is the description."""

    def register(driver: type[D]) -> type[D]:
        name = _snake(driver.__name__)
        if name in _REGISTRY:
            raise ValueError(f"two mutants are called {name}")
        description = " ".join((driver.__doc__ or "").split())
        if not description:
            raise ValueError(f"mutant {name} has no description (docstring)")
        _REGISTRY[name] = Mutant(name=name, rule=rule, description=description, driver=driver)
        return driver

    return register


def registered() -> dict[str, Mutant]:
    return dict(_REGISTRY)


def _snake(camel: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", camel).lower()
