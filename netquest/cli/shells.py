"""Shell completion, the shells' side: the scripts `netquest completion SHELL` prints, how
each shell's words are read, and the answer to a Tab.

The script calls `netquest` again with `_NETQUEST_COMPLETE=bash_complete` (or zsh_, fish_)
and the words typed so far; `main` then hands over to `answer`, and the parameters'
callbacks in `netquest.cli.complete` find the candidates.  Loaded only for a Tab or for
`netquest completion`.
"""

from __future__ import annotations

import os
from typing import NoReturn

import click
from click.shell_completion import (
    BashComplete,
    CompletionItem,
    FishComplete,
    ZshComplete,
    add_completion_class,
    get_completion_class,
    split_arg_string,
)

from netquest.cli.context import COMPLETE_VAR

SHELLS = ("bash", "zsh", "fish")
Items = list[CompletionItem]


# ------------------------------------------------------------------ the shells' scripts
# Click's own scripts, with what names need: bash reads each answer whole (`read -r`, no
# word splitting or globbing) and quotes one that needs it as the shell would (`printf %q`)
# unless the word being completed is already in quotes; fish splits an answer at its first
# comma only, so "mon,wed,fri" stays one value.  Every variable bash's script reads is set
# first, so a ~/.bashrc with `set -u` gets candidates rather than an error in the line.
# Errors of the program never reach the prompt.  Zsh's own `compadd` quotes what it inserts,
# so click's zsh script serves as it is.
_BASH = """\
%(complete_func)s() {
    local IFS=$'\\n'
    local response line type value quoted=
    local cur=${COMP_WORDS[COMP_CWORD]}
    COMPREPLY=()
    if [[ $cur == \\'* || $cur == \\"* ]]; then
        quoted=1
    fi

    response=$(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD \
%(complete_var)s=bash_complete $1 2>/dev/null)

    while IFS= read -r line; do
        type=${line%%%%,*}
        value=${line#*,}
        if [[ $type == 'dir' ]]; then
            COMPREPLY=()
            compopt -o dirnames
        elif [[ $type == 'file' ]]; then
            COMPREPLY=()
            compopt -o default
        elif [[ $type == 'plain' ]]; then
            if [[ -z $quoted && $value == *[^A-Za-z0-9_./,:=@%%+-]* ]]; then
                printf -v value '%%q' "$value"
            fi
            COMPREPLY+=("$value")
        fi
    done <<< "$response"

    return 0
}

%(complete_func)s_setup() {
    complete -o nosort -F %(complete_func)s %(prog_name)s
}

%(complete_func)s_setup;
"""

_FISH = """\
function %(complete_func)s;
    set -l response (env %(complete_var)s=fish_complete COMP_WORDS=(commandline -cp) \
COMP_CWORD=(commandline -t) %(prog_name)s 2>/dev/null);

    for completion in $response;
        set -l metadata (string split -m 1 "," -- $completion);

        if test $metadata[1] = "dir";
            __fish_complete_directories $metadata[2];
        else if test $metadata[1] = "file";
            __fish_complete_path $metadata[2];
        else if test $metadata[1] = "plain";
            printf '%%s\\n' $metadata[2];
        end;
    end;
end;

complete --no-files --command %(prog_name)s --arguments \
"(%(complete_func)s)";
"""


class Bash(BashComplete):
    """Bash, with names quoted as bash quotes them, and `--option=value` as bash splits it."""

    source_template = _BASH

    def get_completion_args(self) -> tuple[list[str], str]:
        """The words before the cursor and the one being completed, `--with`, `=`, `an` joined
        again.

        `=` is one of bash's COMP_WORDBREAKS, so `--with=an` reaches us as three words and
        bash replaces only what follows the `=` (nothing yet, on `--with=` itself)."""
        cwords = split_arg_string(os.environ["COMP_WORDS"])
        cword = int(os.environ["COMP_CWORD"])
        words: list[str] = []
        at = len(cwords)  # where the word under the cursor went
        joining = False
        for i, word in enumerate(cwords):
            after_option = bool(words) and words[-1].startswith("--") and "=" not in words[-1]
            if word == "=" and not joining and after_option:
                words[-1] += "="
                joining = True
            elif joining:
                words[-1] += word
                joining = False
            else:
                words.append(word)
            if i == cword:
                at = len(words) - 1
        if cword >= len(cwords):  # the cursor on a new, empty word
            return words[1:], ""
        return words[1:at], words[at]


def _with_option_name(items: Items, word: str) -> Items:
    """On a whole word `--with=an`, values as `--with=ana-lima`: the shell replaces the whole
    word."""
    name, eq, _ = word.partition("=")
    if not (eq and name.startswith("-")):
        return items
    return [CompletionItem(f"{name}={item.value}", type=item.type, help=item.help)
            if item.type == "plain" else item
            for item in items]


class Zsh(ZshComplete):
    """Zsh, keeping `--option=` in front of a value completed in the same word."""

    def get_completions(self, args: list[str], incomplete: str) -> Items:
        return _with_option_name(super().get_completions(args, incomplete), incomplete)


class Fish(FishComplete):
    """Fish, with values that hold commas, keeping `--option=` in front of a value completed in
    the same word."""

    source_template = _FISH

    def get_completions(self, args: list[str], incomplete: str) -> Items:
        return _with_option_name(super().get_completions(args, incomplete), incomplete)


add_completion_class(Bash, "bash")
add_completion_class(Fish, "fish")
add_completion_class(Zsh, "zsh")


def answer(cli: click.Group) -> NoReturn:
    """Answer the Tab the shell's script asks about: candidates on stdout, or nothing, never an
    error.

    Whatever goes wrong (text that is not UTF-8, a bug) ends the answer quietly: the
    shell would print it in the middle of the line being typed."""
    try:
        cli.main(args=[], prog_name="netquest", standalone_mode=False)  # exits with click's answer
    except Exception:
        pass
    raise SystemExit(1)


@click.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the Tab completion script for SHELL.

    With it loaded, Tab completes commands, options, and your quests, people and goals.
    One line in your shell's start-up file:

    \b
    bash:  eval "$(netquest completion bash)"     in ~/.bashrc
    zsh:   eval "$(netquest completion zsh)"      in ~/.zshrc, after compinit
    fish:  netquest completion fish | source      in ~/.config/fish/config.fish
    """
    root = click.get_current_context().find_root().command
    script = get_completion_class(shell)(root, {}, "netquest", COMPLETE_VAR).source()  # type: ignore[misc]
    click.echo(script, nl=False)
