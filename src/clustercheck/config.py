"""Configuration: ``clustercheck.toml`` or ``[tool.clustercheck]`` in ``pyproject.toml`` → a typed Config.

Reading a file checks its shape (keys, types); :func:`validate` then checks it against the rules that
are loaded (codes, parameters). Every problem is a :class:`ConfigError` that names the culprit.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from clustercheck.errors import ConfigError
from clustercheck.findings import Severity
from clustercheck.model import Stage
from clustercheck.rule import Rule

FAIL_ON = ("error", "warning", "info", "never")
TOP_KEYS = frozenset({"select", "ignore", "fail-on", "stage", "waivers", "rules"})


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


def load_config(path: Path | None) -> Config:
    """The configuration in ``path`` (a found or given file), or the defaults when None."""
    if path is None:
        return Config()
    data = read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("clustercheck", {})
    return parse(data, source=str(path))


def _strings(value: object, key: str, source: str | None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key!r} must be a list of rule codes or prefixes", file=source)
    return tuple(v.strip().upper() for v in value if v.strip())


def parse(data: Mapping[str, Any], *, source: str | None = None) -> Config:
    """A Config from a configuration table; checks keys and value types."""
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise ConfigError(
            f"unknown configuration key {unknown[0]!r} (known: {', '.join(sorted(TOP_KEYS))})",
            file=source,
        )
    fail_on = data.get("fail-on", "error")
    if fail_on not in FAIL_ON:
        raise ConfigError(
            f"'fail-on' must be one of {', '.join(FAIL_ON)}, not {fail_on!r}", file=source
        )
    stage = data.get("stage")
    if stage is not None and stage not in {s.value for s in Stage}:
        raise ConfigError(
            f"'stage' must be one of {', '.join(s.value for s in Stage)}, not {stage!r}",
            file=source,
        )
    waivers = data.get("waivers")
    if waivers is not None and not isinstance(waivers, str):
        raise ConfigError("'waivers' must be the path of a waivers file", file=source)
    if waivers is not None and source is not None:
        waivers = str(Path(source).parent / waivers)
    rules_table = data.get("rules", {})
    if not isinstance(rules_table, dict):
        raise ConfigError("'rules' must be a table of rule codes", file=source)
    rules: dict[str, RuleConfig] = {}
    for code, settings in rules_table.items():
        if not isinstance(settings, dict):
            raise ConfigError(f"'rules.{code}' must be a table of settings", file=source)
        severity = settings.get("severity")
        if severity is not None and severity not in {s.value for s in Severity}:
            raise ConfigError(
                f"'rules.{code}.severity' must be error, warning or info, not {severity!r}",
                file=source,
            )
        rules[code.upper()] = RuleConfig(
            severity=Severity(severity) if severity else None,
            params={k: v for k, v in settings.items() if k != "severity"},
        )
    return Config(
        select=_strings(data.get("select", []), "select", source),
        ignore=_strings(data.get("ignore", []), "ignore", source),
        fail_on=fail_on,
        stage=Stage(stage) if stage else None,
        waivers=waivers,
        rules=rules,
        source=source,
    )


def validate(config: Config, rules: Iterable[Rule]) -> Config:
    """Check ``config`` against the loaded rules; returns it with parameter values converted."""
    by_code = {r.code: r for r in rules}
    where = config.source
    for key, codes in (("select", config.select), ("ignore", config.ignore)):
        for prefix in codes:
            if not any(code.startswith(prefix) for code in by_code):
                raise ConfigError(f"{key!r} names {prefix!r}, which matches no rule", file=where)
    converted: dict[str, RuleConfig] = {}
    for code, settings in config.rules.items():
        rule = by_code.get(code)
        if rule is None:
            raise ConfigError(f"'rules.{code}': there is no rule {code}", file=where)
        params: dict[str, object] = {}
        for name, value in settings.params.items():
            parameter = rule.parameter(name)
            if parameter is None:
                known = ", ".join(p.name for p in rule.parameters) or "none"
                raise ConfigError(
                    f"'rules.{code}.{name}': {code} has no parameter {name!r} (its parameters: {known})",
                    file=where,
                )
            try:
                params[name] = parameter.convert(value)
            except ValueError as exc:
                raise ConfigError(f"'rules.{code}.{name}': {exc}", file=where) from None
        converted[code] = attrs.evolve(settings, params=params)
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
