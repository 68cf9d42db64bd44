"""Measure clustercheck against the cost of reading the workbook with openpyxl (issue 9).

    python benchmarks/run.py                            # everything: 100 .. 100,000 activities
    python benchmarks/run.py --sizes 100,1000 --repeat 3   # a quick run

Every measurement is a fresh interpreter, timed from start to exit, its peak memory taken from the
``wait4`` accounting of that one child (so one child's peak never hides another's). The commands
compared run alternately (a, b, a, b, ...) after one untimed warm-up each, and the medians are
compared, so drift of the machine (another process, a warming cache) hits both sides alike.

(a) the baseline: ``python -c`` opening the workbook with openpyxl in read-only mode and iterating
    every row of every sheet (values only), imports included;
(b) ``clustercheck check FILE --format json``, standard output to /dev/null.

Then ``clustercheck --help`` against ``python -c "import click"``, and a folder of 50 proposals
checked with ``--jobs 2`` against ``--jobs 1`` (reported as not available when ``check`` has no
``--jobs`` option). In the same rounds, a perfect split in two: ``--jobs 1`` on 25 of the proposals
alone (what each process of the split takes with a core to itself), and two such runs on the two
halves side by side (what the machine gives two processes at the time: on a shared machine the
second core is often shared too). Generated workbooks are cached in ``benchmarks/out/``
(git-ignored).

Both sides run in a virtual environment of their own, ``benchmarks/out/venv``, where this checkout
is installed afresh on every run (``pip install .``, a regular install, as users have it): a
development environment's start-up is not a user's (an editable install's import hook, ``.pth``
files of other tools). ``--here`` measures this interpreter and its ``clustercheck`` instead.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import cached  # noqa: E402  # beside this script, which is not a package

OUT = HERE / "out"
BASELINE = """\
import sys
import openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=False, keep_links=False)
for ws in book.worksheets:
    for row in ws.iter_rows(values_only=True):
        pass
book.close()
"""
PROPOSALS = 50

#: (what, the figure's key, how it compares, the target)
TARGETS: tuple[tuple[str, str, str, float], ...] = (
    ("check / baseline, 1,000 rows", "ratio_1000", "<=", 1.3),
    ("check / baseline, 10,000 rows", "ratio_10000", "<=", 1.2),
    ("check / baseline, 100,000 rows", "ratio_100000", "<=", 1.2),
    ("check 100,000 / check 10,000 (linear: 10)", "growth", "<=", 12.0),
    ("peak memory check / baseline, 100,000 rows", "memory_100000", "<=", 1.5),
    ("`clustercheck --help` / `import click`", "startup", "<=", 1.5),
    ("50 proposals: --jobs 1 / --jobs 2", "jobs", ">=", 1.6),
)


class Sample:
    """One child process: wall and CPU (user + system) seconds, peak memory in MiB, exit status."""

    def __init__(self, seconds: float, cpu: float, rss_mib: float, status: int) -> None:
        self.seconds = seconds
        self.cpu = cpu
        self.rss_mib = rss_mib
        self.status = status


def child_environment() -> dict[str, str]:
    """This environment, with Python's bytecode cache on.

    An installed clustercheck has its modules compiled (pip does it at install time); a run with
    PYTHONDONTWRITEBYTECODE set would compile the editable sources afresh in every child and time
    the compiler, which no user pays. The warm-up run writes the cache.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(*commands: Sequence[str]) -> Sample:
    """Run the commands once, all at the same time (usually one), until the last exits.

    Each child's own peak RSS comes from ``wait4`` on its pid (Linux: KiB); the peak is the largest
    of them, the CPU time their sum.
    """
    start = time.perf_counter()
    children = [
        subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=child_environment()
        )
        for command in commands
    ]
    cpu = kib = 0.0
    for child in children:
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        cpu += usage.ru_utime + usage.ru_stime
        kib = max(kib, usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024)
    seconds = time.perf_counter() - start
    for command, child in zip(commands, children, strict=True):
        error = child.stderr.read().decode(errors="replace") if child.stderr else ""
        if child.stderr:
            child.stderr.close()
        if child.returncode not in (0, 1):  # 1 is "findings", not a failure of the run
            raise RuntimeError(f"{' '.join(command)} exited {child.returncode}: {error.strip()}")
    return Sample(seconds, cpu, kib / 1024, max(c.returncode for c in children))


