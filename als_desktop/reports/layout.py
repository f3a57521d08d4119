"""The page of a care plan: size and margins, type, the header and footer on every page,
"Page x of y", and tables whose cells wrap.

Shared by the team copy and the family copy; only reports.team_plan imports it, so
reportlab is loaded when a plan is drawn, never when the window starts.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import FrameBreak

from als_desktop.clinical.rules_common import shown_date

# A4, with margins wide enough that the same page printed on US Letter at actual size loses
# nothing: Letter is 5.9 mm narrower and 17.6 mm shorter, taken evenly from both sides, and a
# printer cannot reach the last few millimetres of the sheet either.
PAGE_SIZE = A4
SIDE_MARGIN = 18 * mm
TOP_MARGIN = 32 * mm
BOTTOM_MARGIN = 30 * mm
HEADER_RULE_FROM_TOP = 27 * mm  # the header's one or two lines sit just above it
FOOTER_BASELINE = 16 * mm  # generated, version and page number; the notice and a rule above
FRAME_WIDTH = PAGE_SIZE[0] - 2 * SIDE_MARGIN
FRAME_HEIGHT = PAGE_SIZE[1] - TOP_MARGIN - BOTTOM_MARGIN

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
HEADER_FILL = colors.HexColor("#e8edf2")
BOX_FILL = colors.HexColor("#f4f6f8")

# The same colours as the window's severity markers, darkened enough to read as text on paper.
SEVERITY_COLOURS = {"urgent": "#b00020", "action": "#9a5b00", "due": "#1f5fa8", "info": "#555555"}

# DejaVu Sans, from the copy matplotlib ships (so it is on every machine that draws the plots):
# the PDF standard fonts have no Δ, ₂, −, ≥ or ×, which the plan prints.
FONT = "PlanSans"
FONT_BOLD = "PlanSans-Bold"
FONT_ITALIC = "PlanSans-Oblique"
FONT_BOLD_ITALIC = "PlanSans-BoldOblique"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    spec = importlib.util.find_spec("matplotlib")  # its folder only: importing it is not needed here
    assert spec is not None and spec.submodule_search_locations, "matplotlib is a dependency"
    folder = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    for name, file in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC)


def text(value: object) -> str:
    """Any recorded text made safe inside Paragraph markup."""
    return escape(str(value))


# ---------------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle  # sources, notes under a value
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_small: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle  # a section: "Disease summary", "Nutrition / dietetics"
    subheading: ParagraphStyle  # a part of a section: "Findings at this visit"
    empty: ParagraphStyle  # "Not assessed at this visit."
    header_size: float
    footer_size: float


def styles(*, family: bool) -> Styles:
    """9.5 pt for the team; for the patient and family 13 pt, and nothing under 12 pt."""
    register_fonts()
    size = 13.0 if family else 9.5
    small = 12.0 if family else 7.5
    leading = size * 1.3

    def style(name: str, **options: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "fontName": FONT, "fontSize": size, "leading": leading, "textColor": INK, "alignment": TA_LEFT,
        }
        base.update(options)
        return ParagraphStyle(name, **base)  # type: ignore[arg-type]

    return Styles(
        body=style("body", spaceAfter=size * 0.4),
        small=style("small", fontSize=small, leading=small * 1.25, textColor=MUTED),
        cell=style("cell"),
        cell_bold=style("cell_bold", fontName=FONT_BOLD),
        cell_small=style("cell_small", fontSize=small, leading=small * 1.25, textColor=MUTED),
        title=style("title", fontName=FONT_BOLD, fontSize=size * 1.9, leading=size * 2.3, spaceAfter=size * 0.2),
        subtitle=style("subtitle", fontSize=size * 1.1, leading=size * 1.45, textColor=MUTED, spaceAfter=size),
        heading=style("heading", fontName=FONT_BOLD, fontSize=size * 1.35, leading=size * 1.7,
                      spaceBefore=size * 1.2, spaceAfter=size * 0.35, keepWithNext=1),
        subheading=style("subheading", fontName=FONT_BOLD, spaceBefore=size * 0.5, spaceAfter=size * 0.25,
                         keepWithNext=1),
        empty=style("empty", fontName=FONT_ITALIC, textColor=MUTED, spaceAfter=size * 0.4),
        header_size=12.0 if family else 8.5,
        footer_size=12.0 if family else 7.0,
    )


# ---------------------------------------------------------------------------------- tables


def table(
    rows: Sequence[Sequence[Flowable | str]],
    widths: Sequence[float],
    *,
    header: bool = True,
    padding: float = 3,
    extra: Sequence[tuple] = (),
    row_heights: Sequence[float | None] | None = None,
) -> Table:
    """A table of Paragraph cells (they wrap) on the frame width; the header row repeats on a
    new page and a row never splits across pages."""
    total = sum(widths)
    col_widths = [FRAME_WIDTH * w / total for w in widths]
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding + 1),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL), ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK)]
    commands += list(extra)
    return Table([list(row) for row in rows], colWidths=col_widths, rowHeights=row_heights,
                 repeatRows=1 if header else 0, hAlign="LEFT", style=TableStyle(commands))


def boxed(flowables: Sequence[Flowable], *, padding: float = 8) -> Table:
    """Flowables in a light box (the family copy's questions and contacts)."""
    return Table([[list(flowables)]], colWidths=[FRAME_WIDTH], hAlign="LEFT", style=TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.8, RULE),
        ("BACKGROUND", (0, 0), (-1, -1), BOX_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]))


