"""An upload's columns read out of its rows once: encoded, kept with the upload, and no different from a fresh read."""

from dataclasses import replace
from pathlib import Path

import numpy as np

from caregap.ingest.columns import Columns, encode
from caregap.ingest.mapping import suggest
from caregap.ingest.read import read_saved
from caregap.ingest.validate import check_upload

MESSY = Path(__file__).parent / "fixtures" / "uploads" / "google_forms_messy.csv"


def test_a_column_is_its_distinct_cells_in_the_order_they_first_occur_and_each_rows_place_among_them():
    cells = ["Phone", "", "Email", "Phone", "phone"]
    encoded = encode(cells)
    assert encoded.uniques == ["Phone", "", "Email", "phone"]
    assert encoded.codes.tolist() == [0, 1, 2, 0, 3] and encoded.codes.dtype == np.uint8
    assert encoded.counts() == [2, 1, 1, 1]
    assert encoded.spread(["phone", None, "email", "phone"]).to_pylist() == ["phone", None, "email", "phone", "phone"]
    assert [encoded.uniques[code] for code in encoded.codes] == cells


def test_codes_take_the_smallest_type_that_holds_every_distinct_cell():
    assert encode([str(n) for n in range(256)]).codes.dtype == np.uint8
    many = encode([str(n % 300) for n in range(900)])
    assert many.codes.dtype == np.uint16 and len(many.uniques) == 300 and many.counts() == [3] * 300


def test_a_new_mapping_of_the_same_upload_checks_exactly_as_a_fresh_read_of_the_file():
    upload = read_saved(MESSY.name, MESSY.read_bytes(), None)
    first = suggest(upload)
    check_upload(upload, first)
    kept = dict(upload.encoded)
    assert set(kept) >= set(first.columns.values())  # the columns the check read are kept with the upload
    phone = first.contacts["phone"]
    swapped = {"got_response": phone["resolved"], "resolved": phone["got_response"]}  # same columns, other roles
    columns = {field: column for field, column in first.columns.items() if field != "region"}
    second = replace(first, columns=columns, contacts={**first.contacts, "phone": swapped})
    again = check_upload(upload, second)
    fresh = check_upload(read_saved(MESSY.name, MESSY.read_bytes(), None), second)
    assert all(upload.encoded[name] is kept[name] for name in kept)  # read once, not again
    assert again.converted.respondents.equals(fresh.converted.respondents)
    assert again.converted.contacts.equals(fresh.converted.contacts)
    assert (again.problems, again.rejected, again.reasons) == (fresh.problems, fresh.rejected, fresh.reasons)
    assert again.converted.unknown == fresh.converted.unknown
    assert again.converted.respondents["region"].null_count == len(upload.rows)
    resolved = again.converted.contacts.filter(np.asarray(again.converted.contacts["channel"]) == "phone")
    assert resolved["resolved"].to_pylist() != resolved["got_response"].to_pylist()  # the swap took


def test_columns_are_read_by_name():
    upload = read_saved("two.csv", b"Age,Gender\n34,F\n51,F\n", None)
    assert Columns(upload)("Gender").uniques == ["F"] and Columns(upload)("Age").codes.tolist() == [0, 1]
