from django.core.management.base import BaseCommand

from clientele.operations.seed import seed_reference_data


class Command(BaseCommand):
    help = "Load the reference data (tree roots, groups, territories, series, demo company)."

    def handle(self, *args, **options):
        seed_reference_data()
        self.stdout.write(self.style.SUCCESS("Reference data is in place."))
