"""Hostile uploads: each gets a clear message (what, where), no traceback, and the library stays as it was."""

from __future__ import annotations

import csv
import gzip
import io
import random
import zipfile
import zlib
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from caregap import library
from caregap.errors import DatasetError
from caregap.ingest.mapping import Mapping, suggest
from caregap.ingest.read import read_saved
from caregap.ingest.table import Upload
from caregap.ingest.validate import Report, check_upload, safe_cell
from caregap.ui.importing import metadata
from caregap.ui.plain import plain

UPLOADS = Path(__file__).parent / "fixtures" / "uploads"


@pytest.fixture(autouse=True)
def stored(tmp_path, monkeypatch) -> Path:
    """A private library holding one imported dataset."""
    monkeypatch.setenv("CAREGAP_LIBRARY", str(tmp_path / "library"))
    upload = read_saved("google_forms_messy.csv", (UPLOADS / "google_forms_messy.csv").read_bytes())
    report = check_upload(upload, suggest(upload))
    return library.save(metadata(upload, report, "Wave 1", "wave_1"), report.valid()).parent


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the library and its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def refused(stored: Path, name: str, data: bytes) -> str:
    """The one message a refused upload gets; the library is unchanged."""
    before = snapshot(stored)
    with pytest.raises(DatasetError) as raised:
        read_saved(name, data)
    assert snapshot(stored) == before
    [problem] = raised.value.problems
    return str(problem)


def checked(stored: Path, name: str, text: str | bytes) -> tuple[Upload, Report]:
    """An upload read and checked with the suggested mapping (nothing imported); the library is unchanged."""
    before = snapshot(stored)
    upload = read_saved(name, text.encode() if isinstance(text, str) else text)
    report = check_upload(upload, suggest(upload))
    assert snapshot(stored) == before
    return upload, report


def messages(report: Report) -> list[str]:
    return [str(p) for p in report.problems]


def test_empty_file(stored):
    assert (
        refused(stored, "a.csv", b"")
        == "a.csv: the file is empty: export the survey again with its header row and answers"
    )


def test_header_only(stored):
    assert refused(stored, "a.csv", b"Age,Gender\r\n") == "a.csv, line 1: has a header but no answers"


def test_blank_lines_only(stored):
    assert refused(stored, "a.csv", b"\n\n  \n") == "a.csv: has no rows: it needs a header row and at least one answer"


def test_duplicate_headers(stored):
    upload, report = checked(stored, "a.csv", "Age,Gender,Age\n34,F,35\n51,M,52\n")
    assert upload.columns == ["Age", "Gender", "Age (2)"]
    assert any("Two columns are named 'Age' (columns 1 and 3)" in note for note in upload.notes)
    assert messages(report) == []


def test_byte_order_mark(stored):
    upload, report = checked(stored, "a.csv", b"\xef\xbb\xbfAge,Gender\n34,F\n51,M\n")
    assert upload.columns == ["Age", "Gender"]
    assert report.valid()["respondents.csv"]["age_group"].to_pylist() == ["30-44", "45-59"]


def test_latin_1(stored):
    upload, report = checked(stored, "a.csv", "Région,Age,Gender\nÎle-de-France,34,F\nGenève,51,M\n".encode("latin-1"))
    assert report.valid()["respondents.csv"]["region"].to_pylist() == ["Île-de-France", "Genève"]
    assert "cp1252" in upload.notes[0]


def test_utf_16(stored):
    upload, report = checked(stored, "a.csv", "Age\tGender\tRegion\n34\tF\tŁódź\n51\tM\tKraków\n".encode("utf-16"))
    assert report.valid()["respondents.csv"]["region"].to_pylist() == ["Łódź", "Kraków"]
    assert "utf-16" in upload.notes[0] and "tabs" in upload.notes[0]


