"""Finding, loading and validating plugins: the one factory that builds a run's plugin manager.

Built-in parts (the WB rules, the report formats) are registered first, through the same hooks as
everyone else. Then come the plugins of the ``clustercheck`` entry-point group (found with
:mod:`importlib.metadata`, limited by the ``CLUSTERCHECK_LOAD_PLUGINS`` allow-list and by
``-p no:NAME``), then ``-p MODULE`` ones. A plugin that fails to import, is incompatible, or
contributes something invalid is recorded with its name, distribution and error; the others still
work. Every hook is called through pluggy, one plugin at a time, so that what each plugin returns
is checked and recorded against it.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pluggy

from clustercheck import hookspecs
from clustercheck.config import Config
from clustercheck.engine.results import PluginInfo
from clustercheck.errors import ConfigError, PluginError
from clustercheck.hookspecs import PROJECT_NAME, hookimpl
from clustercheck.report import Reporter
from clustercheck.report.formats import BUILTIN_FORMATS
from clustercheck.rule import Rule
from clustercheck.version import __version__
from clustercheck.workbook.problems import wb_rules
from clustercheck.workbook.schema import Schema, Sheet, build_schema

ENV_ALLOW = "CLUSTERCHECK_LOAD_PLUGINS"


class _WorkbookProblems:
    """The built-in plugin of the WB rules: the input problems the loader finds."""

    @hookimpl
    def clustercheck_rules(self) -> list[Rule]:
        return wb_rules()


@attrs.frozen
class _Reporters:
    """The built-in plugin of one report format (its module is imported when it makes a report)."""

    reporter: Reporter

    @hookimpl
    def clustercheck_reporters(self) -> list[Reporter]:
        return [self.reporter]


def _builtins() -> dict[str, object]:
    """The built-in plugins by name, in registration order."""
    plugins: dict[str, object] = {"clustercheck.workbook.problems": _WorkbookProblems()}
    plugins.update({name: _Reporters(f.reporter) for name, f in BUILTIN_FORMATS.items()})
    return plugins


@attrs.frozen(kw_only=True)
class Plugins:
    """The loaded plugins and what they contribute, validated."""

    manager: pluggy.PluginManager = attrs.field(eq=False, repr=False)
    infos: tuple[PluginInfo, ...]
    rules: tuple[Rule, ...]
    schema: Schema
    reporters: Mapping[str, Reporter]
    #: rule code -> the plugin that contributed it
    owners: Mapping[str, str]
    #: What built this: get_plugins' arguments, so that worker processes can build the same plugins.
    options: tuple[str, ...] = ()
    entry_points: bool = True
    allowed: frozenset[str] | None = None

    @property
    def failures(self) -> tuple[PluginInfo, ...]:
        return tuple(i for i in self.infos if i.error)

    def rule(self, code: str) -> Rule | None:
        return next((r for r in self.rules if r.code == code.upper()), None)


@attrs.frozen
class _Candidate:
    name: str
    module: str
    distribution: str | None = None
    version: str | None = None
    requires: tuple[str, ...] = ()
    builtin: bool = False
    #: The plugin object itself, when it need not be imported from ``module``.
    plugin: object = None


class _Manager(pluggy.PluginManager):
    """pluggy's plugin manager, looking only at the names a hook implementation has, as pytest's does."""

    def parse_hookimpl_opts(self, plugin: object, name: str) -> pluggy.HookimplOpts | None:
        # A hook is implemented by a function named after it (docs/plugins.md), and every hook is
        # named clustercheck_*: a module's imports and an object's dunders need no look.
        if not name.startswith(f"{PROJECT_NAME}_"):
            return None
        return super().parse_hookimpl_opts(plugin, name)


def allow_list(env: Mapping[str, str]) -> set[str] | None:
    """The names ``CLUSTERCHECK_LOAD_PLUGINS`` allows (None: all; empty: none)."""
    if ENV_ALLOW not in env:
        return None
    return {n.strip() for n in env[ENV_ALLOW].split(",") if n.strip()}


def entry_point_candidates() -> list[_Candidate]:
    """Every plugin advertised in the ``clustercheck`` entry-point group, in a stable order."""
    from importlib.metadata import entry_points

    found = []
    for ep in entry_points(group=PROJECT_NAME):
        dist = ep.dist
        found.append(
            _Candidate(
                name=ep.name,
                module=ep.value,
                distribution=dist.name if dist is not None else None,
                version=dist.version if dist is not None else None,
                requires=tuple(dist.requires or ()) if dist is not None else (),
            )
        )
    return sorted(found, key=lambda c: (c.name != "unido", c.name))


def incompatibility(candidate: _Candidate) -> str | None:
    """Why the plugin's declared clustercheck versions exclude this one, or None."""
    # A requirement starts with the name it is on; most name other projects, and importing
    # packaging to parse them costs every run time.
    ours = [t for t in candidate.requires if t.lstrip().lower().startswith(PROJECT_NAME)]
    if not ours:
        return None
    from packaging.requirements import InvalidRequirement, Requirement

    for text in ours:
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            continue
        if requirement.name.lower() != PROJECT_NAME or requirement.marker is not None:
            continue
        if requirement.specifier and not requirement.specifier.contains(
            __version__, prereleases=True
        ):
            return (
                f"it supports clustercheck {requirement.specifier}, and this is clustercheck "
                f"{__version__}: install a version of the plugin made for it"
            )
    return None


