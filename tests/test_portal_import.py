"""The importer of the National Public Service Portal capture, on real records copied from it
(tests/data/portal_records.jsonl: eleven records chosen for the tricky shapes of its flattened tables)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any, Dict

import pytest

from bot.catalogue.client import DEFAULT_DIRECTORY, CatalogueClient
from bot.catalogue.files import read_files
from bot.catalogue.importer import NATIONAL_FILE, import_capture, portal_record, read_capture
from bot.catalogue.model import CatalogueError
from bot.catalogue.schema import build_catalogue

RECORDS = Path(__file__).parent / "data" / "portal_records.jsonl"
CAPTURED, CHECKED = dt.date(2026, 7, 20), dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def records() -> Dict[str, Dict[str, Any]]:
    return {raw["ma_thu_tuc"]: portal_record(raw, CAPTURED, CHECKED) for raw in read_capture(RECORDS)}


def routes(record: Dict[str, Any]) -> Dict[str, Dict[str, Any]]:
    return {route["route"]: route for route in record["routes"]}


def test_a_time_without_a_unit_stays_a_bare_number(records) -> None:
    birth = routes(records["1.001193"])
    assert set(birth) == {"in_person", "online", "post"}
    assert {r["time"] for r in birth.values()} == {"1"}  # the portal gives no unit: none is guessed
    assert {r["fee_amount"] for r in birth.values()} == {0}


def test_a_time_without_a_unit_glued_to_a_fee_is_not_split(records) -> None:
    """ "Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)": the time's digits run into the fee's, and
    where one ends is not known. Neither is read; the fee keeps only the portal's note."""
    customs = routes(records["1.000014"])
    assert {r["time"] for r in customs.values()} == {None}
    assert {r["fee_amount"] for r in customs.values()} == {None}
    assert {r["fee"] for r in customs.values()} == {"(20.000 vnđ /tờ khai)"}


def test_units_are_kept_as_the_portal_gives_them(records) -> None:
    assert routes(records["1.002372"])["in_person"]["time"] == "3 giờ"
    assert routes(records["1.008682"])["online"]["time"] == "27 ngày làm việc"


def test_no_information_is_empty_not_zero(records) -> None:
    land = routes(records["1.115148"])["in_person"]
    assert land["time"] is None and land["fee"] is None and land["fee_amount"] is None
    assert "Ủy ban nhân dân cấp tỉnh" in land["description"]


def test_ways_to_file_with_different_fees(records) -> None:
    aviation = routes(records["1.000271"])
    assert aviation["online"]["fee_amount"] == 4_000_000
    assert aviation["post"]["fee_amount"] == 2_000_000
    assert "Thiết bị" in aviation["post"]["fee"]  # the note that says which case the amount is for


def test_free_with_a_note_naming_amounts_keeps_no_amount(records) -> None:
    licence = routes(records["3.000347"])["online"]
    assert licence["fee_amount"] is None
    assert "135.000 đồng/lần" in licence["fee"] and "115.000 đồng/lần" in licence["fee"]
    assert "31/12/2025" in licence["fee"]


def test_an_amount_its_note_contradicts_keeps_no_amount(records) -> None:
    food_safety = routes(records["2.001827"])
    assert {r["fee_amount"] for r in food_safety.values()} == {None}  # "700 VNĐ" beside "700.000 đồng/cơ sở"
    assert all("700.000 đồng/cơ sở" in r["fee"] for r in food_safety.values())
    assert routes(records["1.000271"])["online"]["fee_amount"] == 4_000_000  # a note that agrees keeps it


def test_foreign_currency_is_not_read_as_dong(records) -> None:
    visa = routes(records["1.000771"])["online"]
    assert visa["fee_amount"] is None and visa["fee"].startswith("10 USD")


def test_documents_with_forms_glued_to_their_names(records) -> None:
    documents = records["1.008682"]["documents"]
    assert [(d["name"], d["form"], d["copies"]) for d in documents] == [
        ("Dự án thành lập Cơ sở bảo tồn đa dạng sinh học", "Du án thanh lap CSBT.docx", "1 bản chính"),
        (
            "Đơn đề nghị cấp Giấy chứng nhận Cơ sở bảo tồn đa dạng sinh học",
            "Đơn đề nghi.CSBT.docx",
            "1 bản chính",
        ),
    ]
    assert records["1.003640"]["documents"][0]["form"] == "Mauon.docx"


def test_documents_without_forms_and_their_copies(records) -> None:
    documents = records["3.000347"]["documents"]
    assert all(d["form"] is None for d in documents)
    assert documents[0]["name"].startswith("Đề nghị đổi giấy phép lái xe")
    assert documents[-1]["copies"] == "1 bản sao"  # "0 bản chính,1 bản sao"


