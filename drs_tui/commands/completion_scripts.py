"""The completion scripts of `drs-tui completion`, written from the parser's commands.

bash and zsh share four tables, plain `case` functions keyed by the command path
("profile add"): its subcommands, its flags, what a flag's value is, what its Nth
positional is. Each shell's own function walks the words typed so far (a flag that
takes a value skips the next word) to find the command path, then completes from the
tables. fish gets one `complete` line per subcommand, flag and positional.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable

from drs_tui import __version__
from drs_tui.commands.completion import Command, Option, Value

PROG = "drs-tui"
PROFILES = f"{PROG} completion --profiles"


def render(shell: str, commands: list[Command]) -> str:
    if shell == "bash":
        return _header("bash") + _tables(commands) + BASH_DRIVER
    if shell == "zsh":
        return f"#compdef {PROG}\n" + _header("zsh") + _tables(commands) + ZSH_DRIVER
    return _header("fish") + _fish(commands)


def _header(shell: str) -> str:
    return (
        f"# {shell} completion for {PROG} {__version__}, made by `{PROG} completion {shell}`.\n"
        "# Generate it again after an upgrade: commands and flags come from drs-tui itself.\n\n"
    )


def _q(text: str) -> str:
    return shlex.quote(text)


def _case(name: str, comment: str, rows: Iterable[tuple[str, str]]) -> str:
    lines = [f"{name}() {{  # {comment}", '    case "$1|$2" in']
    lines += [f"        {pattern}) echo {_q(answer)} ;;" for pattern, answer in rows]
    lines += ["    esac", "}", ""]
    return "\n".join(lines) + "\n"


def _tables(commands: list[Command]) -> str:
    subcommands = [
        (_q(c.name + "|"), " ".join(name for name, _ in c.subcommands))
        for c in commands
        if c.subcommands
    ]
    options = [(_q(c.name + "|"), " ".join(_flags(c.options))) for c in commands]
    values = [
        ("|".join(_q(f"{c.name}|{flag}") for flag in option.flags), option.value.spec())
        for c in commands
        for option in c.options
        if option.value is not None
    ]
    positionals: list[tuple[str, str]] = []
    for c in commands:
        for index, value in enumerate(c.positionals):
            positionals.append((_q(f"{c.name}|{index}"), value.spec()))
        if c.repeats and c.positionals:
            positionals.append((_q(f"{c.name}|") + "*", c.positionals[-1].spec()))
    return (
        _case("_drs_tui_subcommands", "PATH '': its subcommands", subcommands)
        + _case("_drs_tui_options", "PATH '': its flags", options)
        + _case("_drs_tui_value", "PATH FLAG: what its value is (none: no value)", values)
        + _case("_drs_tui_positional", "PATH N: what its Nth positional is", positionals)
        + SHARED_FUNCTIONS
    )


def _flags(options: Iterable[Option]) -> list[str]:
    return [flag for option in options for flag in option.flags]


SHARED_FUNCTIONS = """\
_drs_tui_is_subcommand() {  # PATH WORD
    case " $(_drs_tui_subcommands "$1" '') " in
        *" $2 "*) return 0 ;;
    esac
    return 1
}

"""

BASH_DRIVER = """\
_drs_tui_reply() {  # SPEC CURRENT-WORD: fill COMPREPLY
    local kind="${1%% *}" choices="" IFS=$'\\n'
    case "$1" in *" "*) choices="${1#* }" ;; esac
    case "$kind" in
        choices) IFS=$' \\t\\n'; COMPREPLY=($(compgen -W "$choices" -- "$2")) ;;
        profile) local names  # one a line, as IFS splits here
                 names="$("$_drs_tui_command" completion --profiles 2>/dev/null)"
                 COMPREPLY=($(compgen -W "$names" -- "$2")) ;;
        zip) compopt -o filenames 2>/dev/null
             COMPREPLY=($(compgen -d -- "$2") $(compgen -f -X '!*.[zZ][iI][pP]' -- "$2")) ;;
        file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$2")) ;;
        dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$2")) ;;
    esac
}

