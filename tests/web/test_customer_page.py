"""The customer page (issue 10 item 5): what it shows, through Django's test client, on
data built by the same services the REST API calls."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clientele.classification import services as selling
from clientele.classification.models import CustomerGroup
from clientele.contacts.services import address_create, contact_create
from clientele.core.history import history_count
from clientele.core.models import ChangeLog
from clientele.core.records import record_create
from clientele.customers.models import Customer
from clientele.customers.services import customer_create, customer_update
from clientele.masters import services as masters
from clientele.masters.models import Company, Currency
from clientele.operations.seed import COMPANY
from clientele.sales.models import CreditExposure
from clientele.web.customers import customer_url
from clientele.web.templatetags.web_format import when

# A code holding what a company name can hold: "/", "&", accents.
CODE = "Martin & Fils/Société"
OTHER_COMPANY = "Filiale Lyon SARL"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_in(user: User, language: str = "fr") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def link(code: str = CODE) -> list[dict]:
    return [{"party_type": "customer", "party_name": code}]


def make_customer(user: User, code: str = CODE, **data) -> Customer:
    """A bakery in the group "PME", whose default price list is "Tarif PME"."""
    if not CustomerGroup.objects.filter(name="PME").exists():
        record_create(masters.PRICE_LIST, {"name": "Tarif PME", "currency": "EUR"}, user=None)
        record_create(
            selling.CUSTOMER_GROUP,
            {"name": "PME", "is_group": False, "default_price_list": "Tarif PME"},
            user=None,
        )
    return customer_create(
        data={
            "name": code,
            "customer_name": "Boulangerie Martin SARL",
            "customer_group": "PME",
            "territory": "France",
            "tax_id": "FR40303265045",
            **data,
        },
        user=user,
    )


def add_contact(user: User, first_name: str, code: str = CODE, **data):
    return contact_create(data={"first_name": first_name, "links": link(code), **data}, user=user)


def add_address(user: User, line1: str, code: str = CODE, **data):
    body = {"address_line1": line1, "city": "Paris", "pincode": "75002", "country": "FR"}
    return address_create(data={**body, **data, "links": link(code)}, user=user)


def build_martin(admin: User) -> Customer:
    """Frozen, with a credit limit, a group price list, a primary contact and address."""
    make_customer(
        admin,
        is_frozen=True,
        credit_limits=[{"company": COMPANY, "credit_limit": "20000"}],
    )
    contact = add_contact(
        admin,
        "Claire",
        last_name="Martin",
        designation="Gérante",
        emails=[{"email_id": "claire@martin.fr"}],
        phones=[{"phone": "06 12 34 56 78", "is_primary_mobile_no": True}],
    )
    address = add_address(admin, "12 rue de la Paix")
    customer_update(
        customer=Customer.objects.get(name=CODE),
        data={"customer_primary_contact": contact.name, "customer_primary_address": address.name},
        user=admin,
    )
    return Customer.objects.get(name=CODE)


@pytest.fixture
def martin(admin) -> Customer:
    return build_martin(admin)


def text(html: str) -> str:
    """What a person reads: tags dropped, blanks collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, ident: str) -> str:
    found = re.search(rf'<section[^>]*id="{ident}".*?</section>', html, re.S)
    assert found, f"no section #{ident}"
    return found.group(0)


def defaults_rows(html: str) -> dict[str, tuple[str, str]]:
    rows = re.findall(
        r'<tr><th scope="row">(.*?)</th><td>(.*?)</td><td class="muted">(.*?)</td></tr>', html
    )
    return {unescape(label): (unescape(value), unescape(source)) for label, value, source in rows}