def test_semicolons_with_decimal_commas(stored):
    upload, report = checked(stored, "a.csv", "Age;Gender;Weight\n34;F;1,5\n51;M;0,75\n29;NB;1\n")
    assert "semicolons" in upload.notes[0]
    assert report.valid()["respondents.csv"]["weight"].to_pylist() == ["1.5", "0.75", "1"]


def test_quoted_newlines_keep_line_numbers(stored):
    _, report = checked(stored, "a.csv", 'Age,Gender,Region\n34,F,"North\nEast"\n51,Robot,South\n')
    assert report.valid()["respondents.csv"]["region"].to_pylist() == ["North\nEast"]
    assert messages(report) == [
        "a.csv, line 4, field gender (column 'Gender'): 'Robot' must be one of: Female, Male, Non-binary, Undisclosed"
    ]


def test_ragged_rows(stored):
    _, report = checked(stored, "a.csv", "Age,Gender\n34,F\n51\n40,M,extra\n29,F,,\n")
    assert messages(report) == [
        "a.csv, line 3: has 1 field but the header has 2",
        "a.csv, line 4: has 3 fields but the header has 2",
    ]
    assert report.valid()["respondents.csv"].num_rows == 2
    assert b"\n3,has 1 field but the header has 2,51\n" in report.rejected_csv(), "each rejected row says why"


def test_every_row_ragged(stored):
    """Rows that all lost a field: none fits the header, so every row is reported and none is ready."""
    text = "Age,Gender,Channels used,Phone: did they respond?\n34,F,Phone\n51,M,Email\n"
    upload, report = checked(stored, "a.csv", text)
    assert upload.rows == [] and len(upload.bad_rows) == 2
    assert messages(report) == [f"a.csv, line {n}: has 3 fields but the header has 4" for n in (2, 3)]
    assert report.valid()["respondents.csv"].num_rows == 0 and report.valid()["contacts.csv"].num_rows == 0
    assert b"\n3,has 3 fields but the header has 4,51,M,Email\n" in report.rejected_csv()


def test_preamble_lines(stored):
    upload, report = checked(
        stored, "a.csv", "Customer survey export\nExported 2024-05-02\n\nAge,Gender\n34,F\n51,M\n40,F\n"
    )
    assert upload.columns == ["Age", "Gender"] and upload.lines == [5, 6, 7]
    assert any("Skipped 3 lines above the header" in note for note in upload.notes)
    assert "(1 header row on line 4)" in upload.notes[0]
    assert messages(report) == []


def test_type_change_after_30000_rows(stored):
    rows = "".join(f"{18 + i % 60},F\n" for i in range(30_000))
    _, report = checked(stored, "a.csv", f"Age,Gender\n{rows}thirty-five,M\n")
    assert messages(report) == [
        "a.csv, line 30002, field age_group (column 'Age'): 'thirty-five' must be one of: 18-29, 30-44, 45-59, 60+"
    ]
    assert report.rejected == [30_002]


def test_unterminated_quote(stored):
    message = refused(stored, "a.csv", b'Age,Gender,Comment\n34,F,fine\n51,M,"never closed\n40,F,ok\n')
    assert message == 'a.csv, line 3: a quoted value starts on this line and is never closed (a closing " is missing)'


def test_a_3_mb_field(stored):
    message = refused(stored, "a.csv", b"Age,Gender,Comment\n34,F,short\n51,M," + b"x" * 3_000_000 + b"\n")
    assert message == "a.csv, line 3: a value starting on this line is longer than 131,072 characters"


def test_nul_bytes(stored):
    assert refused(stored, "a.csv", b"Age,Gender\n34,F\n51,M\x00\n") == (
        "a.csv, line 3: contains NUL bytes: it is not a text export of a survey"
    )


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "a PNG image"),
        (b"PK\x03\x04" + bytes(100), "a ZIP archive"),
        (b"  <!DOCTYPE html><html><body>Sign in</body></html>", "a web page (HTML)"),
    ],
    ids=["png", "zip", "html"],
)
def test_other_files_named_csv(stored, data, kind):
    assert refused(stored, "survey.csv", data) == f"survey.csv: is {kind}, not a CSV or XLSX survey export"