_drs_tui() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmd_path="" word spec subs
    local i=1 count=0
    _drs_tui_command="${COMP_WORDS[0]}"
    COMPREPLY=()
    while [ "$i" -lt "$COMP_CWORD" ]; do
        word="${COMP_WORDS[i]}"
        case "$word" in
            -*)
                spec="$(_drs_tui_value "$cmd_path" "$word")"
                if [ -n "$spec" ]; then
                    i=$((i + 1))
                    # bash splits --flag=value into --flag, =, value
                    if [ "${COMP_WORDS[i]}" = "=" ]; then i=$((i + 1)); fi
                fi ;;
            *)
                if [ "$count" -eq 0 ] && _drs_tui_is_subcommand "$cmd_path" "$word"; then
                    cmd_path="${cmd_path:+$cmd_path }$word"
                else
                    count=$((count + 1))
                fi ;;
        esac
        i=$((i + 1))
    done
    if [ "$cur" = "=" ]; then
        prev="${COMP_WORDS[COMP_CWORD-1]}"; cur=""
    elif [ "$COMP_CWORD" -ge 2 ] && [ "${COMP_WORDS[COMP_CWORD-1]}" = "=" ]; then
        prev="${COMP_WORDS[COMP_CWORD-2]}"
    else
        prev="${COMP_WORDS[COMP_CWORD-1]}"
    fi
    case "$prev" in
        -*)
            spec="$(_drs_tui_value "$cmd_path" "$prev")"
            if [ -n "$spec" ]; then _drs_tui_reply "$spec" "$cur"; return 0; fi ;;
    esac
    case "$cur" in
        -*) COMPREPLY=($(compgen -W "$(_drs_tui_options "$cmd_path" '')" -- "$cur")); return 0 ;;
    esac
    subs="$(_drs_tui_subcommands "$cmd_path" '')"
    if [ "$count" -eq 0 ] && [ -n "$subs" ]; then
        COMPREPLY=($(compgen -W "$subs" -- "$cur"))
    else
        spec="$(_drs_tui_positional "$cmd_path" "$count")"
        if [ -n "$spec" ]; then _drs_tui_reply "$spec" "$cur"; fi
    fi
    return 0
}

complete -F _drs_tui drs-tui
"""

ZSH_DRIVER = """\
_drs_tui_reply() {  # SPEC
    local kind="${1%% *}" choices=""
    [[ "$1" == *" "* ]] && choices="${1#* }"
    case "$kind" in
        choices) compadd -- ${=choices} ;;
        profile) compadd -- ${(f)"$("${words[1]}" completion --profiles 2>/dev/null)"} ;;
        zip) _files -g '*.(zip|ZIP)' ;;
        file) _files ;;
        dir) _files -/ ;;
    esac
}

_drs_tui() {
    local cur="${words[CURRENT]}" prev="" cmd_path="" word spec subs
    integer i=2 count=0
    while (( i < CURRENT )); do
        word="${words[i]}"
        case "$word" in
            --*=*) ;;
            -*)
                spec="$(_drs_tui_value "$cmd_path" "$word")"
                if [[ -n "$spec" ]]; then i=$(( i + 1 )); fi ;;
            *)
                if (( count == 0 )) && _drs_tui_is_subcommand "$cmd_path" "$word"; then
                    cmd_path="${cmd_path:+$cmd_path }$word"
                else
                    count=$(( count + 1 ))
                fi ;;
        esac
        i=$(( i + 1 ))
    done
    if [[ "$cur" == --*=* ]]; then
        spec="$(_drs_tui_value "$cmd_path" "${cur%%=*}")"
        if [[ -n "$spec" ]]; then
            compset -P '*='
            _drs_tui_reply "$spec"
        fi
        return
    fi
    prev="${words[CURRENT-1]}"
    if (( CURRENT > 2 )) && [[ "$prev" == -* ]]; then
        spec="$(_drs_tui_value "$cmd_path" "$prev")"
        if [[ -n "$spec" ]]; then _drs_tui_reply "$spec"; return; fi
    fi
    if [[ "$cur" == -* ]]; then
        compadd -- $(_drs_tui_options "$cmd_path" '')
        return
    fi
    subs="$(_drs_tui_subcommands "$cmd_path" '')"
    if (( count == 0 )) && [[ -n "$subs" ]]; then
        compadd -- ${=subs}
        return
    fi
    spec="$(_drs_tui_positional "$cmd_path" "$count")"
    if [[ -n "$spec" ]]; then _drs_tui_reply "$spec"; fi
}