def alternate(
    commands: dict[str, list[str] | tuple[list[str], ...]],
    repeat: int,
    progress: Callable[[str], None],
) -> dict[str, list[Sample]]:
    """Each command once untimed, then ``repeat`` rounds of all of them, one after another.

    A tuple of commands is one measurement of them all running side by side.
    """
    runs = {n: c if isinstance(c, tuple) else (c,) for n, c in commands.items()}
    for together in runs.values():
        measure(*together)
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    for round_number in range(1, repeat + 1):
        for name, together in runs.items():
            samples[name].append(measure(*together))
        progress(f"round {round_number}/{repeat}")
    return samples


def median_time(samples: list[Sample]) -> float:
    return statistics.median(s.seconds for s in samples)


def median_cpu(samples: list[Sample]) -> float:
    return statistics.median(s.cpu for s in samples)


def median_rss(samples: list[Sample]) -> float:
    return statistics.median(s.rss_mib for s in samples)


def installed_venv(progress: Callable[[str], None]) -> Path:
    """``benchmarks/out/venv``, with this checkout installed in it as it is now; its python."""
    venv = OUT / "venv"
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        progress(f"creating {venv}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    progress(f"installing this checkout into {venv} (pip install .)")
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", str(HERE.parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"run.py: pip could not install the checkout:\n{done.stdout}{done.stderr}")
    return python


def clustercheck_command() -> list[str]:
    """The ``clustercheck`` console script of this interpreter (what a user runs)."""
    script = Path(sys.executable).parent / "clustercheck"
    found = str(script) if script.exists() else shutil.which("clustercheck")
    if found is None:
        sys.exit("run.py: no clustercheck command found; pip install -e . first")
    return [found]


def has_jobs_option(clustercheck: list[str]) -> bool:
    shown = subprocess.run(
        [*clustercheck, "check", "--help"], capture_output=True, text=True, check=False
    )
    return "--jobs" in shown.stdout


def proposals_folder(size: int) -> Path:
    """A folder of 50 proposal workbooks (copies of one generated project of ``size`` rows)."""
    source = cached(OUT, size)
    folder = OUT / f"proposals-{PROPOSALS}x{size}"
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, PROPOSALS + 1):
        target = folder / f"proposal-{number:02d}.xlsx"
        if not target.exists() or target.stat().st_size != source.stat().st_size:
            shutil.copyfile(source, target)
    return folder


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%d"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="100,1000,10000,100000", help="activity rows, comma-separated"
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds per comparison")
    parser.add_argument(
        "--proposal-size", type=int, default=100, help="activity rows of each of the 50 proposals"
    )
    parser.add_argument("--no-startup", action="store_true", help="skip the --help comparison")
    parser.add_argument("--no-jobs", action="store_true", help="skip the --jobs comparison")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--here",
        action="store_true",
        help="measure this interpreter's clustercheck, not a fresh install in benchmarks/out/venv",
    )
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    def progress(message: str) -> None:
        print(f"  {message}", file=sys.stderr, flush=True)

    if args.here:
        python, clustercheck = sys.executable, clustercheck_command()
    else:
        venv_python = installed_venv(progress)
        python, clustercheck = str(venv_python), [str(venv_python.parent / "clustercheck")]
    figures: dict[str, float | None] = {}
    rows: list[str] = []
    info = machine()
    print(
        f"clustercheck benchmark, {info['date']}: {info['cpus']} CPUs ({info['cpu']}), "
        f"Python {info['python']}, {args.repeat} rounds, medians; "
        f"{'this environment' if args.here else 'a fresh install in benchmarks/out/venv'}\n"
    )

    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        progress(f"{size:,} activity rows: generating (cached in {OUT})")
        path = cached(OUT, size)
        progress(f"{size:,} activity rows: measuring")
        samples = alternate(
            {
                "baseline": [python, "-c", BASELINE, str(path)],
                "check": [*clustercheck, "check", str(path), "--format", "json"],
            },
            args.repeat,
            progress,
        )
        base, check = samples["baseline"], samples["check"]
        results[size] = {
            "baseline_s": median_time(base),
            "check_s": median_time(check),
            "baseline_mib": median_rss(base),
            "check_mib": median_rss(check),
        }
        figures[f"ratio_{size}"] = median_time(check) / median_time(base)
        figures[f"memory_{size}"] = median_rss(check) / median_rss(base)
        results[size]["baseline_cpu_s"] = median_cpu(base)
        results[size]["check_cpu_s"] = median_cpu(check)
        rows.append(
            f"| {size:>7,} | {median_time(base):6.2f} | {median_time(check):6.2f} | "
            f"{figures[f'ratio_{size}']:5.2f} | {median_cpu(base):6.2f} | {median_cpu(check):6.2f} | "
            f"{median_cpu(check) / median_cpu(base):5.2f} | {median_rss(base):4.0f} | "
            f"{median_rss(check):4.0f} | {figures[f'memory_{size}']:5.2f} |"
        )
    if 10_000 in results and 100_000 in results:
        figures["growth"] = results[100_000]["check_s"] / results[10_000]["check_s"]

    extra: list[str] = []
    if not args.no_startup:
        progress("startup: clustercheck --help against import click")
        samples = alternate(
            {
                "click": [python, "-c", "import click"],
                "help": [*clustercheck, "--help"],
            },
            max(args.repeat, 10),  # each run is tens of milliseconds: more rounds, same cost
            progress,
        )
        figures["startup"] = median_time(samples["help"]) / median_time(samples["click"])
        extra.append(
            f"startup: `clustercheck --help` {median_time(samples['help']) * 1000:.0f} ms, "
            f"`python -c 'import click'` {median_time(samples['click']) * 1000:.0f} ms"
        )
    if not args.no_jobs:
        if not has_jobs_option(clustercheck):
            extra.append("--jobs: not available (`clustercheck check` has no --jobs option yet)")
        else:
            progress(f"{PROPOSALS} proposals of {args.proposal_size:,} rows: --jobs 1 and --jobs 2")
            folder = proposals_folder(args.proposal_size)
            files = sorted(str(f) for f in folder.glob("*.xlsx"))
            check = [*clustercheck, "check", "--format", "json"]
            samples = alternate(
                {
                    "one": [*check, str(folder), "--jobs", "1"],
                    "two": [*check, str(folder), "--jobs", "2"],
                    # A perfect split in two, for comparison: half the proposals alone (each
                    # process with a core to itself), and both halves side by side (what this
                    # machine gives two processes now: a shared machine seldom gives a second
                    # core whole).
                    "half": [*check, *files[: PROPOSALS // 2], "--jobs", "1"],
                    "halves": (
                        [*check, *files[: PROPOSALS // 2], "--jobs", "1"],
                        [*check, *files[PROPOSALS // 2 :], "--jobs", "1"],
                    ),
                },
                max(args.repeat, 9),  # the noisiest comparison: more rounds
                progress,
            )
            one, two, half, halves = (
                median_time(samples[k]) for k in ("one", "two", "half", "halves")
            )
            figures["jobs"] = one / two
            figures["jobs_half"] = one / half
            figures["jobs_halves"] = one / halves
            busy = statistics.median(s.cpu / s.seconds for s in samples["two"])
            extra += [
                f"{PROPOSALS} proposals of {args.proposal_size:,} rows: --jobs 1 {one:.2f} s, "
                f"--jobs 2 {two:.2f} s ({one / two:.2f} times as fast, {busy:.2f} CPUs busy).",
                f"A perfect split in two, for comparison: {PROPOSALS // 2} proposals alone "
                f"{half:.2f} s ({one / half:.2f} times as fast, with a core each); both halves "
                f"side by side {halves:.2f} s ({one / halves:.2f} times as fast: what this machine "
                f"gave two processes in these rounds; --jobs 2 reached {halves / two:.0%} of it).",
            ]

    print(
        "| rows | baseline s | check s | ratio | baseline CPU s | check CPU s | CPU ratio "
        "| baseline MiB | check MiB | memory ratio |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(row)
    print()
    for line in extra:
        print(line)
    print()
    print("| target | measured | goal | met |")
    print("|---|---:|---:|:---:|")
    for what, key, comparison, goal in TARGETS:
        value = figures.get(key)
        if value is None:
            print(f"| {what} | n/a | {comparison} {goal:g} | not measured |")
            continue
        met = value <= goal if comparison == "<=" else value >= goal
        print(f"| {what} | {value:.2f} | {comparison} {goal:g} | {'yes' if met else 'NO'} |")
    if args.json:
        args.json.write_text(
            json.dumps({"machine": info, "sizes": results, "figures": figures}, indent=2) + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
