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
