from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clientele.classification.models import CustomerGroup, Territory
from clientele.core.rows.tallies import Tally, tally_problems
from clientele.core.trees import TreeNode, tree_problems
from clientele.customers.models import CUSTOMERS_BY_GROUP, CUSTOMERS_BY_TERRITORY
from clientele.masters.models import Account, ItemGroup, SalesPerson

# The trees whose nodes count their customers through counts the database keeps.
KEPT: dict[type[TreeNode], Tally] = {
    CustomerGroup: CUSTOMERS_BY_GROUP,
    Territory: CUSTOMERS_BY_TERRITORY,
}


class Command(BaseCommand):
    help = (
        "Report tree integrity problems (paths, depths, child counts, parent links, roots, "
        "customers counted per node)."
    )

    def handle(self, *args, **options):
        problems = []
        for model in (CustomerGroup, Territory, SalesPerson, ItemGroup, Account):
            found = tree_problems(model) + _count_problems(model)
            problems += found
            count = model.objects.count()
            nodes = ngettext("%(count)d node", "%(count)d nodes", count) % {"count": count}
            status = (
                _("OK")
                if not found
                else ngettext("%(count)d problem", "%(count)d problems", len(found))
                % {"count": len(found)}
            )
            kind = capfirst(model._meta.verbose_name_plural)
            self.stdout.write(f"{kind}: {nodes}, {status}")
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                ngettext(
                    "%(count)d tree problem found.", "%(count)d tree problems found.", len(problems)
                )
                % {"count": len(problems)}
            )


def _count_problems(model: type[TreeNode]) -> list[str]:
    """Each node whose kept count of customers differs from the customers linking to it."""
    if model not in KEPT:
        return []
    return [
        _("%(model)s: node %(node)d counts %(kept)d customers, %(counted)d found")
        % {"model": model.__name__, "node": node, "kept": kept, "counted": counted}
        for node, kept, counted in tally_problems(KEPT[model], using=DEFAULT_DB_ALIAS)
    ]
