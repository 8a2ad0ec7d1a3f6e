#!/usr/bin/python3
"""plots/report_html.py: the pieces of the HTML report that the page of a run (report.py) and of a run in stages
(report_stages.py) share: escaping, numbers, tables, embedded figures, the warnings, the style."""

import base64
import html
import io

import common

FIGURE_DPI = 100    # 12 x 8 inches at 100 dpi: 1200 x 800 pixels, sharp at the page's width of 1100 pixels


def png_bytes(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI)
    return buffer.getvalue()


def e(value):
    return html.escape(str(value))


def num(value, digits=4):
    """A number as the summary prints it: 4 significant digits; an option name as it is."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value:.{digits}g}"


def table(head, rows, classes=""):
    out = [f'<table class="{classes}"><thead><tr>' + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def warnings_section(summary):
    warnings = summary.get("warnings", [])
    items = "".join(f"<li>{e(w)}</li>" for w in warnings) if warnings else "<li>none</li>"
    return f'<h2>Warnings</h2>\n<ul class="warnings">{items}</ul>'


def figure(drawn, name, with_heading=True):
    """A drawn figure as an <img> of PNG data (nothing if it was not drawn)."""
    if name not in drawn:
        return ""
    heading, caption, png = drawn[name]
    data = base64.b64encode(png).decode("ascii")
    title = f"<h2>{e(heading)}</h2>" if with_heading else ""
    return (f'<figure id="figure-{name}">{title}<img alt="{e(heading)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{e(caption)}</figcaption></figure>")


def not_drawn(skipped):
    if not skipped:
        return ""
    return ('<p class="skipped">Not drawn: ' + "; ".join(f"{e(h.lower())} ({e(why)})" for _, h, why in skipped)
            + ".</p>")


STYLE = """
body { font-family: sans-serif; max-width: 1100px; margin: 1.5em auto; padding: 0 1em; color: #111; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; }
p.description { color: #333; font-size: 0.95em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
thead th { background: #e8eef5; }
table.summary td:nth-child(2) { white-space: nowrap; }
ul.warnings li { color: #8a3b00; margin-bottom: 0.3em; }
figure { margin: 0; } figure img { width: 100%; height: auto; border: 1px solid #ddd; }
figcaption, p.skipped { color: #444; font-size: 0.9em; }
"""


ISSUE_HEAD = ["issue", "unit", "deals", "median", "middle 90%", "mass points (share of deals)", "mode"]


def issue_rows(summary, scenario):
    """Per issue of the scenario: its row of the deals table, and whether the summary lacks mass points."""
    rows = []
    missing_mass = False
    for issue in scenario.issues:
        s = summary["issues"][issue["id"]]
        q = s.get("quantiles", {})
        middle = s.get("central_intervals", {}).get("90") or [None, None]
        if "mass_points" in s:
            points = [f'{"" if m.get("exact", True) else "about "}{e(num(m["value"]))} ({common.percent(m["share"])})'
                      for m in s["mass_points"]]
            mass = ", ".join(points) or "none"
        else:
            mass, missing_mass = "–", True
        mode = e(s["mode"]) if s.get("mode") is not None else ("–" if common.is_discrete(issue) else "")
        rows.append([e(issue["label"]), e(issue["unit"] or ("option" if common.is_discrete(issue) else "")),
                     str(s.get("deals", "–")), e(num(q.get("q50"))),
                     f"{e(num(middle[0]))} to {e(num(middle[1]))}", mass, mode])
    return rows, missing_mass
