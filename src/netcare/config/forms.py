"""The form renderer: Django's built-in widgets through Jinja2, everything else as before.

A filter form of four fields cost ~1.3 ms of Django-template rendering on every worklist view
(one template per widget, one per option). Django ships the same widget templates for Jinja2,
which renders them several times faster; templates only the Django engine has (the admin's
widgets, any of ours) are still found there.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FastWidgetRenderer(BaseRenderer):
    def __init__(self) -> None:
        self._jinja = Jinja2()
        self._django = DjangoTemplates()

    def get_template(self, template_name: str) -> Any:
        try:
            return self._jinja.get_template(template_name)
        except TemplateDoesNotExist:
            return self._django.get_template(template_name)
