"""Reading uploads: old Mac line endings, decimal commas with dot thousands, wide workbooks, encrypted workbooks,
and numbers reported as they were typed."""

from __future__ import annotations

import gc
import io
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from caregap.errors import DatasetError
from caregap.ingest import read, workbook
from caregap.ingest.mapping import suggest
from caregap.ingest.numbers import decimal_mark, number
from caregap.ingest.read import read_saved
from caregap.ingest.table import Upload
from caregap.ingest.validate import Report, check_upload
from caregap.ingest.workbook import unsaved_formulas

MINUTES = "How long did it take to get a response? [Email]"


@pytest.fixture(autouse=True)
def library(tmp_path, monkeypatch) -> None:
    """A private, empty library (nothing here imports, but nothing may touch the user's)."""
    monkeypatch.setenv("CAREGAP_LIBRARY", str(tmp_path / "library"))


def checked(name: str, data: str | bytes) -> tuple[Upload, Report]:
    """An upload read and checked with the suggested mapping."""
    upload = read_saved(name, data.encode() if isinstance(data, str) else data)
    return upload, check_upload(upload, suggest(upload))


def refused(name: str, data: bytes) -> str:
    """The one message a refused upload gets."""
    with pytest.raises(DatasetError) as raised:
        read_saved(name, data)
    [problem] = raised.value.problems
    return str(problem)


def messages(report: Report) -> list[str]:
    return [str(p) for p in report.problems]


def column(report: Report, field: str, table: str = "respondents.csv") -> list[str]:
    return report.valid()[table][field].to_pylist()


@pytest.mark.parametrize("end", [b"\r", b"\r\n"], ids=["old mac", "windows"])
def test_one_windows_1252_line_in_a_utf_8_file_with_carriage_returns(end):
    lines = [b"Age,Gender,Region", "34,F,Zürich".encode(), "51,M,Genève".encode(), b"40,F,K\xf6ln", b""]
    upload, report = checked("a.csv", end.join(lines))
    assert column(report, "region") == ["Zürich", "Genève", "Köln"]
    assert "Line 4 of this UTF-8 file is not valid UTF-8: read as Windows-1252 (check accents)." in upload.notes
    assert "utf-8 text" in upload.notes[0]


def test_a_quoted_line_break_survives_a_windows_1252_line():
    data = 'Age,Gender,Region\r\n34,F,"Zürich\r\nCity"\r\n'.encode() + b"40,F,K\xf6ln\r\n"
    upload, report = checked("a.csv", data)
    assert column(report, "region") == ["Zürich\r\nCity", "Köln"]
    assert upload.lines == [2, 4]


def test_dot_thousands_in_a_file_with_semicolons_and_decimal_commas():
    text = f"Age;Gender;Weight;{MINUTES}\n34;F;1.000;2.000\n51;M;0,5;1.500\n40;F;1,25;30\n"
    _, report = checked("de.csv", text)
    assert messages(report) == []
    assert column(report, "weight") == ["1000", "0.5", "1.25"]
    assert column(report, "response_minutes", "contacts.csv") == ["2000", "1500", "30"]


def test_a_column_with_decimal_commas_reads_a_dot_as_thousands_whatever_the_delimiter():
    _, report = checked("a.csv", 'Age,Gender,Weight\n34,F,1.500\n51,M,"0,5"\n')
    assert column(report, "weight") == ["1500", "0.5"]


def test_a_column_with_decimal_points_reads_a_comma_as_thousands():
    _, report = checked("a.csv", 'Age,Gender,Weight\n34,F,"1,500"\n51,M,0.5\n')
    assert column(report, "weight") == ["1500", "0.5"]


def test_without_evidence_a_dot_stays_a_decimal_point():
    _, report = checked("de.csv", f"Age;Gender;Weight;{MINUTES}\n34;F;1.000;30\n51;M;2;1.500\n")
    assert column(report, "weight") == ["1.000"]
    assert messages(report) == [
        f"de.csv, line 3, field response_minutes (column '{MINUTES}', channel email): '1.500' must be a whole number"
    ]


@pytest.mark.parametrize(
    ("value", "whole", "decimal", "read"),
    [
        ("1.500", True, ",", "1500"),
        ("1.500", False, ",", "1500"),
        ("1,500", False, ",", "1.500"),
        ("1,500", True, ".", "1500"),
        ("1.500", False, None, "1.500"),
        ("1,500", False, None, None),
        ("1.500", False, "", "1.500"),
        ("0.500", False, ",", "0.500"),
        ("1.000.000", True, ",", "1000000"),
        ("1.234,5", False, ",", "1234.5"),
    ],
)
def test_a_known_decimal_separator_settles_three_digits_after_a_separator(value, whole, decimal, read):
    assert number(value, whole, decimal) == read


