import logging

import pytest

from mentor.logging import RedactCprFilter, redact


@pytest.mark.parametrize("text", ["cpr 1705901234 here", "cpr 170590-1234 here"])
def test_a_cpr_number_is_redacted_from_log_text(text: str) -> None:
    assert "1234" not in redact(text)
    assert "******-****" in redact(text)


def test_longer_numbers_are_not_mistaken_for_cpr_numbers() -> None:
    assert redact("invoice 123456789012") == "invoice 123456789012"


def test_the_filter_redacts_formatted_arguments() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "looked up %s", ("1705901234",),
                               None)
    RedactCprFilter().filter(record)
    assert record.getMessage() == "looked up ******-****"
