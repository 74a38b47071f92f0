from django.urls import path

from netcare.tumorboard import views

app_name = "tumorboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("series/new/", views.series_new, name="series_new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:meeting_id>/move-open-cases/", views.meeting_move_open,
         name="meeting_move_open"),
    path("meetings/<int:meeting_id>/live/", views.meeting_live, name="live"),
    path("meetings/<int:meeting_id>/attendance/", views.meeting_attendance, name="attendance"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/pdf/", views.case_pdf, name="case_pdf"),
    path("cases/<int:case_id>/move/", views.case_move, name="case_move"),
    path("cases/<int:case_id>/withdraw/", views.case_withdraw, name="case_withdraw"),
    path("cases/<int:case_id>/present/", views.case_present, name="case_present"),
    path("cases/<int:case_id>/notes/", views.case_notes, name="case_notes"),
    path("cases/<int:case_id>/recommendation/", views.case_recommend, name="case_recommend"),
    path("recommendations/<int:reco_id>/sign-off/", views.reco_sign_off, name="sign_off"),
    path("recommendations/<int:reco_id>/amend/", views.reco_amend, name="amend"),
    path("tasks/", views.my_tasks, name="tasks"),
    path("metrics/", views.metrics, name="metrics"),
]
