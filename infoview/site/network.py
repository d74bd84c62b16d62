"""The referral network — who introduced whom — as an inline SVG graph.

Nodes are contacts taking part in an introduction (`referred_by`, or a
referral named in an interview), and the people suggested who are not in
the journal yet (their names, without a link); an arrow goes from the person who made the
introduction to the person introduced. Layout is by generation, left to
right, so chains read like sentences. Deterministic: same journal, same
picture.
"""

from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup, escape

from ..journal.model import Journal, Kind
from .urls import record_url

ROW_H, NODE_R, PAD = 46, 7, 20


def edges(journal: Journal) -> list[tuple[str, str]]:
    """(introducer, introduced) pairs between contacts, without duplicates."""
    found: dict[tuple[str, str], None] = {}
    for contact in sorted(journal.contacts.values(), key=lambda c: c.id):
        introducer = contact.referred_by
        if introducer is not None and introducer in journal.contacts and introducer != contact.id:
            found[(introducer, contact.id)] = None
    for interview in sorted(journal.interviews.values(), key=lambda i: i.when.sort_key):
        for name in interview.referrals:
            target = journal.resolve_contact(name)
            for source in interview.contacts:
                if target and source in journal.contacts and source != target:
                    found[(source, target)] = None
    return list(found)


def named_referrals(journal: Journal) -> list[tuple[str, str]]:
    """(introducer, name) for referrals of people not in the journal yet."""
    found: dict[tuple[str, str], str] = {}
    for interview in sorted(journal.interviews.values(), key=lambda i: i.when.sort_key):
        for name in interview.referrals:
            if journal.resolve_contact(name) is None:
                for source in interview.contacts:
                    if source in journal.contacts:
                        found.setdefault((source, name.casefold()), name)
    return [(source, name) for (source, _key), name in found.items()]


_NAMED = "~"  # a node that is a name, not a contact's id


def _label(journal: Journal, node: str) -> str:
    return node[1:] if node.startswith(_NAMED) else journal.contacts[node].name


def _generations(nodes: list[str], links: list[tuple[str, str]]) -> dict[str, int]:
    parents: dict[str, list[str]] = defaultdict(list)
    for a, b in links:
        parents[b].append(a)
    depth: dict[str, int] = {}

    def visit(node: str, trail: frozenset[str]) -> int:
        if node in depth:
            return depth[node]
        ups = [p for p in parents[node] if p not in trail]
        value = 0 if not ups else 1 + max(visit(p, trail | {node}) for p in ups)
        depth[node] = value
        return value

    for node in nodes:
        visit(node, frozenset())
    return depth


def _text_width(text: str) -> int:
    """Roughly how wide a 13px label is, for spacing columns."""
    return int(len(text) * 7.4) + 4


def _columns(
    journal: Journal, nodes: list[str], links: list[tuple[str, str]], depth: dict[str, int]
) -> dict[int, list[str]]:
    """Nodes per generation, each ordered by the rows of its introducers."""
    parents: dict[str, list[str]] = defaultdict(list)
    for a, b in links:
        parents[b].append(a)
    columns: dict[int, list[str]] = defaultdict(list)
    row: dict[str, float] = {}
    for level in sorted(set(depth.values())):
        members = [n for n in nodes if depth[n] == level]

        def key(node: str) -> tuple[float, str]:
            ups = [row[p] for p in parents[node] if p in row]
            return (sum(ups) / len(ups) if ups else 0.0, _label(journal, node).casefold())

        members.sort(key=key)
        for index, node in enumerate(members):
            row[node] = index
        columns[level] = members
    return columns


def graph(journal: Journal, today_stage: dict[str, str], root: str = "") -> Markup:
    links = edges(journal) + [(source, _NAMED + name) for source, name in named_referrals(journal)]
    if not links:
        return Markup('<p class="empty">No introductions recorded yet.</p>')
    nodes = sorted({n for link in links for n in link})
    depth = _generations(nodes, links)
    label_w = {n: _text_width(_label(journal, n)) for n in nodes}
    col_w = max(label_w.values()) + NODE_R * 2 + 70
    columns = _columns(journal, nodes, links, depth)
    where = {}
    for col, members in columns.items():
        for row, node in enumerate(members):
            where[node] = (PAD + NODE_R + col * col_w, PAD + NODE_R + row * ROW_H)
    width = PAD * 2 + max(columns) * col_w + NODE_R * 2 + max(label_w.values()) + 10
    height = PAD * 2 + max(len(m) for m in columns.values()) * ROW_H
    body = [
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path class="arrow" d="M 0 0 L 10 5 L 0 10 z"/>'
        "</marker></defs>"
    ]
    for a, b in links:
        (x1, y1), (x2, y2) = where[a], where[b]
        start = x1 + NODE_R + 10 + label_w[a]
        mid = (start + x2) / 2
        body.append(
            f'<path class="edge" d="M {start} {y1} C {mid} {y1}, {mid} {y2}, {x2 - NODE_R - 2} {y2}" '
            'marker-end="url(#arrow)"/>'
        )
    for node in nodes:
        x, y = where[node]
        if node.startswith(_NAMED):  # someone suggested who is not in the journal: no page to link
            name = escape(_label(journal, node))
            body.append(f'<g class="node stage-none"><title>{name} (not in the journal yet)</title>'
                        f'<circle cx="{x}" cy="{y}" r="{NODE_R}"/>'
                        f'<text x="{x + NODE_R + 6}" y="{y + 4}">{name}</text></g>')  # fmt: skip
            continue
        contact = journal.contacts[node]
        stage = escape(today_stage.get(node, "prospect"))
        href = escape(root + record_url(Kind.CONTACT, node))
        body.append(
            f'<a href="{href}"><g class="node stage-{stage}"><title>{escape(contact.name)} ({stage})</title>'
            f'<circle cx="{x}" cy="{y}" r="{NODE_R}"/>'
            f'<text x="{x + NODE_R + 6}" y="{y + 4}">{escape(contact.name)}</text></g></a>'
        )
    return Markup(
        f'<svg class="network" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="group" aria-label="Who introduced whom: each person links to their page" '
        'xmlns="http://www.w3.org/2000/svg">'
        f"<title>Who introduced whom</title>{''.join(body)}</svg>"
    )
