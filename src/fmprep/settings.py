"""The learner's settings, resolved in one place: command-line option > environment variable > config file > default.

Every value is checked here, once, whatever its source, and keeps where it came from (``fmprep config`` shows it).
Values from the environment and the config file are parsed here too: numbers must be ASCII digits, empty entries of
a path list are ignored, ``~`` and ``~user`` are expanded in every path.

Pure apart from reading the config file it is given; the environment is passed in. ``tomllib`` is imported only when
the file exists, so a start without one costs a ``stat``.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

from fmprep.errors import FmprepError

OPTION, ENVIRONMENT, FILE, DEFAULT = "option", "environment", "file", "default"
CONFIG_VARIABLE = "FMPREP_CONFIG"
CONFIG_NAME = "config.toml"
MAX_CONFIG_BYTES = 64 * 1024


class SettingError(ValueError):
    """A value that is not acceptable; the message says what is expected (the caller says where the value was)."""


class ConfigError(FmprepError):
    """The config file, or a variable, holds something fmprep cannot use; the message names it and the way out."""


def expand(text: str) -> Path:
    """A path as the learner wrote it, with ``~`` and ``~user`` expanded (never a folder named ``~``)."""
    if not text:
        raise SettingError("an empty path")
    if text.startswith("~"):
        expanded = os.path.expanduser(text)
        if expanded.startswith("~"):
            user = re.split(r"[/\\]", text, maxsplit=1)[0]
            raise SettingError(f"'{user}' names no user on this system (~ and ~user are expanded)")
        text = expanded
    return Path(text)


def _type_name(value: object) -> str:
    return {bool: "true/false", int: "a whole number", float: "a number", str: "a string", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


class Count:
    """A whole number from ``low`` to ``high``."""

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def describe(self) -> str:
        return f"a whole number from {self.low} to {self.high}"

    def from_text(self, text: str):
        text = text.strip()
        if not re.fullmatch(r"[0-9]{1,19}", text, re.ASCII):  # str.isdigit() would take '²'
            raise SettingError(f"must be {self.describe()} (digits 0-9)")
        return self.check(int(text))

    def from_file(self, value, base: Path):
        if type(value) is not int:
            raise SettingError(f"must be {self.describe()}, not {_type_name(value)}")
        return self.check(value)

    def check(self, value):
        if not self.low <= value <= self.high:
            raise SettingError(f"must be {self.describe()}; got {value}")
        return value

    def show(self, value) -> str:
        return str(value)


class Share(Count):
    """A number from ``low`` to ``high`` (a share such as a retention of 0.9)."""

    def describe(self) -> str:
        return f"a number from {self.low} to {self.high}"

    def from_text(self, text: str):
        text = text.strip()
        if not re.fullmatch(r"[0-9]{0,3}(\.[0-9]{1,12})?", text, re.ASCII) or text in ("", "."):
            raise SettingError(f"must be {self.describe()}, written like 0.9")
        return self.check(float(text))

    def from_file(self, value, base: Path):
        if type(value) not in (int, float):
            raise SettingError(f"must be {self.describe()}, not {_type_name(value)}")
        return self.check(float(value))

    def check(self, value):
        if not (math.isfinite(value) and self.low <= value <= self.high):
            raise SettingError(f"must be {self.describe()}; got {value}")
        return value


class OnePath:
    """A file's path."""

    def describe(self) -> str:
        return "a file's path"

    def from_text(self, text: str):
        return expand(text) if text else None

    def from_file(self, value, base: Path):
        if type(value) is not str or not value:
            raise SettingError('must be a path in quotes, e.g. "~/sync/progress.json"')
        return base / expand(value)  # a relative path is relative to the config file's folder

    def check(self, value):
        return expand(os.fspath(value))

    def show(self, value) -> str:
        return str(value)


class PathList(OnePath):
    """Files or folders; in a variable, separated by the OS path separator (empty entries are ignored)."""

    def describe(self) -> str:
        return "a list of paths"

    def from_text(self, text: str):
        entries = [entry for entry in text.split(os.pathsep) if entry]  # `deck:` must not mean the current folder
        return [expand(entry) for entry in entries] or None

    def from_file(self, value, base: Path):
        values = [value] if type(value) is str else value
        if type(values) is not list or not values or any(type(v) is not str or not v for v in values):
            raise SettingError('must be a path in quotes or a list of them, e.g. ["~/decks/aif", "~/more.yaml"]')
        return [base / expand(v) for v in values]

    def check(self, value):
        return [expand(os.fspath(v)) for v in value] or None

    def show(self, value) -> str:
        return "\n".join(str(v) for v in value)


class Choice:
    def __init__(self, *values: str):
        self.values = values

    def describe(self) -> str:
        return " or ".join(f'"{v}"' for v in self.values)

    def from_text(self, text: str):
        return self.check(text.strip().lower())

    def from_file(self, value, base: Path):
        if type(value) is not str:
            raise SettingError(f"must be {self.describe()}, not {_type_name(value)}")
        return self.check(value)

    def check(self, value):
        if value not in self.values:
            raise SettingError(f"must be {self.describe()}; got '{value}'")
        return value

    def show(self, value) -> str:
        return value