# ------------------------------------------------------------------ headings kept with text


class KeepHeadingWithStart(KeepTogether):
    """A heading (or several) kept with the START of what follows, not all of it.

    reportlab's own keepWithNext moves a heading and the whole of a long table to the next
    page, leaving half a page empty; this moves them only when the heading and the first rows
    (or first lines, or a whole image) would not fit below it, so a heading is never left
    alone at the foot of a page and a long table still starts where it is."""

    def split(self, aW: float, aH: float) -> list[Flowable]:
        content = list(self._content)
        frame = getattr(self, "_frame", None)
        at_top = bool(frame and getattr(frame, "_atTop", False))
        if at_top:
            return content
        used = 0.0
        for flowable in content[:-1]:
            _, height = flowable.wrapOn(self.canv, aW, aH)
            used += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        last = content[-1]
        left = aH - used - last.getSpaceBefore()
        _, height = last.wrapOn(self.canv, aW, max(left, 0))
        fits = used <= aH and (height <= left or (left > 0 and bool(last.splitOn(self.canv, aW, left))))
        return content if fits else [FrameBreak(), *content]


# ----------------------------------------------------------------------- header and footer


@dataclass(frozen=True)
class PageFurniture:
    """What every page carries: who and which visit (header), and the footer's lines."""

    header_left: str  # "EXAMPLE, Alex   MRN MRN-0001   Born 12 Apr 1961"
    header_right: str  # "Visit 24 Nov 2026 · Riverside clinic"
    footer_left: str  # generated at, program and version
    footer_notice: str  # confidentiality
    page_word: str  # "Page"
    header_size: float
    footer_size: float


def generated_text(moment: datetime) -> str:
    """Generation time in the local zone, with the zone named: '24 Nov 2026 15:02 CET (UTC+01:00)'."""
    local = moment.astimezone()
    offset = local.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else ""
    zone = local.tzname() or ""
    zone_text = f"{zone} ({offset})" if zone and zone != offset and not zone.startswith(("+", "-")) else offset
    return f"{shown_date(local.date())} {local:%H:%M} {zone_text}".rstrip()


def _numbered_canvas(furniture: PageFurniture) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each can say 'Page x of y'."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for page in self._pages:
                self.__dict__.update(page)
                self._draw_page_number(total)
                super().showPage()
            super().save()

        def _draw_page_number(self, total: int) -> None:
            self.saveState()
            self.setFont(FONT, furniture.footer_size)
            self.setFillColor(INK)
            self.drawRightString(PAGE_SIZE[0] - SIDE_MARGIN, FOOTER_BASELINE,
                                 f"{furniture.page_word} {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


def _draw_furniture(furniture: PageFurniture) -> Callable[[Canvas, BaseDocTemplate], None]:
    def draw(canvas: Canvas, _document: BaseDocTemplate) -> None:
        width, height = PAGE_SIZE
        canvas.saveState()
        size = furniture.header_size
        rule_y = height - HEADER_RULE_FROM_TOP
        canvas.setFillColor(INK)
        left_width = pdfmetrics.stringWidth(furniture.header_left, FONT_BOLD, size)
        right_width = pdfmetrics.stringWidth(furniture.header_right, FONT, size)
        one_line = left_width + right_width + 6 * mm <= FRAME_WIDTH
        baseline = rule_y + 2.5 * mm + (0 if one_line else size * 1.3)
        canvas.setFont(FONT_BOLD, size)
        canvas.drawString(SIDE_MARGIN, baseline, furniture.header_left)
        canvas.setFont(FONT, size)
        if one_line:
            canvas.drawRightString(width - SIDE_MARGIN, baseline, furniture.header_right)
        else:  # a long name or site: the visit goes on a second line rather than over the name
            canvas.drawString(SIDE_MARGIN, baseline - size * 1.3, furniture.header_right)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(SIDE_MARGIN, rule_y, width - SIDE_MARGIN, rule_y)

        size = furniture.footer_size
        notice_y = FOOTER_BASELINE + size * 1.4
        footer_rule_y = notice_y + size * 1.2
        canvas.line(SIDE_MARGIN, footer_rule_y, width - SIDE_MARGIN, footer_rule_y)
        canvas.setFont(FONT_BOLD, size)
        canvas.drawString(SIDE_MARGIN, notice_y, furniture.footer_notice)
        canvas.setFont(FONT, size)
        canvas.setFillColor(MUTED)
        canvas.drawString(SIDE_MARGIN, FOOTER_BASELINE, furniture.footer_left)
        canvas.restoreState()

    return draw


def build(
    story: list[Flowable], furniture: PageFurniture, *, title: str, subject: str, author: str
) -> bytes:
    """The PDF bytes of `story` on plan pages."""
    register_fonts()
    buffer = BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=PAGE_SIZE, leftMargin=SIDE_MARGIN, rightMargin=SIDE_MARGIN,
        topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN, title=title, subject=subject, author=author,
        creator=author, keepTogetherClass=KeepHeadingWithStart,
    )
    frame = Frame(SIDE_MARGIN, BOTTOM_MARGIN, FRAME_WIDTH, FRAME_HEIGHT, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document.addPageTemplates([PageTemplate(id="plan", frames=[frame], onPage=_draw_furniture(furniture))])
    document.build(story, canvasmaker=_numbered_canvas(furniture))
    return buffer.getvalue()

