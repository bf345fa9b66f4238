"""The catalogue: the shipped files are valid and sourced; a broken file is named precisely."""

import datetime as dt
import shutil
import subprocess
import sys

import pytest
import yaml

from bot.catalogue.client import DEFAULT_DIRECTORY, CatalogueClient
from bot.catalogue.files import read_files
from bot.catalogue.model import CatalogueError
from bot.catalogue.schema import build_catalogue

REQUIRED_CODES = """1.001193 1.000894 1.000656 2.000635 1.004873 1.004884 1.004859 1.001022 1.000689 2.000528
2.000806 2.000815 2.000884 1.004222 1.004194 1.002755 1.003197 1.010028 1.003677 1.014061 1.014062 1.014063
1.014064 1.001456 3.000333 1.001612 2.000720 1.001570 1.001266 2.000575 2.001583 2.001199 1.013225 1.013226
1.013227 1.013228 1.013978 1.013831 1.001613 1.002759 3.000347 3.000348 1.012575 1.013076 1.001776 1.001731
1.001699 1.014027""".split()


@pytest.fixture(scope="module")
def catalogue():
    return CatalogueClient().get()


def test_every_required_procedure_is_present(catalogue):
    codes = {p.code for p in catalogue.procedures}
    assert set(REQUIRED_CODES) <= codes
    unemployment = [p for p in catalogue.procedures if "thất nghiệp" in p.name and p.curated]
    assert len(unemployment) == 1 and unemployment[0].code is None


def test_a_name_shows_its_code_once(catalogue):
    """Ten portal names end with the record's own code ("… (cấp Tỉnh) ( 1.010727 )"): the title
    citizens see gives it once, as for every other record."""
    permit = catalogue.procedure("1.010727")
    assert permit.name.endswith("( 1.010727 )")
    assert permit.title == "Cấp giấy phép môi trường (cấp Tỉnh) (mã 1.010727)"
    assert all(p.title.count(p.code) == 1 for p in catalogue.procedures if p.code)


def test_a_reply_names_a_procedure_in_lower_case_after_da(catalogue):
    """ "Dạ, thủ tục chấm dứt …" for a portal name that starts with "Thủ tục", as for any other."""
    ending = catalogue.procedure("2.000840")
    assert ending.name.startswith("Thủ tục") and ending.called.startswith("thủ tục chấm dứt tham gia")
    assert catalogue.procedure("1.001193").called.startswith("thủ tục Đăng ký khai sinh")


def test_every_record_names_its_source_and_check_date(catalogue):
    for proc in catalogue.procedures:
        assert proc.source.name and isinstance(proc.verified_on, dt.date), proc.key
        assert proc.link.startswith("https://dichvucong.gov.vn/"), proc.key
    for rule in catalogue.rules:
        assert rule.source.name and rule.verified_on
    province = catalogue.provinces["khanh-hoa"]
    for unit in province.units:
        assert unit.source.name and unit.verified_on


def test_expired_rates_are_not_current(catalogue):
    passport = catalogue.procedure("1.001456")
    online_now = passport.current_fees("online", dt.date(2026, 11, 23))
    assert all(f.amount != 160000 for f in online_now)
    assert passport.current_fees("online", dt.date(2023, 6, 1))[0].amount == 160000
    card = catalogue.procedure("1.014063")
    assert [f.amount for f in card.current_fees("in_person", dt.date(2026, 11, 23))] == [25000]
    assert [f.amount for f in card.current_fees("in_person", dt.date(2027, 1, 1))] == [50000]


def test_rule_status_follows_validity_dates(catalogue):
    rules = {r.id: r for r in catalogue.rules}
    today = dt.date(2026, 11, 23)
    assert rules["tt-64-2025-btc"].status(today) == "in_force"
    assert rules["tt-44-2023-btc"].status(today) == "expired"
    assert rules["gplx-truc-tuyen"].status(today) == "expired"
    assert rules["khanh-hoa-hdnd-truc-tuyen-2023"].status(today) == "unknown"


def _broken_copy(tmp_path, mutate):
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    path = target / "procedures" / "ho-tich.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "mutate, field, problem",
    [
        (lambda d: d["procedures"][0].pop("verified_on"), "verified_on", "missing"),
        (lambda d: d["procedures"][0].update(code="1193"), "code", "must look like"),
        (lambda d: d["procedures"][0]["fees"][0].update(route="fax"), "route", "must be one of"),
        (lambda d: d["procedures"][0]["fees"][0].update(amount="free"), "amount", "must be int"),
        (lambda d: d["procedures"][0].update(aliases=[]), "aliases", "at least one"),
        (lambda d: d["procedures"][0].update(group="no-such-group"), "group", "unknown group"),
        (
            lambda d: d["procedures"][0].update(caveats=["Thời hạn (25 ngày", "hoặc 20 ngày)."]),
            "caveats[0]",
            "quote an item that has commas",
        ),
        (
            lambda d: d["procedures"][0]["source"].update({"1.000894)": None}),
            "1.000894)",
            "quote text that contains commas",
        ),
    ],
)
def test_a_broken_file_names_file_record_and_field(tmp_path, mutate, field, problem):
    directory = _broken_copy(tmp_path, mutate)
    with pytest.raises(CatalogueError) as caught:
        build_catalogue(read_files(directory))
    message = str(caught.value)
    assert "procedures/ho-tich.yml" in message
    assert "1.001193" in message or "1193" in message
    assert f"'{field}'" in message and problem in message


