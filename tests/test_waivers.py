"""Waivers: reading and checking the file, matching findings, expiry, unused waivers, status."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from clustercheck.config import Config, parse_toml
from clustercheck.engine import ProjectResult, Run
from clustercheck.engine.waivers import apply_waivers, load_waivers, matches, parse_waivers
from clustercheck.errors import ConfigError
from clustercheck.findings import Finding, Location, Severity, Waiver
from clustercheck.model import Origin, Project, ProjectInfo

CODES = ("SC02", "SC03", "CAP02", "TEAM01")
TODAY = dt.date(2027, 6, 1)


def _waivers(text: str) -> tuple[Waiver, ...]:
    return parse_waivers(parse_toml(textwrap.dedent(text)), "waivers.toml", CODES)


def _finding(
    rule: str, severity: str = "error", cluster: str | None = None, cell: str | None = None
):
    location = Location(sheet="Bodies", row=int(cell[1:]), cell=cell) if cell else None
    return Finding(
        message=f"{rule} gap",
        rule=rule,
        severity=Severity(severity),
        cluster=cluster,
        location=location,
    )


def _result(project_id: str, *findings: Finding) -> ProjectResult:
    info = ProjectInfo(origin=Origin(sheet="Project"), project_id=project_id)
    project = Project(file=f"{project_id}.xlsx", info=info)
    return ProjectResult(
        file=project.file, project=project, status="fail", findings=tuple(findings)
    )


def _run(*results: ProjectResult) -> Run:
    return Run(projects=results, rules=(), config=Config())


GOOD = """
    [[waiver]]
    rule = "sc03"
    project = "TUN-1"
    cluster = "CL1"
    cell = "Bodies!h2"
    reason = "Meets under the national programme's board."
    approved-by = "Evaluation team lead"
    expires = 2027-12-31
