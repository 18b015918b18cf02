"""The settings resolver: option > environment > config file > default, every source checked by one rule, the origin
kept; values from variables and the file parsed strictly (ASCII digits, empty path entries ignored, ~ expanded)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fmprep import settings
from fmprep.settings import ConfigError, DEFAULT, ENVIRONMENT, FILE, OPTION, SettingError, resolve

from conftest import SRC

NOWHERE = Path("/nonexistent/fmprep/config.toml")


def write(tmp_path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# For each setting with all four sources: (key, option value, variable text, file text, the three resolved values).
SOURCES = [
    ("new_per_day", 3, "4", "5", (3, 4, 5)),
    ("retention", 0.8, "0.85", "0.75", (0.8, 0.85, 0.75)),
    ("leech_lapses", 2, "3", "4", (2, 3, 4)),
    ("mock_questions", 7, "8", "9", (7, 8, 9)),
    ("mock_minutes", 10, "11", "12", (10, 11, 12)),
]


@pytest.mark.parametrize("key, option, variable, in_file, expected", SOURCES)
def test_option_beats_environment_beats_file_beats_default(tmp_path, key, option, variable, in_file, expected):
    spec = settings.BY_KEY[key]
    path = write(tmp_path, f"# a comment\n{key} = {in_file}\n")
    env = {spec.variable: variable}
    assert resolve(env, path, {key: option}).values[key] == settings.Value(key, expected[0], OPTION, spec.option)
    assert resolve(env, path).values[key] == settings.Value(key, expected[1], ENVIRONMENT, spec.variable)
    assert resolve({}, path).values[key] == settings.Value(key, expected[2], FILE, "line 2")
    default = resolve({}, NOWHERE).values[key]
    assert default.origin == DEFAULT and default.value == spec.default()


def test_paths_follow_the_same_order_and_a_relative_path_in_the_file_is_relative_to_the_file(tmp_path, isolated_home):
    path = write(tmp_path, 'progress = "sub/p.json"\ncontent = ["~/deck", "more.yaml"]\n')
    found = resolve({}, path)
    assert found["progress"] == tmp_path / "sub" / "p.json"
    assert found["content"] == [isolated_home / "deck", tmp_path / "more.yaml"]
    env = {"FMPREP_PROGRESS": "~/env.json", "FMPREP_CONTENT": "~/a"}
    assert resolve(env, path)["progress"] == isolated_home / "env.json"
    assert resolve(env, path)["content"] == [isolated_home / "a"]
    given = resolve(env, path, {"progress": Path("~/opt.json"), "content": [Path("~/o")]})
    assert given["progress"] == isolated_home / "opt.json" and given["content"] == [isolated_home / "o"]
    assert resolve({}, NOWHERE)["content"] == settings.BY_KEY["content"].default()


def test_defaults_are_the_core_constants():
    from fmprep.mock import DEFAULT_QUESTIONS
    from fmprep.paths import builtin_content, default_progress
    from fmprep.scheduler import DEFAULT_RETENTION, RETENTION_RANGE
    from fmprep.stats import LEECH_LAPSES
    from fmprep.workload import DEFAULT_NEW_PER_DAY

    found = resolve({}, NOWHERE)
    assert (found["new_per_day"], found["retention"], found["leech_lapses"], found["mock_questions"]) == (
        DEFAULT_NEW_PER_DAY, DEFAULT_RETENTION, LEECH_LAPSES, DEFAULT_QUESTIONS)
    assert found["content"] == [builtin_content()] and found["progress"] == default_progress()
    assert found["colour"] == "auto" and found["seed"] is None and found["mock_minutes"] is None
    share = settings.BY_KEY["retention"].kind
    assert (share.low, share.high) == RETENTION_RANGE


# -- the environment ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("variable, text", [
    ("FMPREP_SEED", "²"), ("FMPREP_SEED", "-1"), ("FMPREP_SEED", "1.5"), ("FMPREP_SEED", "٣"), ("FMPREP_SEED", "9" * 5000),
    ("FMPREP_NEW", "-1"), ("FMPREP_NEW", "10001"), ("FMPREP_NEW", "1e3"), ("FMPREP_NEW", "twenty"),
    ("FMPREP_RETENTION", "nan"), ("FMPREP_RETENTION", "inf"), ("FMPREP_RETENTION", "1.5"), ("FMPREP_RETENTION", "0,9"),
    ("FMPREP_RETENTION", "0.69"), ("FMPREP_RETENTION", "."), ("FMPREP_LEECH_LAPSES", "0"),
    ("FMPREP_MOCK_QUESTIONS", "0"), ("FMPREP_MOCK_MINUTES", "1441"), ("FMPREP_PROGRESS", "~no-such-user-zz/x.json"),
    ("FMPREP_CONTENT", "deck:~no-such-user-zz"),
])
def test_a_bad_variable_is_named_with_its_value_and_the_way_out(variable, text):
    with pytest.raises(ConfigError) as caught:
        resolve({variable: text}, NOWHERE)
    message = str(caught.value)
    assert message.startswith(f"{variable}='{text}'") and f"unset {variable}" in message


def test_good_variables_are_parsed(isolated_home):
    found = resolve({"FMPREP_SEED": "042", "FMPREP_NEW": " 0 ", "FMPREP_RETENTION": ".99", "NO_COLOR": "1"}, NOWHERE)
    assert (found["seed"], found["new_per_day"], found["retention"], found["colour"]) == (42, 0, 0.99, "never")
    assert resolve({"NO_COLOR": ""}, NOWHERE)["colour"] == "auto"  # https://no-color.org: set and not empty


def test_empty_entries_of_a_path_list_are_ignored_and_an_empty_list_is_unset(tmp_path):
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    assert resolve({"FMPREP_CONTENT": f"{a}{os.pathsep}"}, NOWHERE)["content"] == [Path(a)]  # not the current folder
    assert resolve({"FMPREP_CONTENT": f"{os.pathsep}{a}{os.pathsep}{os.pathsep}{b}"}, NOWHERE)["content"] == [Path(a), Path(b)]
    for empty in ("", os.pathsep, os.pathsep * 3):
        assert resolve({"FMPREP_CONTENT": empty}, NOWHERE).values["content"].origin == DEFAULT
    assert resolve({"FMPREP_PROGRESS": ""}, NOWHERE).values["progress"].origin == DEFAULT


def test_tilde_is_expanded_and_never_becomes_a_folder_name(isolated_home):
    assert resolve({"FMPREP_PROGRESS": "~/x.json"}, NOWHERE)["progress"] == isolated_home / "x.json"
    assert resolve({"FMPREP_PROGRESS": "~"}, NOWHERE)["progress"] == isolated_home
    root = resolve({"FMPREP_PROGRESS": "~root/x.json"}, NOWHERE)["progress"]
    assert not str(root).startswith("~") and root.name == "x.json"
    with pytest.raises(SettingError, match="names no user"):
        settings.expand("~no-such-user-zz/x")


def test_the_config_path_is_the_variable_or_the_user_config_folder(isolated_home, monkeypatch):
    assert settings.config_path({"FMPREP_CONFIG": "~/c.toml"}) == isolated_home / "c.toml"
    assert settings.config_path({}) == isolated_home / ".config" / "fmprep" / "config.toml"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(isolated_home / "elsewhere"))
    assert settings.config_path({"FMPREP_CONFIG": ""}) == isolated_home / "elsewhere" / "fmprep" / "config.toml"


# -- options ------------------------------------------------------------------------------------------------------

def test_options_are_checked_by_the_same_rule():
    assert settings.check_option("retention", 0.9) == 0.9
    assert settings.check_option("new_per_day", None) is None
    for key, bad in (("retention", 1.5), ("retention", float("nan")), ("new_per_day", -1), ("mock_minutes", 0)):
        with pytest.raises(SettingError):
            settings.check_option(key, bad)


# -- the file -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, line, expected", [
    ("new_per_day = 5\nretention = 1.5\n", 2, "retention must be a number from 0.7 to 0.99; got 1.5"),
    ("new_per_day = 5\n\nretention = \"0.9\"\n", 3, "retention must be a number from 0.7 to 0.99, not a string"),
    ("new_per_day = true\n", 1, "new_per_day must be a whole number from 0 to 10000, not true/false"),
    ("new_per_day = 2.5\n", 1, "new_per_day must be a whole number from 0 to 10000, not a number"),
    ("retention = nan\n", 1, "retention must be a number from 0.7 to 0.99; got nan"),
    ("colour = \"always\"\n", 1, "colour must be \"auto\" or \"never\"; got 'always'"),
    ("content = []\n", 1, "content must be a path in quotes or a list of them"),
    ("content = [\"a\", 3]\n", 1, "content must be a path in quotes or a list of them"),
    ("progress = \"\"\n", 1, "progress must be a path in quotes"),
    ("# x\nnwe_per_day = 5\n", 2, "unknown key 'nwe_per_day'. The keys are: new_per_day, retention,"),
    ("seed = 5\n", 1, "unknown key 'seed'"),
    ("new_per_day = 1\n[quiz]\nnew = 2\n", 2, "unknown key 'quiz'"),
    ("'retention' = 2\n", 1, "retention must be a number"),
])
def test_a_bad_value_or_key_is_named_with_the_file_and_its_line(tmp_path, text, line, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        resolve({}, path)
    first, todo = str(caught.value).split("\n")
    assert first.startswith(f"{path}, line {line}: ") and expected in first
    assert "remove" in todo.lower()


@pytest.mark.parametrize("text, line, column", [
    ("new_per_day = 5\nretention 0.9\n", 2, 11),
    ("new_per_day = 5\nnew_per_day = 6\n", 2, 16),
    ('content = "unterminated\n', 1, 24),
])
def test_a_toml_syntax_error_gives_line_and_column(tmp_path, text, line, column):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        resolve({}, path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line {line}: not valid TOML, column {column}: ")
    assert "(at line" not in message and "Fix the file, or move it aside" in message


def test_a_file_that_is_not_utf8_or_not_a_regular_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b"new_per_day = 5\n# caf\xe9\n")
    with pytest.raises(ConfigError, match=r"line 2: is not UTF-8 text"):
        resolve({}, path)
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(ConfigError, match="is not a regular file"):
        resolve({}, folder)
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="is not a regular file"):  # reading a FIFO would wait forever
        resolve({}, fifo)
    big = write(tmp_path, "# " + "x" * settings.MAX_CONFIG_BYTES + "\n", "big.toml")
    with pytest.raises(ConfigError, match="a config file is at most"):
        resolve({}, big)


def test_a_bad_variable_or_file_is_reported_even_where_an_option_wins(tmp_path):
    with pytest.raises(ConfigError, match="FMPREP_NEW"):
        resolve({"FMPREP_NEW": "x"}, NOWHERE, {"new_per_day": 3})
    with pytest.raises(ConfigError, match="line 1"):
        resolve({}, write(tmp_path, "new_per_day = -1\n"), {"new_per_day": 3})


def test_the_template_is_a_valid_file_that_sets_nothing(tmp_path):
    found = resolve({}, write(tmp_path, settings.TEMPLATE))
    assert found.found and {v.origin for v in found.values.values()} == {DEFAULT}
    uncommented = "\n".join(line.removeprefix("# ") for line in settings.TEMPLATE.splitlines()[3:])
    every = resolve({}, write(tmp_path, uncommented, "all.toml"))
    assert {k for k, v in every.values.items() if v.origin == FILE} == set(settings.FILE_KEYS)


def test_toml_is_imported_only_when_the_file_exists(tmp_path):
    code = ("import sys; from pathlib import Path; from fmprep import settings;"
            "settings.resolve({}, Path(sys.argv[1])); print('tomllib' in sys.modules)")
    def run(path):
        return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(SRC)}, check=True).stdout.strip()
    assert run(tmp_path / "absent.toml") == "False"
    assert run(write(tmp_path, "new_per_day = 1\n")) == "True"
