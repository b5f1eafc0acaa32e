"""Render a Django template to PDF with WeasyPrint, in a font with every Vietnamese diacritic.

The font is Noto Sans from the ``fontpkg-noto-sans`` PyPI package (a variable
font covering the whole Vietnamese alphabet, all weights), so a fresh machine
with only Python renders the same PDF as production: no system font is needed.
Every template rendered here gets it as the default ``font-family`` and may
name it as ``var(--pdf-font)`` or ``"Report Sans"``.

WeasyPrint may only read local files from the font package (and the static
faces made from it): a URL anywhere in user text (which is escaped anyway) can
never make the server fetch it.

The package's files are variable fonts, which WeasyPrint turns into a static
font for every document it writes (about 0.7 s a PDF). So the regular and bold
faces, upright and italic, are made once as static fonts holding the Latin and
Vietnamese letters and punctuation, and kept under ``VAR_DIR/fonts``; a
character outside them falls back to the variable font.
"""

import atexit
import fcntl
import importlib.metadata
import logging
import threading
from pathlib import Path

import fontpkg_noto_sans
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

logger = logging.getLogger(__name__)

FONT_FAMILY = "Report Sans"
FULL_FONT_FAMILY = "Report Sans Full"
FONT_DIR = fontpkg_noto_sans.ROOT / "files"
FONT_FILES = {
    "normal": FONT_DIR / "NotoSans[wdth,wght].ttf",
    "italic": FONT_DIR / "NotoSans-Italic[wdth,wght].ttf",
}
STATIC_WEIGHTS = (400, 700)
# Basic Latin and Latin-1, Latin Extended-A and -B (ă, đ, ơ, ư…), combining marks, Latin Extended Additional
# (ạ…ỹ), general punctuation (– — “ ” …) and currency signs (₫).
STATIC_RANGES = ((0x20, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF))


def static_font_dir():
    version = importlib.metadata.version("fontpkg-noto-sans")
    return Path(settings.VAR_DIR) / "fonts" / f"noto-sans-{version}"


def _make_static_faces(folder):
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    folder.mkdir(parents=True, exist_ok=True)
    for style, source in FONT_FILES.items():
        font = TTFont(source)
        options = subset.Options()
        options.layout_features, options.name_IDs, options.notdef_outline = ["*"], ["*"], True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[code for first, last in STATIC_RANGES for code in range(first, last + 1)])
        subsetter.subset(font)
        for weight in STATIC_WEIGHTS:
            target = folder / f"{style}-{weight}.ttf"
            if target.exists():
                continue
            partial = target.with_suffix(".part")
            instantiateVariableFont(font, {"wght": weight, "wdth": 100}, inplace=False).save(partial)
            partial.replace(target)


def static_faces():
    """{(style, weight): path} of the static faces, made on first use (under a lock: processes may race)."""
    folder = static_font_dir()
    faces = {(style, weight): folder / f"{style}-{weight}.ttf" for style in FONT_FILES for weight in STATIC_WEIGHTS}
    if all(path.exists() for path in faces.values()):
        return faces
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not all(path.exists() for path in faces.values()):
            logger.info("Making the static PDF fonts in %s", folder)
            _make_static_faces(folder)
    return faces


def font_css():
    """@font-face rules for the packaged font (static faces first), and it as the page's default family."""
    faces = "".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path.as_uri()}"); font-style: {style}; '
        f"font-weight: {weight}; }}\n"
        for (style, weight), path in static_faces().items()
    )
    faces += "".join(
        f'@font-face {{ font-family: "{FULL_FONT_FAMILY}"; src: url("{path.as_uri()}"); font-style: {style}; }}\n'
        for style, path in FONT_FILES.items()
    )
    # Noto Sans's "ccmp" feature splits letters such as "ụ" and "ị" into a base and a combining mark; the PDF
    # then maps the base glyph ("u") to no text at all, so "Yếu" is extracted, copied and searched as "Yế".
    # Without it the font's own precomposed Vietnamese glyphs are used and the text comes back whole.
    return (
        f'{faces}html {{ font-family: "{FONT_FAMILY}", "{FULL_FONT_FAMILY}", sans-serif; '
        'font-feature-settings: "ccmp" 0; }\n'
    )


def _font_only_fetcher():
    from weasyprint.urls import URLFetcher

    class FontOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith((FONT_DIR.as_uri() + "/", static_font_dir().as_uri() + "/")):
                raise ValueError(f"PDF rendering refuses to fetch {url!r}")
            return super().fetch(url, headers)

    return FontOnlyFetcher(allowed_protocols=("file",))


class PdfRenderer:
    """WeasyPrint set up once for many documents: one font configuration, the stylesheets parsed once.

    Making a ``FontConfiguration`` and parsing the @font-face rules (and any
    shared stylesheet, ``css``) costs about as much as laying out a short
    document; a whole review file renders a couple of hundred documents with
    one renderer (``paperwork.pdf_writer``).
    """

    def __init__(self, css=()):
        # Imported here: WeasyPrint loads Pango at import, which pages that never print need not pay for.
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        self.fetcher = _font_only_fetcher()
        self.stylesheets = [
            CSS(string=text, font_config=self.font_config, url_fetcher=self.fetcher) for text in (font_css(), *css)
        ]

    def document(self, html):
        """``html`` laid out into pages (a WeasyPrint ``Document``), not yet written."""
        from weasyprint import HTML

        return HTML(string=html, url_fetcher=self.fetcher).render(
            stylesheets=self.stylesheets, font_config=self.font_config
        )

    def write(self, document, pages=None):
        """The PDF bytes of ``document``, or of ``pages`` laid out with this renderer."""
        return (document if pages is None else document.copy(pages)).write_pdf()

    def render(self, template_name, context=None, request=None):
        return self.write(self.document(render_to_string(template_name, context or {}, request=request)))


_per_thread = threading.local()
# Dropped before the interpreter's teardown, when WeasyPrint's font cleanup could no longer run.
atexit.register(_per_thread.__dict__.clear)


def thread_cached(name, make):
    """This thread's ``make()`` kept under ``name``: a renderer (or a writer holding one) for one-off documents.

    WeasyPrint is not known to be safe across threads, so each thread of the web server keeps its own; it is made
    again when the static fonts' folder changes (another ``VAR_DIR``).
    """
    folder = static_font_dir()
    cached = getattr(_per_thread, name, None)
    if cached is None or cached[0] != folder:
        cached = (folder, make())
        setattr(_per_thread, name, cached)
    return cached[1]


def render_pdf(template_name, context=None, request=None):
    """The PDF bytes of ``template_name`` rendered with ``context``."""
    return thread_cached("renderer", PdfRenderer).render(template_name, context, request)


def pdf_response(template_name, context, filename, request=None, inline=True):
    """An HTTP response with the rendered PDF (shown in the browser unless ``inline`` is False)."""
    response = HttpResponse(render_pdf(template_name, context, request), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response
