"""The base layout's tags: ``{% layout %}``, which renders a Django page's blocks and puts them
into the one layout, ``base.jinja`` (mentor/jinja.py), and ``{% pagination %}``, the page links
(one template for Django and Jinja2 pages)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from mentor.jinja import render_layout, render_partial

register = template.Library()


class LayoutNode(template.Node):
    """``{% layout %}title{% layout_content %}content{% layout_scripts %}scripts{% endlayout %}``:
    the three parts rendered here, the layout around them by Jinja2. The parts hold the
    ``{% block %}`` tags that pages fill, found through ``child_nodelists``."""

    child_nodelists = ("title", "content", "scripts")

    def __init__(self, title: template.NodeList, content: template.NodeList,
                 scripts: template.NodeList) -> None:
        self.title, self.content, self.scripts = title, content, scripts

    def render(self, context: Any) -> SafeString:
        html = render_layout(context.get("request"), title=self.title.render(context),
                             content=self.content.render(context),
                             scripts=self.scripts.render(context))
        return mark_safe(html)  # noqa: S308 - rendered by Jinja2 with autoescape


@register.tag
def layout(parser: Any, token: Any) -> LayoutNode:
    title = parser.parse(("layout_content",))
    parser.delete_first_token()
    content = parser.parse(("layout_scripts",))
    parser.delete_first_token()
    scripts = parser.parse(("endlayout",))
    parser.delete_first_token()
    return LayoutNode(title, content, scripts)


@register.simple_tag(takes_context=True)
def pagination(context: Any) -> SafeString:
    """The page links of a Django page (``includes/pagination.html``), from the same Jinja2
    template as the Jinja2 pages use, with the context's ``page`` and ``query_string``."""
    page = context.get("page")
    if page is None:
        return mark_safe("")  # noqa: S308
    html = render_partial(context.get("request"), "includes/pagination.jinja", {
        "page": page, "query_string": context.get("query_string", "")})
    return mark_safe(html)  # noqa: S308 - rendered by Jinja2 with autoescape
