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
    local file={path} data={data} day end start _ owner
    NETQUEST_STATUS=
    [[ -f $file && -r $file ]] || return 0
    # At most a few hundred characters a line: a huge file must not slow the prompt.
    {{ read -r -n 64 day; read -r -n 1024 NETQUEST_STATUS; read -r -n 128 end start _
      read -r -n 4096 owner; }} < "$file"
    # Another data file in the same folder writes the same cache: show only this one's.
    [[ $owner == "$data" ]] || {{ NETQUEST_STATUS=; return 0; }}
    # Digits only, read as decimal: bash evaluates the text of a variable inside (( )).
    [[ $start =~ ^[0-9]{{1,18}}$ && $end =~ ^[0-9]{{1,18}}$ ]] || start=1 end=0
    (( 10#$start <= EPOCHSECONDS && EPOCHSECONDS < 10#$end )) || NETQUEST_STATUS=
    NETQUEST_STATUS=${{NETQUEST_STATUS//[[:cntrl:]]/}}  # no escape sequence reaches the terminal
}}
# Once, however often the start-up file is read.
[[ $PROMPT_COMMAND == *__netquest_status* ]] ||
    PROMPT_COMMAND="__netquest_status${{PROMPT_COMMAND:+; $PROMPT_COMMAND}}"
[[ $PS1 == *NETQUEST_STATUS* ]] || PS1='${{NETQUEST_STATUS:+[$NETQUEST_STATUS] }}'"$PS1"
"""

ZSH = """\
# NetQuest in the prompt: the status cache, read with builtins only.
zmodload zsh/datetime zsh/system
setopt prompt_subst
__netquest_status() {{
    local file={path} data={data} buf end start
    local -a lines bounds
    NETQUEST_STATUS=
    [[ -f $file && -r $file ]] || return 0
    # One read of at most 4 KiB: a huge file must not slow the prompt.
    sysread -s 4096 buf < $file 2>/dev/null || return 0
    lines=("${{(@f)buf}}")
    # Another data file in the same folder writes the same cache: show only this one's.
    [[ $lines[4] == "$data" ]] || return 0
    bounds=(${{=lines[3]}})
    end=$bounds[1] start=$bounds[2]
    [[ $start == <-> && $end == <-> && ${{#start}} -le 18 && ${{#end}} -le 18 ]] || start=1 end=0
    (( 10#$start <= EPOCHSECONDS && EPOCHSECONDS < 10#$end )) || return 0
    NETQUEST_STATUS=${{lines[2]//[[:cntrl:]]/}}  # no escape sequence reaches the terminal
    NETQUEST_STATUS=${{NETQUEST_STATUS//\\%/%%}}  # a % of the data is not a prompt escape
}}
# Once, however often the start-up file is read.
(( ${{precmd_functions[(I)__netquest_status]}} )) || precmd_functions+=(__netquest_status)
[[ $PROMPT == *NETQUEST_STATUS* ]] || PROMPT='${{NETQUEST_STATUS:+[$NETQUEST_STATUS] }}'$PROMPT
"""

FISH = """\
# NetQuest in the prompt: the status cache, read with builtins only (fish 3.5 or newer).
function __netquest_status
    set -l file {path}
    set -l data {data}
    test -f $file; or return
    set -l lines
    # Three lines of at most a few hundred characters: a huge file must not slow the prompt.
    begin
        for n in 64 1024 128 4096
            read -l --nchars $n line; or break
            set -a lines $line
        end
    end < $file
    set -q lines[4]; or return
    # Another data file in the same folder writes the same cache: show only this one's.
    test "$lines[4]" = "$data"; or return
    string match -qr '^[0-9]{{1,18}} [0-9]{{1,18}} ' -- $lines[3]; or return
    set -l bounds (string split ' ' -- $lines[3])
    # fish has no clock builtin: now is the file's time plus its age.
    set -l now (math (path mtime $file) + (path mtime --relative $file))
    # No escape sequence reaches the terminal.
    set -l shown (string replace -ra '[\\x00-\\x1f\\x7f-\\x9f]' '' -- $lines[2])
    test $bounds[2] -le $now -a $now -lt $bounds[1]; and echo -n "[$shown] "
end
functions -c fish_prompt __netquest_fish_prompt 2>/dev/null
function fish_prompt
    __netquest_status
    __netquest_fish_prompt
end
"""

def snippet(shell: str, cache_path: str, data: str) -> str:
    """The snippet for `shell` reading the cache at `cache_path` of the data file `data`
    (as the cache names it, `netquest.statuscache.data_key`)."""
    template = {"bash": BASH, "zsh": ZSH, "fish": FISH}[shell]

    def quote(text: str) -> str:
        if shell == "fish":
            return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return shlex.quote(text)

    return template.format(path=quote(cache_path), data=quote(data))
