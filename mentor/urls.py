from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from mentor import views, views_ops, views_sso

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("healthz", views_ops.healthz, name="healthz"),
    path("readyz", views_ops.readyz, name="readyz"),
    path("metrics", views_ops.metrics, name="metrics"),
    path("accessibility/", views.accessibility_statement, name="accessibility_statement"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    # Ends the identity provider's session too after a single sign-on (mentor/views_sso.py).
    path("logout/", views_sso.logout, name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all,
         name="notification_read_all"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("mentor.urls_sso")),
    path("", include("mentor.urls_core")),
    path("", include("visitation.urls")),
    path("", include("agreements.urls")),
    path("", include("reporting.urls")),
    path("", include("reporting.urls_money")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("mentor.api.urls")),
]

# The error pages inside the layout (mentor/views_errors.py); used whenever DEBUG is off.
handler400 = "mentor.views_errors.bad_request"
handler403 = "mentor.views_errors.permission_denied"
handler404 = "mentor.views_errors.page_not_found"
handler500 = "mentor.views_errors.server_error"
