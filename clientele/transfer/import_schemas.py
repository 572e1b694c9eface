"""The bodies of ``/api/v1/imports``: the upload's options (a multipart form beside the
files) and an import as the API shows it, with its job and its report."""

import datetime
import json
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from clientele.core.api_support import MAX_OFFSET, InputSchema
from clientele.jobs.schemas import JobOut

Kind = Literal["", "customer_group", "territory", "customer", "contact", "address"]


class ImportIn(Schema):
    """The options of an upload, as form fields beside the files."""

    dry_run: bool = Field(False, description="Check and report, write nothing")
    mode: Literal["all", "good-rows"] = Field(
        "all",
        description="all: any refused row and nothing is written; good-rows: the good "
        "rows are imported, the refused ones returned as a file",
    )
    match: Literal["code", "tax-id"] = Field(
        "code", description="Update the customer of the same code, or of the same VAT/SIREN"
    )
    create_missing: bool = Field(False, description="Create unknown groups and territories")
    kind: Kind = Field("", description="One kind for every file; by default told by its columns")
    mapping: str = Field(
        "", max_length=20_000, description='JSON object {"column": "field"}; field "-" ignores it'
    )

    @field_validator("mapping")
    @classmethod
    def _a_json_object(cls, value: str) -> str:
        if not value.strip():
            return ""
        try:
            loaded = json.loads(value)
        except ValueError as error:
            raise ValueError("mapping is not valid JSON") from error
        if not isinstance(loaded, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in loaded.items()
        ):
            raise ValueError('mapping is a JSON object of texts: {"column": "field"}')
        return value

    def mapping_dict(self) -> dict[str, str]:
        return json.loads(self.mapping) if self.mapping else {}


class ImportOptionsOut(Schema):
    dry_run: bool
    mode: str
    match: str
    create_missing: bool
    kind: str
    mapping: dict[str, str]


class ImportFileOut(Schema):
    name: str
    kind: str
    columns: dict[str, str] = Field(description="Column of the file → field it fills")
    ignored: list[str]
    unknown: list[str] = Field(description="Columns no field was found for: not imported")


class ImportCountsOut(Schema):
    created: int
    updated: int
    errors: int = Field(description="Rows refused")
    duplicates: int = Field(description="Rows like a customer already there or of the file")


class ImportRowErrorOut(Schema):
    file: str
    row: int = Field(description="Line in the file, the header being line 1")
    field: str
    message: str
    value: str


class ImportRowDuplicateOut(Schema):
    file: str
    row: int
    matches: list[str] = Field(description="“CODE (name): why”, stored or of this import")


class ImportReportOut(Schema):
    status: str = Field(description="done, refused or cancelled")
    dry_run: bool
    mode: str
    message: str
    files: list[ImportFileOut]
    counts: dict[str, ImportCountsOut] = Field(description="Per kind of record")
    errors: list[ImportRowErrorOut] = Field(description="The first 1,000 refused fields")
    duplicates: list[ImportRowDuplicateOut] = Field(description="The first 1,000 likely duplicates")
    rejected: list[str] = Field(description="The files of refused rows (names)")


class ImportOut(Schema):
    id: int
    label: str
    user: str | None
    status: str = Field(
        description="new, queued, running, done, refused (nothing written), failed or cancelled"
    )
    files: list[str]
    options: ImportOptionsOut
    created_at: datetime.datetime
    job: JobOut | None = Field(description="The latest run: its status and progress")
    report: ImportReportOut | None = Field(description="The latest run's report, once it ended")
    rejected: str | None = Field(description="Where to download the refused rows, if any")


class ImportPage(Schema):
    count: int
    items: list[ImportOut]


class ImportListParams(InputSchema):
    limit: int = Field(20, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