def page_of(client: Client, code: str = CODE, **params) -> str:
    response = client.get(customer_url(code), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_customer_at_a_glance(admin, martin):
    html = page_of(signed_in(admin))

    assert "<h1>Boulangerie Martin SARL</h1>" in html
    head = text(re.search(r"<header class=\"page-head.*?</header>", html, re.S).group(0))
    assert head.startswith("Boulangerie Martin SARL Code client Martin & Fils/Société Société Gelé")
    identity = re.search(r'<p class="identity">.*?</p>', html, re.S).group(0)
    assert text(identity) == "PME › France · TVA FR40303265045 · SIREN 303 265 045"
    assert 'href="/customer-groups/PME/"' in identity
    assert 'href="/territories/France/"' in identity
    glance = text(re.search(r'<section class="glance".*?</section>', html, re.S).group(0))
    assert glance == (
        "En bref Contact principal Claire Martin claire@martin.fr +33 6 12 34 56 78 "
        "Adresse principale 12 rue de la Paix 75002 Paris France "
        "Langue d'impression — Devise de facturation — Liste de prix par défaut — "
        "Conditions de paiement — Limite de crédit Clientèle Démo SAS : 20 000,00 € "
        "État Gelé"
    )
    breadcrumbs = text(re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0))
    assert breadcrumbs == "Accueil Vente Client Boulangerie Martin SARL"


def test_the_linked_documents_follow_the_guide_and_say_what_is_not_there_yet(admin, martin):
    documents = section(page_of(signed_in(admin)), "documents")

    groups = re.findall(r"<h3>(.*?)</h3>", documents)
    assert groups == [
        "Prévente",
        "Commandes",
        "Paiements",
        "Support",
        "Projets",
        "Tarification",
        "Abonnements",
    ]
    labels = re.findall(r'<span class="document-label">(.*?)</span>', documents)
    assert [unescape(label) for label in labels] == [
        "Opportunité",
        "Devis",
        "Contrat",
        "Commande client",
        "Bon de livraison",
        "Facture de vente",
        "Écriture de paiement",
        "Compte bancaire",
        "Ticket",
        "Visite d'entretien",
        "Note d'installation",
        "Réclamation de garantie",
        "Projet",
        "Règle de prix",
        "Abonnement",
    ]
    # the sales documents are counted, each with its "+"; the types that do not exist
    # yet are shown with "—" and "bientôt disponible", not hidden
    assert documents.count("bientôt disponible") == 10
    assert documents.count('<span class="document-count">0</span>') == 5


def test_a_document_type_plugged_in_shows_its_count_and_a_plus(admin, martin, monkeypatch):
    from clientele.web.customers import page_documents

    monkeypatch.setattr(page_documents, "DOCUMENT_TYPES", dict(page_documents.DOCUMENT_TYPES))
    # three rows naming the customer (its credit exposure with three companies) stand
    # for its documents
    euro = Currency.objects.get(name="EUR")
    for abbr in ("A", "B", "C"):
        company = Company.objects.create(name=f"Société {abbr}", abbr=abbr, default_currency=euro)
        CreditExposure.objects.create(customer=martin, company=company)
    page_documents.document_type_enable(
        "quotation", documents=CreditExposure, new_url=lambda customer: "/quotations/new/"
    )

    html = page_of(signed_in(admin))

    documents = section(html, "documents")
    assert (
        text(
            re.search(
                r"<li>\s*<span class=\"document-label\">Devis.*?</li>", documents, re.S
            ).group(0)
        )
        == "Devis 3 + Devis"
    )
    assert documents.count("bientôt disponible") == 10
    assert '<a href="/quotations/new/">Créer un devis</a>' in html


def test_the_defaults_say_where_each_value_comes_from(admin, martin):
    rows = defaults_rows(page_of(signed_in(admin)))

    assert rows == {
        "Liste de prix": ("Tarif PME", "← groupe PME"),
        "Devise de facturation": ("EUR", "← société"),
        "Conditions de paiement": ("Net 30", "← société"),
        "Compte client": ("411000 - Clients - CD", "← société"),
        "Compte d'avances reçues": ("419100 - Clients - Avances reçues - CD", "← société"),
        "Limite de crédit": ("20\u202f000,00\xa0€", "← client"),
        "Catégorie de taxe": ("—", ""),
        "Langue d'impression": ("Français", "← réglage par défaut"),
        "Partenaire commercial": ("—", ""),
        "Taux de commission": ("—", ""),
        "Équipe commerciale": ("—", ""),
        "Programme de fidélité": ("—", ""),
    }


@pytest.fixture
def other_company(db) -> None:
    record_create(
        masters.COMPANY,
        {"name": OTHER_COMPANY, "abbr": "FL", "default_currency": "CHF"},
        user=None,
    )


