"""A person's own choices for the screens."""

from django.conf import settings
from django.utils.translation import gettext as _

from clientele.core.errors import InvalidInput
from clientele.core.models import UserPreference
from clientele.core.typing import User


def user_language(user: User) -> str | None:
    """The language the user picked, or None (then the browser's language applies)."""
    return UserPreference.objects.filter(user=user).values_list("language", flat=True).first()


def user_language_set(*, user: User, language: str) -> None:
    """Stored on the user, so it follows them from one browser to another."""
    if language not in dict(settings.LANGUAGES):
        raise InvalidInput.single("language", _("Unknown language."))
    UserPreference.objects.update_or_create(user=user, defaults={"language": language})
