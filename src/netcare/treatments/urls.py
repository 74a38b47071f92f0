from django.urls import path

from netcare.treatments import views

app_name = "treatments"
urlpatterns = [
    path("patients/<int:patient_id>/", views.patient_treatments, name="patient"),
    path("<int:treatment_id>/doses/", views.administer, name="administer"),
    path("injections-due/", views.injections_due, name="injections_due"),
]