def test_another_company_swaps_the_defaults_panel(admin, martin, other_company):
    client = signed_in(admin)

    # with JavaScript: htmx asks for the panel alone
    response = client.get(
        customer_url(CODE, "defaults"), {"company": OTHER_COMPANY}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="defaults-values"')
    assert "Valeurs par défaut pour Filiale Lyon SARL" in html
    rows = defaults_rows(html)
    assert rows["Liste de prix"] == ("Tarif PME", "← groupe PME")
    assert rows["Devise de facturation"] == ("CHF", "← société")
    assert rows["Limite de crédit"] == ("—", "")
    assert rows["Conditions de paiement"] == ("—", "")


def test_without_javascript_the_company_choice_reloads_the_page(admin, martin, other_company):
    client = signed_in(admin)

    response = client.get(customer_url(CODE, "defaults"), {"company": OTHER_COMPANY})

    assert response.status_code == 302
    assert response["Location"] == f"{customer_url(CODE)}?company=Filiale+Lyon+SARL"
    html = page_of(client, company=OTHER_COMPANY)
    assert '<option value="Filiale Lyon SARL" selected>' in html
    assert defaults_rows(html)["Devise de facturation"] == ("CHF", "← société")


def test_the_history_shows_who_changed_what_and_when(admin, martin, sales_user):
    customer_update(customer=martin, data={"tax_id": "FR83404833048"}, user=sales_user)
    change = ChangeLog.objects.filter(entity="customer", field="tax_id").latest("id")

    history = section(page_of(signed_in(admin)), "history")

    first = re.search(r"<tbody>\s*<tr>(.*?)</tr>", history, re.S).group(1)
    assert (
        text(first)
        == f"{when(change.at)} sally Modification Numéro de TVA FR40303265045 → FR83404833048"
    )


def test_the_history_reads_flags_and_child_rows_as_words(admin, martin):
    history = section(page_of(signed_in(admin)), "history")

    rows = [text(row) for row in re.findall(r"<tr>(.*?)</tr>", history, re.S)]
    assert any(row.endswith("Création Est gelé → Oui") for row in rows)
    assert any(
        row.endswith("Création Limites de crédit → Clientèle Démo SAS, 20000") for row in rows
    )


def test_the_history_reads_a_choice_by_its_label(admin, martin, sales_user):
    customer_update(customer=martin, data={"customer_type": "Individual"}, user=sales_user)

    history = section(page_of(signed_in(admin)), "history")

    first = re.search(r"<tbody>\s*<tr>(.*?)</tr>", history, re.S).group(1)
    assert text(first).endswith("Modification Type Société → Particulier")


def test_the_page_shows_the_latest_changes_and_links_to_the_whole_history(admin, martin):
    for number in range(12):
        customer_update(customer=martin, data={"customer_details": f"note {number}"}, user=admin)
    total = history_count(entity="customer", record_id=martin.pk)
    client = signed_in(admin)

    history = section(page_of(client), "history")

    assert history.count('<td data-label="Quand">') == 10
    assert f"Voir tout l'historique ({total} modifications)" in unescape(history)
    whole = client.get(customer_url(CODE, "history")).content.decode()
    assert whole.count('<td data-label="Quand">') == total
    assert f"{total} modifications" in whole
    assert text(re.search(r"<tbody>\s*<tr>(.*?)</tr>", whole, re.S).group(1)).endswith(
        "Modification Détails du client note 10 → note 11"
    )


def test_the_likely_duplicates_link_to_their_pages(admin, martin):
    customer_create(
        data={"name": "DUP-1", "customer_name": "Boulangerie Martin", "tax_id": "FR40303265045"},
        user=admin,
    )

    duplicates = section(page_of(signed_in(admin)), "duplicates")

    assert text(duplicates) == (
        "Doublons possibles Boulangerie Martin DUP-1 — nom presque identique, "
        "même numéro de TVA Fusionner dans ce client Boulangerie Martin"
    )
    assert 'href="/customer/DUP-1/"' in duplicates


def test_the_duplicates_have_a_page_of_their_own(admin, martin):
    customer_create(
        data={"name": "DUP-1", "customer_name": "Boulangerie Martin", "tax_id": "FR40303265045"},
        user=admin,
    )

    html = signed_in(admin).get(customer_url(CODE, "duplicates")).content.decode()

    assert "<h1>Doublons possibles de Boulangerie Martin SARL</h1>" in html
    assert 'href="/customer/DUP-1/"' in html


def test_an_unknown_customer_is_not_found(admin):
    assert signed_in(admin).get(customer_url("NOBODY")).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, martin):
    response = client.get(customer_url(CODE))

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/customer/")


