"""What a rule is: frozen metadata plus a pure check function that yields findings."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from clustercheck.findings import Finding, Severity
from clustercheck.model import Project, Stage

#: The resolved parameters a check receives: each declared name with its value in force.
Params = Mapping[str, Any]
Check = Callable[[Project, Params], Iterable[Finding]]

CODE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]{2,}$")
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
ALL_STAGES: frozenset[Stage] = frozenset(Stage)

#: Titles of the rule families this package and the UNIDO pack define.
FAMILY_TITLES = {
    "WB": "Workbook input",
    "TEAM": "Project team",
    "CAP": "Local capacity",
    "RT": "Responsibility transfer",
    "CC": "Cluster Commission",
    "SC": "Steering Committee",
    "PR": "Method",
}


def family_title(family: str) -> str:
    """A family's title (``Project team`` for ``TEAM``); a plugin's own families show their code."""
    return FAMILY_TITLES.get(family, family)


def _param_type(default: object) -> str:
    if isinstance(default, bool):
        return "boolean"
    if isinstance(default, int):
        return "integer"
    if isinstance(default, float):
        return "number"
    if isinstance(default, str):
        return "string"
    if isinstance(default, (list, tuple)) and all(isinstance(v, str) for v in default):
        return "list of strings"
    raise TypeError(f"unsupported parameter default {default!r}")


@attrs.frozen(kw_only=True)
class Parameter:
    """A tunable value of a rule; its type is its default's (boolean, integer, number, string, list)."""

    name: str
    default: object
    description: str

    @property
    def type(self) -> str:
        return _param_type(self.default)

    def convert(self, value: object) -> object:
        """``value`` as this parameter's type; raises ValueError naming the type expected."""
        kind = self.type
        ok = {
            "boolean": isinstance(value, bool),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "number": isinstance(value, (int, float)) and not isinstance(value, bool),
            "string": isinstance(value, str),
            "list of strings": isinstance(value, (list, tuple))
            and all(isinstance(v, str) for v in value),
        }[kind]
        if not ok:
            raise ValueError(f"expected {kind}, got {value!r}")
        if kind == "number":
            return float(value)  # type: ignore[arg-type]  # checked just above
        if kind == "list of strings":
            return tuple(value)  # type: ignore[arg-type]  # checked just above
        return value


def _check_code(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not CODE.match(value):
        raise ValueError(
            f"rule code {value!r} must be capitals and digits ending in 2+ digits, e.g. GEN01"
        )


def _check_name(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not NAME.match(value):
        raise ValueError(f"rule name {value!r} must be kebab-case, e.g. gender-marker-set")


@attrs.frozen(kw_only=True)
class Rule:
    """A rule: its metadata and its check.

    ``check(project, params)`` reads the project and yields :class:`~clustercheck.findings.Finding`
    objects; it does no I/O and returns early when it does not apply. ``description`` says what it
    checks, ``principle`` quotes the principle it enforces and ``source`` says where that comes from,
    ``fix`` tells a user how to close the gap. ``stages`` are the review stages the rule applies to.
    """

    code: str = attrs.field(validator=_check_code)
    name: str = attrs.field(validator=_check_name)
    title: str
    severity: Severity = attrs.field(converter=Severity)
    check: Check = attrs.field(eq=False, repr=False)
    description: str = ""
    principle: str = ""
    source: str = ""
    fix: str = ""
    parameters: tuple[Parameter, ...] = ()
    stages: frozenset[Stage] = ALL_STAGES

    @property
    def family(self) -> str:
        """The code's letters: ``TEAM`` for ``TEAM01``."""
        return self.code.rstrip("0123456789")

    @property
    def defaults(self) -> dict[str, object]:
        return {p.name: p.default for p in self.parameters}

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def rule(
    *,
    code: str,
    name: str,
    title: str,
    severity: str | Severity,
    description: str = "",
    principle: str = "",
    source: str = "",
    fix: str = "",
    parameters: Mapping[str, tuple[object, str]] | None = None,
    stages: Iterable[str | Stage] | None = None,
) -> Callable[[Check], Rule]:
    """Decorate a check function to make it a :class:`Rule`.

    ``parameters`` maps each name to ``(default, description)``::

        @rule(code="GEN01", name="gender-marker-set", title="The gender marker is set",
              severity="warning", parameters={"accepted": (["2a", "2b"], "Markers that pass")})
        def gender_marker_set(project, params):
            if project.info.get("gender_marker") not in params["accepted"]:
                yield Finding(message="...", location=project.info.at("gender_marker"))
    """

    def decorate(check: Check) -> Rule:
        return Rule(
            code=code,
            name=name,
            title=title,
            severity=Severity(severity),
            check=check,
            description=description or (check.__doc__ or "").strip(),
            principle=principle,
            source=source,
            fix=fix,
            parameters=tuple(
                Parameter(name=k, default=d, description=text)
                for k, (d, text) in (parameters or {}).items()
            ),
            stages=frozenset(Stage(s) for s in stages) if stages is not None else ALL_STAGES,
        )

    return decorate