if [[ "${funcstack[1]}" == "_drs-tui" ]]; then
    _drs_tui "$@"
else
    compdef _drs_tui drs-tui
fi
"""

FISH_FUNCTIONS = """\
function __drs_tui_path --description 'the drs-tui command path typed so far'
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cmd_path
    set -l skip 0
    set -l count 0
    for token in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        switch $token
            case '--*=*'
            case '-*'
                set -l spec (__drs_tui_value "$cmd_path" $token)
                if test -n "$spec"
                    set skip 1
                end
            case '*'
                set -l subcommands (__drs_tui_subcommands "$cmd_path" | string split " ")
                if test $count = 0; and contains -- $token $subcommands
                    set cmd_path (string trim -- "$cmd_path $token")
                else
                    set count (math $count + 1)
                end
        end
    end
    echo "$cmd_path"
end

function __drs_tui_at --description 'true when the command path typed so far is $argv[1]'
    set -l current (__drs_tui_path)
    test "$current" = "$argv[1]"
end

"""


def _fish_switch(name: str, rows: Iterable[tuple[str, str]]) -> str:
    lines = [f"function {name}", '    switch "$argv[1]|$argv[2]"']
    for pattern, answer in rows:
        lines += [f"        case {pattern}", f"            echo {answer}"]
    lines += ["    end", "end", ""]
    return "\n".join(lines) + "\n"


def _fish(commands: list[Command]) -> str:
    subcommands = [
        (_q(c.name + "|"), " ".join(_q(name) for name, _ in c.subcommands))
        for c in commands
        if c.subcommands
    ]
    values = [
        (" ".join(_q(f"{c.name}|{flag}") for flag in o.flags), _q(o.value.spec()))
        for c in commands
        for o in c.options
        if o.value is not None
    ]
    out = [
        _fish_switch("__drs_tui_subcommands", subcommands),
        _fish_switch("__drs_tui_value", values),
        FISH_FUNCTIONS,
        f"complete -c {PROG} -f\n",
    ]
    for c in commands:
        at = _q(f"__drs_tui_at {_q(c.name)}")
        for name, help_text in c.subcommands:
            out.append(f"complete -c {PROG} -n {at} -a {_q(name)} -d {_q(help_text)}\n")
        for option in c.options:
            out.append(
                f"complete -c {PROG} -n {at} {_fish_flags(option.flags)}"
                f"{_fish_value(option.value)} -d {_q(option.help)}\n"
            )
        if c.positionals and not c.subcommands:
            # fish cannot count positionals in a condition cheaply: the first one decides.
            words = _fish_words(c.positionals[0])
            if words:
                out.append(f"complete -c {PROG} -n {at}{words}\n")
    return "".join(out)


def _fish_flags(flags: Iterable[str]) -> str:
    parts = []
    for flag in flags:
        if flag.startswith("--"):
            parts.append(f"-l {_q(flag[2:])}")
        elif len(flag) == 2:
            parts.append(f"-s {_q(flag[1:])}")
        else:
            parts.append(f"-o {_q(flag[1:])}")
    return " ".join(parts)


def _fish_value(value: Value | None) -> str:
    """A flag's value: -r (it takes one) or -x (and no files), then what to offer."""
    if value is None:
        return ""
    words = _fish_words(value)
    return (" -r" if value.kind in ("zip", "file") else " -x") + words


def _fish_words(value: Value) -> str:
    if value.kind == "choices":
        return f" -a {_q(' '.join(value.words))}"
    if value.kind == "profile":
        return f" -a {_q(f'({PROFILES} 2>/dev/null)')}"
    if value.kind == "zip":
        return " -k -a '(__fish_complete_suffix .zip)'"
    if value.kind == "file":
        return " -F"
    if value.kind == "dir":
        return " -a '(__fish_complete_directories)'"
    return ""