"""


def test_a_complete_waiver_is_read_with_normalised_code_cell_and_date() -> None:
    (waiver,) = _waivers(GOOD)
    assert waiver == Waiver(
        rule="SC03",
        project="TUN-1",
        cluster="CL1",
        cell="Bodies!H2",
        reason="Meets under the national programme's board.",
        approved_by="Evaluation team lead",
        expires="2027-12-31",
    )


def test_expires_may_be_an_iso_string() -> None:
    (waiver,) = _waivers(
        'waiver = [{rule = "SC02", reason = "r", approved-by = "a", expires = "2028-01-31"}]'
    )
    assert waiver.expires == "2028-01-31"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            'rule = "SC02"\napproved-by = "a"',
            "waiver 1 (SC02) has no 'reason'; every waiver needs one.",
        ),
        (
            'rule = "SC02"\nreason = "   "\napproved-by = "a"',
            "waiver 1 (SC02): reason: expected non-empty text, found '   '.",
        ),
        ('reason = "r"\napproved-by = "a"', "waiver 1 has no 'rule'; every waiver needs one."),
        (
            'rule = "SC02"\nreason = "r"\napproved-by = "a"\nexpires = "2027-02-30"',
            "waiver 1 (SC02): expires: expected a date like 2027-12-31, found '2027-02-30'.",
        ),
        (
            'rule = "SC02"\nreason = "r"\napproved-by = "a"\nexpires = 2027-02-01T10:00:00',
            "waiver 1 (SC02): expires: expected a date like 2027-12-31, found 2027-02-01T10:00:00.",
        ),
        (
            'rule = "SC02"\nreason = "r"\napproved-by = "a"\ncell = "H2"',
            "waiver 1 (SC02): cell: expected Sheet!A1, like Bodies!H2, found 'H2'.",
        ),
        (
            'rule = "SC02"\nreason = "r"\napproved-by = "a"\nwho = "me"',
            "waiver 1 (SC02): who: not a waiver key (known: approved-by, cell, cluster, expires, "
            "project, reason, rule).",
        ),
        (
            'rule = "SC02"\nreason = "r"\napproved_by = "a"',
            "waiver 1 (SC02): approved_by: not a waiver key (known: approved-by, cell, cluster, "
            "expires, project, reason, rule); did you mean 'approved-by'?",
        ),
    ],
)
def test_an_invalid_waiver_is_one_sentence_naming_it(entry: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _waivers("[[waiver]]\n" + entry)
    assert caught.value.sentences == (f"waivers.toml: {message}",)


def test_every_problem_of_a_waivers_file_is_reported_at_once() -> None:
    text = GOOD + textwrap.dedent(
        """
        [[waiver]]
        rule = "SC02"
        approved-by = "a"
        expires = "soon"

        [[waiver]]
        rule = "TEAM01"
        reason = "r"
        approved-by = ""
        cell = "Team"
        """
    )
    with pytest.raises(ConfigError) as caught:
        _waivers(text)
    assert caught.value.sentences == (
        "waivers.toml: waiver 2 (SC02) has no 'reason'; every waiver needs one.",
        "waivers.toml: waiver 2 (SC02): expires: expected a date like 2027-12-31, found 'soon'.",
        "waivers.toml: waiver 3 (TEAM01): cell: expected Sheet!A1, like Bodies!H2, found 'Team'.",
        "waivers.toml: waiver 3 (TEAM01): approved-by: expected non-empty text, found ''.",
    )


def test_a_waiver_of_a_rule_that_is_not_loaded_is_a_warning_not_an_error() -> None:
    notes: list[str] = []
    text = GOOD + '\n[[waiver]]\nrule = "BUDG02"\nreason = "r"\napproved-by = "a"\n'
    text += '\n[[waiver]]\nrule = "SC3"\nreason = "r"\napproved-by = "a"\n'
    waivers = parse_waivers(parse_toml(text), "waivers.toml", CODES, notes.append)
    assert [w.rule for w in waivers] == ["SC03"]
    assert notes == [
        "waivers.toml: waiver 2 (BUDG02): no rule BUDG02 is loaded, so this waiver is not used.",
        "waivers.toml: waiver 3 (SC3): no rule SC3 is loaded, so this waiver is not used; "
        "did you mean 'SC03'?",
    ]


def test_the_second_waiver_is_named_by_its_position() -> None:
    text = GOOD + '\n[[waiver]]\nrule = "SC02"\napproved-by = "a"\n'
    with pytest.raises(ConfigError, match=r"waiver 2 \(SC02\) has no 'reason'"):
        _waivers(text)


def test_a_file_with_other_tables_or_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        _waivers('[rules.SC02]\nseverity = "info"\n')
    assert caught.value.sentences == (
        "waivers.toml: rules: not a key of a waivers file, which holds [[waiver]] tables only.",
    )
    with pytest.raises(
        ConfigError, match=r"waiver: expected an array of tables \(\[\[waiver\]\]\), found 'SC02'"
    ):
        _waivers('waiver = "SC02"\n')
    with pytest.raises(ConfigError, match="no such waivers file"):
        load_waivers(tmp_path / "none.toml", CODES)
    bad = tmp_path / "bad.toml"
    bad.write_text("[[waiver]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_waivers(bad, CODES)


def test_scope_project_cluster_and_cell_each_narrow_the_match() -> None:
    (waiver,) = _waivers(GOOD)
    hit = _finding("SC03", cluster="CL1", cell="H2")
    assert matches(waiver, hit, "TUN-1")
    assert not matches(waiver, hit, "TUN-2")
    assert not matches(waiver, _finding("SC03", cluster="CL2", cell="H2"), "TUN-1")
    assert not matches(waiver, _finding("SC03", cluster="CL1", cell="H3"), "TUN-1")
    assert not matches(waiver, _finding("SC03", cluster="CL1"), "TUN-1")  # no cell at all
    assert not matches(waiver, _finding("SC02", cluster="CL1", cell="H2"), "TUN-1")


def test_applying_marks_findings_recomputes_status_and_counts() -> None:
    waivers = _waivers('[[waiver]]\nrule = "SC02"\nreason = "accepted"\napproved-by = "lead"\n')
    run = _run(_result("TUN-1", _finding("SC02"), _finding("SC03", "warning")))
    waived = apply_waivers(run, waivers, source="w.toml", today=TODAY)
    (project,) = waived.projects
    assert [f.waiver is not None for f in project.findings] == [True, False]
    assert project.status == "pass"  # the one error is waived; a warning does not fail
    assert project.summary()["error"] == 0
    assert project.summary()["waived"] == 1
    assert waived.exit_code == 0
    assert project.findings[0].to_dict()["waived"] == {
        "reason": "accepted",
        "approved-by": "lead",
        "expires": None,
    }
    assert waived.waivers is not None
    assert waived.waivers.to_dict() == {
        "source": "w.toml",
        "applied": 1,
        "expired": [],
        "unused": [],
    }


def test_an_expired_waiver_is_not_applied_and_is_reported() -> None:
    waivers = _waivers(
        '[[waiver]]\nrule = "SC02"\nreason = "r"\napproved-by = "a"\nexpires = 2027-05-31\n'
    )
    run = apply_waivers(_run(_result("TUN-1", _finding("SC02"))), waivers, today=TODAY)
    assert run.projects[0].findings[0].waiver is None
    assert run.projects[0].status == "fail"
    assert run.waivers is not None
    assert [w.rule for w in run.waivers.expired] == ["SC02"]
    assert run.waivers.unused == ()  # expired is said once, not also as unused
    assert run.waivers.notes() == ["waiver SC02 expired on 2027-05-31 and was not applied"]


def test_a_waiver_on_its_last_day_still_applies() -> None:
    waivers = _waivers(
        '[[waiver]]\nrule = "SC02"\nreason = "r"\napproved-by = "a"\nexpires = 2027-06-01\n'
    )
    run = apply_waivers(_run(_result("TUN-1", _finding("SC02"))), waivers, today=TODAY)
    assert run.projects[0].findings[0].waiver is not None


def test_a_waiver_that_matches_nothing_is_unused() -> None:
    waivers = _waivers(GOOD + '\n[[waiver]]\nrule = "SC02"\nreason = "r"\napproved-by = "a"\n')
    run = apply_waivers(_run(_result("TUN-1", _finding("SC02"))), waivers, today=TODAY)
    assert run.waivers is not None
    assert [w.rule for w in run.waivers.unused] == ["SC03"]
    assert run.waivers.notes() == ["waiver SC03 for TUN-1 in CL1 at Bodies!H2 matched no finding"]


def test_one_waiver_covers_every_project_unless_scoped() -> None:
    waivers = _waivers('[[waiver]]\nrule = "SC02"\nreason = "r"\napproved-by = "a"\n')
    run = apply_waivers(
        _run(_result("TUN-1", _finding("SC02")), _result("TUN-2", _finding("SC02"))),
        waivers,
        today=TODAY,
    )
    assert [p.status for p in run.projects] == ["pass", "pass"]
    assert run.waivers is not None
    assert run.waivers.matched == (2,)


def test_an_incomplete_project_stays_incomplete() -> None:
    waivers = _waivers('[[waiver]]\nrule = "SC02"\nreason = "r"\napproved-by = "a"\n')
    result = ProjectResult(file="x.xlsx", status="incomplete", findings=(_finding("SC02"),))
    run = apply_waivers(_run(result), waivers, today=TODAY)
    assert run.projects[0].status == "incomplete"
