from django.urls import path

from netcare.workup import views

app_name = "workup"
urlpatterns = [
    path("patients/<int:patient_id>/", views.patient_workup, name="patient"),
    path("patients/<int:patient_id>/orders/", views.order_new, name="order_new"),
    path("patients/<int:patient_id>/<str:kind>/new/", views.result_new, name="result_new"),
    path("results/<str:kind>/<int:result_id>/", views.result_detail, name="result"),
    path("results/<str:kind>/<int:result_id>/correct/", views.result_correct, name="correct"),
    path("results/<str:kind>/<int:result_id>/release/", views.result_release, name="release"),
    path("me/", views.my_workup, name="mine"),
]
