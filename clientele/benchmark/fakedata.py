"""Realistic French customers: names with accents, valid VAT numbers, e-mails, mobiles,
addresses; seeded so both databases get the same data and the same queries."""

from __future__ import annotations

import random

import phonenumbers
from stdnum import luhn

from clientele.core.search_text import normalise

# --------------------------------------------------------------------------- realistic data

ACTIVITIES = [
    "Boulangerie",
    "Pâtisserie",
    "Garage",
    "Cabinet",
    "Atelier",
    "Pharmacie",
    "Transports",
    "Menuiserie",
    "Brasserie",
    "Librairie",
    "Hôtel",
    "Café",
    "Établissements",
    "Charcuterie",
    "Fromagerie",
    "Imprimerie",
    "Électricité",
    "Plomberie",
    "Maçonnerie",
    "Agence",
    "Clinique vétérinaire",
    "Société",
    "Boucherie",
    "Auto-école",
    "Fleuriste",
    "Traiteur",
    "Quincaillerie",
    "Bâtiment",
    "Chaudronnerie",
    "Opticien",
]
SURNAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Hébert",
    "Chevalier",
    "Gauthier",
    "Perrin",
    "Mathieu",
    "Clément",
    "Rousseau",
    "Fabre",
    "Brunet",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Masson",
    "Marchand",
    "Duval",
    "Denis",
    "Dumont",
    "Lemaire",
    "Noël",
    "Meyer",
    "Dufour",
    "Meunier",
    "Brun",
    "Blanchard",
    "Giraud",
    "Joly",
    "Rivière",
    "Lucas",
    "Gaillard",
    "Barbier",
    "Arnaud",
    "Gérard",
    "Roche",
    "Renard",
    "Schmitt",
    "Leroux",
    "Colin",
    "Vidal",
    "Caron",
    "Picard",
    "Aubert",
    "Lemoine",
    "Renaud",
    "Dumas",
    "Lacroix",
    "Olivier",
    "Bourgeois",
    "Benoît",
    "Leclerc",
    "Rolland",
    "Guillaume",
    "Lecomte",
    "Dupuy",
    "Hubert",
    "Berger",
    "Carpentier",
    "Moulin",
    "Deschamps",
    "Vasseur",
    "Boucher",
    "Fleury",
    "Royer",
    "Jacquet",
    "Poirier",
    "Carré",
    "Ménard",
    "Maillard",
    "Bailly",
    "Hervé",
    "Le Gall",
    "Léger",
    "Prévost",
    "Le Goff",
    "Lévêque",
    "Barré",
    "Maréchal",
    "Barthélemy",
    "Delaunay",
    "Pasquier",
    "Lefèbvre",
    "Bénard",
    "Étienne",
    "Chauvin",
    "Tessier",
    "Cordier",
    "Humbert",
    "Jourdain",
    "Després",
]
FIRST_NAMES = [
    "Camille",
    "Léa",
    "Chloé",
    "Émilie",
    "Hélène",
    "Agnès",
    "Zoé",
    "Inès",
    "Maëlle",
    "Océane",
    "Jérôme",
    "François",
    "Stéphane",
    "Gaël",
    "Noël",
    "Théo",
    "Raphaël",
    "Loïc",
    "Benoît",
    "Clément",
    "Éric",
    "Hervé",
    "Joël",
    "Mathéo",
    "Anaïs",
]
PLACES = [
    "Lyon",
    "Nantes",
    "Bordeaux",
    "Saint-Étienne",
    "Besançon",
    "Orléans",
    "Angoulême",
    "Béziers",
    "Nîmes",
    "Sète",
    "Évreux",
    "Châlons",
    "Fréjus",
    "Périgueux",
    "Quimper",
    "Vénissieux",
    "Aix-en-Provence",
    "Montbéliard",
    "Chambéry",
    "Valence",
]
FORMS = ["SARL", "SAS", "SA", "EURL", "SNC", "& Fils", "et Associés", "SASU"]
SEGMENTS = {"Grands comptes": 5, "PME": 30, "TPE": 50, "Particuliers": 0}
# "Outre-mer" is rare on purpose: "Grands comptes Outre-mer" gets a handful of customers, the case
# where a list ordered by id cannot stop early and must find its few rows by index.
REGIONS = {"Île-de-France": 30, "Nord": 15, "Sud": 20, "Est": 15, "Ouest": 19.8, "Outre-mer": 0.2}
TERRITORY_WEIGHTS = {
    "France": 85,
    "Belgium": 5,
    "Switzerland": 4,
    "Germany": 2,
    "Italy": 2,
    "Spain": 2,
}


