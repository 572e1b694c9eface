"""The benchmark behind ``clientele-bench``: measured numbers next to goals and ERPNext 15.

Why a command and not a test: timings depend on the machine and the database, so they are
measured on a real installation (migrated, seeded, served by the production server) and
printed for people to read, never asserted by CI. Every measure goes through the paths users
hit: the services for writes, the HTTP API behind gunicorn for reads and API writes. Bulk
paths are only used to reach realistic volumes quickly, and the trees they build are checked
with the same checks as ``clientele check_trees``, so a number never comes from a broken tree.

Modules: ``common`` (plan, results), ``fakedata`` (realistic customers), ``database``
(set-up, service and tree measures, bulk load), ``server`` (the production server and the
HTTP measures), ``runner`` (the run in order and the report), ``cli`` (the console
script). Nothing is imported here: the console script sets Django up first.
"""
