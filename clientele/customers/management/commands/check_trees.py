from django.core.management.base import BaseCommand, CommandError

from clientele.core.trees import tree_problems
from clientele.masters.models import Account, ItemGroup, SalesPerson
from clientele.selling.models import CustomerGroup, Territory


class Command(BaseCommand):
    help = "Report tree integrity problems (paths, depths, child counts, parent links, roots)."

    def handle(self, *args, **options):
        problems = []
        for model in (CustomerGroup, Territory, SalesPerson, ItemGroup, Account):
            found = tree_problems(model)
            problems += found
            count = model.objects.count()
            status = "OK" if not found else f"{len(found)} problem(s)"
            self.stdout.write(f"{model._meta.verbose_name_plural}: {count} nodes, {status}")
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} tree problem(s) found.")
