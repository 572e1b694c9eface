"""The job's REST bodies."""

import datetime
from typing import Any

from ninja import Field, Schema

from clientele.core.api_support import InputSchema


class JobOut(Schema):
    """A job as the API shows it: what it is, how far it got, what it produced."""

    id: int
    kind: str
    label: str
    user: str | None
    status: str = Field(description="queued, running, done, failed or cancelled")
    total: int | None = Field(description="Units (rows) to do, once known")
    done: int
    errors: int
    percent: int | None
    errors_so_far: list[dict[str, Any]] = Field(description="The first errors reported")
    message: str = Field(description="Why it failed, if it did")
    cancel_requested: bool
    attempts: int
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    report: dict[str, Any] | None
    file: str | None = Field(description="Where to download the job's file, once done")


class JobPage(Schema):
    count: int
    items: list[JobOut]


class JobListParams(InputSchema):
    limit: int = Field(20, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000_000)
    status: str | None = Field(None, max_length=12)
