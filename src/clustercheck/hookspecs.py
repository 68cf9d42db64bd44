# Hook specifications have no body by design: pluggy reads their signatures and docstrings.
# mypy: disable-error-code="empty-body"
"""Every hook a clustercheck plugin can implement.

A plugin is a module (or object) with functions named like the specs below, decorated with
:data:`hookimpl`; it is found through the ``clustercheck`` entry-point group or loaded with
``-p MODULE``. The built-in WB rules, the UNIDO pack and the built-in report formats register through
these same hooks. Hooks return objects; the host validates them and records which plugin sent each.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from clustercheck.config import Config
    from clustercheck.report import Reporter
    from clustercheck.rule import Rule
    from clustercheck.workbook.schema import Sheet

PROJECT_NAME = "clustercheck"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
#: Decorate a plugin's hook functions with this.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def clustercheck_rules() -> Iterable[Rule]:
    """Contribute rules.

    Called once per run, when the plugin manager is built, for every plugin (all results are
    collected). Return an iterable of :class:`clustercheck.rule.Rule` objects, usually made with the
    :func:`clustercheck.rule.rule` decorator. Rule codes must be unique across plugins: a clash is an
    error naming both plugins.

    Example::

        @hookimpl
        def clustercheck_rules():
            return [gender_marker_set]
    """


@hookspec
def clustercheck_workbook_schema() -> Iterable[Sheet]:
    """Contribute sheets, or columns of existing sheets, to the workbook format.

    Called once per run, before any workbook is read, for every plugin (all results are collected).
    Return :class:`clustercheck.workbook.schema.Sheet` objects: a sheet whose name is new is added
    (with ``required=False`` a workbook may omit it); a sheet whose name exists gains the columns
    given. The loader then reads and validates them like built-in ones (their values land in each
    record's ``extra`` mapping, or in ``project.tables[sheet name]`` for new sheets), and
    ``clustercheck template`` writes them.

    Example::

        @hookimpl
        def clustercheck_workbook_schema():
            return [Sheet(name="Project", columns=[
                Column(name="gender_marker", kind="choice", choices=["0", "1", "2a", "2b"]),
            ])]
    """


@hookspec
def clustercheck_reporters() -> Iterable[Reporter]:
    """Contribute report formats.

    Called once per run for every plugin (all results are collected). Return
    :class:`clustercheck.report.Reporter` objects: a name (for ``--format``), the file extensions it
    writes (for ``-o``), and a ``render`` function (text for standard output or a file) and/or a
    ``write`` function (for binary files). A name or extension that a built-in format has is refused.

    Example::

        @hookimpl
        def clustercheck_reporters():
            return [Reporter(name="csv", extensions=(".csv",), description="One row a finding",
                             render=render_csv)]
    """


@hookspec
def clustercheck_configure(config: Config) -> Config | None:
    """Adjust the configuration before any workbook is checked.

    Called once per run after the configuration file and the command line are read, for each
    plugin in turn; each receives the configuration as the previous ones left it. Return a changed
    copy (``attrs.evolve(config, ...)``), or None to leave it. The result is validated again, so a
    plugin cannot select an unknown rule or set an unknown parameter.

    ``config`` -- the :class:`clustercheck.config.Config` in force.

    Example::

        @hookimpl
        def clustercheck_configure(config):
            return attrs.evolve(config, ignore=config.ignore + ("PR03",))
    """
