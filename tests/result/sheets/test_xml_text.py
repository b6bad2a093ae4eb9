"""Text out of spreadsheet XML: entities, line ends and Excel's _xHHHH_ escapes."""

from __future__ import annotations

import io

import pytest

from drs_tui.result.sheets.xlsx_stream import XlsxWorkbook
from drs_tui.result.sheets.xml_text import decode_x_escapes, element_text, string_item, xml_int
from tests.result.sheet_corpus import CellValue, Raw, xlsx_bytes


def cells_of(data: bytes) -> list[str]:
    book = XlsxWorkbook(io.BytesIO(data))
    try:
        return [cells[0] if cells else "" for _, cells in book.rows(book.sheet(None))]
    finally:
        book.close()


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("ABC_x000D_DEF", "ABC\rDEF"),
        ("_x005F_x000D_", "_x000D_"),  # an escaped underscore: the rest is literal
        ("_x005F_x005F_", "_x005F_"),
        ("a_x00e9_b_x00E9_", "aébé"),
        ("_x4E2D__x6587_", "中文"),  # past _x00FF_, as Excel writes it (calamine stops there)
        ("_X0041_ _x004g_ _x41_", "_X0041_ _x004g_ _x41_"),  # not escapes
        ("x_x0009_y_x000A_", "x\ty\n"),
    ],
)
def test_x_escapes_decode_as_excel_writes_them(raw: str, shown: str) -> None:
    assert decode_x_escapes(raw) == shown


def test_x_escapes_of_a_surrogate_pair_are_one_character() -> None:
    """Escapes hold UTF-16 code units: a pair is one astral character, a lone half is
    kept as written (as calamine keeps it), never a replacement character."""
    assert decode_x_escapes("_xD83D__xDE00_") == "😀"
    assert decode_x_escapes("_xd83d__xde00_!") == "😀!"
    assert decode_x_escapes("a_xD83D_b") == "a_xD83D_b"
    assert decode_x_escapes("_xDE00__xD83D_") == "_xDE00__xD83D_"
    assert decode_x_escapes("_x005F_xD83D__xDE00_") == "_xD83D__xDE00_"


def test_line_ends_in_xml_text_are_line_feeds() -> None:
    """XML 1.0 2.11: a CR LF or a lone CR read from the file is a LF (openpyxl writes a
    CR raw; calamine and openpyxl read it back as LF). An escaped CR stays a CR."""
    assert element_text("a\r\nb\rc") == "a\nb\nc"
    assert element_text("a&#13;b&#xD;") == "a\rb\r"
    assert element_text("<![CDATA[x\r\ny]]>") == "x\ny"
    assert string_item("<t>a\r\nb</t>") == "a\nb"
    assert string_item("<r><t xml:space='preserve'>a\r</t></r><r><t>b_x000D_</t></r>") == "a\nb\r"


def test_line_ends_in_shared_and_inline_strings_of_a_workbook() -> None:
    rows: list[list[CellValue]] = [
        ["a\r\nb"],
        [Raw('t="inlineStr"', "<is><t>c\rd</t></is>")],
        [Raw('t="inlineStr"', "<is><t>e_x000D_\r\nf</t></is>")],
        [Raw('t="str"', "<f>A1</f><v>g\r\nh</v>")],
    ]
    assert cells_of(xlsx_bytes({"S": rows})) == ["a\nb", "c\nd", "e\r\nf", "g\nh"]


@pytest.mark.parametrize("text", ["²", "١٢", " 12 ", "-1", "1e3", "", None, "9" * 19])
def test_xml_int_is_ascii_digits_only(text: str | None) -> None:
    assert xml_int(text) == (12 if text == " 12 " else None)


@pytest.mark.parametrize(
    ("item", "shown"),
    [
        ("<t>  a  </t>", "a"),
        ('<t xml:space="preserve">  a  </t>', "  a  "),
        ("<t> \t\n</t>", ""),  # whitespace only, not preserved: Excel shows an empty cell
        ("<t>&#9;a&#10;</t>", "a"),
        ("<t>\u3000a\xa0</t>", "\u3000a\xa0"),  # only XML's own spaces go
        ("<t>_x0009_a</t>", "\ta"),  # an escaped tab is text
        ('<r><t xml:space="preserve"> a </t></r><r><t> b </t></r>', " a b"),
        ("<r><t> a </t></r><r><rPr><b/></rPr><t>\nb</t></r>", "ab"),
        ("<t xml:space='preserve'> </t>", " "),
    ],
)
def test_spaces_around_a_t_without_preserve_are_dropped(item: str, shown: str) -> None:
    """Excel (and calamine) trim the text of a <t> that does not say
    xml:space="preserve"; openpyxl writes rich-text runs and whitespace-only strings
    without it, so a run of ' ' showed in drs-tui but not in Excel."""
    assert string_item(item) == shown
