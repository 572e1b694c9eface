"""What every chunk of one import shares: who runs it, its label, the links found so far."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import cast

from clientele.core.specs import Link
from clientele.core.typing import User
from clientele.customers.services import CUSTOMER
from clientele.transfer.lines import LinkFinder


def link_finders() -> dict[str, LinkFinder]:
    return {link.name: LinkFinder(link) for link in CUSTOMER.links}


@dataclass
class Context:
    user: User | None
    label: str
    now: datetime
    today: date
    create_missing: bool = False
    match: str = "code"
    finders: dict[str, LinkFinder] = field(default_factory=link_finders)

    @property
    def actor(self) -> User:
        """Who the services record as the author. An import started from the command line
        without ``--user`` has nobody: the history then names no one, as it does for the
        seed (``audit`` takes ``None``), though the services are typed for a user."""
        return cast(User, self.user)

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    def finder(self, link: Link) -> LinkFinder:
        return self.finders.setdefault(link.name, LinkFinder(link))