def test_documents_keep_the_case_they_belong_to(records) -> None:
    cases = [d["case"] for d in records["2.002267"]["documents"]]
    assert cases[0].startswith("Trường hợp (1)") and cases[-1].startswith("Trường hợp (3)")
    assert records["1.001193"]["documents"][0]["case"] == "Giấy tờ phải nộp"


def test_legal_titles_glued_to_their_numbers(records) -> None:
    basis = records["1.008682"]["legal_basis"]
    assert basis[0] == {"title": "Luật đa dạng sinh học", "number": "20/2008/QH12"}
    assert basis[1]["number"] == "85/2025/TT-BNNMT" and basis[1]["title"].startswith("Quy định về quản lý loài")
    assert basis[2]["number"] == "146/2025/QH15"


def test_results_without_codes_or_page_text(records) -> None:
    assert records["1.008682"]["results"] == ["Giấy chứng nhận Cơ sở bảo tồn đa dạng sinh học"]


def test_text_is_normalised(records) -> None:
    assert all("\u0323" not in d["name"] for d in records["1.008682"]["documents"])  # NFC, no loose marks


def test_source_names_the_portal_page_and_the_capture_date(records) -> None:
    record = records["1.001193"]
    assert record["source"] == {"name": "Cổng Dịch vụ công quốc gia", "url": record["portal_url"], "date": "2026-07-20"}
    assert record["portal_url"].startswith("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/")


@pytest.fixture()
def catalogue_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "catalogue"
    shutil.copytree(
        DEFAULT_DIRECTORY,
        directory,
        ignore=shutil.ignore_patterns("national", "everyday_names.yml", "asked_questions.yml"),
    )
    return directory


def test_import_is_repeatable_and_reports_changes(tmp_path: Path, catalogue_copy: Path) -> None:
    target = catalogue_copy / NATIONAL_FILE
    first = import_capture(RECORDS, target, CAPTURED, CHECKED, named={"everyday_names.yml": ["1.008682", "9.999999"]})
    assert len(first.added) == 11 and first.total == 11
    assert first.still_named == [("everyday_names.yml", "9.999999")] and any(
        "9.999999" in line for line in first.lines()
    )
    written = target.read_bytes()
    again = import_capture(RECORDS, target, CAPTURED, CHECKED)
    assert target.read_bytes() == written and not again.added and not again.removed and not again.changed

    lines = RECORDS.read_text(encoding="utf-8").splitlines()
    changed = json.loads(lines[1])
    changed["ten_thu_tuc"] += " (sửa đổi)"
    newer = tmp_path / "newer.jsonl"
    newer.write_text("\n".join([json.dumps(changed, ensure_ascii=False), *lines[2:]]) + "\n", encoding="utf-8")
    report = import_capture(newer, target, CAPTURED, CHECKED)
    gone = json.loads(lines[0])["ma_thu_tuc"]
    assert report.removed == [gone]
    assert report.changed == {changed["ma_thu_tuc"]: ["name"]}
    assert any(gone in line for line in report.lines())


def test_curated_records_win_field_by_field(catalogue_copy: Path) -> None:
    curated = build_catalogue(read_files(catalogue_copy))
    report = import_capture(RECORDS, catalogue_copy / NATIONAL_FILE, CAPTURED, CHECKED, curated)
    assert any(line.startswith("3.000347: level") for line in report.disagreements)
    # national records join curated families by code (the first licence, 3.000346), and this
    # capture lacks them: staff are told
    members = sorted(code for group in curated.groups.values() for code in group.members)
    assert "3.000346" in members and report.still_members == members
    assert all(any(code in line for line in report.lines()) for code in members)
    with pytest.raises(CatalogueError, match=rf"({'|'.join(map(re.escape, members))}) is no national record"):
        build_catalogue(read_files(catalogue_copy))
    for family in (catalogue_copy / "procedures").glob("*.yml"):  # staff remove them
        family.write_text(re.sub(r"\n *members: .*", "", family.read_text(encoding="utf-8")), encoding="utf-8")
    merged = build_catalogue(read_files(catalogue_copy))
    licence, by_hand = merged.procedure("3.000347"), curated.procedure("3.000347")
    assert licence.curated and licence.name == by_hand.name and licence.fees == by_hand.fees
    assert licence.caveats == by_hand.caveats
    assert licence.results == ["Giấy phép lái xe"]  # a field the curated record does not have
    birth = merged.procedure("1.001193")
    assert birth.processing_time == curated.procedure("1.001193").processing_time
    imported = merged.procedure("1.008682")
    assert not imported.curated and imported.source.url == imported.portal_url
    assert imported.verified_on == CHECKED


def test_the_shipped_catalogue_holds_the_national_records() -> None:
    catalogue = CatalogueClient().get()
    imported = [p for p in catalogue.procedures if not p.curated]
    assert len(catalogue.procedures) >= 2600 and len(imported) >= 2550
    assert all(p.source.url and p.source.date and p.portal_url for p in imported)
    assert len({p.key for p in catalogue.procedures}) == len(catalogue.procedures)
