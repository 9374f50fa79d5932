"""Whether an event's status is what its citations support: the rules are schema.STATUS_RULES,
read here and in the editors' documentation, so that changing one is one line there.

A citation's stance says what its quote says about the event (reports, confirms, denies, or
context); its article's publisher says whose report it is. "Confirmed" by two reports means two
different publishers, never two quotes of one article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..catalogs import N_
from ..errors import one_of
from ..schema import STATUS_RULES, STATUSES, Needs
from .model import Citation


@dataclass(frozen=True)
class Cited:
    """What the rules look at in a citation: its stance and its article's publisher."""

    stance: str
    publisher: str


def met(status: str, cited: Iterable[Cited]) -> bool:
    """Whether the citations support the status: one of its ways, with every need of that way."""
    cited = tuple(cited)
    return any(all(_met(need, cited) for need in way) for way in STATUS_RULES[status])


def _met(need: Needs, cited: tuple[Cited, ...]) -> bool:
    return len({same_publisher(c.publisher) for c in cited if c.stance in need.stances}) >= need.publishers


def same_publisher(name: str) -> str:
    """A publisher's name as the rules compare it: 'Example Wire' and 'example  wire' are one."""
    return " ".join(name.casefold().split())


def unsupported(status: str, cited: Iterable[Cited]) -> str | None:
    """Why the citations do not support the status, and what to do, in an editor's words; None
    when they do."""
    cited = tuple(cited)
    if met(status, cited):
        return None
    supported = [other for other in STATUSES if other != status and met(other, cited)]
    instead = f", or set the status to what they support: {one_of(supported)}" if supported else ""
    return f"status '{status}' needs {rule(status)}; {_has(cited)}. Add {_missing(status, cited)}{instead}"


def _as_written(message: str) -> str:
    return message


def _plural_as_written(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


def rule(status: str, gettext: Callable[[str], str] = _as_written,
         ngettext: Callable[[str, str, int], str] = _plural_as_written) -> str:
    """The status's rule in words: "a 'confirms' citation, or 'reports' citations from 2 different
    publishers" (in a page's language, with its `gettext` and `ngettext`)."""
    _ = gettext
    return _(N_(", or ")).join(_(N_(" and ")).join(_need(need, _, ngettext) for need in way)
                               for way in STATUS_RULES[status])


def _need(need: Needs, _: Callable[[str], str], ngettext: Callable[[str, str, int], str]) -> str:
    stances = _(N_(" or ")).join(f"'{stance}'" for stance in need.stances)
    if need.publishers == 1:
        return _(N_("a %(stances)s citation")) % {"stances": stances}
    return ngettext("%(stances)s citations from %(count)s different publisher",  # the catalogs' plural forms
                    "%(stances)s citations from %(count)s different publishers",
                    need.publishers) % {"stances": stances, "count": need.publishers}


def _has(cited: tuple[Cited, ...]) -> str:
    if not cited:
        return "it has no citation"
    counts: dict[str, list[str]] = {}
    for c in cited:
        counts.setdefault(c.stance, []).append(c.publisher)
    return "its citations: " + "; ".join(f"{len(publishers)} '{stance}' ({', '.join(dict.fromkeys(publishers))})"
                                         for stance, publishers in counts.items())


def _missing(status: str, cited: tuple[Cited, ...]) -> str:
    """What would meet each way of the rule, from what the citations lack."""
    ways = []
    for way in STATUS_RULES[status]:
        lacking = [_lacking(need, cited) for need in way if not _met(need, cited)]
        ways.append(" and ".join(lacking))
    return ", or ".join(ways)


def _lacking(need: Needs, cited: tuple[Cited, ...]) -> str:
    stances = " or ".join(need.stances)
    if need.publishers == 1:
        return f"a quote with stance: {stances}"
    have = list(dict.fromkeys(c.publisher for c in cited if c.stance in need.stances))
    if have:
        return f"a '{stances}' quote from a publisher other than {', '.join(have)}"
    return f"'{stances}' quotes from {need.publishers} different publishers"


def leading(status: str, citations: tuple[Citation, ...]) -> tuple[Citation, ...]:
    """The quotes that carry an event's status, to show first: a denied event's denial, a disputed
    one's claim and denial, a confirmed one's confirmation (or its first report), a reported one's
    first report. Never empty when the event has a citation."""
    def first(*stances: str) -> Citation | None:
        return next((c for c in citations if c.stance in stances), None)

    if status == "denied":
        chosen = [first("denies")]
    elif status == "disputed":
        chosen = [first("reports", "confirms"), first("denies")]
    elif status == "confirmed":
        chosen = [first("confirms") or first("reports")]
    else:
        chosen = [first("reports", "confirms")]
    found = tuple(c for c in chosen if c is not None)
    return found or citations[:1]
