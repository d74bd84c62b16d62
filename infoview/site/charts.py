"""Charts as inline SVG, made at build time: no chart library, no script.

Every label is escaped; sizes are computed here, colours come from the
stylesheet through class names, so dark mode and print work.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

CARD_WIDTH = 320  # what a chart has inside its card on a 390 px phone


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    label = escape(title)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{label}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{label}</title>{"".join(body)}</svg>'
    )


def monthly(rows: Sequence[tuple[str, int, int]], title: str = "Interviews per month") -> Markup:
    """Columns per month: all conversations, with the done ones inside."""
    rows = list(rows)[-18:]
    if not rows:
        return Markup('<p class="empty">No interviews yet.</p>')
    bar, gap, height, top, bottom = 28, 10, 160, 18, 34
    width = max(len(rows) * (bar + gap) + gap, 200)
    peak = max(max(r[2] for r in rows), 1)
    body = []
    for i, (month, done, every) in enumerate(rows):
        x = gap + i * (bar + gap)
        h_all = round(height * every / peak)
        h_done = round(height * done / peak)
        y_all = top + height - h_all
        y_done = top + height - h_done
        tip = escape(f"{month}: {done} done, {every} in all")
        body.append(
            f"<g><title>{tip}</title>"
            f'<rect class="bar-all" x="{x}" y="{y_all}" width="{bar}" height="{h_all}" rx="3"/>'
            f'<rect class="bar-done" x="{x}" y="{y_done}" width="{bar}" height="{h_done}" rx="3"/>'
            f'<text class="value" x="{x + bar / 2}" y="{y_all - 4}">{every}</text>'
            f'<text class="axis" x="{x + bar / 2}" y="{top + height + 14}">{escape(month[5:])}</text>'
            + (
                f'<text class="axis" x="{x + bar / 2}" y="{top + height + 28}">{escape(month[:4])}</text>'
                if i == 0 or month.endswith("-01")
                else ""
            )
            + "</g>"
        )
    return _svg(width, top + height + bottom, title, body)


def horizontal(rows: Sequence[tuple[str, int, int | None]], title: str, unit: str = "") -> Markup:
    """One bar per row: (label, value, inner value or None), inner drawn inside."""
    rows = list(rows)
    if not rows:
        return Markup('<p class="empty">Nothing to show yet.</p>')
    room = 80 if any(r[2] is not None for r in rows) else 40  # for "6 met of 6"
    # as wide as the longest label (13 px text), and the whole no wider than a phone's card
    label_w = min(150, 16 + 8 * max(len(r[0]) for r in rows))
    bar_w, row_h = max(110, CARD_WIDTH - label_w - room), 26
    peak = max(max(r[1] for r in rows), 1)
    body = []
    for i, (label, value, inner) in enumerate(rows):
        y = 8 + i * row_h
        w = round(bar_w * value / peak)
        tip = escape(f"{label}: {value}{unit}" + (f" ({inner} met)" if inner is not None else ""))
        parts = [
            f"<g><title>{tip}</title>",
            f'<text class="label" x="{label_w - 8}" y="{y + 14}">{escape(label)}</text>',
            f'<rect class="bar-all" x="{label_w}" y="{y}" width="{max(w, 1)}" height="18" rx="3"/>',
        ]
        if inner is not None:
            wi = round(bar_w * inner / peak)
            parts.append(f'<rect class="bar-done" x="{label_w}" y="{y}" width="{wi}" height="18" rx="3"/>')
        text = f"{inner} met of {value}" if inner is not None else f"{value}"
        x_text = label_w + max(w, 1) + 5
        parts.append(f'<text class="value-end" x="{x_text}" y="{y + 14}">{escape(text)}</text>')
        parts.append("</g>")
        body.append("".join(parts))
    return _svg(label_w + bar_w + room, 12 + len(rows) * row_h, title, body)
