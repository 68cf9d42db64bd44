"""What a rule is: frozen metadata plus a pure check function that yields findings."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from clustercheck.errors import did_you_mean
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


_ARTICLE = {"boolean": "a boolean", "integer": "an integer", "number": "a number", "string": "text"}


def _choices(value: Iterable[object] | type[enum.Enum] | None) -> tuple[object, ...] | None:
    """Declared choices as a tuple; a vocabulary (an Enum class) gives its members' values."""
    if value is None:
        return None
    if isinstance(value, type) and issubclass(value, enum.Enum):
        return tuple(member.value for member in value)
    return tuple(value)


def show(value: object) -> str:
    """A configuration value as it is written in TOML: ``'firms'``, ``5``, ``true``, ``[1, 'a']``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def either(choices: Iterable[object]) -> str:
    """Choices in words: ``design, inception, midterm or final``."""
    words = [str(c) for c in choices]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _is(kind: str, value: object) -> bool:
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, str)


@attrs.frozen(kw_only=True)
class Parameter:
    """A tunable value of a rule; its type is its default's (boolean, integer, number, string, list).

    Constraints, checked with the configuration (every problem at once, with a did-you-mean):
    ``minimum`` and ``maximum`` (inclusive) for an integer or a number; ``choices`` for a string or a
    number; ``item_choices`` for each item of a list of strings. Choices may be a vocabulary, an
    Enum class such as :class:`~clustercheck.model.Category`; text choices ignore case, as workbook
    values do, and a value is kept in the spelling declared. ``name`` may be left out where
    :func:`rule`'s ``parameters`` mapping gives it. The default must meet the constraints.
    """

    name: str = ""
    default: object
    description: str
    minimum: int | float | None = None
    maximum: int | float | None = None
    choices: tuple[object, ...] | None = attrs.field(default=None, converter=_choices)
    item_choices: tuple[object, ...] | None = attrs.field(default=None, converter=_choices)

    def __attrs_post_init__(self) -> None:
        kind = self.type  # a TypeError for an unsupported default
        numeric = kind in ("integer", "number")
        if (self.minimum is not None or self.maximum is not None) and not numeric:
            raise TypeError(f"parameter {self.name!r}: minimum and maximum need a number default")
        if self.choices is not None and kind not in ("string", "integer", "number"):
            raise TypeError(f"parameter {self.name!r}: choices need a string or number default")
        if self.item_choices is not None and kind != "list of strings":
            raise TypeError(f"parameter {self.name!r}: item_choices need a list default")
        wrong = self.problems(self.default)
        if wrong:
            raise ValueError(
                f"parameter {self.name!r}: its default fails its constraints: {wrong[0][1]}"
            )

    @property
    def type(self) -> str:
        return _param_type(self.default)

    @property
    def expected(self) -> str:
        """What a value must be, in words: ``a number from 0 to 1``, ``design or final``."""
        kind = self.type
        if kind == "list of strings":
            if self.item_choices is not None:
                return "a list, each item " + either(self.item_choices)
            return "a list of text values"
        if self.choices is not None:
            return either(show(c) if kind != "string" else c for c in self.choices)
        words = _ARTICLE[kind]
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            return f"{words} from {show(low)} to {show(high)}"
        if low is not None:
            return f"{words} of at least {show(low)}"
        if high is not None:
            return f"{words} of at most {show(high)}"
        return words

    def _scalar(
        self, value: object, kind: str, choices: tuple[object, ...] | None
    ) -> tuple[object, str | None]:
        """``value`` converted, or why it is not acceptable (``expected …, found …``)."""
        found = f"found {show(value)}"
        if not _is(kind, value):
            what = self.expected if choices is self.choices else "text"
            return value, f"expected {what}, {found}"
        if choices is not None:
            if isinstance(value, str):
                folded = {str(c).casefold(): c for c in choices}
                if value.strip().casefold() in folded:
                    return folded[value.strip().casefold()], None
                hint = did_you_mean(value, [str(c) for c in choices])
                return value, f"expected {either(choices)}, {found}{hint}"
            if value not in choices:
                return value, f"expected {self.expected}, {found}"
            return value, None
        low, high = self.minimum, self.maximum
        if (low is not None and value < low) or (high is not None and value > high):  # type: ignore[operator]  # a number, checked above
            return value, f"expected {self.expected}, {found}"
        return (float(value) if kind == "number" else value), None  # type: ignore[arg-type]  # checked above

    def check(self, value: object) -> tuple[object, list[tuple[str, str]]]:
        """``value`` as this parameter's type (choices in their declared spelling), and its problems.

        Each problem is (where, message): ``where`` is ``""`` for the value itself or ``[2]`` for a
        list's third item, to follow the key path; the message reads ``expected …, found …``.
        """
        kind = self.type
        if kind != "list of strings":
            converted, problem = self._scalar(value, kind, self.choices)
            return converted, ([("", problem)] if problem else [])
        if not isinstance(value, (list, tuple)):
            return value, [("", f"expected {self.expected}, found {show(value)}")]
        items: list[object] = []
        problems: list[tuple[str, str]] = []
        for index, item in enumerate(value):
            converted, problem = self._scalar(item, "string", self.item_choices)
            if problem is not None:
                problems.append((f"[{index}]", problem))
            items.append(converted)
        return tuple(items), problems

    def problems(self, value: object) -> list[tuple[str, str]]:
        """What is wrong with ``value`` for this parameter (see :meth:`check`); empty when nothing."""
        return self.check(value)[1]

    def convert(self, value: object) -> object:
        """``value`` as this parameter's type; raises ValueError with the first problem."""
        converted, problems = self.check(value)
        if problems:
            raise ValueError(problems[0][1])
        return converted


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
    parameters: Mapping[str, tuple[object, str] | Parameter] | None = None,
    stages: Iterable[str | Stage] | None = None,
) -> Callable[[Check], Rule]:
    """Decorate a check function to make it a :class:`Rule`.

    ``parameters`` maps each name to ``(default, description)``::

        @rule(code="GEN01", name="gender-marker-set", title="The gender marker is set",
              severity="warning", parameters={"accepted": (["2a", "2b"], "Markers that pass")})
        def gender_marker_set(project, params):
            if project.info.get("gender_marker") not in params["accepted"]:
                yield Finding(message="...", location=project.info.at("gender_marker"))

    A parameter with constraints is declared as a :class:`Parameter` (its ``name`` left out)::

        parameters={"min_share": Parameter(default=0.4, description="...", minimum=0, maximum=1)}
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
            parameters=tuple(_parameter(k, v) for k, v in (parameters or {}).items()),
            stages=frozenset(Stage(s) for s in stages) if stages is not None else ALL_STAGES,
        )

    return decorate


def _parameter(name: str, given: tuple[object, str] | Parameter) -> Parameter:
    if isinstance(given, Parameter):
        if given.name not in ("", name):
            raise ValueError(f"parameter {name!r} is declared with another name, {given.name!r}")
        return attrs.evolve(given, name=name)
    default, description = given
    return Parameter(name=name, default=default, description=description)
