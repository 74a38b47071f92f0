from django.urls import path

from netcare.referrals import views

app_name = "referrals"
urlpatterns = [
    path("new/", views.referral_new, name="new"),
    path("thanks/", views.referral_thanks, name="thanks"),
    path("", views.queue, name="queue"),
    path("mine/", views.my_referrals, name="mine"),
    path("mine/<int:referral_id>/", views.my_referral_detail, name="mine_detail"),
    path("<int:referral_id>/", views.referral_detail, name="detail"),
    path("<int:referral_id>/triage/", views.referral_triage, name="triage"),
    path("<int:referral_id>/convert/", views.referral_convert, name="convert"),
    path("<int:referral_id>/documents/<int:document_id>/", views.document_download,
         name="document"),
]