def test_gzip_bomb_is_never_inflated(stored, monkeypatch):
    bomb = gzip.compress(b"0" * 200_000_000, compresslevel=9)

    def inflate(*_args, **_kwargs):
        raise AssertionError("the upload was inflated")

    for module, name in ((gzip, "decompress"), (gzip, "GzipFile"), (zlib, "decompress"), (zlib, "decompressobj")):
        monkeypatch.setattr(module, name, inflate)
    assert (
        refused(stored, "survey.csv", bomb) == "survey.csv: is a gzip-compressed file, not a CSV or XLSX survey export"
    )


def test_damaged_bytes_named_xlsx_are_a_damaged_workbook(stored):
    data = random.Random(7).randbytes(2_000)
    assert refused(stored, "binary.xlsx", data) == (
        "binary.xlsx: is not a valid Excel workbook (.xlsx): the file is damaged, or is not a workbook"
    )
    assert "NUL bytes" in refused(stored, "binary.csv", data), "named .csv, the same bytes are bad text"


def test_a_csv_saved_as_xlsx_is_read_as_csv(stored):
    upload, _ = checked(stored, "survey.xlsx", "Age,Gender\n34,F\n")
    assert upload.columns == ["Age", "Gender"] and len(upload.rows) == 1


def test_zip_bomb_named_xlsx(stored):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 100_000_000)
    assert "refused as a decompression bomb" in refused(stored, "survey.xlsx", data.getvalue())


def test_formula_cells_stay_text(stored):
    _, report = checked(
        stored, "a.csv", 'Age,Gender,Region\n34,F,"=HYPERLINK(""http://evil"",""x"")"\n51,Robot,@SUM(A1)\n'
    )
    assert report.valid()["respondents.csv"]["region"].to_pylist() == ['=HYPERLINK("http://evil","x")']
    assert b"'@SUM(A1)" in report.rejected_csv() and b",@SUM" not in report.rejected_csv()


@pytest.mark.parametrize("cell", ["-2+3+cmd|' /C calc'!A0", "+1)*cmd|' /C calc'!A0", "=1+1", "@SUM(A1)", "\t=1"])
def test_rejected_rows_never_start_a_formula(cell):
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-1", "+5", "3.5", "-0.25", "Robot"])
def test_rejected_rows_keep_numbers_and_plain_text(cell):
    assert safe_cell(cell) == cell


def test_formula_cells_in_a_workbook_are_never_calculated(stored):
    book = Workbook()
    sheet = book.active
    sheet.append(["Age", "Gender", "Region"])
    sheet.append([34, "F", "=1+1"])
    sheet.append([51.0, "M", "South"])
    data = io.BytesIO()
    book.save(data)
    _, report = checked(stored, "a.xlsx", data.getvalue())
    respondents = report.valid()["respondents.csv"]
    assert respondents["region"].to_pylist() == [None, "South"]  # no saved value: blank, not 2
    assert respondents["age_group"].to_pylist() == ["30-44", "45-59"]


def test_markup_in_labels_is_text(stored):
    upload, report = checked(
        stored, "a.csv", "<b>Age</b>,Gender,<script>alert(1)</script>\n34,F,x\n51,[M](javascript:x),y\n"
    )
    assert upload.columns[2] == "<script>alert(1)</script>"
    assert plain(upload.columns[2]) == "\\<script\\>alert\\(1\\)\\</script\\>"
    assert "[M](javascript:x)" in messages(report)[0]
    assert metadata(upload, report, "<b>Mine</b> [x](javascript:y)", "m")["title"] == "bMine/b (x)(javascript -y)"
    typed = "Wave #2: 60+ customers (50% off)?! *new* `x` ~y~ $z$ a|b \\c http://evil"
    kept = "Wave #2 - 60+ customers (50% off)?! new x y z ab c http -//evil"
    assert metadata(upload, report, typed, "m")["title"] == kept


