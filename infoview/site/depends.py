"""Which record pages an edit can change, so that the others are not looked at.

Every record page shows its own record and records near it: the people of
an interview, a person's interviews, company and referrer, the records its
notes link to and those that link to it, and follow-ups about the people it
shows, which the rules derive from those people's other interviews. Near
means a few steps in the graph whose edges are the references records make
(`contact:`, `referrals:`, `referred_by:`, `company:`, wiki-links): no page
shows anything from further away than DEPTH steps.

So after an edit, only pages within DEPTH steps of a changed file, in the
graph as it was or as it is, can differ; every other page keeps the key it
had. An edit of notes alone (the journal's fields fingerprint unchanged)
reaches only the records its wiki-links name: no page shows another
record's notes, only the wiki-links in them, as backlinks on the pages they
link to. References are resolved through ids and names, so when a record is
added, removed or renamed, or a name or privacy changes (the journal's
identity), every page is looked at again.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple, Protocol

from ..journal.model import AnyRecord, Contact, Interview, Journal
from ..journal.notes import wikilink_targets
from .urls import url_of

DEPTH = 4


class Node(NamedTuple):
    """A journal file as the graph sees it (a named tuple: ten thousand of them
    are read back from the manifest on every build)."""

    sha: str  # of the file, as built
    page: str  # its page in the site
    links: tuple[str, ...]  # the pages (or unresolved names) it refers to
    wiki: tuple[str, ...] = ()  # the files of the records its notes' wiki-links name


Graph = Mapping[str, Node]  # journal path -> node


class Linking(Protocol):
    """What the graph reads of the site's view (view.SiteView)."""

    journal: Journal
    shas: Mapping[str, str]

    def company_of(self, contact: Contact) -> Any: ...

    def link_target(self, target: str) -> AnyRecord | None: ...

    def text(self, record: AnyRecord) -> str: ...


def graph(view: Linking, before: Graph | None = None) -> dict[str, Node]:
    """The public journal's references, file by file. A record declares its own
    references, so with the journal's identity unchanged, the nodes of files that
    did not change can be taken from the graph before."""
    nodes = {}
    journal, shas = view.journal, view.shas
    before = before or {}
    for record in journal.records():
        old = before.get(record.path)
        if old is not None and old.sha == shas.get(record.path, ""):
            nodes[record.path] = old
            continue
        links: list[str] = []
        if isinstance(record, Contact):
            if record.referred_by and record.referred_by in journal.contacts:
                links.append(url_of(journal.contacts[record.referred_by]))
            company = view.company_of(record)
            if company is not None:
                links.append(company.url)
        elif isinstance(record, Interview):
            links += [url_of(journal.contacts[c]) for c in record.contacts if c in journal.contacts]
            for ref in record.referrals:
                contact_id = journal.resolve_contact(ref)
                # (one without a record, by a digest: the graph is kept in the published manifest)
                unknown = "name:" + hashlib.sha256(ref.casefold().encode()).hexdigest()[:16]
                links.append(url_of(journal.contacts[contact_id]) if contact_id else unknown)
        wiki: list[str] = []
        written = view.text(record)
        if "[[" in written:
            for target in dict.fromkeys(wikilink_targets(written)):
                linked = view.link_target(target)
                if linked is not None:
                    links.append(url_of(linked))
                    if linked.path != record.path:
                        wiki.append(linked.path)
        page = url_of(record)
        nodes[record.path] = Node(shas.get(record.path, ""), page, tuple(dict.fromkeys(links)),
                                  tuple(dict.fromkeys(wiki)))  # fmt: skip
    return nodes


def identity(journal: Journal) -> str:
    """What references are resolved through, and which records are public: every
    record's path and id, names, privacy."""
    parts = [
        *((c.path, c.id, c.name.casefold(), c.private) for c in journal.contacts.values()),
        *((i.path, i.id, journal.is_private(i)) for i in journal.interviews.values()),
        *((c.path, c.id, c.name.casefold(), c.private) for c in journal.companies.values()),
    ]
    parts.sort()
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def changed_files(before: Graph, now: Graph) -> set[str]:
    """The files added, removed or changed between the two graphs."""
    changed = {path for path, node in now.items() if (old := before.get(path)) is None or old.sha != node.sha}
    changed.update(before.keys() - now.keys())
    return changed


def affected(
    before: Graph, now: Graph, same_fields: bool = False, changed: set[str] | None = None
) -> set[str]:
    """The pages within DEPTH steps of a file that changed, in either graph.
    When the journal's fields fingerprint is the same (notes edited), the pages of the
    changed files and of the records their notes' wiki-links name, as they
    were or are (those list them as backlinks): what else a page shows of
    another record (its name, date, status) is part of the fields fingerprint.
    (changed: changed_files(before, now), where the caller has it.)"""
    changed = changed_files(before, now) if changed is None else changed
    if same_fields:
        touched = [graph[p] for graph in (before, now) for p in changed if p in graph]
        linked = {
            graph[w].page for graph in (before, now) for node in touched for w in node.wiki if w in graph
        }
        return {node.page for node in touched} | linked
    edges: dict[str, set[str]] = defaultdict(set)
    for nodes in (now, {p: before[p] for p in changed if p in before}):
        _connect(edges, nodes.values())
    start = {nodes[p].page for nodes in (before, now) for p in changed if p in nodes}
    seen, frontier = set(start), start
    for _step in range(DEPTH):
        frontier = {n for page in frontier for n in edges.get(page, ()) if n not in seen}
        seen |= frontier
    return seen


def _connect(edges: dict[str, set[str]], nodes: Iterable[Node]) -> None:
    for node in nodes:
        for link in node.links:
            edges[node.page].add(link)
            edges[link].add(node.page)


def dumps(nodes: Graph) -> dict[str, list]:
    """The graph as the site's manifest holds it: by page, not by the journal's
    file names (the manifest is published, and a file name may say what the
    page's address does not: a number, with --redact)."""
    page = {path: node.page for path, node in nodes.items()}
    return {n.page: [n.sha, list(n.links), [page[w] for w in n.wiki if w in page]] for n in nodes.values()}


def dumps_text(nodes: Graph, kept: dict[Node, str] | None = None) -> str:
    """dumps(nodes) written as JSON. kept (in a process that builds again):
    each node's part as written the last time, for the same identity (then
    every file has the page it had); it is left holding this graph's."""
    if kept is None:  # (all at once is faster than part by part)
        return json.dumps(dumps(nodes), separators=(",", ":"))
    page = {path: node.page for path, node in nodes.items()}
    parts = {node: kept.get(node) or json.dumps({node.page: [node.sha, node.links, [page[w] for w in node.wiki
                                                                                   if w in page]]})[1:-1]
             for node in nodes.values()}  # fmt: skip
    kept.clear()
    kept.update(parts)
    return "{" + ",".join(parts.values()) + "}"


def loads(data: object, files: Mapping[str, str]) -> Graph | None:
    """The graph as a manifest holds it, by the journal's file names again
    (files: page -> the file it shows, as the journal is now: the same
    records as then, since its identity is the same); None if it holds none
    (or a damaged one)."""
    if not isinstance(data, dict):
        return None
    try:
        nodes = {files[str(page)]: Node(str(sha), str(page), tuple(map(str, links)),
                                        tuple(files[str(w)] for w in wiki if str(w) in files))
                 for page, (sha, links, wiki) in data.items() if str(page) in files}  # fmt: skip
    except (TypeError, ValueError):
        return None
    return nodes
