"""The import screens' forms: the upload with its options, the mapping of the columns the
import did not recognise, and the mode of the real run."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clientele.transfer.columns import ALIASES, IGNORED, KIND_LABELS
from clientele.transfer.imports import ImportOptions
from clientele.transfer.report import FileReport

MODE_CHOICES = [
    ("all", _("All or nothing: any refused row and nothing is imported")),
    ("good-rows", _("Import the good rows, return the refused ones as a file")),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,.xlsx,.txt"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, (list, tuple)) and data:
            return [one(item, initial) for item in data]
        return [one(data, initial)]


class ImportUploadForm(forms.Form):
    uploads = MultipleFileField(
        label=_("Files (CSV or XLSX)"),
        help_text=_(
            "ERPNext or Dokos exports as they are: customers, contacts, addresses, "
            "customer groups, territories; several files are one import."
        ),
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=MODE_CHOICES, initial="all")
    match = forms.ChoiceField(
        label=_("Find existing customers by"),
        choices=[("code", _("Code")), ("tax-id", _("VAT number or SIREN"))],
        initial="code",
    )
    create_missing = forms.BooleanField(
        label=_("Create missing customer groups and territories"), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of records"),
        choices=[("", _("Told by the columns")), *KIND_LABELS.items()],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def options(self) -> ImportOptions:
        data = self.cleaned_data
        return ImportOptions(
            mode=data["mode"],
            match=data["match"],
            create_missing=data["create_missing"],
            kind=data["kind"],
        )


def unknown_columns(files: list[FileReport]) -> list[tuple[str, str]]:
    """Each column no field was found for, once, with the kind of its (first) file."""
    seen: dict[str, str] = {}
    for file in files:
        for column in file.unknown:
            seen.setdefault(column, file.kind)
    return list(seen.items())


class MappingForm(forms.Form):
    """A select per unknown column: a field of its file's kind, or left out."""

    def __init__(self, *args, columns: list[tuple[str, str]], **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.columns = columns
        for index, (column, kind) in enumerate(columns):
            fields = [(name, name) for name in ALIASES[kind]]
            self.fields[f"column-{index}"] = forms.ChoiceField(
                label=column, choices=[("", _("Leave out")), *fields], required=False
            )

    def mapping(self) -> dict[str, str]:
        return {
            column: self.cleaned_data[f"column-{index}"] or IGNORED
            for index, (column, _kind) in enumerate(self.columns)
        }


class RunForm(forms.Form):
    mode = forms.ChoiceField(label=_("Mode"), choices=MODE_CHOICES)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