def test_an_unknown_channel_names_the_column_of_channels_used(stored):
    _, report = checked(stored, "a.csv", "Age,Gender,Which channels did you use?\n34,F,Phone;Mail\n51,M,Email\n")
    assert messages(report) == [
        "a.csv, line 2, field channel (column 'Which channels did you use?'): 'Mail' must be one of: "
        "Phone, Email, Chat, Social media, SMS, In person"
    ]


def test_unknown_values(stored):
    _, report = checked(stored, "a.csv", "Age,Gender,Preferred channel\n34,F,Carrier pigeon\n51,M,Phone\n")
    assert messages(report) == [
        "a.csv, line 2, field preferred_channel (column 'Preferred channel'): 'Carrier pigeon' must be one of: "
        "Phone, Email, Chat, Social media, SMS, In person"
    ]
    assert report.valid()["respondents.csv"]["preferred_channel"].to_pylist() == ["phone"]


def test_duplicate_ids(stored):
    _, report = checked(stored, "a.csv", "Respondent ID,Age,Gender\n7,34,F\n8,51,M\n7,40,F\n")
    assert messages(report) == [
        "a.csv, line 4, field respondent_id (column 'Respondent ID'): "
        "'7' repeats the respondent_id of line 2, which must be unique"
    ]
    assert report.rejected == [4]  # the line the problem is on: the first line holding the id is imported
    assert report.reasons == {
        4: "column 'Respondent ID' (respondent id): '7' repeats the respondent_id of line 2, which must be unique"
    }


def test_a_number_too_large_to_store_is_a_rejected_line_not_a_failed_import(stored):
    text = "Age,Gender,How long did it take to get a response? [Email]\n34,F,9999999999\n51,M,5\n"
    upload, report = checked(stored, "big.csv", text)
    assert messages(report) == [
        "big.csv, line 2, field response_minutes (column 'How long did it take to get a response? [Email]', "
        "channel email): '9999999999' must be a whole number from 0 to 2147483647"
    ]
    assert report.rejected == [2]
    assert report.reasons == {
        2: "column 'How long did it take to get a response? [Email]' (response time (minutes)): '9999999999' must be a "
        "whole number from 0 to 2147483647"
    }
    library.save(metadata(upload, report, "Big", "big"), report.valid())
    assert sorted(p.name for p in library.folders()) == ["big", "wave_1"]


def test_an_id_on_three_lines_is_reported_on_its_repeats(stored):
    _, report = checked(stored, "a.csv", "Respondent ID,Age,Gender\n7,34,F\n7,51,M\n8,40,F\n7,29,F\n")
    assert messages(report) == [
        "a.csv, line 3, field respondent_id (column 'Respondent ID'): "
        "'7' repeats the respondent_id of line 2, which must be unique (also line 5)"
    ]
    assert report.rejected == [3, 5]


def test_5000_columns(stored):
    header = ",".join(f"Q{i}" for i in range(5000))
    message = refused(stored, "a.csv", f"{header}\n{','.join('1' * 5000)}\n".encode())
    assert message == "a.csv: has 5,000 columns; Care Gap reads at most 2,000 (export fewer questions)"


def test_file_over_the_size_limit(stored, monkeypatch):
    monkeypatch.setenv("CAREGAP_MAX_UPLOAD_MB", "1")
    message = refused(stored, "a.csv", b"Age,Gender\n" + b"34,F\n" * 300_000)
    assert message == "a.csv: the file is 1.4 MB; the limit is 1 MB (CAREGAP_MAX_UPLOAD_MB)"


