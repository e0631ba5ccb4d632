"""The charts of the real package: what a reader sees and hears, offline, in each language.

The golden spec is regenerated only on purpose, and the diff reviewed:
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_charts.py -k golden
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from altair.vegalite.v6.schema import core

from chitieu import charts, drawing
from chitieu.assess import assess, current_resolution, series_of, standings
from chitieu.charts import svg as charts_render
from chitieu.ingest import load
from chitieu.records import Chart, Package
from tests.conftest import REPOSITORY
from tests.unit.test_assess import indicator, observation, package

GOLDEN = REPOSITORY / "tests" / "golden"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
GRAIN = "indicator/kt-2020-2025-grain-output"


def svg(chart: Chart) -> str:
    """The chart's finished SVG, as the render cache holds it."""
    return chart.file.read_text(encoding="utf-8")


def drawn_text(image: str) -> str:
    """The words drawn on the chart (not its title), one text element per "|" part."""
    root = ET.fromstring(image)
    return "|".join(" ".join(e.itertext()) for e in root.iter(f"{{{SVG_NAMESPACE}}}text"))


@pytest.fixture(scope="module")
def real_package(snapshot_descriptor: Path) -> Package:
    return load(snapshot_descriptor)


@pytest.fixture(scope="module")
def real_charts(
    real_package: Package, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], Chart]:
    home = current_resolution(real_package, standings(real_package, dt.date(2023, 9, 23)))
    cache = tmp_path_factory.mktemp("charts")
    rendered = charts.render(real_package, assess(real_package), cache_dir=cache, workers=1, home=home)
    return {(chart.key, chart.language): chart for chart in rendered}


@pytest.fixture(scope="module")
def real_drafts(real_package: Package) -> dict[tuple[str, str], charts.Draft]:
    """The charts' Vega-Lite specs, before rendering."""
    home = current_resolution(real_package, standings(real_package, dt.date(2023, 9, 23)))
    assessments = assess(real_package)
    jobs = [
        job
        for language in ("vi", "en")
        for job in charts.draft_jobs(real_package, assessments, home, language)
    ]
    return {(draft.key, draft.language): draft for draft in (job() for job in jobs)}


def test_every_page_has_its_chart_in_both_languages(
    real_package: Package, real_charts: dict[tuple[str, str], Chart]
) -> None:
    keys = {"home"} | {f"resolution/{r.id}" for r in real_package.resolutions}
    keys |= {f"scorecard/{r.id}" for r in real_package.resolutions}
    keys |= {f"series/{key}" for key, members in series_of(real_package).items() if len(members) > 1}
    keys |= {f"indicator/{i.id}" for i in real_package.indicators}
    assert set(real_charts) == {(key, language) for key in keys for language in ("vi", "en")}


def test_every_svg_is_an_accessible_image_with_its_alt_text(
    real_charts: dict[tuple[str, str], Chart],
) -> None:
    for chart in real_charts.values():
        root = ET.fromstring(svg(chart))
        assert root.tag == f"{{{SVG_NAMESPACE}}}svg"
        assert root.get("role") == "img"
        assert root.get("aria-label") == chart.alt
        title = root[0]
        assert (title.tag, title.text) == (f"{{{SVG_NAMESPACE}}}title", chart.alt)


def test_no_svg_loads_anything_from_another_host(
    real_charts: dict[tuple[str, str], Chart], real_drafts: dict[tuple[str, str], charts.Draft]
) -> None:
    for chart in real_charts.values():
        assert re.findall(r"https?://[^\"'\s)]*", svg(chart)) == [SVG_NAMESPACE], chart.key
        assert "href" not in svg(chart) and "@import" not in svg(chart) and "@font-face" not in svg(chart)
        assert set(re.findall(r"url\(([^)]*)\)", svg(chart))) <= {
            f"#{i}" for i in re.findall(r'id="([^"]+)"', svg(chart))
        }
        # The page's own font stack, which ends in the reader's sans-serif: on every
        # platform one with Vietnamese glyphs (never a serif fallback, never a web font).
        assert 'font-family="-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"' in svg(chart)
        assert "http" not in real_drafts[(chart.key, chart.language)].spec  # a spec pages may embed


