"""`netcare demo`: a fictional NET program on an embedded SQLite database, served on :8000."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from netcare.program.demo import DEMO_PASSWORD, ensure_demo_program


class Command(BaseCommand):
    help = "Set up the demo program (once) and serve it on http://127.0.0.1:8000"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--patients", type=int, default=400, help="synthetic patients")
        parser.add_argument("--no-serve", action="store_true", help="set up, then stop")
        parser.add_argument("--port", default="8000")

    def handle(self, *args: Any, **options: Any) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        logins = ensure_demo_program(options["patients"], out=self.stdout)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"{settings.PROGRAM_NAME} is ready."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, username in logins:
            self.stdout.write(f"  {role:<48} {username}")
        if options["no_serve"]:
            return
        self.stdout.write(f"Open http://127.0.0.1:{options['port']}/ — stop with Ctrl+C.")
        call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)
