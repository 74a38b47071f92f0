from django.urls import path

from netcare.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("instructions/<slug:slug>/", views.instruction, name="instruction"),
    path("appointments/request/", views.request_visit, name="request"),
    path("appointments/<int:appointment_id>/cancel/", views.cancel_visit, name="cancel"),
    path("contact/", views.contact, name="contact"),
]
