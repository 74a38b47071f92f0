from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "netcare.portal"
    label = "portal"
    verbose_name = "Patient portal"
