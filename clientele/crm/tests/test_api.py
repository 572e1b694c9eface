"""Leads through the REST API."""

import pytest
from django.utils import timezone

from clientele.core.models import ChangeLog
from clientele.crm.models import Lead

pytestmark = pytest.mark.django_db


def test_lead_gets_a_series_code_and_normalised_contact_details(api):
    response = api.post(
        "/leads/",
        json={
            "lead_name": "Sophie Garnier",
            "company_name": "Garnier Conseil",
            "email_id": "Sophie@Garnier.FR",
            "mobile_no": "06 12 34 56 78",
            "territory": "France",
            "industry": "Services",
            "source": "Salon",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    # the first code of the series for the year of the run
    assert body["name"] == f"CRM-LEAD-{timezone.localdate().year}-00001"
    assert (body["email_id"], body["mobile_no"]) == ("sophie@garnier.fr", "+33612345678")
    assert body["status"] == "Open"


def test_lead_without_any_name_or_with_bad_links_writes_nothing(api):
    response = api.post(
        "/leads/", json={"email_id": "x@y.fr", "territory": "All Territories", "status": "Nonsense"}
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"territory", "status"}
    response = api.post("/leads/", json={"email_id": "x@y.fr"})
    assert set(response.json()["errors"]) == {"lead_name"}
    assert Lead.objects.count() == 0
    assert ChangeLog.objects.filter(entity="lead").count() == 0


def test_lead_status_change_is_in_its_history(api):
    code = api.post("/leads/", json={"lead_name": "Paul"}).json()["name"]
    api.patch(f"/leads/{code}", json={"status": "Replied"})
    changes = [
        (c["field"], c["old_value"], c["new_value"])
        for c in api.get(f"/leads/{code}/history").json()
        if c["action"] == "update"
    ]
    assert changes == [("status", "Open", "Replied")]
