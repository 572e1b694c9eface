"""Types the apps share: who acts.

The project keeps Django's own user model (no AUTH_USER_MODEL): services name it directly,
since ``get_user_model()`` would hide it from the type checker.
"""

from django.contrib.auth.models import User

__all__ = ["User"]