@pytest.mark.parametrize(
    ("values", "mark"),
    [
        (["0,5", "1.000", "2"], ","),
        (["1.234,5"], ","),
        (["1.5", "1,000"], "."),
        (["1,000.5"], "."),
        (["1.000", "1,500", "2", "n/a"], None),
        (["1,5", "0.5"], ""),
    ],
)
def test_the_decimal_separator_a_column_shows(values, mark):
    assert decimal_mark(values) == mark


def wide_sheet(far: str | None, rows: int = 50) -> bytes:
    """A workbook of two columns and a cell in the last column Excel has (XFD1): a value, or blank but styled."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Age", "Gender"])
    for _ in range(rows):
        sheet.append([34, "F"])
    cell = sheet.cell(row=1, column=16384, value=far)
    cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def row_widths(monkeypatch) -> list[int]:
    """The width of each row the workbook reader hands over, as it is read."""
    widths: list[int] = []
    iter_rows = ReadOnlyWorksheet.iter_rows

    def spy(self, *args, **kwargs):
        for row in iter_rows(self, *args, **kwargs):
            widths.append(len(row))
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", spy)
    return widths


def test_a_value_in_the_last_excel_column_is_refused_at_its_row(row_widths):
    message = refused("far.xlsx", wide_sheet("note"))
    assert message == "far.xlsx: has 16,384 columns; Care Gap reads at most 2,000 (export fewer questions)"
    assert row_widths == [16384]


def test_a_styled_blank_cell_far_right_pads_no_other_row(row_widths):
    upload, report = checked("far.xlsx", wide_sheet(None))
    assert upload.columns == ["Age", "Gender"]
    assert len(column(report, "age_group")) == 50
    assert row_widths == [16384] + [2] * 50


def ole2(*streams: str, text: str = "") -> bytes:
    """A compound (OLE2) file: its 512-byte header, then a directory sector naming these streams, then some text."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00")
    entries = b""
    for name in ("Root Entry", *streams):
        encoded = f"{name}\x00".encode("utf-16-le")
        entries += encoded.ljust(64, b"\x00") + len(encoded).to_bytes(2, "little").ljust(64, b"\x00")
    return header + entries.ljust(512, b"\x00") + b"\x01" + text.encode("utf-16-le")


@pytest.mark.parametrize("streams", [("EncryptionInfo", "EncryptedPackage"), ("EncryptedPackage",)])
def test_a_password_protected_workbook_is_named_as_such(streams):
    assert refused("survey.xlsx", ole2("\x06DataSpaces", *streams)) == (
        "survey.xlsx: is a password-protected (encrypted) Excel or Office file: Care Gap cannot open it; "
        "save it again from Excel without a password"
    )


def test_an_old_excel_file_that_only_mentions_encryption_is_still_an_old_excel_file():
    data = ole2("Workbook", "\x05SummaryInformation", text="EncryptionInfo\x00")
    assert (
        refused("survey.xls", data)
        == "survey.xls: is an old Excel (.xls) or Office file, not a CSV or XLSX survey export"
    )


def test_numbers_past_what_a_double_holds_are_reported_as_typed():
    _, report = checked("a.csv", "Age,Gender,Weight\n34,F,1e400\n51,M,1e-400\n40,F,1.5e-01\n")
    assert messages(report) == [
        "a.csv, line 2, field weight (column 'Weight'): '1e400' must be a number",
        "a.csv, line 3, field weight (column 'Weight'): '1e-400' must be greater than 0",
    ]
    assert column(report, "weight") == ["0.15"]


def test_a_twenty_digit_count_is_reported_with_every_digit():
    question = "How many channels did you use to resolve it?"
    _, report = checked("a.csv", f"Age,Gender,{question}\n34,F,12345678901234567890\n51,M,2.0\n")
    [problem] = messages(report)
    assert problem.startswith(
        f"a.csv, line 2, field channels_used_to_resolve (column '{question}'): '12345678901234567890' "
    )
    assert column(report, "channels_used_to_resolve") == ["2"]


def test_underscores_grouping_thousands_are_read_as_such():
    _, report = checked("a.csv", "Age,Gender,Weight\n34,F,1_000\n51,M,12_345.5\n")
    assert column(report, "weight") == ["1000", "12345.5"]
    assert number("1_0", False) is None


@pytest.mark.parametrize("items", [2, 4])
def test_a_comma_file_with_semicolon_separated_answers_is_read_by_its_commas(items):
    """Every answer naming as many networks splits each row alike at its semicolons: the commas still split more."""
    networks = ["Facebook", "Twitter", "Instagram", "YouTube"][:items]
    rows = "".join(f"{age},F,{';'.join(networks)}\n" for age in range(20, 60))
    upload = read_saved("a.csv", f"Age,Gender,Favourite networks\n{rows}".encode())
    assert upload.delimiter == "," and upload.columns == ["Age", "Gender", "Favourite networks"]
    assert upload.rows[0] == ["20", "F", ";".join(networks)]


