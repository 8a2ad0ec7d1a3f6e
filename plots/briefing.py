#!/usr/bin/python3
"""plots/briefing.py: a small document model for briefings written twice, as Markdown and as a self-contained HTML page
(findings.py): headings, paragraphs, lists, tables and one embedded figure, rendered from the same blocks so that the
two versions cannot say different things."""

import base64
import html
import re

from report_html import STYLE


class Document:
    def __init__(self, title):
        self.title = title
        self.blocks = []

    def heading(self, level, text, anchor=None):
        self.blocks.append(("h", level, text, anchor))

    def paragraph(self, text):
        self.blocks.append(("p", text))

    def bullets(self, items):
        self.blocks.append(("ul", list(items)))

    def table(self, head, rows):
        self.blocks.append(("table", list(head), [list(r) for r in rows]))

    def figure(self, path_from_markdown, png, caption):
        self.blocks.append(("figure", path_from_markdown, png, caption))

    # ------------------------------------------------------------------------------------------------ Markdown

    def markdown(self):
        out = [f"# {self.title}", ""]
        for block in self.blocks:
            kind = block[0]
            if kind == "h":
                out += ["#" * block[1] + " " + block[2], ""]
            elif kind == "p":
                out += [block[1], ""]
            elif kind == "ul":
                out += [f"- {item}" for item in block[1]] + [""]
            elif kind == "table":
                head, rows = block[1], block[2]
                out.append("| " + " | ".join(head) + " |")
                out.append("|" + "---|" * len(head))
                out += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
                out.append("")
            elif kind == "figure":
                out += [f"![{block[3]}]({block[1]})", "", f"*{block[3]}*", ""]
        return "\n".join(out)

    # ---------------------------------------------------------------------------------------------------- HTML

    def html(self):
        body = []
        for block in self.blocks:
            kind = block[0]
            if kind == "h":
                anchor = f' id="{html.escape(block[3])}"' if block[3] else ""
                body.append(f"<h{block[1] + 1}{anchor}>{inline(block[2])}</h{block[1] + 1}>")
            elif kind == "p":
                body.append(f"<p>{inline(block[1])}</p>")
            elif kind == "ul":
                body.append("<ul>" + "".join(f"<li>{inline(item)}</li>" for item in block[1]) + "</ul>")
            elif kind == "table":
                head = "".join(f"<th>{inline(h)}</th>" for h in block[1])
                rows = "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in row) + "</tr>" for row in block[2])
                body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
            elif kind == "figure":
                data = base64.b64encode(block[2]).decode("ascii")
                body.append(f'<figure><img alt="{html.escape(block[3])}" src="data:image/png;base64,{data}">'
                            f"<figcaption>{inline(block[3])}</figcaption></figure>")
        return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(self.title)}</title>'
                f"<style>{STYLE}</style></head><body>\n<h1>{html.escape(self.title)}</h1>\n" + "\n".join(body)
                + "\n</body></html>\n")


CODE = re.compile(r"`([^`]+)`")
BOLD = re.compile(r"\*\*([^*]+)\*\*")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def inline(text):
    """The Markdown this model writes inside a block (code, bold, links) as HTML, everything else escaped."""
    out = html.escape(text, quote=False)
    out = CODE.sub(lambda m: f"<code>{m.group(1)}</code>", out)
    out = BOLD.sub(lambda m: f"<strong>{m.group(1)}</strong>", out)
    return LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', out)
