"""The customer screens: list and quick entry, full form, the customer's page.

A customer's own pages live under ``/customer/<code>/`` (singular) and the collection's under
``/customers/``, so no customer code can collide with ``new`` or ``quick``.
"""

from urllib.parse import quote


def customer_url(name: str, action: str = "") -> str:
    """``/customer/<code>/`` or ``/customer/<code>/<action>/``; codes may hold ``/`` or ``&``."""
    path = f"/customer/{quote(name, safe='')}/"
    return f"{path}{action}/" if action else path