@pytest.mark.parametrize(
    "text",
    ["Age;Gender;Weight\n34;F;1,5\n51;M;0,75\n", "Survey, wave 3\nAge;Gender;Weight\n34;F;1,5\n51;M;2\n"],
)
def test_a_semicolon_file_with_decimal_commas_is_read_by_its_semicolons(text):
    upload = read_saved("a.csv", text.encode())
    assert upload.delimiter == ";" and upload.columns == ["Age", "Gender", "Weight"]


def formulas_book(rows: int, *, saved: bool) -> bytes:
    """A survey sheet whose Region column is a formula in every row: with its results saved (as XlsxWriter writes
    them, or a spreadsheet saves them) or without (as openpyxl writes a formula)."""
    data = io.BytesIO()
    if saved:
        import xlsxwriter

        book = xlsxwriter.Workbook(data, {"in_memory": True})
        sheet = book.add_worksheet("Answers")
        sheet.write_row(0, 0, ["Age", "Gender", "Region"])
        for row in range(1, rows + 1):
            sheet.write_row(row, 0, [34, "F"])
            sheet.write_formula(row, 2, '=IF(A2>30,"South","North")', None, "South" if row % 2 else "North")
        book.close()
        return data.getvalue()
    book = Workbook()
    sheet = book.active
    sheet.title = "Answers"
    sheet.append(["Age", "Gender", "Region"])
    for row in range(2, rows + 2):
        sheet.append([34, "F", f'=IF(A{row}>30,"South","")'])
    book.save(data)
    return data.getvalue()


def test_formulas_without_a_saved_result_are_named_in_a_note():
    upload = read_saved("waves.xlsx", formulas_book(8, saved=False))
    (note,) = [n for n in upload.notes if "formula" in n]
    assert note.startswith("Sheet 'Answers' has 8 formula cells with no saved result (C2, C3, C4, C5, C6 and 3 more)")
    assert "Open it in Excel or LibreOffice and save it, or export the sheet as CSV." in note
    assert [row[2] for row in upload.rows] == [""] * 8  # read blank: nothing is calculated


def test_formulas_with_saved_results_read_as_saved_without_a_note():
    upload = read_saved("waves.xlsx", formulas_book(4, saved=True))
    assert not [n for n in upload.notes if "formula" in n]
    assert [row[2] for row in upload.rows] == ["South", "North", "South", "North"]


def test_which_formula_cells_lack_a_saved_result():
    cells = (
        '<c r="A2" t="str"><f>IF(B2&gt;1,"x","")</f><v></v></c>'  # an empty text result, as a spreadsheet saves it
        '<c r="B2"><f>1+1</f><v>2</v></c>'  # a saved number
        '<c r="C2" s="1"><f>1+1</f></c>'  # no result at all
        '<c r="D2"><f t="shared" ref="D2:D3" si="0">A2</f><v/></c>'  # an empty number: none saved
        '<c r="E2" t="n"><v>4</v></c><c r="F2"/>'  # no formula
    )
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("sheet.xml", f"<worksheet><sheetData><row r='2'>{cells}</row></sheetData></worksheet>")
    assert unsaved_formulas(data.getvalue(), "sheet.xml") == ["C2", "D2"]


def test_a_cell_cut_between_two_chunks_is_found_once(monkeypatch):
    data = formulas_book(3000, saved=False)
    whole = unsaved_formulas(data, "xl/worksheets/sheet1.xml")
    monkeypatch.setattr(workbook, "CHUNK", 997)  # chunks end inside cells, again and again
    assert unsaved_formulas(data, "xl/worksheets/sheet1.xml") == whole
    assert whole == [f"C{row}" for row in range(2, 3002)]


def test_the_cycle_collector_is_off_while_a_file_is_read_and_back_on_after(monkeypatch):
    seen = []
    reading = read.read_upload
    monkeypatch.setattr(read, "read_upload", lambda *a: seen.append(gc.isenabled()) or reading(*a))
    assert read_saved("ok.csv", b"Age,Gender\n34,F\n").rows == [["34", "F"]]
    with pytest.raises(DatasetError):
        read_saved("bad.csv", b'Age,Gender\n34,"F\n')  # a quote never closed
    assert seen == [False, False]
    assert gc.isenabled()


def test_a_read_leaves_the_collector_off_when_it_was_off_before():
    gc.disable()
    try:
        read_saved("ok.csv", b"Age,Gender\n34,F\n")
        assert not gc.isenabled()
    finally:
        gc.enable()
