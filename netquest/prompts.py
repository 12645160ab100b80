"""Prompt snippets for bash, zsh and fish that show the status cache with the shell's builtins.

A prompt is drawn after every command, so the snippets start no process: they read the
cache file (`netquest.statuscache`) with `read`, compare its habit day's bounds with the
shell's own clock (`$EPOCHSECONDS` in bash 5 and zsh, the file's age in fish) and show
nothing once the day has turned or when there is no cache.  `netquest status --prompt
SHELL` prints the one for a shell with the cache path of the data file in use.
"""

from __future__ import annotations

import shlex

SHELLS = ("bash", "zsh", "fish")

BASH = """\
# NetQuest in the prompt: the status cache, read with builtins only (bash 5 or newer).
__netquest_status() {{
    local file={path} day end start _
    NETQUEST_STATUS=
    [[ -f $file && -r $file ]] || return 0
    {{ read -r day; read -r NETQUEST_STATUS; read -r end start _; }} < "$file"
    # Digits only: bash evaluates the text of a variable inside (( )).
    [[ $start =~ ^[0-9]+$ && $end =~ ^[0-9]+$ ]] || start=1 end=0
    (( start <= EPOCHSECONDS && EPOCHSECONDS < end )) || NETQUEST_STATUS=
}}
PROMPT_COMMAND="__netquest_status${{PROMPT_COMMAND:+; $PROMPT_COMMAND}}"
PS1='${{NETQUEST_STATUS:+[$NETQUEST_STATUS] }}'"$PS1"
"""

ZSH = """\
# NetQuest in the prompt: the status cache, read with builtins only.
zmodload zsh/datetime
setopt prompt_subst
__netquest_status() {{
    local file={path} day end start rest
    NETQUEST_STATUS=
    [[ -f $file && -r $file ]] || return 0
    {{ read -r day; read -r NETQUEST_STATUS; read -r end start rest }} < $file
    [[ $start == <-> && $end == <-> ]] || start=1 end=0
    (( start <= EPOCHSECONDS && EPOCHSECONDS < end )) || NETQUEST_STATUS=
    NETQUEST_STATUS=${{NETQUEST_STATUS//\\%/%%}}  # a % of the data is not a prompt escape
}}
precmd_functions+=(__netquest_status)
PROMPT='${{NETQUEST_STATUS:+[$NETQUEST_STATUS] }}'$PROMPT
"""

FISH = """\
# NetQuest in the prompt: the status cache, read with builtins only (fish 3.5 or newer).
function __netquest_status
    set -l file {path}
    test -f $file; or return
    set -l lines
    while read -l line
        set -a lines $line
    end < $file
    set -q lines[3]; or return
    set -l bounds (string split ' ' -- $lines[3])
    # fish has no clock builtin: now is the file's time plus its age.
    set -l now (math (path mtime $file) + (path mtime --relative $file))
    string match -qr '^[0-9]+ [0-9]+ ' -- $lines[3]; or return
    test $bounds[2] -le $now -a $now -lt $bounds[1]; and echo -n "[$lines[2]] "
end
functions -c fish_prompt __netquest_fish_prompt 2>/dev/null
function fish_prompt
    __netquest_status
    __netquest_fish_prompt
end
"""


def snippet(shell: str, cache_path: str) -> str:
    """The snippet for `shell` reading the cache at `cache_path`."""
    template = {"bash": BASH, "zsh": ZSH, "fish": FISH}[shell]
    if shell == "fish":
        quoted = "'" + cache_path.replace("\\", "\\\\").replace("'", "\\'") + "'"
    else:
        quoted = shlex.quote(cache_path)
    return template.format(path=quoted)
