"""The decision letters' entries in the permission matrix (tests/mentor/test_permission_matrix.py).

Each side's course gets its letter of grant on demand, its PDF stored (so that a download only
reads it) and, for the post room's pages, a print batch of the side's team holding it.
"""

from __future__ import annotations

from agreements import services_letters
from agreements.models_letters import Letter, LetterChannel, LetterStatus, PrintBatch
from mentor.models import AccessAction
from tests.mentor.url_matrix import (
    ADMINISTRATORS,
    CASE_WORK,
    CITIZEN_READERS,
    Case,
    Target,
)

# Caseworkers and team leaders of the citizen's team send a letter again; others who may see
# the citizen get 403, those who may not get 404.
REFUSED = (403, 404)


def letter(target: Target) -> Letter:
    course = target.side.course
    made = services_letters.letter_for_grant(actor=course.caseworker, course=course)
    services_letters.letter_pdf_stored(letter_id=made.pk)
    made.refresh_from_db()
    return made


def failed_letter(target: Target) -> Letter:
    made = letter(target)
    if made.status == "queued":
        services_letters.letter_delivery_failed(letter_id=made.pk)
        made.refresh_from_db()
    return made


def batch(target: Target) -> PrintBatch:
    made = letter(target)
    if made.print_batch_id:
        return made.print_batch  # type: ignore[return-value]
    # Waiting for print, whatever its delivery did (with eager tasks it may already have run).
    Letter.objects.filter(pk=made.pk).update(channel=LetterChannel.PRINT,
                                             status=LetterStatus.QUEUED)
    return services_letters.print_batch_create(actor=target.side.course.caseworker,
                                               team=target.side.course.team)


LETTER_MATRIX: dict[str, Case | tuple[Case, ...]] = {
    "letter_detail": Case(ok=CITIZEN_READERS, args=lambda t: [letter(t).pk],
                          logs=AccessAction.VIEW),
    "letter_download": Case(ok=CITIZEN_READERS, args=lambda t: [letter(t).pk],
                            logs=AccessAction.DOCUMENT),
    "letter_send_again": Case(ok=CASE_WORK, denied=REFUSED, method="POST", status=302,
                              args=lambda t: [failed_letter(t).pk], data={"channel": "print"}),
    # The post room: caseworkers and team leaders, their own teams' letters and batches.
    "letter_print": Case(ok=CASE_WORK, denied=403),
    "letter_print_batch_create": Case(ok=CASE_WORK, denied=403, method="POST", status=302,
                                      data={"team": ""}),
    "letter_print_batch_download": Case(ok=CASE_WORK, args=lambda t: [batch(t).pk],
                                        logs=AccessAction.DOCUMENT),
    "letter_print_batch_confirm": Case(ok=CASE_WORK, method="POST", status=302,
                                       args=lambda t: [batch(t).pk]),
    # Templates: administrators only.
    "letter_template_list": Case(ok=ADMINISTRATORS, denied=403),
    "letter_template_edit": (
        Case(ok=ADMINISTRATORS, denied=403, scope="any", args=lambda t: ["grant", "da"]),
        Case(ok=ADMINISTRATORS, denied=403, scope="any", args=lambda t: ["end", "en"],
             method="POST", status=400,
             data={"subject": "X", "body": "Kære {ukendt}", "save": "1"}),
    ),
    "letter_template_preview": Case(ok=ADMINISTRATORS, denied=403, scope="any",
                                    args=lambda t: ["rejection", "en"]),
}
