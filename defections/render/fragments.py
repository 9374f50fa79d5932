"""`{% cached key, ... %}…{% endcached %}`: a piece of a template rendered once per build for each
key, and the same HTML given to every page that shows it (as Hugo's partialCached is).

A quote's citation is on its event's page twice, on the page of each of the event's people, and
on the timeline: with the key `view.source, root, compact`, it is rendered once for each place
its links start from and each form. The key must name everything the piece shows that is not
the same on every page of the build: the record it shows, and `root` for its links.

Only a build from nothing keeps pieces (Renderer gives the environment a store), and only the
last KEPT_AT_MOST: it renders each person's page just before their events' pages
(pages.render_order), so what two pages share is found while it is still kept, and memory stays
flat however large the site. The preview renders each piece every time, recording what it reads
for the page that shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from markupsafe import Markup

KEPT_AT_MOST = 2000  # pieces: a few pages' worth (a person's page with their events' pages)


class Cached(Extension):
    tags = {"cached"}

    def __init__(self, environment: jinja2.Environment):
        super().__init__(environment)
        environment.extend(kept_fragments=None)  # {(template, line, key): HTML}, or None: render every time
        self._pieces = 0  # the pieces compiled so far in this environment

    def parse(self, parser: Any) -> nodes.Node:
        where = next(parser.stream)
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcached",), drop_needle=True)
        self._pieces += 1  # each piece its own place, even two on one line or in templates with no name
        place = nodes.Const(f"{parser.name}:{where.lineno}:{self._pieces}")
        return nodes.CallBlock(self.call_method("_kept", [place, nodes.Tuple(key, "load")]), [], [], body
                               ).set_lineno(where.lineno)

    def _kept(self, place: str, key: tuple, caller: Callable[[], Markup]) -> Markup:
        kept: dict | None = self.environment.kept_fragments  # type: ignore[attr-defined]
        whole = (place, tuple((type(value), value) for value in key))  # 1, 1.0 and True are three keys
        hash(whole)  # a key that cannot be one (a list, an undefined value) fails in the preview too
        if kept is None:
            return caller()
        found = kept.get(whole)
        if found is None:
            found = kept[whole] = caller()
            if len(kept) > KEPT_AT_MOST:
                del kept[next(iter(kept))]  # the one kept longest
        return found
