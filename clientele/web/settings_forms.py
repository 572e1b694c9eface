"""The forms of the selling settings and of the naming series.

The selling settings are three forms, each saved on its own: how customers get their
code weighs far more than a default price list (it fixes how every customer is known in
links, imports and the accounts), so it is not one more field on a long page.
"""

import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from clientele.classification.schemas import SellingSettingsIn
from clientele.classification.services import SELLING_SETTINGS
from clientele.core.models import SeriesCounter
from clientele.core.naming import SERIES_KINDS
from clientele.web.records_forms import ChoiceCache, RecordForm, record_form

# part → (its form, the fields it holds)
SETTINGS_PARTS: dict[str, type[RecordForm]] = {
    "naming": record_form(
        SELLING_SETTINGS,
        SellingSettingsIn,
        only=("customer_naming_by", "customer_naming_series"),
        widgets={"customer_naming_by": forms.RadioSelect()},
    ),
    "defaults": record_form(
        SELLING_SETTINGS,
        SellingSettingsIn,
        only=("customer_group", "territory", "selling_price_list"),
    ),
    "flow": record_form(
        SELLING_SETTINGS,
        SellingSettingsIn,
        only=("sales_order_required", "delivery_note_required"),
    ),
}


def settings_choices() -> ChoiceCache:
    """Only a customer series names customers, only a selling price list sells."""
    return ChoiceCache(
        {"customer_naming_series": {"entity": "customer"}, "selling_price_list": {"selling": True}}
    )


class SeriesForm(forms.Form):
    name = forms.CharField(
        label=_("New series"),
        max_length=100,
        help_text=_("A prefix with date tokens, then a run of # for the counter."),
    )
    entity = forms.ChoiceField(label=_("Used for"), initial="customer", required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["placeholder"] = "CUST-.YYYY.-.#####"
        entity = self.fields["entity"]
        assert isinstance(entity, forms.ChoiceField)
        entity.choices = list(SERIES_KINDS.items())


class CounterForm(forms.Form):
    """A counter's new value; lowering it needs the user's confirmation (``confirm``)."""

    series_prefix = forms.CharField(max_length=100, widget=forms.HiddenInput)
    current = forms.IntegerField(label=_("Current value"))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, prefix_of_row: str = "", **kwargs):
        key = hashlib.sha1(prefix_of_row.encode()).hexdigest()[:10]
        kwargs.update(label_suffix="", auto_id=f"counter-{key}-%s")
        super().__init__(*args, **kwargs)
        self.key = key

    def stored(self) -> int:
        """The value the counter holds now (0 when no code was handed out under it yet)."""
        prefix = self.cleaned_data["series_prefix"]
        found = SeriesCounter.objects.filter(prefix=prefix).values_list("current", flat=True)
        return found.first() or 0

    def lowering(self) -> int | None:
        """The value held now when the form lowers it without confirmation, else ``None``."""
        stored = self.stored()
        if self.cleaned_data["current"] < stored and not self.cleaned_data["confirm"]:
            return stored
        return None
