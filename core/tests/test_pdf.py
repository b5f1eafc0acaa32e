"""PDF rendering: Vietnamese text survives, in the packaged font, and nothing is fetched."""

import io
import unicodedata

import pytest
from pypdf import PdfReader

from core.pdf import FONT_FILES, _font_only_fetcher, pdf_response, render_pdf

TEXT = "Trong sạch vững mạnh; Hoàn thành tốt nhiệm vụ; Đảng bộ phường Trần Hưng Đạo"


def _text_and_fonts(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = {
        str(font.get_object()["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }
    return unicodedata.normalize("NFC", text), fonts


def test_the_packaged_font_files_are_installed():
    assert all(path.is_file() for path in FONT_FILES.values())


def test_vietnamese_text_comes_back_from_the_pdf_with_every_accent():
    pdf = render_pdf("core/pdf/base.html", {"title": TEXT})
    assert pdf.startswith(b"%PDF-")
    text, fonts = _text_and_fonts(pdf)
    # The heading is upper-cased by CSS: the capitals keep their accents too.
    assert TEXT.upper() in text.replace("\n", " ")
    # Every glyph came from the packaged font (subset names look like "ABCDEF+Report-Sans").
    assert fonts
    assert all(font.endswith(("Report-Sans", "Report-Sans-Bold")) for font in fonts), fonts


@pytest.mark.parametrize(
    "letters", ["ạảãàáâậầấẩẫăặằắẳẵ", "ẹẻẽèéêệềếểễ", "ịỉĩìí", "ọỏõòóôộồốổỗơợờớởỡ", "ụủũùúưựừứửữ", "ỵỷỹỳýđ"]
)
def test_every_vietnamese_diacritic_is_rendered_in_the_font(letters):
    pdf = render_pdf("core/pdf/base.html", {"title": letters})
    text, _fonts = _text_and_fonts(pdf)
    assert letters.upper() in text


def test_only_the_packaged_font_may_be_fetched_while_rendering():
    fetcher = _font_only_fetcher()
    with pytest.raises(ValueError, match="refuses"):
        fetcher("http://127.0.0.1:9/x.png")
    with pytest.raises(ValueError, match="refuses"):
        fetcher("file:///etc/passwd")
    response = fetcher(FONT_FILES["normal"].as_uri())
    assert response.url.endswith(".ttf")
    response.close()


def test_the_pdf_response_is_served_inline_with_its_file_name():
    response = pdf_response("core/pdf/base.html", {"title": TEXT}, "báo-cáo.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF-")


def test_vietnamese_text_uses_the_static_faces_and_other_letters_fall_back_to_the_variable_font():
    from core.pdf import static_faces

    assert all(path.is_file() for path in static_faces().values())
    _text, fonts = _text_and_fonts(render_pdf("core/pdf/base.html", {"title": TEXT}))
    assert not any("Full" in font for font in fonts), fonts  # no variable font to instantiate per document
    text, fonts = _text_and_fonts(render_pdf("core/pdf/base.html", {"title": "Đảng Жук"}))
    assert "ĐẢNG ЖУК" in text
    assert any("Full" in font for font in fonts), fonts


def test_no_table_row_of_a_printed_report_is_split_across_pages():
    # The base of the printed reports (the cycle report): rows of several lines never start on one page and end
    # on the next.
    from django.template import Context, Template

    from core.pdf import PdfRenderer

    lines = " ".join(["Khắc phục hạn chế trong sinh hoạt chi bộ định kỳ"] * 10)
    template = Template(
        '{% extends "core/pdf/base.html" %}{% block content %}<table><tbody>{% for n in rows %}'
        "<tr><td>{{ n }}</td><td>ĐẦU{{ n }} {{ lines }} CUỐI{{ n }}</td></tr>{% endfor %}</tbody></table>{% endblock %}"
    )
    renderer = PdfRenderer()
    html = template.render(Context({"title": "Báo cáo", "rows": range(1, 31), "lines": lines}))
    reader = PdfReader(io.BytesIO(renderer.write(renderer.document(html))))
    pages = [" ".join(unicodedata.normalize("NFC", page.extract_text()).split()) for page in reader.pages]
    assert len(pages) > 2
    for number in range(1, 31):
        holding = [index for index, page in enumerate(pages) if f"ĐẦU{number} " in page]
        assert len(holding) == 1 and f" CUỐI{number}" in pages[holding[0]], number
