from django.urls import path

from netcare.patients import views

app_name = "patients"
urlpatterns = [
    path("", views.patient_list, name="list"),
    path("new/", views.patient_new, name="new"),
    path("<int:patient_id>/", views.chart, name="chart"),
    path("<int:patient_id>/edit/", views.patient_edit, name="edit"),
    path("me/", views.my_chart, name="my_chart"),
    path("<int:patient_id>/portal-account/", views.portal_account_new, name="portal_account_new"),
]
