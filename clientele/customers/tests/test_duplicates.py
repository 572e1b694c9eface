"""Likely duplicates (SPEC §3.13): reported on creation, refused on request, listed on demand."""

import pytest

from clientele.customers.duplicates import duplicates_sent, name_key
from clientele.customers.selectors import customer_duplicates_typed
from clientele.customers.tests.builders import series_code
from clientele.customers.tests.party_builders import (
    contact_post,
    customer_post,
    emails,
    link,
    mobile,
    world_state,
)

pytestmark = pytest.mark.django_db

VAT = "FR40303265045"
SIREN = "303265045"
SIRET = "30326504500011"
OTHER_VAT = "FR44732829320"


def _dup(code: str, customer_name: str, *reasons: str) -> dict:
    return {"name": code, "customer_name": customer_name, "reasons": list(reasons)}


# --- the normalised name --------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Boulangerie Martin SARL",
        "boulangerie  MARTIN",
        "Boulangerie Martin S.A.R.L.",
        "BOULANGERIE MARTIN sas",
        "SAS Boulangerie Martin",
        "Boulangérie Martin",
        "La Boulangerie-Martin",
        "Boulangerie Martin, s.a.r.l",
        "  Boulangerie   Martin  EURL ",
    ],
)
def test_name_key_ignores_accents_case_spacing_punctuation_and_legal_forms(typed):
    assert name_key(typed) == "boulangerie martin"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Martin GmbH", "martin"),
        ("Martin & Co.", "martin"),
        ("Martin Ltd", "martin"),
        ("Éloïse Dupré", "eloise dupre"),
        ("L'Atelier du Bois", "atelier bois"),
        ("SARL", "sarl"),
        ("Boulangerie Martine", "boulangerie martine"),
        ("Boulangerie Martin Fils", "boulangerie martin fils"),
        ("Garage 2.0", "garage 2 0"),
        ("", ""),
    ],
)
def test_name_key_keeps_what_tells_names_apart(typed, key):
    assert name_key(typed) == key


# --- candidates and their reasons -----------------------------------------------------------


@pytest.fixture
def known(api) -> dict[str, str]:
    """1 Boulangerie Martin SARL (VAT), 2 Dupuis (SIREN), 3 Durand (SIRET), 4 Lefèvre (e-mail
    and mobile of its primary contact), 5 Petit (a non-primary contact with an e-mail)."""
    customer_post(api, customer_name="Boulangerie Martin SARL", tax_id=VAT)
    customer_post(api, customer_name="Dupuis", tax_id=SIREN)
    customer_post(api, customer_name="Durand", tax_id=SIRET)
    customer_post(
        api,
        customer_name="Lefèvre",
        contact={"first_name": "Luc", "email_id": "luc@lefevre.fr", "mobile_no": "06 12 34 56 78"},
    )
    petit = customer_post(api, customer_name="Petit", tax_id=OTHER_VAT)["name"]
    contact_post(api, "Paul", link("customer", petit), emails=emails("compta@petit.fr"))
    return {"martin": series_code(1), "dupuis": series_code(2), "durand": series_code(3)}


def test_same_vat_and_same_siren_are_reported(api, known):
    # when
    response = api.post("/customers/", json={"customer_name": "Tout Autre", "tax_id": VAT})
    # then
    assert response.status_code == 201, response.text
    assert response.json()["duplicates"] == [
        _dup(series_code(1), "Boulangerie Martin SARL", "tax_id"),
        _dup(series_code(2), "Dupuis", "siren"),
        _dup(series_code(3), "Durand", "siren"),
    ]


@pytest.mark.parametrize(
    ("tax_id", "expected"),
    [
        (SIREN, [(1, "siren"), (2, "tax_id"), (3, "siren")]),
        ("303 265 045 00003", [(1, "siren"), (2, "siren"), (3, "siren")]),
        (SIRET, [(1, "siren"), (2, "siren"), (3, "tax_id")]),
        ("FR44732829320", [(5, "tax_id")]),
        ("732829320", [(5, "siren")]),
        ("DE136695976", []),
    ],
)
def test_a_siren_siret_or_vat_meets_the_others_of_the_same_company(api, known, tax_id, expected):
    names = {1: "Boulangerie Martin SARL", 2: "Dupuis", 3: "Durand", 5: "Petit"}
    response = api.post("/customers/", json={"customer_name": "Tout Autre", "tax_id": tax_id})
    assert response.status_code == 201, response.text
    assert response.json()["duplicates"] == [
        _dup(series_code(n), names[n], reason) for n, reason in expected
    ]