CITIES = [
    ("75011", "Paris"),
    ("69003", "Lyon"),
    ("13008", "Marseille"),
    ("31000", "Toulouse"),
    ("06000", "Nice"),
    ("44000", "Nantes"),
    ("67000", "Strasbourg"),
    ("34000", "Montpellier"),
    ("33000", "Bordeaux"),
    ("59000", "Lille"),
    ("35000", "Rennes"),
    ("51100", "Reims"),
    ("42000", "Saint-Étienne"),
    ("83000", "Toulon"),
    ("38000", "Grenoble"),
    ("21000", "Dijon"),
    ("49000", "Angers"),
    ("30000", "Nîmes"),
    ("63000", "Clermont-Ferrand"),
    ("72000", "Le Mans"),
    ("29200", "Brest"),
    ("37000", "Tours"),
    ("80000", "Amiens"),
    ("87000", "Limoges"),
    ("74000", "Annecy"),
    ("66000", "Perpignan"),
    ("57000", "Metz"),
    ("25000", "Besançon"),
    ("45000", "Orléans"),
    ("14000", "Caen"),
    ("68100", "Mulhouse"),
    ("76000", "Rouen"),
]
STREETS = [
    "rue de la République",
    "avenue Jean Jaurès",
    "boulevard Victor Hugo",
    "rue du Commerce",
    "place de la Mairie",
    "chemin des Vignes",
    "rue Pasteur",
]


def zipf_weights(count: int, exponent: float = 0.7) -> list[float]:
    """Some surnames are far more frequent than others, as in a real customer file."""
    return [1 / (rank + 1) ** exponent for rank in range(count)]


class CustomerFaker:
    """French company and person names with accents, valid VAT numbers, e-mails, mobiles.

    Seeded, so two runs (and the two databases) get the same customers and queries.
    """

    def __init__(self, seed: int = 2026):
        self.rng = random.Random(seed)
        self._siren = 30_000_000
        self._surname_weights = zipf_weights(len(SURNAMES))

    def surname(self) -> str:
        return self.rng.choices(SURNAMES, self._surname_weights)[0]

    def company_name(self) -> str:
        roll = self.rng.random()
        activity = self.rng.choice(ACTIVITIES)
        if roll < 0.45:
            return f"{activity} {self.surname()}"
        if roll < 0.75:
            return f"{activity} {self.surname()} {self.rng.choice(FORMS)}"
        if roll < 0.88:
            return f"{self.surname()} & {self.surname()} {self.rng.choice(FORMS)}"
        return f"{activity} de {self.rng.choice(PLACES)}"

    def person_name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.surname()}"

    def vat_number(self) -> str:
        """A French VAT number that passes the same check as user input (SIREN Luhn + key)."""
        self._siren += self.rng.randint(1, 40)
        body = f"{self._siren:08d}"
        siren = body + luhn.calc_check_digit(body)
        return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"

    def mobile(self) -> str:
        return f"+336{self.rng.randint(0, 99_999_999):08d}"

    def valid_mobile(self) -> str:
        """A mobile the API accepts: about 9 % of ``mobile()``'s are unallocated ranges."""
        while not phonenumbers.is_valid_number(phonenumbers.parse(number := self.mobile())):
            pass
        return number

    def address(self) -> str:
        """A primary address as the customer mirrors it (street, postal code and city, FR)."""
        postcode, city = self.rng.choices(CITIES, zipf_weights(len(CITIES), 1.0))[0]
        street = f"{self.rng.randint(1, 180)} {self.rng.choice(STREETS)}"
        return f"{street}\n{postcode} {city}\nFR"

    @staticmethod
    def email_for(name: str, serial: int) -> str:
        slug = "-".join("".join(c if c.isalnum() else " " for c in normalise(name)).split())
        return f"contact{serial}@{slug[:40]}.fr"

    def quick_entry_payload(self, serial: int) -> dict:
        """A customer with its primary contact and address, as the quick entry form sends."""
        payload = self.api_payload()
        person = self.person_name()
        postcode, city = self.rng.choices(CITIES, zipf_weights(len(CITIES), 1.0))[0]
        payload["contact"] = {
            "full_name": person,
            "email_id": self.email_for(person, serial),
            "mobile_no": self.valid_mobile(),
        }
        payload["address"] = {
            "address_line1": f"{self.rng.randint(1, 180)} {self.rng.choice(STREETS)}",
            "city": city,
            "pincode": postcode,
            "country": "FR",
        }
        return payload

    def api_payload(self) -> dict:
        """What the brief's API client sends: a name, and a valid VAT number half the time."""
        payload = {"customer_name": self.company_name()}
        if self.rng.random() < 0.5:
            payload["tax_id"] = self.vat_number()
        return payload


