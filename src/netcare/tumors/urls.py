from django.urls import path

from netcare.tumors import views

app_name = "tumors"
urlpatterns = [path("<int:tumor_id>/", views.detail, name="detail")]
