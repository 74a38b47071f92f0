"""The referral queue reads its page and writes its audit entry in one statement on
PostgreSQL (`CompiledRows.rows_then`, `audit.log.record_statement`), in two elsewhere; the
entry is the one `record` writes, and the rows keep the queue's order."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netcare.audit import codes
from netcare.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_each_view_of_the_queue_writes_one_entry_naming_the_filter(
        nora: Any, make_referral: Any) -> None:
    make_referral(last_name="Routine")
    client = Client(REMOTE_ADDR="10.9.8.7")
    client.force_login(nora)
    assert 200 == client.get("/referrals/?flag=urgent&page=1").status_code
    assert 200 == client.get("/referrals/").status_code
    first, second = AuditEntry.objects.filter(action=codes.REFERRAL_QUEUE_VIEWED).order_by("pk")
    assert ("nora", "navigator", "10.9.8.7", None) == (
        first.username, first.role, first.client_address, first.patient_id)
    assert {"status": "", "flag": "urgent", "mine": "False", "page": "1"} == first.detail
    assert "" == second.detail["flag"]


def test_the_rows_keep_the_queue_order_urgent_first_then_oldest(
        nora: Any, make_referral: Any) -> None:
    names = ["Early", "Later", "Urgent", "Latest"]
    made = {name: make_referral(last_name=name, symptoms=["jaundice"] if name == "Urgent"
                                else []) for name in names}
    client = Client()
    client.force_login(nora)
    page = client.get("/referrals/").content.decode()
    shown = sorted(names, key=lambda name: page.index(made[name].reference))
    assert ["Urgent", "Early", "Later", "Latest"] == shown


def test_on_postgresql_the_page_and_the_entry_take_one_statement(
        nora: Any, make_referral: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("one statement on PostgreSQL only (SQLite has no INSERT in a WITH)")
    make_referral(last_name="Routine")
    client = Client()
    client.force_login(nora)
    client.get("/referrals/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/referrals/")
    inserts = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"]]
    assert 1 == len(inserts)
    assert inserts[0].startswith("WITH found_rows AS MATERIALIZED (SELECT")
    assert 2 == AuditEntry.objects.filter(action=codes.REFERRAL_QUEUE_VIEWED).count()
