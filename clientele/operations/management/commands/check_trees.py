from django.core.management.base import BaseCommand, CommandError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clientele.classification.models import CustomerGroup, Territory
from clientele.core.trees import tree_problems
from clientele.masters.models import Account, ItemGroup, SalesPerson


class Command(BaseCommand):
    help = "Report tree integrity problems (paths, depths, child counts, parent links, roots)."

    def handle(self, *args, **options):
        problems = []
        for model in (CustomerGroup, Territory, SalesPerson, ItemGroup, Account):
            found = tree_problems(model)
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
