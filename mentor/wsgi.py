"""The WSGI entry point (gunicorn in production and in ``make bench``).

After Django is set up, the URLconf and every view module it names are imported and the heap
is frozen (``gc.freeze``): the objects of the loaded code stay for the process's life, and
without the freeze each full collection of the cyclic garbage collector walks them all, inside
some request's time. Frozen, a full collection walks only what the requests left behind.
Under ``gunicorn --preload`` the frozen heap is also shared between the workers' memory pages
(no copy-on-write from the collector).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentor.settings")
application = get_wsgi_application()


def freeze_loaded_code() -> None:
    from django.urls import get_resolver

    # Import the views (Django does it lazily at the first request) so that they are frozen.
    get_resolver().url_patterns  # noqa: B018 - the attribute's import is the point
    gc.collect()
    gc.freeze()


freeze_loaded_code()