STREET_KINDS = ["rue", "avenue", "boulevard", "place", "chemin", "impasse", "allée", "quai"]
STREET_NAMES = [
    "de la République",
    "Jean Jaurès",
    "Victor Hugo",
    "Pasteur",
    "du Commerce",
    "des Lilas",
    "Gambetta",
    "de la Gare",
    "du Moulin",
    "des Écoles",
    "Voltaire",
    "Émile Zola",
    "du Général de Gaulle",
    "de l'Église",
    "Jules Ferry",
    "des Tilleuls",
    "Carnot",
    "de Verdun",
    "de la Liberté",
    "Saint-Michel",
]
# Postal code, city, country: a few addresses abroad, as a French SME's customers have.
ABROAD = [
    ("1050", "Bruxelles", "BE"),
    ("4000", "Liège", "BE"),
    ("1201", "Genève", "CH"),
    ("1003", "Lausanne", "CH"),
    ("10117", "Berlin", "DE"),
    ("20121", "Milano", "IT"),
    ("28001", "Madrid", "ES"),
    ("1249", "Luxembourg", "LU"),
]


class ContactFaker(CustomerFaker):
    """People with e-mails and phones, and postal addresses, for the contact and address
    lists. Seeded apart from the customers' faker, so adding them changes none of the
    customers, nor the queries made on them."""

    PERSONAL_DOMAINS = ["gmail.com", "orange.fr", "free.fr", "laposte.net"]

    def __init__(self, seed: int = 2027):
        super().__init__(seed)
        self._city_weights = zipf_weights(len(CITIES), 1.0)

    def person(self, serial: int) -> tuple[str, str, list[str], list[str]]:
        """First name, last name, e-mails (at their company, and a personal one for some),
        phones (a mobile for most, a landline for some), stored as the services store them."""
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), self.surname()
        person = f"{_slug(first)}.{_slug(last)}"
        emails = [f"{person}@{_domain(self.company_name())}.fr"]
        if rng.random() < 0.3:
            emails.append(f"{person}{serial % 1000}@{rng.choice(self.PERSONAL_DOMAINS)}")
        phones = [self.mobile()] if rng.random() < 0.8 else []
        if rng.random() < 0.3:
            phones.append(f"+33{rng.choice('12345')}{rng.randint(0, 99_999_999):08d}")
        return first, last, emails, phones

    def postal_address(self) -> tuple[str, str, str, str]:
        """Line 1, postal code, city, country."""
        rng = self.rng
        line1 = f"{rng.randint(1, 180)} {rng.choice(STREET_KINDS)} {rng.choice(STREET_NAMES)}"
        if rng.random() < 0.05:
            return (line1, *rng.choice(ABROAD))
        postcode, city = rng.choices(CITIES, self._city_weights)[0]
        return line1, postcode, city, "FR"


def _slug(text: str) -> str:
    return "".join(c for c in normalise(text) if c.isalnum())


def _domain(name: str) -> str:
    """“Boulangerie Dupré & Fils” → “boulangerie-dupre-fils”."""
    return "-".join("".join(c if c.isalnum() else " " for c in normalise(name)).split())[:40]
