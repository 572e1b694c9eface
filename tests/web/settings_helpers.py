"""What the tests of the settings, lead, contact and record screens share."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def signed_in(client: Client, user) -> Client:
    """``user``'s session; messages in English, as the other tests assert them."""
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def queries_of(client: Client, url: str) -> int:
    """How many SQL statements one GET of ``url`` costs (it must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
    assert answer.status_code == 200
    return len(queries)


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict[str, str]:
    """The POST fields of a child table as its form sends them."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for column, value in row.items():
            data[f"{prefix}-{index}-{column}"] = value
    return data