def test_a_family_takes_national_records_by_code(catalogue, tmp_path):
    licences = {p.key for p in catalogue.siblings("giay-phep-lai-xe")}
    assert {"3.000346", "3.000347", "3.000348"} <= licences, "the first licence joins the curated ones"
    directory = _broken_copy(tmp_path, lambda d: d["groups"][0].update(members=["9.999999"]))
    with pytest.raises(CatalogueError, match=r"procedures/ho-tich.yml.*'members'.*9.999999 is no national record"):
        build_catalogue(read_files(directory))


def test_invalid_yaml_is_reported_with_its_line(tmp_path):
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    (target / "fee_rules.yml").write_text("rules:\n  - id: x\n   bad: [\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"fee_rules.yml: record line \d+"):
        read_files(target)


def test_a_term_written_twice_is_refused_not_half_dropped(tmp_path):
    """YAML keeps only the last of two equal keys: the phrases staff wrote under the first
    would be dropped without a word."""
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    path = target / "everyday_words.yml"
    path.write_text(path.read_text(encoding="utf-8") + "  khai tử:\n    - đi xa\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"everyday_words.yml: record line \d+.*'khai tử' is written twice"):
        read_files(target)


def test_staff_check_command_reports_ok_or_the_broken_field(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "bot.catalogue"], capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.startswith("OK: ") and " procedures" in ok.stdout
    broken = _broken_copy(tmp_path, lambda d: d["procedures"][0].pop("verified_on"))
    failed = subprocess.run([sys.executable, "-m", "bot.catalogue", str(broken)], capture_output=True, text=True)
    assert failed.returncode == 1
    assert "procedures/ho-tich.yml" in failed.stderr and "'verified_on'" in failed.stderr


def test_an_everyday_phrase_may_stand_for_one_term_only(tmp_path):
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    path = target / "everyday_words.yml"
    words = yaml.safe_load(path.read_text(encoding="utf-8"))["words"]
    words["khai tử"].append("Cuoi nhau")  # already "kết hôn", typed without diacritics
    path.write_text(yaml.safe_dump({"words": words}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        build_catalogue(read_files(target))
    message = str(caught.value)
    assert "everyday_words.yml" in message and "khai tử" in message and "kết hôn" in message


def _names_file_with(tmp_path, change) -> str:
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    path = target / "everyday_names.yml"
    names = yaml.safe_load(path.read_text(encoding="utf-8"))["names"]
    change(names)
    path.write_text(yaml.safe_dump({"names": names}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        build_catalogue(read_files(target))
    return str(caught.value)


def test_a_citizen_phrase_names_one_procedure_of_the_catalogue(tmp_path):
    shared = _names_file_with(tmp_path / "a", lambda n: n["1.001669"].append(n["1.004837"][0].upper()))
    assert "everyday_names.yml" in shared and "1.001669" in shared and "1.004837" in shared
    unknown = _names_file_with(tmp_path / "b", lambda n: n.update({"9.999999": ["xin giấy phép nuôi rồng"]}))
    assert "everyday_names.yml" in unknown and "9.999999" in unknown


def test_the_portal_facts_live_in_the_catalogue_with_their_source(catalogue):
    portal = catalogue.portal
    assert portal.hotline == "18001096" and portal.hotline_source.url.startswith("https://")
    assert portal.online_filing.steps and portal.online_filing.verified_on
    assert catalogue.reorganisation.effective_on == dt.date(2025, 7, 1)


@pytest.mark.parametrize("missing", ["portal.yml", "administrative_units.yml"])
def test_a_catalogue_without_its_portal_facts_is_refused(tmp_path, missing):
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    (target / missing).unlink()
    with pytest.raises(CatalogueError, match=missing):
        build_catalogue(read_files(target))


def test_a_portal_step_without_its_source_is_refused(tmp_path):
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    path = target / "portal.yml"
    portal = yaml.safe_load(path.read_text(encoding="utf-8"))
    del portal["online_filing"]["source"]
    path.write_text(yaml.safe_dump(portal, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"portal.yml.*online_filing.*source"):
        build_catalogue(read_files(target))


def test_a_question_asked_before_needs_a_procedure_of_the_catalogue(tmp_path):
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    (target / "asked_questions.yml").write_text(
        yaml.safe_dump({"questions": {"9.999999": ["xin giấy phép nuôi rồng ở đâu"]}}, allow_unicode=True),
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError) as caught:
        build_catalogue(read_files(target))
    assert "asked_questions.yml" in str(caught.value) and "9.999999" in str(caught.value)
