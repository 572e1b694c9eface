"""Contacts and addresses: records of their own, each linkable to several parties.

A link names its party by type and integer key (``customer`` 42). The party types are
registered by the apps that own them (see ``parties.py``), so this app depends on none
of them, while links survive a party's rename.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clientele.core import identifiers
from clientele.core.fields import PrefixIndexedCharField
from clientele.core.search_index import SearchDocument, document_key
from clientele.masters.models import TaxCategory


class Contact(models.Model):
    name = models.CharField(_("code"), max_length=200, unique=True)
    code_key = PrefixIndexedCharField(max_length=255, unique=True, editable=False)
    salutation = models.CharField(_("salutation"), max_length=40, blank=True)
    first_name = models.CharField(_("first name"), max_length=140)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    full_name = models.CharField(_("full name"), max_length=320, blank=True)
    designation = models.CharField(_("designation"), max_length=140, blank=True)
    department = models.CharField(_("department"), max_length=140, blank=True)
    unsubscribed = models.BooleanField(_("unsubscribed"), default=False)
    email_id = models.CharField(_("primary e-mail"), max_length=254, blank=True, db_index=True)
    phone = models.CharField(_("primary phone"), max_length=30, blank=True, db_index=True)
    mobile_no = models.CharField(_("primary mobile"), max_length=30, blank=True, db_index=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ContactEmail(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    idx = models.PositiveSmallIntegerField(default=0)
    # Indexed: every customer creation looks its e-mail up here (likely duplicates).
    email_id = models.CharField(_("e-mail"), max_length=254, db_index=True)
    is_primary = models.BooleanField(_("is primary"), default=False)

    class Meta:
        ordering = ["idx"]


class ContactPhone(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    idx = models.PositiveSmallIntegerField(default=0)
    phone = models.CharField(_("number"), max_length=30, db_index=True)
    is_primary_phone = models.BooleanField(_("is primary phone"), default=False)
    is_primary_mobile_no = models.BooleanField(_("is primary mobile"), default=False)

    class Meta:
        ordering = ["idx"]


class Address(models.Model):
    class AddressType(models.TextChoices):
        BILLING = "Billing", _("Billing")
        SHIPPING = "Shipping", _("Shipping")
        OFFICE = "Office", _("Office")
        PERSONAL = "Personal", _("Personal")
        PLANT = "Plant", _("Plant")
        POSTAL = "Postal", _("Postal")
        SHOP = "Shop", _("Shop")
        SUBSIDIARY = "Subsidiary", _("Subsidiary")
        WAREHOUSE = "Warehouse", _("Warehouse")
        OTHER = "Other", _("Other")

    name = models.CharField(_("code"), max_length=200, unique=True)
    code_key = PrefixIndexedCharField(max_length=255, unique=True, editable=False)
    address_title = models.CharField(_("address title"), max_length=140, blank=True)
    address_type = models.CharField(
        _("address type"), max_length=20, choices=AddressType.choices, default=AddressType.BILLING
    )
    address_line1 = models.CharField(_("address line 1"), max_length=240)
    address_line2 = models.CharField(_("address line 2"), max_length=240, blank=True)
    city = models.CharField(_("city"), max_length=140, db_index=True)
    pincode = models.CharField(_("postal code"), max_length=20, blank=True)
    state = models.CharField(_("state"), max_length=140, blank=True)
    country = models.CharField(_("country"), max_length=2)
    tax_category = models.ForeignKey(
        TaxCategory, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("tax category")
    )
    is_primary_address = models.BooleanField(_("preferred billing address"), default=False)
    is_shipping_address = models.BooleanField(_("preferred shipping address"), default=False)
    disabled = models.BooleanField(_("disabled"), default=False)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def country_name(self) -> str:
        """The country's name in the request's language: the code is stored, people read
        “Allemagne” (or “Germany” in English)."""
        return identifiers.country_name(self.country)

    def render(self) -> str:
        """The address as printed on a letter, one line per part (French order)."""
        town = " ".join(part for part in (self.pincode, self.city) if part)
        lines = [self.address_line1, self.address_line2, town, self.state, self.country]
        return "\n".join(line for line in lines if line)


class PartyLink(models.Model):
    party_type = models.CharField(_("party type"), max_length=30)
    party_id = models.BigIntegerField(_("party id"))

    class Meta:
        abstract = True


class ContactLink(PartyLink):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="links")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "party_type", "party_id"], name="contact_link_once"
            ),
        ]
        indexes = [models.Index(fields=["party_type", "party_id"], name="contact_link_party")]


class AddressLink(PartyLink):
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="links")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["address", "party_type", "party_id"], name="address_link_once"
            ),
        ]
        indexes = [models.Index(fields=["party_type", "party_id"], name="address_link_party")]


class ContactSearch(SearchDocument):
    """The words a contact is found by: its name and code, every e-mail and every phone
    (``contacts/search.py``), matched by prefix through the full-text index, so the search
    reads the index instead of scanning contacts and their child rows."""

    contact = document_key(Contact)


class AddressSearch(SearchDocument):
    """The words of an address's first line, city, postal code and country (its code and
    its English and French names), matched as ``ContactSearch``'s."""

    address = document_key(Address)