def test_grain_chart_speaks_and_shows_the_numbers_of_its_language(
    real_charts: dict[tuple[str, str], Chart],
) -> None:
    vi, en = real_charts[(GRAIN, "vi")], real_charts[(GRAIN, "en")]
    assert vi.alt == (
        "Sản lượng lương thực bình quân hằng năm: trên 182.000 tấn (ước) ngày 23/09/2023 (2020–2023), "
        "đạt 109,67\u00a0% chỉ tiêu. Chỉ tiêu suy ra từ tỷ lệ % được báo cáo: trên 165.952 tấn. "
        "Trạng thái: Vượt chỉ tiêu."
    )
    assert en.alt == (
        "Average annual food grain output: over 182,000 t (est.) on 23 Sep 2023 (2020–2023), "
        "109.67% of target. Target derived from the reported percent: over 165,952 t. Status: Exceeded."
    )
    # Labels on the marks (formatting.py), axis ticks (the d3 locale) and the date axis.
    drawn_vi, drawn_en = drawn_text(svg(vi)).split("|"), drawn_text(svg(en)).split("|")
    for text in ("trên 182.000 tấn (ước) đạt 109,67\u00a0% chỉ tiêu", "150.000", "23/09/2023"):
        assert text in drawn_vi, text
    assert "Chỉ tiêu (suy ra): trên 165.952 tấn" in drawn_vi
    for text in ("over 182,000 t (est.) 109.67% of target", "150,000", "23 Sep 2023"):
        assert text in drawn_en, text
    assert "Target (derived): over 165,952 t" in drawn_en
    assert "182,000" not in svg(vi) and "182.000" not in svg(en)


def test_a_published_target_is_labelled_published(real_charts: dict[tuple[str, str], Chart]) -> None:
    chart = real_charts[("indicator/kt-2015-2020-production-value-growth", "vi")]
    drawn = drawn_text(svg(chart))
    assert "Chỉ tiêu (công bố): 8,2\u00a0%/năm" in drawn
    # A growth rate against its target: points in the text alternative, never "132,93 % of plan".
    assert "cao hơn chỉ tiêu 2,7 điểm phần trăm" in chart.alt
    assert "132,93" not in drawn and "132,93" not in chart.alt


def test_progress_and_status_charts_state_their_counts(real_charts: dict[tuple[str, str], Chart]) -> None:
    drawn = drawn_text(svg(real_charts[("resolution/kt-2018", "vi")])).split("|")
    assert "13/22" in drawn and "6 tháng đầu năm 2018 · 15/06/2018" in drawn
    assert real_charts[("resolution/kt-2015-2020", "en")].alt.endswith(
        "24 of 24 targets met or exceeded, 14 of them exceeded (2015–2020, reported on 6 Aug 2020)."
    )
    no_report = real_charts[("resolution/kt-2010-2015", "vi")]
    assert drawn_text(svg(no_report)) == "Chưa có báo cáo tiến độ"
    home = real_charts[("home", "en")]
    assert "Exceeded: 2" in home.alt and "Not in the data yet: 15" in home.alt
    assert "▲ Exceeded" in drawn_text(svg(home)).split("|")  # a symbol and a word, never colour alone


def test_charts_are_small_enough_for_a_phone_page(real_charts: dict[tuple[str, str], Chart]) -> None:
    largest = max(len(gzip.compress(svg(c).encode())) for c in real_charts.values())
    assert largest < 6_000  # the whole indicator page has 60 KB compressed


def test_ids_are_unique_across_charts(real_charts: dict[tuple[str, str], Chart]) -> None:
    ids = [i for c in real_charts.values() for i in re.findall(r'id="([^"]+)"', svg(c))]
    assert len(ids) == len(set(ids))


def test_every_real_spec_is_valid_vega_lite(real_drafts: dict[tuple[str, str], charts.Draft]) -> None:
    schema = core.load_schema()
    validator = jsonschema.Draft7Validator(schema)
    for draft in real_drafts.values():
        errors = [e.message for e in validator.iter_errors(json.loads(draft.spec))]
        assert errors == [], draft.key


def test_vietnamese_locale_is_in_the_spec(real_drafts: dict[tuple[str, str], charts.Draft]) -> None:
    vi = json.loads(real_drafts[(GRAIN, "vi")].spec)["config"]["locale"]
    en = json.loads(real_drafts[(GRAIN, "en")].spec)["config"]["locale"]
    assert (vi["number"]["decimal"], vi["number"]["thousands"]) == (",", ".")
    assert (en["number"]["decimal"], en["number"]["thousands"]) == (".", ",")
    assert vi["time"]["months"][8] == "tháng 9"


def test_golden_grain_spec(real_drafts: dict[tuple[str, str], charts.Draft]) -> None:
    golden = GOLDEN / "chart-kt-2020-2025-grain-output.vi.vl.json"
    spec = json.dumps(json.loads(real_drafts[(GRAIN, "vi")].spec), ensure_ascii=False, indent=2) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(spec, encoding="utf-8")
    assert spec == golden.read_text(encoding="utf-8")


# --- rendering: cache, determinism, parallel workers ------------------------------------


