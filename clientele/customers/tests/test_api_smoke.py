from clientele.customers.models import Customer
from clientele.customers.tests.builders import series_code


def test_create_customer_by_series_then_read_it(api):
    # given the seeded settings (naming by series, default group and territory)
    # when
    response = api.post("/customers/", json={"customer_name": "Boulangerie Martin SARL"})
    # then
    assert response.status_code == 201, response.text
    body = response.json()
    # the first code of the series for the year of the run
    assert body["name"] == series_code(1)
    assert body["customer_group"] == "Commercial"
    assert body["territory"] == "France"
    assert (
        api.get(f"/customers/{body['name']}").json()["customer_name"] == "Boulangerie Martin SARL"
    )


def test_refused_create_writes_nothing(api):
    response = api.post("/customers/", json={"customer_name": "X", "tax_id": "FR123"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"tax_id": ["Not a valid VAT number for FR."]}
    assert Customer.objects.count() == 0
