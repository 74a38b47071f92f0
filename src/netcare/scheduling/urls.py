from django.urls import path

from netcare.scheduling import views

app_name = "scheduling"
urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("book/<int:patient_id>/", views.book, name="book"),
    path("<int:appointment_id>/confirm/", views.confirm, name="confirm"),
    path("<int:appointment_id>/cancel/", views.cancel, name="cancel"),
    path("<int:appointment_id>/reschedule/", views.reschedule, name="reschedule"),
    path("<int:appointment_id>/complete/", views.complete, name="complete"),
    path("availability/", views.availability_index, name="availability_index"),
    path("availability/<int:clinician_id>/", views.availability, name="availability"),
]
