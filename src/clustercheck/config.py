"""Configuration: ``clustercheck.toml`` or ``[tool.clustercheck]`` in ``pyproject.toml`` → a typed Config.

Reading a file checks its shape (keys, types); :func:`validate` then checks it against the rules that
are loaded (codes, parameters and their constraints). Like a workbook, a file is checked whole: one
:class:`ConfigError` carries every problem, each naming the file, the key path, what was expected
and what was found, with a did-you-mean for a near miss.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from clustercheck.errors import ConfigError, did_you_mean
from clustercheck.findings import Severity
from clustercheck.model import Stage
from clustercheck.rule import Rule, either, show

FAIL_ON = ("error", "warning", "info", "never")
PYPROJECT = "pyproject.toml"


@attrs.frozen(kw_only=True)
class RuleConfig:
    """One rule's settings: a severity that replaces its findings' own, and parameter values."""

    severity: Severity | None = None
    params: Mapping[str, object] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class Config:
    """The configuration in force for a run (file values, then command-line values over them)."""

    select: tuple[str, ...] = ()  # codes or prefixes; empty selects every rule
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    stage: Stage | None = None  # overrides each project's review_stage
    waivers: str | None = None  # path of a waivers file
    rules: Mapping[str, RuleConfig] = attrs.field(factory=dict)
    source: str | None = None  # the file this came from, for messages and reports

    def selected(self, code: str) -> bool:
        """Whether ``code`` is selected and not ignored (the longest matching prefix wins)."""
        chosen = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        if self.select and chosen < 0:
            return False
        dropped = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return dropped < 0 or dropped < chosen

    def fails(self, severity: Severity | None) -> bool:
        """Whether a counted finding of ``severity`` fails the run under ``fail_on``."""
        if self.fail_on == "never" or severity is None:
            return False
        return severity.rank >= Severity(self.fail_on).rank

    def to_dict(self) -> dict[str, object]:
        """The configuration in force, as shown in reports."""
        return {
            "source": self.source,
            "select": list(self.select),
            "ignore": list(self.ignore),
            "fail-on": self.fail_on,
            "stage": self.stage.value if self.stage else None,
            "waivers": self.waivers,
            "rules": {
                code: {
                    **({"severity": rc.severity.value} if rc.severity else {}),
                    **{k: list(v) if isinstance(v, tuple) else v for k, v in rc.params.items()},
                }
                for code, rc in sorted(self.rules.items())
            },
        }


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``clustercheck.toml``, or ``pyproject.toml`` with a ``[tool.clustercheck]`` table."""
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        candidate = directory / "clustercheck.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            try:
                text = pyproject.read_text(encoding="utf-8")
                # Most pyproject.toml files never mention us: those are not parsed at all.
                data = parse_toml(text) if "clustercheck" in text else {}
            except (OSError, ValueError):  # unreadable, not UTF-8, or not TOML
                continue
            if "clustercheck" in data.get("tool", {}):
                return pyproject
    return None


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's data, or one ConfigError sentence naming the file and the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("no such configuration file", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot be read ({exc})", file=str(path)) from None
    try:
        return parse_toml(text)
    except ValueError as exc:  # the TOML parser's TOMLDecodeError
        raise ConfigError(f"is not valid TOML ({exc})", file=str(path)) from None


def parse_toml(text: str) -> dict[str, Any]:
    """TOML text's data; a ValueError (TOMLDecodeError) when it is not TOML."""
    # Imported here: a run without a configuration file never needs the parser.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    data: dict[str, Any] = tomllib.loads(text)
    return data


def _table(path: Path) -> dict[str, Any]:
    data = read_toml(path)
    if path.name == PYPROJECT:
        table: dict[str, Any] = data.get("tool", {}).get("clustercheck", {})
        return table
    return data


def load_config(path: Path | None) -> Config:
    """The configuration in ``path`` (a found or given file), or the defaults when None."""
    if path is None:
        return Config()
    return parse(_table(path), source=str(path))


def load_checked(
    path: Path | None,
    rules: Iterable[Rule],
    *,
    warn: Callable[[str], None] | None = None,
    **overrides: object,
) -> Config:
    """The configuration in ``path`` (None: the defaults) with ``overrides`` (command-line values,
    those not None) over it, checked against ``rules``: every problem of its shape and against the
    rules alike, raised at once. Warnings (see :func:`validate`) go to ``warn``."""
    source = str(path) if path is not None else None
    problems = Problems(source)
    config = parse(_table(path) if path is not None else {}, source=source, problems=problems)
    given = [key for key, value in overrides.items() if value is not None]
    config = merge(config, **overrides)
    config = validate(config, rules, warn=warn, command_line=given, problems=problems)
    problems.raise_any()
    return config


