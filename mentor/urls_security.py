"""Security and audit: justified look-up, access log, CPR reveal, erasure, two-factor."""

from django.urls import path

from mentor import views_security, views_two_factor

urlpatterns = [
    path("lookup/", views_security.manager_lookup, name="manager_lookup"),
    path("access-log/", views_security.access_log_search, name="access_log_search"),
    path("access-log/<int:pk>/", views_security.access_log_citizen, name="access_log_citizen"),
    path("access-log/<int:pk>/export.csv", views_security.access_log_export,
         name="access_log_export"),
    path("access-log/<int:pk>/erase/", views_security.citizen_erase, name="citizen_erase"),
    path("citizens/<int:pk>/cpr/", views_security.citizen_cpr_reveal, name="citizen_cpr_reveal"),
    path("account/two-factor/", views_two_factor.otp_setup, name="otp_setup"),
    path("account/two-factor/password/", views_two_factor.otp_password, name="otp_password"),
    path("account/two-factor/verify/", views_two_factor.otp_verify, name="otp_verify"),
    path("account/two-factor/recovery-codes/", views_two_factor.otp_recovery_codes,
         name="otp_recovery_codes"),
    path("account/two-factor/recovery-codes/new/", views_two_factor.otp_recovery_regenerate,
         name="otp_recovery_regenerate"),
    path("users/<int:pk>/two-factor/reset/", views_two_factor.two_factor_reset,
         name="two_factor_reset"),
]
