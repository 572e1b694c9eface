"""What the master-record tests share: the seeded company, a second one, addresses."""

from urllib.parse import quote

COMPANY = "Clientèle Démo SAS"
OTHER = "Autre Société & Fils"


def url(path: str, name: str) -> str:
    return f"/{path}/{quote(name, safe='')}"


def refused(response, status: int = 422) -> dict[str, list[str]]:
    assert response.status_code == status, response.text
    return response.json()["errors"]
