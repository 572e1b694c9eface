"""The web UI: server-rendered pages over the same services and selectors as the REST API.

One adapter package above every domain app (like ``clientele.api``), so no app imports a
screen, and pages that cross apps (a customer with its contacts, defaults and history) have
one home. It never calls the REST API.
"""