@pytest.mark.parametrize(
    "text",
    [
        "ID,Age,Gender\n,Response,Response,Response\n1,34,F\n2,51,M\n",
        'Q1,Q2,Q3\nID,Age,Gender,Extra\n{"ImportId":"QID1"},{"ImportId":"QID2"},{"ImportId":"QID3"}\n1,34,F\n2,51,M\n',
    ],
    ids=["surveymonkey", "qualtrics"],
)
def test_a_second_header_row_longer_than_the_first(stored, text):
    upload, report = checked(stored, "a.csv", text)
    assert len(upload.columns) == 3 and upload.lines[-1] == len(text.splitlines())
    assert any(note.startswith("Line 2: header text past the last column is ignored") for note in upload.notes)
    assert report.valid()["respondents.csv"]["gender"].to_pylist() == ["female", "male"]


@pytest.mark.parametrize(
    "text",
    [
        "Age,Gender\n34,F,\n51,M,\n40,F,\n",
        "Age,Gender,\n34,F\n51,M\n40,F\n",
        "Age,Gender\r\n34,F,,\r\n51,M,,\r\n40,F,,\r\n",
    ],
    ids=["data rows", "header", "crlf"],
)
def test_trailing_commas_never_make_an_answer_row_the_header(stored, text):
    upload, report = checked(stored, "a.csv", text)
    assert upload.columns == ["Age", "Gender"] and upload.lines == [2, 3, 4]
    assert report.valid()["respondents.csv"]["age_group"].to_pylist() == ["30-44", "45-59", "30-44"]


def test_a_column_mostly_left_blank_keeps_its_header(stored):
    upload, report = checked(stored, "a.csv", "Age,Gender,Comment\n34,F\n51,M\n29,M\n40,F,great\n")
    assert upload.columns == ["Age", "Gender", "Comment"]
    assert messages(report)[0] == "a.csv, line 2: has 2 fields but the header has 3"
    assert report.valid()["respondents.csv"]["age_group"].to_pylist() == ["30-44"]


def test_a_header_narrower_than_the_answers_is_never_skipped_in_silence(stored):
    upload, _ = checked(stored, "a.csv", "Age,Gender\n34,F,x\n51,M,y\n")
    assert "Line 1 (Age, Gender) has fewer columns than most rows: read as preamble, not as header." in upload.notes


def test_an_answer_that_reads_response_is_not_a_second_header_row(stored):
    upload, report = checked(stored, "a.csv", "Status,Age,Gender\nResponse,34,F\nResponse,51,M\nResponse,40,F\n")
    assert upload.source == "a table" and upload.lines == [2, 3, 4]
    assert report.valid()["respondents.csv"].num_rows == 3


def test_a_repeated_question_keeps_the_columns_between(stored):
    text = (
        "Respondent ID,Which channels did you use?,,What is your age?,What is your gender?,"
        "Which channels did you use?,\n"
        ",Phone,Email,Response,Response,Live chat,Text message\n"
        "1,Phone,,34,F,,Text message\n2,,Email,51,M,Live chat,\n"
    )
    upload, report = checked(stored, "sm.csv", text)
    assert upload.columns == [
        "Respondent ID",
        "Which channels did you use?",
        "What is your age?",
        "What is your gender?",
        "Which channels did you use? (2)",
    ]
    assert upload.rows == [["1", "Phone", "34", "F", "Text message"], ["2", "Email", "51", "M", "Live chat"]]
    assert report.valid()["respondents.csv"]["gender"].to_pylist() == ["female", "male"]


@pytest.mark.parametrize(
    ("header", "columns"),
    [("Age (2),Age,Age", ["Age (2)", "Age", "Age (3)"]), ("Age,Age ,Age (2)", ["Age", "Age (3)", "Age (2)"])],
)
def test_renamed_duplicate_headers_stay_unique(stored, header, columns):
    upload, _ = checked(stored, "a.csv", f"{header}\n34,35,36\n")
    assert upload.columns == columns
    assert f"Two columns are named 'Age' (columns {columns.index('Age') + 1} and " in " ".join(upload.notes)