class NoColour(Choice):
    """The colour setting; its variable is NO_COLOR (https://no-color.org): set and not empty means "never"."""

    def from_text(self, text: str):
        return "never" if text else None


@dataclass(frozen=True)
class Spec:
    key: str
    kind: Any
    default: Callable[[], Any]
    variable: Optional[str] = None
    option: Optional[str] = None
    in_file: bool = True
    help: str = ""
    blank: str = ""  # how a default of None reads


def _builtin():
    from fmprep.paths import builtin_content

    return [builtin_content()]


def _progress():
    from fmprep.paths import default_progress

    return default_progress()


def _default(value):
    return lambda: value


def _core(module: str, name: str):
    """A default that is a constant of the core, read when needed (importing the core costs start-up time)."""
    def default():
        import importlib

        return getattr(importlib.import_module(f"fmprep.{module}"), name)

    return default


# The defaults are the core's constants (workload, scheduler, stats, mock): one definition each.
SPECS = (
    Spec("new_per_day", Count(0, 10_000), _core("workload", "DEFAULT_NEW_PER_DAY"), "FMPREP_NEW", "--new",
         help="new items a day (quiz, stats)"),
    Spec("retention", Share(0.70, 0.99), _core("scheduler", "DEFAULT_RETENTION"), "FMPREP_RETENTION", "--retention",
         help="desired retention: the share of items to recall when due (quiz)"),
    Spec("content", PathList(), _builtin, "FMPREP_CONTENT", "--content",
         help="deck files or folders, instead of the built-in deck"),
    Spec("progress", OnePath(), _progress, "FMPREP_PROGRESS", "--progress", help="the progress file"),
    Spec("colour", NoColour("auto", "never"), _default("auto"), "NO_COLOR",
         help='"never": no colour; "auto": colour on a terminal'),
    Spec("leech_lapses", Count(1, 1000), _core("stats", "LEECH_LAPSES"), "FMPREP_LEECH_LAPSES", "--leech-lapses",
         help="lapses that make an item a leech (stats)"),
    Spec("mock_questions", Count(1, 1000), _core("mock", "DEFAULT_QUESTIONS"), "FMPREP_MOCK_QUESTIONS", "--questions",
         help="questions in a practice exam (mock)"),
    Spec("mock_minutes", Count(1, 1440), _default(None), "FMPREP_MOCK_MINUTES", "--minutes",
         help="minutes for a practice exam (mock)", blank="scaled: 90 for 65 questions"),
    Spec("seed", Count(0, 2**63 - 1), _default(None), "FMPREP_SEED", in_file=False,
         help="fixes the random order (for tests and demonstrations)", blank="random"),
)
BY_KEY = {spec.key: spec for spec in SPECS}
FILE_KEYS = tuple(spec.key for spec in SPECS if spec.in_file)


@dataclass(frozen=True)
class Value:
    key: str
    value: Any
    origin: str  # OPTION, ENVIRONMENT, FILE or DEFAULT
    where: str  # the option, the variable, or the file's line ("line 3"); empty for a default

    def shown(self) -> str:
        if self.value is None:
            return BY_KEY[self.key].blank
        return BY_KEY[self.key].kind.show(self.value)


def check_option(key: str, value):
    """An option's value (already typed by the command line), checked as any other source is; raises SettingError."""
    return None if value is None else BY_KEY[key].kind.check(value)


def variable_value(key: str, environ: Mapping[str, str]):
    """The setting's value from its environment variable, or None when unset or empty; raises ConfigError."""
    spec = BY_KEY[key]
    text = environ.get(spec.variable, "") if spec.variable else ""
    if not text:
        return None
    try:
        return spec.kind.from_text(text)
    except SettingError as exc:
        raise ConfigError(f"{spec.variable}='{text}' {exc}. Set it right or unset it "
                          f"(`unset {spec.variable}`).") from None


def config_path(environ: Mapping[str, str]) -> Path:
    """The config file: FMPREP_CONFIG when set, else config.toml in the user's config folder."""
    given = environ.get(CONFIG_VARIABLE, "")
    if given:
        try:
            return expand(given)
        except SettingError as exc:
            raise ConfigError(f"{CONFIG_VARIABLE}='{given}': {exc}") from None
    from fmprep.paths import config_dir

    return config_dir() / CONFIG_NAME


class _Values(dict):
    """Setting key -> Value; a default is made when first asked for (a core constant costs its module's import)."""

    def __missing__(self, key: str) -> Value:
        value = self[key] = Value(key, BY_KEY[key].default(), DEFAULT, "")
        return value

    def _complete(self) -> "_Values":
        for spec in SPECS:
            self[spec.key]
        return self

    def values(self):
        return super(_Values, self._complete()).values()

    def items(self):
        return super(_Values, self._complete()).items()

    def __iter__(self):
        return super(_Values, self._complete()).__iter__()


