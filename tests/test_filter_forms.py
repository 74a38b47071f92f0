"""A list's filter fields look the same whether rendered afresh or reused, show what was
submitted, and an invalid filter still names its field and keeps what was typed."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import Client
from django.utils.datastructures import MultiValueDict

from netcare.filter_forms import clean_filter, fields_html
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


def test_a_kept_clean_filter_gives_the_forms_values_and_fields() -> None:
    for query in ("", "status=triaged", "flag=urgent&mine=on", "status=all&page=3"):
        form = QueueFilterForm(QueryDict(query))
        assert form.is_valid()
        for _ in range(2):  # worked out, then kept
            clean = clean_filter(QueueFilterForm, QueryDict(query))
            assert clean is not None
            assert clean.cleaned_data == form.cleaned_data
            assert clean.html == _fresh(dict(QueryDict(query).lists()))


def test_a_clean_filters_values_are_the_callers_own() -> None:
    first = clean_filter(QueueFilterForm, QueryDict("page=2"))
    assert first is not None
    first.cleaned_data["page"] = 99
    again = clean_filter(QueueFilterForm, QueryDict("page=2"))
    assert again is not None and again.cleaned_data["page"] == 2


def test_an_invalid_filter_is_not_kept_as_clean() -> None:
    assert clean_filter(QueueFilterForm, QueryDict("page=zero")) is None
    assert clean_filter(QueueFilterForm, QueryDict("status=bogus")) is None


def test_a_filtered_queue_shows_the_chosen_filter(client: Client, nora: Any) -> None:
    client.force_login(nora)
    for _ in range(2):
        page = client.get("/referrals/?flag=urgent&mine=on").content.decode()
        assert '<option value="urgent" selected>' in page
        assert 'name="mine" id="id_mine" checked' in page
