"""Logging filters: a CPR number never reaches a log line or an error report."""

import logging

from pythonjsonlogger.json import JsonFormatter

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


class RedactingJsonFormatter(JsonFormatter):
    """One JSON object per line (python-json-logger). A record's extra fields are written too
    (Django's request logger adds the request, whose repr holds the path): the whole line is
    redacted, not just the message."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