def test_the_page_speaks_english_to_an_english_reader(admin, martin):
    html = page_of(signed_in(admin, "en"))

    assert "Transaction defaults" in html
    assert defaults_rows(html)["Price List"] == ("Tarif PME", "← group PME")
    assert "Linked documents" in html and "coming soon" in html
    assert "Credit Limit" in html and "€20,000.00" in html


def test_a_reader_sees_no_button_to_change_anything(reader, martin):
    html = page_of(signed_in(reader))

    for word in ("Modifier", "Plus", "Ajouter un contact", "Ajouter une adresse", "Définir comme"):
        assert word not in text(html.split("<main", 1)[1])


def test_a_sales_user_edits_but_neither_merges_nor_deletes(sales_user, martin):
    html = page_of(signed_in(sales_user))

    assert ">Modifier</a>" in html and ">Renommer</a>" in html
    assert ">Fusionner</a>" not in html and ">Supprimer</a>" not in html


def _customer_with(admin, code: str, records: int) -> Customer:
    customer = customer_create(
        data={"name": code, "customer_name": f"Client {code}", "customer_group": "Commercial"},
        user=admin,
    )
    for number in range(records):
        add_contact(admin, f"Contact{number}", code, emails=[{"email_id": f"c{number}@{code}.fr"}])
        add_address(admin, f"{number} rue du Test", code)
        customer_update(customer=customer, data={"customer_details": f"v{number}"}, user=admin)
    return customer


def test_the_page_costs_the_same_queries_whatever_the_customer_holds(admin):
    _customer_with(admin, "SMALL", 2)
    _customer_with(admin, "LARGE", 20)
    client = signed_in(admin)
    client.get(customer_url("SMALL"))  # the session and the roles, as on any later page

    counts = {}
    for code in ("SMALL", "LARGE"):
        with CaptureQueriesContext(connection) as queries:
            html = page_of(client, code)
        counts[code] = len(queries)
        assert html.count('<td data-label="Nom">Contact') == (2 if code == "SMALL" else 20)

    # session and user 2, customer 1, history 2, contacts 4, addresses 2, companies 1,
    # defaults 2 (the group's chain with its two child tables, selling settings),
    # duplicates 1, the sales documents counted 1 (all kinds at once), balances 3 (fiscal
    # year, billed, unpaid)
    assert counts == {"SMALL": 19, "LARGE": 19}


def test_the_whole_history_costs_the_same_queries_whatever_its_length(admin):
    _customer_with(admin, "SMALL", 2)
    _customer_with(admin, "LARGE", 20)
    client = signed_in(admin)
    client.get(customer_url("SMALL", "history"))

    counts = {}
    for code in ("SMALL", "LARGE"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(customer_url(code, "history")).status_code == 200
        counts[code] = len(queries)

    # session and user 2, customer 1, the count and the page 2
    assert counts == {"SMALL": 5, "LARGE": 5}


def test_the_whole_history_comes_a_page_at_a_time(admin, martin, monkeypatch):
    monkeypatch.setattr("clientele.web.customers.page_read.HISTORY_PER_PAGE", 5)
    for number in range(6):
        customer_update(customer=martin, data={"customer_details": f"note {number}"}, user=admin)
    total = history_count(entity="customer", record_id=martin.pk)
    client = signed_in(admin)

    first = client.get(customer_url(CODE, "history")).content.decode()
    second = client.get(customer_url(CODE, "history"), {"page": "2"}).content.decode()

    last = -(-total // 5)
    assert f"Page 1 sur {last}" in first and 'rel="next"' in first and 'rel="prev"' not in first
    assert f"Page 2 sur {last}" in second and 'rel="prev"' in second
    assert first.count('<td data-label="Quand">') == second.count('<td data-label="Quand">') == 5
    assert "note 5" in first and "note 5" not in second
    assert "<h1>Historique de Boulangerie Martin SARL</h1>" in first