class Problems:
    """Every problem of one file, collected to be raised together as one :class:`ConfigError`.

    Key paths are given as in the file's own table; in a ``pyproject.toml`` they are prefixed with
    ``tool.clustercheck.`` so that they can be found there.
    """

    def __init__(self, source: str | None) -> None:
        self.source = source
        self.prefix = "tool.clustercheck." if source and Path(source).name == PYPROJECT else ""
        self.found: list[ConfigError] = []

    def at(self, key: str | None, message: str, *, from_file: bool = True) -> ConfigError:
        """A problem at ``key`` (None: the file as a whole); not ``from_file``: a command-line value."""
        path = self.prefix + key if key is not None and from_file else key
        return ConfigError(message, file=self.source if from_file else None, key=path)

    def add(self, key: str | None, message: str, *, from_file: bool = True) -> None:
        self.found.append(self.at(key, message, from_file=from_file))

    def wrong(self, key: str, expected: str, found: object, hint: str = "") -> None:
        self.add(key, f"expected {expected}, found {show(found)}{hint}")

    def raise_any(self) -> None:
        if self.found:
            raise ConfigError(problems=self.found)


def _choice(value: object, choices: Sequence[str]) -> str | None:
    """``value`` as one of ``choices``, ignoring case and surrounding spaces; None if it is not."""
    if not isinstance(value, str):
        return None
    return next((c for c in choices if c == value.strip().casefold()), None)


def _codes(value: object, key: str, problems: Problems) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.wrong(key, "a list of rule codes or prefixes", value)
        return ()
    codes: list[str] = []
    for index, item in enumerate(value):
        if not isinstance(item, str):
            problems.wrong(f"{key}[{index}]", "a rule code or prefix", item)
        elif item.strip():
            codes.append(item.strip().upper())
    return tuple(codes)


def _one(value: object, key: str, choices: Sequence[str], problems: Problems) -> str | None:
    """``value`` as one of ``choices`` (ignoring case), or None with the problem noted."""
    chosen = _choice(value, choices)
    if chosen is None:
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        problems.wrong(key, either(choices), value, hint)
    return chosen


def _fail_on(value: object, key: str, problems: Problems) -> str | None:
    return _one(value, key, FAIL_ON, problems)


def _stage(value: object, key: str, problems: Problems) -> Stage | None:
    chosen = _one(value, key, [s.value for s in Stage], problems)
    return Stage(chosen) if chosen else None


def _waivers(value: object, key: str, problems: Problems) -> str | None:
    if not isinstance(value, str):
        problems.wrong(key, "the path of a waivers file", value)
        return None
    # Relative to the configuration file, wherever clustercheck runs.
    return str(Path(problems.source).parent / value) if problems.source else value


_READERS: dict[str, Callable[[object, str, Problems], object]] = {
    "select": _codes,
    "ignore": _codes,
    "fail-on": _fail_on,
    "stage": _stage,
    "waivers": _waivers,
    "rules": lambda value, key, problems: _rules(value, problems),
}
TOP_KEYS = frozenset(_READERS)


def parse(
    data: Mapping[str, Any], *, source: str | None = None, problems: Problems | None = None
) -> Config:
    """A Config from a configuration table; checks keys and value types, every problem at once.

    Problems are reported in the order of the file's keys. Choices ignore case (``stage = "Final"``).
    Given ``problems``, they are added there for the caller to raise with others.
    """
    raising = problems is None
    problems = problems if problems is not None else Problems(source)
    fields: dict[str, Any] = {}
    for key, value in data.items():
        read = _READERS.get(key)
        if read is None:
            known = ", ".join(sorted(TOP_KEYS))
            problems.add(
                key, f"not a configuration key (known: {known}){did_you_mean(key, TOP_KEYS)}"
            )
            continue
        converted = read(value, key, problems)
        if converted is not None:
            fields[key.replace("-", "_")] = converted
    if raising:
        problems.raise_any()
    return Config(source=source, **fields)


