from django.urls import path

from netcare.program import views

app_name = "program"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/<slug:slug>/", views.page, name="page"),
    path("calculators/", views.calculators_page, name="calculators"),
    path("sources/", views.sources_page, name="sources"),
]
