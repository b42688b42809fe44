"""Referral pages and visitation (the team leader's approval queue and actions)."""

from django.urls import path

from visitation import views_referrals as views

urlpatterns = [
    path("referrals/", views.referral_list, name="referral_list"),
    path("citizens/<int:citizen_pk>/referrals/new/", views.referral_create,
         name="referral_create"),
    path("citizens/<int:citizen_pk>/referrals/preview/", views.referral_decision_preview,
         name="referral_decision_preview"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/replay/", views.referral_replay, name="referral_replay"),
    path("referrals/<int:pk>/edit/", views.referral_edit, name="referral_edit"),
    path("referrals/<int:pk>/withdraw/", views.referral_withdraw, name="referral_withdraw"),
    path("visitation/", views.approval_queue, name="approval_queue"),
    path("visitation/<int:pk>/approve/", views.referral_approve, name="referral_approve"),
    path("visitation/<int:pk>/reject/", views.referral_reject, name="referral_reject"),
    path("visitation/<int:pk>/return/", views.referral_return, name="referral_return"),
]
