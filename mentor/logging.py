"""Logging filters: a CPR number never reaches a log line or an error report."""

import logging

# One pattern for every way of writing a CPR number, shared with the free-text check.
from mentor.cpr import redact

__all__ = ["RedactCprFilter", "redact"]


class RedactCprFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        # A traceback can quote a CPR number too (an exception's message, a local variable):
        # format it here, redacted, and drop the raw exception so no handler formats it again.
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
