"""Agreement URLs (names start with ``agreement_``) and decision letter URLs (``letter_``)."""

from django.urls import path

from agreements import views, views_letters

urlpatterns = [
    path("courses/<int:course_pk>/agreements/", views.agreement_course,
         name="agreement_course"),
    path("courses/<int:course_pk>/agreements/draft/", views.agreement_draft_open,
         name="agreement_draft_open"),
    path("courses/<int:course_pk>/agreements/new-version/", views.agreement_new_version,
         name="agreement_new_version"),
    path("agreements/bulk/", views.agreement_bulk_issue, name="agreement_bulk_issue"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/issue/", views.agreement_issue, name="agreement_issue"),
    path("agreements/<int:pk>/discard/", views.agreement_discard, name="agreement_discard"),
    path("agreements/<int:pk>/acceptance/", views.agreement_acceptance,
         name="agreement_acceptance"),
    path("agreements/<int:pk>/pdf/", views.agreement_download, name="agreement_download"),
    path("agreements/<int:pk>/preview/", views.agreement_preview, name="agreement_preview"),
    # Decision letters
    path("letters/<int:pk>/", views_letters.letter_detail, name="letter_detail"),
    path("letters/<int:pk>/pdf/", views_letters.letter_download, name="letter_download"),
    path("letters/<int:pk>/send-again/", views_letters.letter_send_again,
         name="letter_send_again"),
    path("letters/print/", views_letters.letter_print, name="letter_print"),
    path("letters/print/batches/", views_letters.letter_print_batch_create,
         name="letter_print_batch_create"),
    path("letters/print/batches/<int:pk>/pdf/", views_letters.letter_print_batch_download,
         name="letter_print_batch_download"),
    path("letters/print/batches/<int:pk>/printed/", views_letters.letter_print_batch_confirm,
         name="letter_print_batch_confirm"),
    path("letters/templates/", views_letters.letter_template_list,
         name="letter_template_list"),
    path("letters/templates/<slug:kind>/<slug:language>/", views_letters.letter_template_edit,
         name="letter_template_edit"),
    path("letters/templates/<slug:kind>/<slug:language>/preview/",
         views_letters.letter_template_preview, name="letter_template_preview"),
]