class Resolved:
    """Every setting's value and origin."""

    def __init__(self, values: dict[str, Value], path: Path, found: bool):
        self.values, self.path, self.found = values, path, found

    def __getitem__(self, key: str):
        return self.values[key].value

    def with_option(self, key: str, value) -> Value:
        """The value of ``key`` when the command was given ``value`` for its option (None: not given)."""
        if value is None:
            return self.values[key]
        return Value(key, value, OPTION, BY_KEY[key].option or "")


def resolve(environ: Mapping[str, str], path: Path, options: Mapping[str, Any] = {}) -> Resolved:
    """Every setting: option > environment > file > default. Every variable and the whole file are checked, even where
    an option wins, so that a mistake shows the first time, not on some later day. Raises ConfigError."""
    in_file = read_config(path)
    values = _Values()
    for spec in SPECS:
        from_env = variable_value(spec.key, environ)
        if options.get(spec.key) is not None:
            values[spec.key] = Value(spec.key, check_option(spec.key, options[spec.key]), OPTION, spec.option or "")
        elif from_env is not None:
            values[spec.key] = Value(spec.key, from_env, ENVIRONMENT, spec.variable or "")
        elif in_file is not None and spec.key in in_file:
            value, line = in_file[spec.key]
            values[spec.key] = Value(spec.key, value, FILE, f"line {line}" if line else "")
    return Resolved(values, path, in_file is not None)


# -- the config file ------------------------------------------------------------------------------------------------

def _problem(path: Path, line: Optional[int], text: str, todo: str) -> ConfigError:
    place = f"{path}, line {line}" if line else str(path)
    return ConfigError(f"{place}: {text}\n{todo}")


def _line_of(text: str, key: str) -> Optional[int]:
    """The line where ``key`` is set (or its table opened), for messages; tomllib keeps no positions."""
    quoted = re.escape(key)
    pattern = re.compile(rf"^[ \t]*(\[+[ \t]*)?(\"{quoted}\"|'{quoted}'|{quoted})[ \t]*[=.\]]", re.M)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _decode_position(exc: Exception) -> tuple[Optional[int], Optional[int]]:
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if line is None:  # tomllib before Python 3.14 puts them only in the message
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        if found:
            line, column = int(found[1]), int(found[2])
    return line, column


def read_config(path: Path) -> Optional[dict[str, tuple[Any, Optional[int]]]]:
    """The file's settings, each checked, with its line; None when there is no file. Raises ConfigError."""
    import stat

    todo = ("Fix the file, or move it aside to use the defaults; the README's Config section lists every key "
            "(`fmprep config --path` prints where the file is).")
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise _problem(path, None, f"cannot be read ({exc.strerror}).", todo) from None
    if not stat.S_ISREG(info.st_mode):  # a FIFO would hang the start, a device would be read without end
        raise _problem(path, None, "is not a regular file.", todo)
    if info.st_size > MAX_CONFIG_BYTES:
        raise _problem(path, None, f"is {info.st_size:,} bytes; a config file is at most {MAX_CONFIG_BYTES:,}.", todo)
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise _problem(path, None, f"cannot be read ({exc.strerror}).", todo) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _problem(path, line, "is not UTF-8 text.", "Save it as UTF-8. " + todo) from None
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = _decode_position(exc)
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        place = f", column {column}" if column else " at the end of the file" if "end of document" in str(exc) else ""
        raise _problem(path, line, f"not valid TOML{place}: {reason}.", todo) from None
    found = {}
    base = path.parent
    for key, value in table.items():
        line = _line_of(text, key)
        if key not in FILE_KEYS:
            raise _problem(path, line, f"unknown key '{key}'. The keys are: {', '.join(FILE_KEYS)}.",
                           "Remove the line or correct the key's name; the README's Config section explains each.")
        try:
            found[key] = (BY_KEY[key].kind.from_file(value, base), line)
        except SettingError as exc:
            raise _problem(path, line, f"{key} {exc}.", f"Correct the value or remove the line (to use the default). "
                                                       f"{key}: {BY_KEY[key].help}.") from None
    return found


TEMPLATE = '''\
# fmprep settings. A value given as an option or an environment variable wins over this file.
# Remove the "#" in front of a line to use it. Paths may start with ~; relative paths are relative to this file.

# new_per_day = 20            # new items a day (quiz, stats); FMPREP_NEW, --new
# retention = 0.9             # 0.70 to 0.99: the share of items to recall when due; FMPREP_RETENTION, --retention
# content = ["~/decks/aif"]   # deck files or folders instead of the built-in deck; FMPREP_CONTENT, --content
# progress = "~/sync/fmprep-progress.json"   # the progress file; FMPREP_PROGRESS, --progress
# colour = "auto"             # "auto" (colour on a terminal) or "never"; NO_COLOR
# leech_lapses = 8            # lapses that make an item a leech (stats); FMPREP_LEECH_LAPSES, --leech-lapses
# mock_questions = 20         # questions in a practice exam; FMPREP_MOCK_QUESTIONS, --questions
# mock_minutes = 28           # minutes for a practice exam (default: 90 for 65 questions); FMPREP_MOCK_MINUTES, --minutes
'''
