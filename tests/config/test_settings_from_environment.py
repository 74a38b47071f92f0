"""Configuration comes from the environment and fails loudly on bad values."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NETCARE_")}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-c", "import netcare.config.settings as s; print(s.PROGRAM_NAME)"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    """Outside demo mode a missing NETCARE_SECRET_KEY stops the process with a hint."""
    result = _start({})
    assert 0 != result.returncode
    assert "NETCARE_SECRET_KEY" in result.stderr


def test_demo_mode_starts_with_the_fictional_program() -> None:
    """NETCARE_DEMO=1 needs no secret and names the demo program."""
    result = _start({"NETCARE_DEMO": "1"})
    assert "Riverside Neuroendocrine Tumor Program (demo)" == result.stdout.strip()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("NETCARE_DEMO", "maybe", "NETCARE_DEMO='maybe'"),
        ("NETCARE_TIME_ZONE", "Mars/Olympus", "not an IANA time zone"),
        ("NETCARE_OPENING_HOURS", "mon-fri 17:00-09:00", "closes before it opens"),
        ("NETCARE_OPENING_HOURS", "weekdays 9-5", "cannot read"),
        ("DATABASE_URL", "mysql://x@y/z", "netcare supports sqlite"),
        ("NETCARE_SECRET_KEY", "short", "at least 32 characters"),
        ("NETCARE_CHART_MEMORY_MB", "lots", "NETCARE_CHART_MEMORY_MB='lots': expected a whole"),
        ("NETCARE_CHART_MEMORY_MB", "-5", "NETCARE_CHART_MEMORY_MB=-5: must be at least 0"),
        ("NETCARE_DB_PREPARE_THRESHOLD", "-1", "NETCARE_DB_PREPARE_THRESHOLD=-1: must be at"),
    ],
)
def test_bad_values_stop_the_start_naming_the_variable(
    variable: str, value: str, message: str
) -> None:
    """Each bad value is named in the error."""
    env = {"NETCARE_DEMO": "1", variable: value}
    result = _start(env)
    assert 0 != result.returncode
    assert message in result.stderr


def test_program_name_and_hours_come_from_the_environment() -> None:
    """A deployment names its own program."""
    result = _start(
        {
            "NETCARE_DEMO": "1",
            "NETCARE_PROGRAM_NAME": "Lakeside NET Clinic",
            "NETCARE_OPENING_HOURS": "mon-thu 08:00-16:00; fri 08:00-12:00",
        }
    )
    assert "Lakeside NET Clinic" == result.stdout.strip()
