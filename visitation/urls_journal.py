"""Journal work: the mentor's workspace, journal entries, reviews, calendar feed, follow-up."""

from django.urls import path

from visitation import views_journal as views

urlpatterns = [
    path("mentor/", views.mentor_workspace, name="mentor_workspace"),
    path("mentor/calendar/", views.calendar_settings, name="calendar_settings"),
    path("mentor/calendar/new/", views.calendar_token_regenerate,
         name="calendar_token_regenerate"),
    path("mentor/calendar/revoke/", views.calendar_token_revoke, name="calendar_token_revoke"),
    path("calendar/<str:token>.ics", views.mentor_calendar_feed, name="mentor_calendar_feed"),
    path("courses/<int:pk>/journal/", views.journal_list, name="journal_list"),
    path("courses/<int:pk>/journal/new/", views.journal_entry_add, name="journal_entry_add"),
    path("courses/<int:pk>/journal/draft/", views.journal_draft_save, name="journal_draft_save"),
    path("courses/<int:pk>/journal/draft/discard/", views.journal_draft_discard,
         name="journal_draft_discard"),
    path("journal/<int:pk>/", views.journal_entry_detail, name="journal_entry_detail"),
    path("journal/<int:pk>/edit/", views.journal_entry_edit, name="journal_entry_edit"),
    path("journal/<int:pk>/correct/", views.journal_entry_correct, name="journal_entry_correct"),
    path("reviews/<int:pk>/", views.review_form, name="review_form"),
    path("followup/", views.followup_overview, name="followup_overview"),
    path("followup/run/", views.followup_run, name="followup_run"),
    path("followup/tasks/<int:pk>/done/", views.followup_task_done, name="followup_task_done"),
    path("followup/tasks/<int:pk>/situation/", views.situation_record, name="situation_record"),
]