def workbook(*sheets: list[list]) -> Workbook:
    """A workbook with one sheet per list of rows (the first named Cover, the others Data 2, Data 3 ...)."""
    book = Workbook()
    for pos, rows in enumerate(sheets):
        sheet = book.active if pos == 0 else book.create_sheet(f"Data {pos + 1}")
        sheet.title = "Cover" if pos == 0 else sheet.title
        for row in rows:
            sheet.append(row)
    return book


def xlsx_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zipped(parts: dict[str, bytes]) -> bytes:
    """A ZIP archive holding these parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return out.getvalue()


def halved(part: str) -> bytes:
    """A small workbook with the first half of one of its parts left."""
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(workbook([["Age", "Gender"], [34, "F"]])))) as inner:
        parts = {info.filename: inner.read(info.filename) for info in inner.infolist()}
    return zipped(parts | {part: parts[part][: len(parts[part]) // 2]})


@pytest.mark.parametrize(
    ("part", "message"),
    [
        ("xl/worksheets/sheet1.xml", "a.xlsx: is not a readable Excel workbook: sheet 'Cover' is damaged"),
        ("xl/workbook.xml", "a.xlsx: is not a readable Excel workbook: it is damaged"),
    ],
    ids=["sheet", "workbook"],
)
def test_a_damaged_workbook_is_refused_plainly(stored, part, message):
    assert refused(stored, "a.xlsx", halved(part)) == f"{message} (save it again from Excel)"


@pytest.mark.parametrize("name", ["a.csv", "a.CSV", "a.txt", "a"])
def test_a_workbook_under_another_name_is_read_as_a_workbook(stored, name):
    with (UPLOADS / "google_forms_messy.csv").open(encoding="utf-8-sig", newline="") as file:
        data = xlsx_bytes(workbook(list(csv.reader(file))))
    upload, report = checked(stored, name, data)
    expected, expected_report = checked(stored, "a.xlsx", data)
    assert upload.notes[0].startswith("Read as an Excel workbook (sheet 'Cover')")
    assert (upload.columns, upload.rows, upload.lines) == (expected.columns, expected.rows, expected.lines)
    assert len(upload.rows) > 100 and report.valid() == expected_report.valid()


DOCX = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


@pytest.mark.parametrize("parts", [{"notes.txt": b"Age,Gender\n34,F\n"}, DOCX], ids=["zip", "docx"])
def test_a_zip_without_a_workbook_is_refused_plainly(stored, parts):
    data = zipped(parts)
    assert refused(stored, "survey.csv", data) == "survey.csv: is a ZIP archive, not a CSV or XLSX survey export"
    assert refused(stored, "survey.xlsx", data) == (
        "survey.xlsx: is not a readable Excel workbook: it is a ZIP archive without a workbook inside"
    )


def damaged_directory(changes: dict[int, int]) -> bytes:
    """A small workbook with bytes changed in the ZIP directory entry of [Content_Types].xml (offset 0: its start)."""
    data = bytearray(xlsx_bytes(workbook([["Age", "Gender"], [34, "F"]])))
    entry = data.rindex(b"[Content_Types].xml") - 46
    assert data[entry : entry + 4] == b"PK\x01\x02"
    for offset, value in changes.items():
        data[entry + offset] = value
    return bytes(data)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({6: 0xFF}, "is not an Excel workbook (.xlsx): it is not a valid ZIP container"),
        ({9: 0x08, 46: 0xFF}, "is not an Excel workbook (.xlsx): it is not a valid ZIP container"),
        ({46: ord("(")}, "is not a readable Excel workbook: it is a ZIP archive without a workbook inside"),
    ],
    ids=["unknown zip version", "name not utf-8", "part renamed"],
)
def test_a_workbook_with_a_damaged_zip_directory(stored, changes, message):
    data = damaged_directory(changes)
    assert refused(stored, "a.csv", data) == "a.csv: is a ZIP archive, not a CSV or XLSX survey export"
    assert refused(stored, "a.xlsx", data) == f"a.xlsx: {message}"


def test_a_zip_bomb_holding_a_workbook_named_csv(stored):
    bomb = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", "xl/s.xml": bytes(10**8)})
    assert "refused as a decompression bomb" in refused(stored, "survey.csv", bomb)


def test_a_formatted_empty_cell_far_right_is_not_a_column(stored):
    book = workbook([["Age", "Gender"], [34, "F"]])
    book.active.cell(row=1, column=5000).font = Font(bold=True)
    book.active.cell(row=2, column=4000).value = " "
    upload, report = checked(stored, "a.xlsx", xlsx_bytes(book))
    assert upload.columns == ["Age", "Gender"]
    assert report.valid()["respondents.csv"]["age_group"].to_pylist() == ["30-44"]


def test_an_empty_first_sheet_is_passed_over(stored):
    upload, report = checked(stored, "a.xlsx", xlsx_bytes(workbook([], [["Age", "Gender"], [34, "F"]])))
    assert upload.notes[0].startswith("Read as an Excel workbook (sheet 'Data 2'; its other sheets ('Cover') can")
    assert report.valid()["respondents.csv"].num_rows == 1


def test_the_sheets_left_unread_are_named_and_can_be_chosen():
    """A summary sheet before the responses is read (the first with any cell filled): the note says what was not."""
    data = xlsx_bytes(workbook([["Total", 2], ["Women", 1]], [["Age", "Gender"], [34, "F"], [51, "M"]], [["x"]]))
    upload = read_saved("a.xlsx", data)
    assert upload.notes[0].startswith("Read as an Excel workbook (sheet 'Cover'; its other sheets ('Data 2', 'Data 3')")
    assert upload.sheets == ["Cover", "Data 2", "Data 3"] and upload.sheet == "Cover"
    chosen = read_saved("a.xlsx", data, "Data 2")
    assert chosen.sheet == "Data 2" and chosen.columns == ["Age", "Gender"] and chosen.lines == [2, 3]


def test_a_cover_sheet_of_one_line_is_passed_over_for_the_survey():
    data = xlsx_bytes(workbook([["Customer care survey, wave 3"]], [["Age", "Gender"], [34, "F"]]))
    upload = read_saved("a.xlsx", data)
    assert upload.sheet == "Data 2" and upload.columns == ["Age", "Gender"]
    with pytest.raises(DatasetError, match=r"a\.xlsx, line 1: has a header but no answers"):
        read_saved("a.xlsx", data, "Cover")


@pytest.mark.parametrize(
    ("sheet", "said"), [("Data 2", "sheet 'Data 2' is empty"), ("Hidden", "has no sheet 'Hidden'")]
)
def test_a_chosen_sheet_that_cannot_be_read_is_said_plainly(sheet, said):
    book = workbook([["Age", "Gender"], [34, "F"]], [])
    book.create_sheet("Hidden").sheet_state = "hidden"
    with pytest.raises(DatasetError, match=rf"a\.xlsx: (has )?{said}"):
        read_saved("a.xlsx", xlsx_bytes(book), sheet)


def test_a_workbook_with_only_empty_sheets(stored):
    assert refused(stored, "a.xlsx", xlsx_bytes(workbook([], []))) == (
        "a.xlsx: has no rows: every sheet of the workbook is empty"
    )


def test_numbers_are_read_whole_or_reported(stored):
    text = 'Age,Gender,Weight\n34,F,1.5e-01\n51,M,"1,234.5"\n40,F,"1,5"\n29,M,2 kg\n33,F,"1,234"\n'
    _, report = checked(stored, "a.csv", text)
    assert report.valid()["respondents.csv"]["weight"].to_pylist() == ["0.15", "1234.5", "1.5"]
    assert messages(report) == [
        "a.csv, line 5, field weight (column 'Weight'): '2 kg' must be a number (also line 6 ('1,234'))"
    ]
    assert report.rejected == [5, 6]


def test_durations_become_minutes_and_ranges_are_reported(stored):
    column = "How long did it take to get a response? [Email]"
    text = f"Age,Gender,{column}\n34,F,2 hours\n51,M,1 day\n40,F,1:30\n29,M,45 min\n33,F,30-60 minutes\n"
    _, report = checked(stored, "a.csv", text)
    assert report.valid()["contacts.csv"]["response_minutes"].to_pylist() == ["120", "1440", "90", "45"]
    assert messages(report) == [
        f"a.csv, line 6, field response_minutes (column '{column}', channel email): "
        "'30-60 minutes' must be a whole number"
    ]


def test_counts_take_no_leading_digits(stored):
    _, report = checked(stored, "a.csv", "Age,Gender,How many channels did you use to resolve it?\n34,F,2-3\n51,M,2\n")
    assert messages(report) == [
        "a.csv, line 2, field channels_used_to_resolve (column 'How many channels did you use to resolve it?'): "
        "'2-3' must be a whole number"
    ]


def test_a_contact_problem_names_its_column_and_channel(stored):
    text = "Age,Gender,Did the company respond? [Phone],Did the company respond? [Email]\n34,F,Yes,Can't remember\n"
    _, report = checked(stored, "a.csv", text)
    assert messages(report) == [
        "a.csv, line 2, field got_response (column 'Did the company respond? [Email]', channel email): "
        '"Can\'t remember" must be true or false'
    ]


def test_an_unmapped_required_field_is_said_once(stored):
    _, report = checked(stored, "a.csv", "Age,Sex at birth?\n34,F\n51,M\n40,F\n")
    report = check_upload(report.upload, Mapping(columns={"age_group": "Age"}))
    assert messages(report) == ["a.csv: No column is mapped to gender: it is required"]
    assert report.unmapped() == report.problems
    report = check_upload(report.upload, Mapping(columns={"gender": "Sex at birth?"}))
    assert messages(report) == ["a.csv: No column is mapped to age group (age_group): it is required"]
    assert report.valid()["respondents.csv"].num_rows == 0


def test_postal_mail_is_not_email(stored):
    _, report = checked(stored, "a.csv", "Age,Gender,Preferred channel\n34,F,Mail\n51,M,E-mail\n")
    assert report.valid()["respondents.csv"]["preferred_channel"].to_pylist() == ["email"]
    assert report.converted.unknown["preferred_channel"] == {"Mail": 1}


@pytest.mark.parametrize("age", ["121", "200", "150+", "125 years"])
def test_implausible_ages_are_rejected(stored, age):
    _, report = checked(stored, "a.csv", f"Age,Gender\n{age},F\n34,M\n")
    assert messages(report) == [
        f"a.csv, line 2, field age_group (column 'Age'): '{age}' must be one of: 18-29, 30-44, 45-59, 60+"
    ]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no bom", "bom"])
def test_one_windows_1252_line_in_a_utf_8_file(stored, bom):
    data = bom + "Age,Gender,Region\n34,F,Zürich\n51,M,Genève\n".encode() + b"40,F,K\xf6ln\n"
    upload, report = checked(stored, "a.csv", data)
    assert report.valid()["respondents.csv"]["region"].to_pylist() == ["Zürich", "Genève", "Köln"]
    assert "Line 4 of this UTF-8 file is not valid UTF-8: read as Windows-1252 (check accents)." in upload.notes


def test_broken_utf_16_names_the_line(stored):
    data = "Age\tGender\n34\tF\n".encode("utf-16") + b"\x00"
    assert refused(stored, "a.csv", data) == "a.csv, line 3: is not valid utf-16 text (byte 34)"
