"""Django's admin app with netcare's site (`admin_site.NetcareAdminSite`) as `admin.site`.

A module of its own: it is imported while the app registry is being filled, before the site's
module (which reads the policy and the models) may be."""

from django.contrib.admin.apps import AdminConfig


class NetcareAdminConfig(AdminConfig):
    default_site = "netcare.config.admin_site.NetcareAdminSite"
