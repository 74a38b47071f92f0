"""The tables built in Python escape exactly as Django's templates do, and link each row."""

from __future__ import annotations

from django.utils.html import escape as django_escape
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from netcare.rows import escape, url_per_row


@given(st.text())
def test_escaping_matches_djangos(text: str) -> None:
    assert str(django_escape(text)) == escape(text)


def test_markup_and_quotes_are_escaped() -> None:
    expected = "&lt;b&gt;O&#x27;Brien &amp; &quot;Co&quot;&lt;/b&gt;"
    assert expected == escape('<b>O\'Brien & "Co"</b>')


def test_lazy_labels_and_numbers_become_text() -> None:
    assert "Deceased" == escape(gettext_lazy("Deceased"))
    assert "3.5" == escape(3.5)


def test_a_url_per_row_is_the_reversed_url_of_each_id() -> None:
    from django.urls import reverse

    chart = url_per_row("patients:chart", "patient_id")
    assert reverse("patients:chart", kwargs={"patient_id": 7}) == chart(7)
    assert "/patients/120034/" == chart(120034)
