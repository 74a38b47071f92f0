"""The fields of a list's filter form (GET), rendered once per set of submitted values.

The referral queue and the follow-up worklist show their filters on every view; rendering the
fields (select options built one by one) cost more than a fifth of a queue page. A filter form
has fixed choices and shows only what was submitted, so a valid form's HTML depends only on its
class and the submitted values of its fields: it is rendered once per process for each such
combination (the most recent 512 are kept). An invalid form, whose errors echo the input, is
rendered every time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict
from django.utils.safestring import SafeString, mark_safe


def fields_html(form: forms.Form) -> SafeString:
    """`_form_fields.html` for `form` (a filter form with fixed choices, bound to request.GET
    or unbound)."""
    if not form.is_bound or not form.is_valid():
        return _render(form)
    submitted = tuple(sorted((name, tuple(values)) for name, values in form.data.lists()
                             if name in form.fields))
    return _rendered(type(form), submitted)


@lru_cache(maxsize=512)
def _rendered(form_class: type[forms.Form], submitted: tuple[tuple[str, tuple[str, ...]], ...]
              ) -> SafeString:
    # Rebuilt from the key alone: nothing but the class and these values reaches the HTML.
    form = form_class(MultiValueDict({name: list(values) for name, values in submitted}))
    form.is_valid()
    return _render(form)


def _render(form: Any) -> SafeString:
    return mark_safe(render_to_string("_form_fields.html", {"form": form}))  # engine-escaped
