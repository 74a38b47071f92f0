"""The fields of a list's filter form (GET), rendered once per set of submitted values.

The referral queue and the follow-up worklist show their filters on every view; rendering the
fields (select options built one by one) cost more than a fifth of a queue page. A filter form
has fixed choices and shows only what was submitted, so a valid form's HTML depends only on its
class and the submitted values of its fields: it is rendered once per process for each such
combination (the most recent 512 are kept). An invalid form, whose errors echo the input, is
rendered every time. `clean_filter` keeps a valid filter's cleaned values the same way, so a
list view builds and validates its filter form only for values it has not seen.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict
from django.utils.safestring import SafeString, mark_safe


class CleanFilter(NamedTuple):
    """A valid filter's outcome: its cleaned values (the caller's own copy) and its fields'
    HTML. Stands in for the bound form where a view reads only these."""

    cleaned_data: dict[str, Any]
    html: SafeString


def clean_filter(form_class: type[forms.Form], data: QueryDict) -> CleanFilter | None:
    """`form_class` bound to `data` (request.GET), validated once per process for each set of
    submitted values (building and cleaning the form, whose fields Django deep-copies, was a
    tenth of a queue page); None when the values are not valid (build the form then, to show
    its errors)."""
    kept = _cleaned(form_class, _submitted(data, form_class.base_fields))
    return None if kept is None else CleanFilter(dict(kept.cleaned_data), kept.html)


@lru_cache(maxsize=512)
def _cleaned(form_class: type[forms.Form], submitted: tuple[tuple[str, tuple[str, ...]], ...]
             ) -> CleanFilter | None:
    form = form_class(MultiValueDict({name: list(values) for name, values in submitted}))
    if not form.is_valid():
        return None
    return CleanFilter(form.cleaned_data, _rendered(form_class, submitted))


def fields_html(form: forms.Form | CleanFilter) -> SafeString:
    """`_form_fields.html` for `form` (a filter form with fixed choices, bound to request.GET
    or unbound, or a `clean_filter`)."""
    if isinstance(form, CleanFilter):
        return form.html
    if not form.is_bound or not form.is_valid():
        return _render(form)
    return _rendered(type(form), _submitted(form.data, form.fields))


def _submitted(data: Any, fields: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The submitted values of the form's `fields` in `data`, as a key: the one thing besides
    the form's class that reaches its cleaned values and its HTML."""
    return tuple(sorted((name, tuple(values)) for name, values in data.lists()
                        if name in fields))


@lru_cache(maxsize=512)
def _rendered(form_class: type[forms.Form], submitted: tuple[tuple[str, tuple[str, ...]], ...]
              ) -> SafeString:
    # Rebuilt from the key alone: nothing but the class and these values reaches the HTML.
    form = form_class(MultiValueDict({name: list(values) for name, values in submitted}))
    form.is_valid()
    return _render(form)


def _render(form: Any) -> SafeString:
    return mark_safe(render_to_string("_form_fields.html", {"form": form}))  # engine-escaped
