"""What browser tests share: the server's handle, signing in, screenshots, axe-core."""

import os
from dataclasses import dataclass
from pathlib import Path

import httpx
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

PASSWORD = "Navigateur-Réel-42"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@dataclass
class Server:
    url: str
    env: dict

    def api(self, username: str = "admin") -> httpx.Client:
        """An API client holding ``username``'s token, to build a test's data."""
        answer = httpx.post(
            f"{self.url}/api/v1/auth/token", json={"username": username, "password": PASSWORD}
        )
        answer.raise_for_status()
        token = answer.json()["token"]
        return httpx.Client(
            base_url=f"{self.url}/api/v1", headers={"Authorization": f"Bearer {token}"}
        )


def sign_in(page: Page, username: str = "admin") -> None:
    """Through the sign-in page, as a person does."""
    page.goto("/login/")
    page.get_by_label("Nom d'utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def screenshot(page: Page, name: str) -> None:
    """Kept under docs/screenshots/ (shown in the README); off with SCREENSHOTS=0."""
    if os.environ.get("SCREENSHOTS", "1") == "0":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def assert_accessible(page: Page) -> None:
    """axe-core on the page as it stands: no violation of serious or critical impact."""
    results = Axe().run(page)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert violations == []


def htmx_settled(page: Page) -> None:
    """No htmx request in flight and no answer being swapped in: what the page shows is
    what a person would see before the next click. (Playwright's "networkidle" would not
    do: it is reached once after the page loads and never waited for again.)"""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
