from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "netcare.audit"
    label = "audit"
    verbose_name = "Audit trail"