@pytest.mark.parametrize(
    "typed",
    ["boulangerie  MARTIN", "Boulangerie Martin S.A.R.L.", "SAS Boulangérie Martin"],
)
def test_near_identical_name_is_reported(api, known, typed):
    response = api.post("/customers/", json={"customer_name": typed})
    assert response.json()["duplicates"] == [
        _dup(series_code(1), "Boulangerie Martin SARL", "name")
    ]


def test_same_email_or_mobile_of_the_quick_entry_contact_is_reported(api, known):
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Tout Autre",
            "contact": {
                "first_name": "Léa",
                "email_id": "LUC@lefevre.fr",
                "mobile_no": "+33612345678",
            },
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["duplicates"] == [_dup(series_code(4), "Lefèvre", "email", "phone")]


def test_a_phone_typed_differently_is_the_same_phone(api, known):
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Tout Autre",
            "contact": {"first_name": "Léa", "mobile_no": "06.12.34.56.78"},
        },
    )
    assert response.json()["duplicates"] == [_dup(series_code(4), "Lefèvre", "phone")]


def test_an_email_of_any_linked_contact_counts(api, known):
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Tout Autre",
            "contact": {"first_name": "Léa", "email_id": "compta@petit.fr"},
        },
    )
    assert response.json()["duplicates"] == [_dup(series_code(5), "Petit", "email")]


def test_most_reasons_come_first_then_by_code(api, known):
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Boulangerie Martin",
            "tax_id": SIRET,
            "contact": {"first_name": "Léa", "email_id": "luc@lefevre.fr"},
        },
    )
    assert response.json()["duplicates"] == [
        _dup(series_code(1), "Boulangerie Martin SARL", "name", "siren"),
        _dup(series_code(2), "Dupuis", "siren"),
        _dup(series_code(3), "Durand", "tax_id"),
        _dup(series_code(4), "Lefèvre", "email"),
    ]


def test_a_customer_unlike_any_other_has_no_duplicates(api, known):
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Tout Autre",
            "tax_id": "DE136695976",
            "contact": {
                "first_name": "Léa",
                "email_id": "lea@ailleurs.fr",
                "mobile_no": "06 98 76 54 32",
            },
        },
    )
    assert response.json()["duplicates"] == []


def test_duplicates_are_reported_but_the_customer_is_created(api, known):
    before = world_state()
    response = api.post("/customers/", json={"customer_name": "Boulangerie Martin"})
    assert response.status_code == 201
    assert response.json()["duplicates"] == [
        {"name": series_code(1), "customer_name": "Boulangerie Martin SARL", "reasons": ["name"]}
    ]
    assert api.get(f"/customers/{response.json()['name']}").status_code == 200
    assert len(world_state()["customers"]) == len(before["customers"]) + 1


# --- blocking on request --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "listed"),
    [
        ({"customer_name": "boulangerie martin"}, [f"{series_code(1)}: name"]),
        ({"customer_name": "Tout Autre", "tax_id": SIREN}, None),
        (
            {
                "customer_name": "Tout Autre",
                "contact": {"first_name": "Léa", "email_id": "luc@lefevre.fr"},
            },
            [f"{series_code(4)}: email"],
        ),
        (
            {
                "customer_name": "Tout Autre",
                "contact": {"first_name": "Léa", "mobile_no": "06 12 34 56 78"},
                "address": {"address_line1": "1 rue X", "city": "Paris", "country": "FR"},
            },
            [f"{series_code(4)}: phone"],
        ),
    ],
)
def test_block_on_duplicates_refuses_with_409_listing_them_and_writes_nothing(
    api, known, payload, listed
):
    # given
    before = world_state()
    # when
    response = api.post("/customers/", json={**payload, "block_on_duplicates": True})
    # then
    assert response.status_code == 409, response.text
    body = response.json()
    if listed is None:
        listed = [
            f"{series_code(1)}: siren",
            f"{series_code(2)}: tax_id",
            f"{series_code(3)}: siren",
        ]
    assert body["errors"] == {"duplicates": listed}
    codes = ", ".join(item.split(":")[0] for item in listed)
    assert body["detail"] == f"This customer looks like existing ones: {codes}."
    assert world_state() == before


def test_block_on_duplicates_lets_a_unique_customer_through(api, known):
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Tout Autre",
            "contact": {"first_name": "Léa", "email_id": "lea@ailleurs.fr"},
            "block_on_duplicates": True,
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["duplicates"] == []


