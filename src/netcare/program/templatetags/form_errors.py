"""`{{ message|named:field.label }}`: a form error that names its field, without naming it twice.

Django's own messages ("Enter a valid date.") do not say which field they are about, so the form
partial puts the label before them ("Performed on: Enter a valid date."); ours often start with
the label already ("Performed on cannot be in the future."), and a clinician reading
"Performed on: Performed on cannot be …" stumbles.
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def named(message: Any, label: Any) -> str:
    text, name = str(message), str(label or "")
    if not name or text.lower().startswith(name.lower()):
        return text
    return f"{name}: {text}"


@register.simple_tag
def summary_errors(*forms: Any) -> list[dict[str, str]]:
    """Every error of a page's forms and formsets, in page order, for one error summary
    (`_forms_error_summary.html`): `text` names its field (a lesion row's with "Lesion 2 — "),
    `anchor` is the id of the input to fix (empty for errors not about one visible field).
    None arguments (a form the page does not show) are skipped."""
    errors: list[dict[str, str]] = []
    for form in forms:
        if form is None or isinstance(form, str):  # not given, or not in the template's context
            continue
        if hasattr(form, "forms"):  # a formset: its own errors, then each row's
            errors += [{"text": str(e), "anchor": ""} for e in form.non_form_errors()]
            for number, row in enumerate(form.forms, start=1):
                errors += _form_errors(row, f"Lesion {number} — ")
        else:
            errors += _form_errors(form, "")
    return errors


def _form_errors(form: Any, prefix: str) -> list[dict[str, str]]:
    errors = [{"text": prefix + str(e), "anchor": ""} for e in form.non_field_errors()]
    errors.extend({"text": prefix + named(e, field.label),
                   "anchor": "" if field.is_hidden else (field.id_for_label or field.auto_id)}
                  for field in form for e in field.errors)
    return errors
