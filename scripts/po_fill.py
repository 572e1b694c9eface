"""Fill French translations into the catalog, then compile it (a developer's tool).

    .venv/bin/python scripts/po_fill.py translations.json

The JSON maps each English message to its French; a plural message maps to a list of two.
Entries it names lose their "fuzzy" mark; a singular message not yet in the catalog is
added at its end (so the catalog is not reordered, as makemessages would). It prints the messages still untranslated.
"""

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOG = Path(__file__).resolve().parent.parent / "clientele/locale/fr/LC_MESSAGES/django.po"


def main() -> None:
    wanted = json.loads(Path(sys.argv[1]).read_text()) if len(sys.argv) > 1 else {}
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}
    for key, value in wanted.items():
        if key not in known and isinstance(value, str):
            catalog.add(key, value)  # new at the end: no reordering for others to merge
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in wanted:
            value = wanted[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
    with CATALOG.open("wb") as po:
        write_po(po, catalog, width=79, no_location=True, omit_header=False)
    subprocess.run(["msgfmt", "-o", str(CATALOG.with_suffix(".mo")), str(CATALOG)], check=True)
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and (message.fuzzy or not all(strings)):
            print("untranslated:", repr(message.id))


if __name__ == "__main__":
    main()
