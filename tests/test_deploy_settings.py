"""The settings a deployment runs with: the Content-Security-Policy every page carries, and
the TLS switch that makes Django's deployment checklist pass."""

import os
import subprocess
import sys

from django.test import Client


def test_every_page_carries_a_policy_without_inline_scripts(admin):
    client = Client()
    client.force_login(admin)
    for path in ("/login/", "/customers/", "/api/v1/customers/"):
        policy = _directives(client.get(path)["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], path
        assert policy["frame-ancestors"] == ["'none'"], path
        assert not [v for values in policy.values() for v in values if "unsafe" in v], path


def _directives(policy: str) -> dict[str, list[str]]:
    """The policy's directives by name: django-csp does not write them in a fixed order."""
    parts = (directive.split() for directive in policy.split(";") if directive.strip())
    return {name: values for name, *values in parts}


def _deploy_check(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clientele.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env={**os.environ, "ALLOWED_HOSTS": "clientele.example.fr", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_checklist_passes_behind_tls():
    checked = _deploy_check(HTTPS="1")
    assert (checked.returncode, checked.stderr.strip()) == (0, ""), checked.stdout
    assert "no issues" in checked.stdout


def test_without_the_switch_the_checklist_names_what_is_missing():
    checked = _deploy_check(HTTPS="0")
    assert checked.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in checked.stderr
