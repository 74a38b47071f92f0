from django.urls import path

from netcare.surveillance import views

app_name = "surveillance"
urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("patients/<int:patient_id>/", views.patient_plans, name="patient"),
    path("follow-ups/<int:follow_up_id>/", views.follow_up_action, name="follow_up"),
]
