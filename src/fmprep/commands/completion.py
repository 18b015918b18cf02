"""`fmprep completion bash|zsh|fish`: print the shell's completion script (commands, options, concept ids for
--topic, objective ids for --objective, item kinds for --type)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def command(
    shell: Annotated[Shell, typer.Argument(metavar="SHELL", help="The shell to complete in: bash, zsh or fish.",
                                           show_default=False,
                                           case_sensitive=False)],
) -> None:
    """Print the shell completion script for bash, zsh or fish (the README says where to put it)."""
    from typer.completion import get_completion_script

    from fmprep.cli import COMPLETE_VARIABLE

    print(get_completion_script(prog_name="fmprep", complete_var=COMPLETE_VARIABLE, shell=shell.value))