def _import(module_path: str, *, here: bool = False) -> Any:
    """The object ``module[:attribute]`` names; ``here`` also looks in the current folder (``-p``)."""
    module_name, _, attribute = module_path.partition(":")
    folder = str(Path.cwd())
    added = here and folder not in sys.path and "" not in sys.path
    if added:
        sys.path.insert(0, folder)
    try:
        obj: Any = importlib.import_module(module_name.strip())
    finally:
        if added:
            sys.path.remove(folder)
    for part in filter(None, attribute.strip().split(".")):
        obj = getattr(obj, part)
    return obj


def _hook_names(manager: pluggy.PluginManager, plugin: object) -> tuple[str, ...]:
    callers = manager.get_hookcallers(plugin) or []
    return tuple(sorted(c.name for c in callers))


def get_plugins(
    options: Sequence[str] = (),
    *,
    env: Mapping[str, str] | None = None,
    entry_points: bool = True,
) -> Plugins:
    """Build the plugin manager and collect every plugin's contributions.

    ``options`` are the ``-p`` values: ``MODULE`` loads a module (found in the current folder too),
    ``no:NAME`` blocks a plugin. ``entry_points=False`` skips discovery (the built-ins only).
    """
    env = os.environ if env is None else env
    manager = _Manager(PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    blocked = {o[3:].strip() for o in options if o.startswith("no:")}
    modules = [o.strip() for o in options if not o.startswith("no:")]
    for name in blocked:
        manager.set_blocked(name)
    allowed = allow_list(env)

    candidates = [
        _Candidate(name=name, module=name, builtin=True, plugin=plugin)
        for name, plugin in _builtins().items()
    ]
    if entry_points:
        candidates += [c for c in entry_point_candidates() if allowed is None or c.name in allowed]
    candidates += [_Candidate(name=m, module=m) for m in modules]

    infos: dict[str, PluginInfo] = {}
    for candidate in candidates:
        if candidate.name in blocked or manager.has_plugin(candidate.name):
            continue
        info = PluginInfo(
            name=candidate.name,
            version=candidate.version or (__version__ if candidate.builtin else None),
            distribution=candidate.distribution,
            builtin=candidate.builtin,
        )
        reason = incompatibility(candidate)
        if reason is not None:
            infos[candidate.name] = attrs.evolve(info, error=f"incompatible: {reason}")
            continue
        try:
            plugin = candidate.plugin
            if plugin is None:
                plugin = _import(candidate.module, here=candidate.name in modules)
            manager.register(plugin, name=candidate.name)
        except Exception as exc:  # noqa: BLE001  # a broken plugin is reported, the others still work
            infos[candidate.name] = attrs.evolve(info, error=f"{type(exc).__name__}: {exc}")
            continue
        infos[candidate.name] = attrs.evolve(info, hooks=_hook_names(manager, plugin))
    return attrs.evolve(
        _collect(manager, infos),
        options=tuple(options),
        entry_points=entry_points,
        allowed=frozenset(allowed) if allowed is not None else None,
    )


def _each(manager: pluggy.PluginManager, hook: str) -> Iterator[tuple[str, pluggy.HookCaller]]:
    """For each plugin implementing ``hook``, in registration order: its name, and a caller of
    the hook that reaches that plugin alone (pluggy passes it only the arguments it names)."""
    impls = getattr(manager.hook, hook).get_hookimpls()  # in registration order
    others = [i.plugin for i in impls]
    for impl in impls:
        alone = [p for p in others if p is not impl.plugin]
        yield impl.plugin_name, manager.subset_hook_caller(hook, remove_plugins=alone)


def _contributions(caller: pluggy.HookCaller, **kwargs: object) -> list[Any]:
    """What one plugin's hook returned, as a list (None is nothing)."""
    return [item for result in caller(**kwargs) for item in (result or ())]


def _collect(manager: pluggy.PluginManager, infos: dict[str, PluginInfo]) -> Plugins:
    def fail(name: str, error: str) -> None:
        infos[name] = attrs.evolve(infos[name], error=error)

    rules: dict[str, Rule] = {}
    owners: dict[str, str] = {}
    for name, caller in _each(manager, "clustercheck_rules"):
        try:
            contributed = _contributions(caller)
            bad = [r for r in contributed if not isinstance(r, Rule)]
            if bad:
                raise TypeError(f"clustercheck_rules returned {bad[0]!r}, which is not a Rule")
            for rule in contributed:
                if rule.code in owners:
                    raise ValueError(
                        f"rule code {rule.code} is defined by both {owners[rule.code]!r} and {name!r}"
                    )
        except Exception as exc:  # noqa: BLE001  # recorded against the plugin that sent it
            fail(name, f"{type(exc).__name__}: {exc}")
            continue
        for rule in contributed:
            rules[rule.code] = rule
            owners[rule.code] = name
        infos[name] = attrs.evolve(infos[name], rules=tuple(r.code for r in contributed))

    sheets: list[Sheet] = []
    for name, caller in _each(manager, "clustercheck_workbook_schema"):
        try:
            contributed_sheets = _contributions(caller)
            if not all(isinstance(s, Sheet) for s in contributed_sheets):
                raise TypeError("clustercheck_workbook_schema must return Sheet objects")
            build_schema([*sheets, *contributed_sheets])  # validates against what came before
        except Exception as exc:  # noqa: BLE001  # recorded against the plugin that sent it
            fail(name, f"{type(exc).__name__}: {exc}")
            continue
        sheets += contributed_sheets

    reporters: dict[str, Reporter] = {}
    for name, caller in _each(manager, "clustercheck_reporters"):
        try:
            contributed_reporters = _contributions(caller)
            for reporter in contributed_reporters:
                if not isinstance(reporter, Reporter):
                    raise TypeError(f"clustercheck_reporters returned {reporter!r}, not a Reporter")
                if reporter.name in reporters:
                    raise ValueError(f"report format {reporter.name!r} exists already")
                taken = {e for r in reporters.values() for e in r.extensions}
                clash = taken.intersection(reporter.extensions)
                if clash:
                    raise ValueError(f"file extension {sorted(clash)[0]} is another format's")
        except Exception as exc:  # noqa: BLE001  # recorded against the plugin that sent it
            fail(name, f"{type(exc).__name__}: {exc}")
            continue
        for reporter in contributed_reporters:
            reporters[reporter.name] = reporter

    return Plugins(
        manager=manager,
        infos=tuple(infos.values()),
        rules=tuple(sorted(rules.values(), key=_rule_order)),
        schema=build_schema(sheets),
        reporters=reporters,
        owners=owners,
    )


def _rule_order(rule: Rule) -> tuple[int, str]:
    # WB first, then the UNIDO pack in the order of rules.md, then the rest alphabetically.
    families = ("WB", "TEAM", "CAP", "RT", "CC", "SC", "PR")
    family = rule.family
    return (families.index(family) if family in families else len(families), rule.code)


def configure(plugins: Plugins, config: Config) -> Config:
    """Let each plugin adjust the configuration in turn, validating what each returns."""
    from clustercheck.config import validate

    for name, caller in _each(plugins.manager, "clustercheck_configure"):
        for changed in caller(config=config):  # pluggy leaves out a None
            if not isinstance(changed, Config):
                raise PluginError(
                    f"plugin {name!r}: clustercheck_configure returned {changed!r}, not a Config"
                )
            try:
                config = validate(changed, plugins.rules)
            except ConfigError as exc:
                problems = "; ".join(p.message_at_key for p in exc.problems)
                raise PluginError(
                    f"plugin {name!r} made the configuration invalid: {problems}"
                ) from None
    return config
