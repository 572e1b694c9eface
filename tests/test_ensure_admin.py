"""`clientele ensure_admin`, the first-run step of `./run.sh`."""

import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command


def test_first_run_creates_the_admin_and_says_where_its_password_is(db, monkeypatch, tmp_path):
    """Given no superuser"""
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    out = io.StringIO()
    # when
    call_command("ensure_admin", stdout=out)
    # then the admin exists with the password kept in var/, readable by its owner only
    password = (tmp_path / "admin-password.txt").read_text().strip()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    assert (tmp_path / "admin-password.txt").stat().st_mode & 0o777 == 0o600
    # and the output says where the password is
    assert f"Sign in as 'admin' with the password in {tmp_path / 'admin-password.txt'}" in (
        out.getvalue()
    )
    # and a second run creates no second admin
    call_command("ensure_admin", stdout=io.StringIO())
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
