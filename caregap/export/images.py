"""A captioned chart as PNG, SVG and PDF (the caption also in each file's own metadata), and offline interactive
HTML."""

from __future__ import annotations

import html
import io
import struct
import zlib

import plotly.graph_objects as go
from pypdf import PdfReader, PdfWriter

from caregap.export.browser import Exporter
from caregap.export.caption import Caption, captioned

WIDTH = 1000  # px of every exported chart
PNG_SCALE = 2  # PNG pixels per CSS pixel: sharp in reports and slides
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "md": "text/markdown",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


def static_image(fig: go.Figure, caption: Caption, fmt: str, exporter: Exporter) -> bytes:
    """The chart with its caption as png, svg or pdf; the caption is also in the file's own metadata."""
    shown = captioned(fig, caption)
    scale = PNG_SCALE if fmt == "png" else 1
    data = exporter.render(shown, fmt, width=WIDTH, height=int(shown.layout.height), scale=scale)
    if fmt == "png":
        return png_with_text(data, {"Title": caption.title, "Description": caption.text(), "Software": "Care Gap"})
    if fmt == "svg":
        return svg_with_text(data, caption)
    return pdf_with_text(data, caption)


def _chunk(kind: bytes, body: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_with_text(png: bytes, texts: dict[str, str]) -> bytes:
    """The PNG with UTF-8 text chunks (iTXt) after its header, as Pillow's Image.text reads them."""
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    header_end = len(PNG_SIGNATURE) + 8 + struct.unpack(">I", png[8:12])[0] + 4
    chunks = b"".join(
        _chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0\0\0" + value.encode("utf-8")) for key, value in texts.items()
    )
    return png[:header_end] + chunks + png[header_end:]


def svg_with_text(svg: bytes, caption: Caption) -> bytes:
    """The SVG with a <title> and a <desc> (the caption), which screen readers and search tools read."""
    text = svg.decode("utf-8")
    opening = text.index(">", text.index("<svg")) + 1
    extra = f"<title>{html.escape(caption.title)}</title><desc>{html.escape(caption.text())}</desc>"
    return (text[:opening] + extra + text[opening:]).encode("utf-8")


def pdf_with_text(pdf: bytes, caption: Caption) -> bytes:
    """The PDF with the chart's title and caption as its document information (the browser titles it after the
    exporter's own page, 'Kaleido-fier', which viewers show in their title bar)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": caption.title, "/Subject": caption.text(), "/Creator": "Care Gap"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def to_html(fig: go.Figure, caption: Caption) -> bytes:
    """A standalone interactive page that works offline: plotly.js is inside it, the caption under the chart."""
    shown = captioned(fig, caption)
    page = shown.to_html(include_plotlyjs=True, full_html=True, config=PLOTLY_CONFIG)
    description = html.escape(caption.text())
    head = f'<title>{html.escape(caption.title)}</title><meta name="description" content="{description}">'
    return page.replace("</head>", head + "</head>", 1).encode("utf-8")
