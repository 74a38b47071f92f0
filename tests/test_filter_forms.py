"""A list's filter fields look the same whether rendered afresh or reused, show what was
submitted, and an invalid filter still names its field and keeps what was typed."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.test import Client
from django.utils.datastructures import MultiValueDict

from netcare.filter_forms import fields_html
from netcare.referrals.forms import QueueFilterForm


def _fresh(data: dict[str, list[str]]) -> str:
    form = QueueFilterForm(MultiValueDict(data))
    form.is_valid()
    return render_to_string("_form_fields.html", {"form": form})


def test_reused_fields_equal_a_fresh_rendering_of_the_same_values() -> None:
    for data in ({}, {"status": ["triaged"]}, {"flag": ["urgent"], "mine": ["on"]},
                 {"status": ["all"], "page": ["3"]}):
        first = fields_html(QueueFilterForm(MultiValueDict(data)))
        again = fields_html(QueueFilterForm(MultiValueDict(data)))
        assert first == again == _fresh(data)


def test_the_submitted_values_are_shown_selected() -> None:
    html = fields_html(QueueFilterForm(MultiValueDict({"status": ["triaged"], "mine": ["on"]})))
    assert '<option value="triaged" selected>' in html
    assert 'name="mine" id="id_mine" checked' in html
    other = fields_html(QueueFilterForm(MultiValueDict({"status": ["declined"]})))
    assert '<option value="declined" selected>' in other and "checked" not in other


def test_an_invalid_page_names_the_field_and_keeps_the_input(client: Client, nora: Any) -> None:
    client.force_login(nora)
    response = client.get("/referrals/?page=zero&flag=urgent")
    page = response.content.decode()
    assert 400 == response.status_code
    assert "Page: Enter a whole number." in page
    assert 'value="zero"' in page
    assert '<option value="urgent" selected>' in page
