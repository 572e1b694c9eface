"""Codes for many new records at once, by the same rules as one at a time (SPEC §3.2).

A series hands out a block of numbers in one ``UPDATE … RETURNING`` (the counter row is
locked until the chunk commits, as for one creation); a code made from a name gets ``-1``,
``-2``… one above the highest suffix in use, the suffixes of a whole chunk read in a few
statements instead of one look-up per record.
"""

from collections.abc import Sequence
from datetime import date

from django.db import connection, models

from clientele.core.models import SeriesCounter
from clientele.core.naming import code_key, code_unaddressable, series_resolve
from clientele.core.rows import execute, highest_suffixes, prepared


def series_block(template: str, today: date, count: int) -> list[str]:
    """``count`` consecutive codes of ``template``, the counter advanced once."""
    prefix, width = series_resolve(template, today)
    table = SeriesCounter._meta.db_table
    sql = (
        f"INSERT INTO {table} (prefix, current) VALUES (%s, %s) "
        f"ON CONFLICT (prefix) DO UPDATE SET current = {table}.current + %s "
        "RETURNING current"
    )
    with connection.cursor() as cursor, prepared():
        execute(cursor, sql, [prefix, count, count])
        last = cursor.fetchone()[0]
    return [f"{prefix}{number:0{width}d}" for number in range(last - count + 1, last + 1)]


def codes_taken(model: type[models.Model], codes: Sequence[str]) -> set[str]:
    """The code keys among ``codes`` some record of ``model`` holds (case-insensitively)."""
    keys = {code_key(code) for code in codes}
    found: set[str] = set()
    key_list = list(keys)
    for start in range(0, len(key_list), 500):
        part = key_list[start : start + 500]
        rows = model._default_manager.filter(code_key__in=part)
        found.update(rows.values_list("code_key", flat=True))
    return found


def homonym_codes(model: type[models.Model], bases: Sequence[str], max_length: int) -> list[str]:
    """A free code for each base, as ``naming.homonym_code`` gives one: the base itself
    when free, else ``base-N``; bases repeated in ``bases`` get the next suffixes."""
    bases = [base.strip()[:max_length] for base in bases]
    taken = codes_taken(model, bases)
    clashing = {code_key(b) for b in bases if code_key(b) in taken or code_unaddressable(b)}
    seen: set[str] = set()
    for base in bases:
        key = code_key(base)
        clashing.update({key} if key in seen else ())
        seen.add(key)
    highest = highest_suffixes(model, sorted(clashing))
    codes, used = [], set()
    for base in bases:
        key = code_key(base)
        if key not in taken and key not in used and not code_unaddressable(base):
            used.add(key)
            codes.append(base)
            continue
        highest[key] = highest.get(key, 0) + 1
        suffix = str(highest[key])
        codes.append(f"{base[: max_length - len(suffix) - 1]}-{suffix}")
    return codes
