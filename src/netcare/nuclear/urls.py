from django.urls import path

from netcare.nuclear import views

app_name = "nuclear"
urlpatterns = [
    path("", views.home, name="home"),
    path("day/<str:day>/", views.day_view, name="day"),
    path("week/<str:day>/", views.week_view, name="week"),
    path("generator/", views.generator, name="generator"),
    path("plans/", views.plans, name="plans"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("plans/<int:plan_id>/accept/", views.plan_accept, name="plan_accept"),
    path("bookings/<str:kind>/<int:pk>/cancel/", views.cancel_booking, name="cancel"),
    path("patients/<int:patient_id>/pet/", views.pet_request_new, name="pet_request"),
    path("patients/<int:patient_id>/prrt/", views.course_page, name="course"),
    path("patients/<int:patient_id>/prrt/safety/", views.safety, name="safety"),
    path("cycles/<int:cycle_id>/<str:step>/", views.cycle_step, name="cycle_step"),
]