@pytest.fixture
def count_renders(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """Counts the real renders (in this process: use workers=1)."""
    calls: list[str] = []
    real = charts_render._render_one

    def counting(spec: str, alt_text: str, digest: str) -> str:
        calls.append(digest)
        return real(spec, alt_text, digest)

    monkeypatch.setattr(charts_render, "_render_one", counting)
    return lambda: len(calls)


def test_a_rebuild_without_data_changes_renders_nothing(
    real_package: Package, tmp_path: Path, count_renders: Callable[[], int]
) -> None:
    assessments = assess(real_package)
    first = charts.render(real_package, assessments, cache_dir=tmp_path, workers=1)
    assert count_renders() == len(first)
    again = charts.render(real_package, assessments, cache_dir=tmp_path, workers=1)
    assert count_renders() == len(first)
    assert again == first


def test_changing_one_figure_renders_only_its_charts(
    tmp_path: Path, count_renders: Callable[[], int]
) -> None:
    before = package((indicator("a"), indicator("b")), (observation(Decimal(1), indicator_id="a"),))
    after = dataclasses.replace(before, observations=(observation(Decimal(2), indicator_id="a"),))
    charts.render(before, assess(before), cache_dir=tmp_path, workers=1)
    rendered = count_renders()
    charts.render(after, assess(after), cache_dir=tmp_path, workers=1)
    assert count_renders() - rendered == 2  # indicator "a" in vi and en


def test_redrawing_a_few_charts_of_a_big_site_starts_no_workers(tmp_path: Path) -> None:
    """Worker processes cost about a second each to start: a rebuild after one figure was
    edited draws its own charts here, however many charts the site has."""
    targets = tuple(indicator(f"t{i:03d}") for i in range(charts_render.CHARTS_PER_WORKER * 2))
    before = package(targets, (observation(Decimal(1), indicator_id="t000"),))
    after = dataclasses.replace(before, observations=(observation(Decimal(2), indicator_id="t000"),))
    charts.render(before, assess(before), ("vi",), cache_dir=tmp_path, workers=1)
    cached = set(tmp_path.glob("*.svg"))
    workers = drawing.Workers()  # as a build has them: the count left to the machine
    again = charts.render(after, assess(after), ("vi",), cache_dir=tmp_path, workers=workers)
    assert not workers.started
    [edited] = [c for c in again if c.key == "indicator/t000"]
    assert tmp_path / f"{edited.digest}.svg" in set(tmp_path.glob("*.svg")) - cached


def test_a_cold_build_of_many_charts_uses_every_core() -> None:
    workers = drawing.Workers(count=None)
    many = charts_render.CHARTS_PER_WORKER * workers.count
    assert workers.worth_it(many, charts_render.CHARTS_PER_WORKER) == (workers.count > 1)
    # Found as the drafts come: the first ones are drawn here, then the workers take over.
    assert not workers.worth_it(
        many, charts_render.CHARTS_PER_WORKER, drawn_here=charts_render.CHARTS_PER_WORKER - 1
    )
    assert workers.worth_it(
        many, charts_render.CHARTS_PER_WORKER, drawn_here=charts_render.CHARTS_PER_WORKER
    ) == (workers.count > 1)


def test_an_indicator_without_figures_says_so_instead_of_an_empty_axis(tmp_path: Path) -> None:
    empty = package((indicator("a", target=Decimal(10)),), ())
    vi = {
        c.key: c
        for c in charts.render(empty, assess(empty), languages=("vi",), cache_dir=tmp_path, workers=1)
    }["indicator/a"]
    assert drawn_text(svg(vi)) == "Chưa có số liệu được công bố Chỉ tiêu được công bố: 10 tấn"
    assert "<line" not in svg(vi)  # no axis, no grid


def test_parallel_and_serial_rendering_give_the_same_bytes(
    real_package: Package,
    real_charts: dict[tuple[str, str], Chart],
    tmp_path: Path,
) -> None:
    ticks: list[tuple[int, int]] = []
    home = current_resolution(real_package, standings(real_package, dt.date(2023, 9, 23)))
    parallel = charts.render(
        real_package,
        assess(real_package),
        workers=2,
        cache_dir=tmp_path,
        tick=lambda *t: ticks.append(t),
        home=home,
    )
    assert [(c.key, c.language) for c in parallel] == list(real_charts)
    assert [svg(c) for c in parallel] == [svg(real_charts[(c.key, c.language)]) for c in parallel]
    assert {c.file for c in parallel} == set(tmp_path.glob("*.svg"))
    assert all(c.file.name == f"{c.digest}.svg" for c in parallel)
    assert sorted(ticks) == [(done, len(parallel)) for done in range(1, len(parallel) + 1)]


def test_a_failed_stage_stops_its_workers_instead_of_rendering_the_rest(
    real_package: Package, tmp_path: Path
) -> None:
    drafts = [draft() for draft in charts.draft_jobs(real_package, assess(real_package), None, "vi")]

    def then_fail() -> Iterator[charts.Draft]:
        yield from drafts
        raise RuntimeError("the drafting failed")

    ticks: list[tuple[int, int]] = []
    with pytest.raises(RuntimeError, match="the drafting failed"):
        charts_render.render_svgs(
            then_fail(), len(drafts), tmp_path, workers=2, tick=lambda *t: ticks.append(t)
        )
    assert len(ticks) < len(drafts)  # what was still queued was dropped, not rendered


def test_with_many_figures_only_the_latest_is_labelled_and_the_alt_names_all(tmp_path: Path) -> None:
    import datetime as dt

    figures = tuple(
        observation(Decimal(value), period=str(year), as_of=dt.date(year + 1, 1, 15), indicator_id="a")
        for value, year in ((1111, 2020), (2222, 2021), (3333, 2022), (4444, 2023))
    )
    many = package((indicator("a", target=Decimal(5000)),), figures)
    [vi] = [
        c
        for c in charts.render(many, assess(many), languages=("vi",), cache_dir=tmp_path, workers=1)
        if c.key == "indicator/a"
    ]
    drawn = drawn_text(svg(vi))
    assert "4.444 tấn (ước)" in drawn and "bằng 88,88\u00a0% chỉ tiêu (tính toán)" in drawn
    assert "1.111" not in drawn
    for text in ("1.111 tấn (ước) ngày 15/01/2021 (2020)", "4.444 tấn (ước) ngày 15/01/2024 (2023)"):
        assert text in vi.alt
    assert "2022" in drawn.split("|")  # a tick per year instead of four crowded dates


def test_text_from_the_data_stays_text(tmp_path: Path) -> None:
    hostile = dataclasses.replace(
        indicator("a"), name_vi='<script>alert(1)</script> & "x"', unit_vi="<b>t</b>"
    )
    p = package((hostile,), (observation(Decimal(5), indicator_id="a"),))
    [vi] = [
        c
        for c in charts.render(p, assess(p), languages=("vi",), cache_dir=tmp_path, workers=1)
        if c.key == "indicator/a"
    ]
    root = ET.fromstring(svg(vi))  # still one well-formed image
    assert root.get("aria-label", "").startswith('<script>alert(1)</script> & "x": 5 <b>t</b>')
    assert "<script" not in svg(vi) and "<b>" not in svg(vi)
    assert "5 <b>t</b> (ước)" in drawn_text(svg(vi))


def test_home_chart_of_a_term_without_listed_targets_says_so(tmp_path: Path) -> None:
    from tests.unit.test_assess import term

    empty = package((), (), (term(total=None),))
    drawn = charts.render(
        empty, assess(empty), languages=("en",), cache_dir=tmp_path, workers=1, home=empty.resolutions[0]
    )
    [home] = [c for c in drawn if c.key == "home"]
    assert drawn_text(svg(home)) == "Party Committee, 2020–2025: no target in the data yet"


def test_a_scorecard_is_one_bar_of_the_latest_count_with_each_part_named(
    real_charts: dict[tuple[str, str], Chart],
) -> None:
    card = real_charts[("scorecard/kt-2015-2020", "en")]
    assert card.alt == (
        "Kiến Tường town Party Committee, 2015–2020, 24 targets, as of 6 Aug 2020 (Báo Long An): "
        "Exceeded: 14; Met: 10."
    )
    drawn = drawn_text(svg(card)).split("|")
    assert "Exceeded: 14" in drawn and "Met: 10" in drawn and "24" in drawn  # the legend names each part
    partway = real_charts[("scorecard/kt-2020-2025", "vi")]
    assert partway.alt.endswith("Đạt và vượt: 10; Chưa rõ: 8.")  # the report does not tell exceeded apart
    none = real_charts[("scorecard/kt-2010-2015", "en")]
    assert drawn_text(svg(none)) == "No progress report published"


def test_a_series_chart_sets_the_terms_side_by_side_with_their_targets(
    real_charts: dict[tuple[str, str], Chart],
) -> None:
    chart = real_charts[("series/production-value-growth", "en")]
    assert chart.alt == (
        "Average annual growth of production value, term by term: 2010–2015: 11.4%/year. "
        "2015–2020: 10.9%/year (est.); Target (published): 8.2%/year. 2020–2025: 7.58%/year (est.)."
    )
    drawn = drawn_text(svg(chart)).split("|")
    assert {"2010–2015", "2015–2020", "2020–2025", "10.9 (est.)", "Target (published)"} <= set(drawn)
    assert "Target (derived from a reported percent)" not in drawn  # none here: not in the legend
