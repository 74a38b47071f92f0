"""`netcare seed --patients N --seed S`: write a deterministic synthetic NET cohort."""

from __future__ import annotations

from typing import Any

from django.core.checks import Tags
from django.core.management.base import BaseCommand, CommandError

from netcare.patients.loaders import SeedError, load_cohort


class Command(BaseCommand):
    help = "Write a realistic, deterministic synthetic NET cohort (see docs/synthetic-data.md)"
    # The model checks only: the URL check imports every view (~2 s, a tenth of a large seed)
    # and nothing here serves a request.
    requires_system_checks = [Tags.models]

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--patients", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--start-index",
            type=int,
            default=0,
            help="first patient index (to add to an existing cohort)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="loader processes (default: 2 on PostgreSQL for more than one chunk, else 1)",
        )
        parser.add_argument(
            "--keep-indexes",
            action="store_true",
            help="load with every index in place even into empty tables (default: drop the "
            "secondary indexes of the big tables and build them at the end)",
        )
        parser.add_argument(
            "--keep-foreign-keys",
            action="store_true",
            help="check foreign keys row by row during the load (default, into empty tables: "
            "drop the big tables' foreign keys and add them back at the end, validated against "
            "every row — about half the database work; a failed check stops the seed)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["patients"] < 1:
            raise CommandError("--patients: give a number of at least 1")
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("--workers: give a number of at least 1")
        if options["start_index"] < 0:
            raise CommandError("--start-index: must be 0 or more")
        try:
            figures = load_cohort(
                options["patients"],
                seed=options["seed"],
                start_index=options["start_index"],
                out=self.stderr,
                workers=options["workers"],
                indexes="keep" if options["keep_indexes"]
                else "rebuild" if options["keep_foreign_keys"] else "rebuild+keys",
            )
        except SeedError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {figures['patients']:,.0f} patients and {figures['events']:,.0f} timeline "
                f"entries in {figures['seconds']:.1f} s "
                f"({figures['patients_per_second']:,.0f} patients/s"
                + (f"; {figures['indexes_rebuilt']:.0f} indexes built in "
                   f"{figures['index_seconds']:.1f} s of it" if figures["indexes_rebuilt"] else "")
                + ")."
            )
        )
