"""Render a Django template to PDF with WeasyPrint, in a font with every Vietnamese diacritic.

The font is Noto Sans from the ``fontpkg-noto-sans`` PyPI package (a variable
font covering the whole Vietnamese alphabet, all weights), so a fresh machine
with only Python renders the same PDF as production: no system font is needed.
Every template rendered here gets it as the default ``font-family`` and may
name it as ``var(--pdf-font)`` or ``"Report Sans"``.

WeasyPrint may only read local files from the font package: a URL anywhere in
user text (which is escaped anyway) can never make the server fetch it.
"""

import fontpkg_noto_sans
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

FONT_FAMILY = "Report Sans"
FONT_DIR = fontpkg_noto_sans.ROOT / "files"
FONT_FILES = {
    "normal": FONT_DIR / "NotoSans[wdth,wght].ttf",
    "italic": FONT_DIR / "NotoSans-Italic[wdth,wght].ttf",
}


def font_css():
    """@font-face rules for the packaged font, and it as the page's default family."""
    faces = "".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path.as_uri()}"); font-style: {style}; }}\n'
        for style, path in FONT_FILES.items()
    )
    # Noto Sans's "ccmp" feature splits letters such as "ụ" and "ị" into a base and a combining mark; the PDF
    # then maps the base glyph ("u") to no text at all, so "Yếu" is extracted, copied and searched as "Yế".
    # Without it the font's own precomposed Vietnamese glyphs are used and the text comes back whole.
    return f'{faces}html {{ font-family: "{FONT_FAMILY}", sans-serif; font-feature-settings: "ccmp" 0; }}\n'


def _font_only_fetcher():
    from weasyprint.urls import URLFetcher

    class FontOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(FONT_DIR.as_uri() + "/"):
                raise ValueError(f"PDF rendering refuses to fetch {url!r}")
            return super().fetch(url, headers)

    return FontOnlyFetcher(allowed_protocols=("file",))


def render_pdf(template_name, context=None, request=None):
    """The PDF bytes of ``template_name`` rendered with ``context``."""
    # Imported here: WeasyPrint loads Pango at import, which pages that never print need not pay for.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(template_name, context or {}, request=request)
    font_config = FontConfiguration()
    fetcher = _font_only_fetcher()
    stylesheet = CSS(string=font_css(), font_config=font_config, url_fetcher=fetcher)
    document = HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)


def pdf_response(template_name, context, filename, request=None, inline=True):
    """An HTTP response with the rendered PDF (shown in the browser unless ``inline`` is False)."""
    response = HttpResponse(render_pdf(template_name, context, request), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response