def _rules(table: object, problems: Problems) -> dict[str, RuleConfig]:
    if not isinstance(table, dict):
        problems.wrong("rules", "a table of rule codes ([rules.CODE])", table)
        return {}
    severities = [s.value for s in Severity]
    rules: dict[str, RuleConfig] = {}
    for code, settings in table.items():
        if not isinstance(settings, dict):
            problems.wrong(f"rules.{code}", "a table of settings ([rules.CODE])", settings)
            continue
        severity = settings.get("severity")
        key = f"rules.{code}.severity"
        chosen = _one(severity, key, severities, problems) if severity is not None else None
        rules[code.upper()] = RuleConfig(
            severity=Severity(chosen) if chosen else None,
            params={k: v for k, v in settings.items() if k != "severity"},
        )
    return rules


_PREFIX = re.compile(r"^[A-Z][A-Z0-9]*$")


def validate(
    config: Config,
    rules: Iterable[Rule],
    *,
    warn: Callable[[str], None] | None = None,
    command_line: Collection[str] = (),
    problems: Problems | None = None,
) -> Config:
    """Check ``config`` against the loaded rules; returns it with parameter values converted.

    Every problem is collected and raised at once (one :class:`ConfigError`). What only concerns
    rules that are not loaded is not an error but a warning, given to ``warn`` (a plugin left out
    with ``-p no:NAME`` leaves its ``[rules.CODE]`` tables behind): a table for a rule that is not
    loaded, and a ``select`` or ``ignore`` entry that matches no loaded rule, unless no ``select``
    entry at all does (nothing would be checked). ``command_line`` names the keys whose values
    came from the command line, so that their problems name the option, not the file. Given
    ``problems``, they are added there for the caller to raise with others.
    """
    by_code = {r.code: r for r in rules}
    names = [*by_code, *sorted({r.family for r in by_code.values()})]
    raising = problems is None
    problems = problems if problems is not None else Problems(config.source)
    notes: list[str] = []
    for key, codes in (("select", config.select), ("ignore", config.ignore)):
        given = key in command_line
        matched = malformed = False
        for index, prefix in enumerate(codes):
            where = f"--{key}" if given else f"{key}[{index}]"
            hint = did_you_mean(prefix, names)
            if not _PREFIX.match(prefix):
                expected = "a rule code or prefix (letters, then digits)"
                message = f"expected {expected}, found {show(prefix)}{hint}"
                problems.add(where, message, from_file=not given)
                malformed = True
            elif any(code.startswith(prefix) for code in by_code):
                matched = True
            else:
                message = f"{show(prefix)} matches no loaded rule, so it is not used{hint}"
                notes.append(str(problems.at(where, message, from_file=not given)))
        if key == "select" and codes and not matched and not malformed:
            where = "--select" if given else "select"
            problems.add(
                where,
                f"none of {', '.join(codes)} matches a loaded rule, so no rule would be checked "
                "(`clustercheck rules` lists them)",
                from_file=not given,
            )
    converted: dict[str, RuleConfig] = {}
    for code, settings in config.rules.items():
        rule = by_code.get(code)
        if rule is None:
            hint = did_you_mean(code, by_code)
            message = f"no rule {code} is loaded, so these settings are not used{hint}"
            notes.append(str(problems.at(f"rules.{code}", message)))
            continue
        params: dict[str, object] = {}
        for name, value in settings.params.items():
            key = f"rules.{code}.{name}"
            parameter = rule.parameter(name)
            if parameter is None:
                known = ", ".join(["severity", *(p.name for p in rule.parameters)])
                hint = did_you_mean(name, [p.name for p in rule.parameters])
                problems.add(key, f"{code} has no parameter {name!r} (its settings: {known}){hint}")
                continue
            params[name], wrong = parameter.check(value)
            for where, message in wrong:
                problems.add(key + where, message)
        converted[code] = attrs.evolve(settings, params=params)
    if raising:
        problems.raise_any()
    if warn is not None and not problems.found:  # errors first: warnings come with a run
        for text in notes:
            warn(text)
    return attrs.evolve(config, rules=converted)


def resolve_params(rule: Rule, config: Config) -> dict[str, object]:
    """A rule's parameters in force: its defaults, overridden by the configuration."""
    params = {p.name: p.default for p in rule.parameters}
    settings = config.rules.get(rule.code)
    if settings is not None:
        params.update(settings.params)
    return params


def merge(config: Config, **overrides: object) -> Config:
    """``config`` with command-line values (those not None) winning over the file's."""
    given = {k: v for k, v in overrides.items() if v is not None}
    return attrs.evolve(config, **given)  # type: ignore[arg-type]  # keys are Config fields


def split_codes(values: str | Sequence[str]) -> tuple[str, ...]:
    """Codes from repeated, comma-separated command-line values (``"CC,SC"`` or ``["CC", "SC"]``)."""
    values = [values] if isinstance(values, str) else values
    return tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())
