"""What an import found and did: counts per kind of record, every refused row with why,
every likely duplicate, and how each file's columns were read.

Kept on the ``Import`` record as JSON (``as_dict`` / ``from_dict``), so the command line,
a job's status and a screen all show the same report. The lists stop at ``MAX_LISTED``
entries (the counts go on): a file of a million bad rows is fixed from the rejected-rows
file, not from the report.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

MAX_LISTED = 1000


@dataclass
class RowError:
    file: str
    row: int
    field: str
    message: str
    value: str = ""


@dataclass
class RowDuplicate:
    file: str
    row: int
    # "CUST-2026-00012 (Boulangerie Martin): name, tax_id", existing or of this import.
    matches: list[str]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    errors: int = 0
    duplicates: int = 0


@dataclass
class FileReport:
    name: str
    kind: str
    rows: int = 0
    columns: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    status: str = "pending"
    dry_run: bool = False
    mode: str = "all"
    files: list[FileReport] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[RowDuplicate] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    message: str = ""

    def count(self, kind: str) -> Counts:
        return self.counts.setdefault(kind, Counts())

    @property
    def error_rows(self) -> int:
        return sum(counts.errors for counts in self.counts.values())

    def error(self, kind: str, error: RowError) -> None:
        """One more refused field; the row is counted once by the caller."""
        if len(self.errors) < MAX_LISTED:
            self.errors.append(error)

    def duplicate(self, kind: str, duplicate: RowDuplicate) -> None:
        self.count(kind).duplicates += 1
        if len(self.duplicates) < MAX_LISTED:
            self.duplicates.append(duplicate)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ImportReport":
        if not data:
            return cls()
        return cls(
            status=data.get("status", "pending"),
            dry_run=data.get("dry_run", False),
            mode=data.get("mode", "all"),
            files=[FileReport(**f) for f in data.get("files", [])],
            counts={k: Counts(**v) for k, v in data.get("counts", {}).items()},
            errors=[RowError(**e) for e in data.get("errors", [])],
            duplicates=[RowDuplicate(**d) for d in data.get("duplicates", [])],
            rejected=list(data.get("rejected", [])),
            message=data.get("message", ""),
        )