def test_block_on_duplicates_must_be_a_boolean(api, known):
    before = world_state()
    response = api.post(
        "/customers/", json={"customer_name": "Tout Autre", "block_on_duplicates": "peut-être"}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["block_on_duplicates"]
    assert world_state() == before


# --- on demand ------------------------------------------------------------------------------


def test_duplicates_of_an_existing_customer_on_demand(api, known):
    # given
    code = customer_post(
        api,
        customer_name="Boulangerie Martin",
        tax_id=SIREN,
        contact={"first_name": "Léa", "email_id": "luc@lefevre.fr"},
    )["name"]
    # when
    response = api.get(f"/customers/{code}/duplicates")
    # then it never lists itself
    assert response.status_code == 200
    assert response.json() == [
        _dup(series_code(1), "Boulangerie Martin SARL", "name", "siren"),
        _dup(series_code(2), "Dupuis", "tax_id"),
        _dup(series_code(3), "Durand", "siren"),
        _dup(series_code(4), "Lefèvre", "email"),
    ]
    # and each of those sees it back
    assert (
        _dup(code, "Boulangerie Martin", "name", "siren")
        in api.get(f"/customers/{series_code(1)}/duplicates").json()
    )


def test_duplicates_follow_later_changes(api, known):
    code = customer_post(api, customer_name="Tout Autre")["name"]
    assert api.get(f"/customers/{code}/duplicates").json() == []
    api.patch(f"/customers/{code}", json={"customer_name": "Dupuis SA"})
    assert api.get(f"/customers/{code}/duplicates").json() == [
        _dup(series_code(2), "Dupuis", "name")
    ]


def test_duplicates_of_an_unknown_customer_is_404_and_needs_a_login(api, anonymous, known):
    assert api.get("/customers/NOPE/duplicates").status_code == 404
    assert anonymous.get(f"/customers/{known['martin']}/duplicates").status_code == 401


def test_service_finds_customers_by_a_linked_contact_phone(db, api, known):
    found = duplicates_sent(customer_name="", phone="+33612345678").candidates()
    assert [(c.name, c.reasons) for c in found] == [(series_code(4), ("phone",))]


def test_a_contact_phone_that_is_not_a_mobile_counts_too(api, known):
    code = customer_post(api, customer_name="Moreau")["name"]
    contact_post(api, "Fixe", link("customer", code), phones=mobile("01 42 68 53 00"))
    found = duplicates_sent(customer_name="", phone="+33142685300").candidates()
    assert [(c.name, c.reasons) for c in found] == [(code, ("phone",))]


def test_a_second_email_or_number_of_a_linked_contact_counts_too(api, known):
    """Not only each contact's primary e-mail and phone: any of them tells a duplicate."""
    code = customer_post(api, customer_name="Moreau")["name"]
    contact_post(
        api,
        "Lucie",
        link("customer", code),
        emails=emails("lucie@moreau.fr", "factures@moreau.fr"),
        phones=[
            {"phone": "01 42 68 53 00", "is_primary_phone": True},
            {"phone": "06 98 76 54 32"},
        ],
    )
    by_email = duplicates_sent(customer_name="", email_id="Factures@Moreau.fr").candidates()
    by_phone = duplicates_sent(customer_name="", phone="+33698765432").candidates()
    assert [(c.name, c.reasons) for c in by_email] == [(code, ("email",))]
    assert [(c.name, c.reasons) for c in by_phone] == [(code, ("phone",))]


# --- before saving: from what has been typed ------------------------------------------------


def test_typed_values_meet_the_duplicates_a_creation_would_report(api, known):
    found = customer_duplicates_typed(
        customer_name="boulangerie martin",
        tax_id="fr 40 303 265 045",
        email_id="Luc@Lefevre.fr",
        mobile_no="06.12.34.56.78",
    )
    assert [(c.name, c.customer_name, c.reasons) for c in found] == [
        (series_code(1), "Boulangerie Martin SARL", ("name", "tax_id")),
        (series_code(4), "Lefèvre", ("email", "phone")),
        (series_code(2), "Dupuis", ("siren",)),
        (series_code(3), "Durand", ("siren",)),
    ]


def test_typed_values_not_valid_yet_are_left_out_of_the_look_up(api, known):
    found = customer_duplicates_typed(
        customer_name="Tout Autre", tax_id="FR403", email_id="luc@", mobile_no="06 12"
    )
    assert found == []
