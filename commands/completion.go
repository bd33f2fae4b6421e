package commands

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

var completionShells = []string{"bash", "fish", "zsh"}

func (rt *Runtime) completionCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "completion",
		Usage: "print a completion script for bash, zsh or fish",
		Description: "The script asks omero itself what may come next. User and group names are\n" +
			"offered only while you have a live session, and only from its database;\n" +
			"completing never changes the database or your sessions, and never asks for a\n" +
			"password.\n\n" +
			"  bash:  source <(omero completion bash)       (add it to ~/.bashrc to keep it)\n" +
			"  zsh:   source <(omero completion zsh)        (after compinit, e.g. in ~/.zshrc)\n" +
			"  fish:  omero completion fish > ~/.config/fish/completions/omero.fish\n\n" +
			"Example: omero completion bash > ~/.local/share/bash-completion/completions/omero",
		Action: rt.completion,
	}, args{usage: "bash|zsh|fish", min: 1, max: 1,
		tooFew: "expected one shell: bash, zsh or fish", tooMany: "expected one shell: bash, zsh or fish",
		complete: each(shells)})
}

func (rt *Runtime) completion(c *cli.Context) error {
	script, ok := completionScripts[c.Args().First()]
	if !ok {
		return invalidChoice(c, "shell", c.Args().First(), completionShells)
	}
	_, err := fmt.Fprint(rt.IO.Out, script)
	return err
}

// The scripts pass the words before the cursor, and the word being completed, to
// omero __complete and offer what it prints. They run the omero the user typed
// (./omero works too).
var completionScripts = map[string]string{
	"bash": `# bash completion for omero; load it with: source <(omero completion bash)
_omero_complete() {
    local line=${COMP_LINE:0:COMP_POINT} prog=${COMP_WORDS[0]/#\~/$HOME}
    local -a words cands
    # Split the line ourselves: bash's own words break at = and :, which would
    # cut --name=jsmith and Dataset:1 apart.
    read -r -a words <<<"$line"
    [[ $line == *[[:space:]] ]] && words+=("")
    local cur=${words[${#words[@]}-1]}
    local IFS=$'\n'
    cands=($("$prog" __complete "${words[@]:1}" 2>/dev/null)) || return 0
    # Readline replaces only the part of the word after its last break character
    # (COMP_WORDBREAKS, : and = among them), even right after one: offer only
    # what goes there, or Tab after Dataset: would make Dataset::.
    local rest=$cur i
    for ((i = 0; i < ${#COMP_WORDBREAKS}; i++)); do
        rest=${rest##*"${COMP_WORDBREAKS:i:1}"}
    done
    local pre=${cur%"$rest"}
    local c
    COMPREPLY=()
    for c in "${cands[@]}"; do
        c=${c#"$pre"}
        [[ -n $c ]] && COMPREPLY+=("$(printf '%q' "$c")")
    done
    if [[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == *[,:=] ]]; then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}
complete -F _omero_complete omero
`,
	"zsh": `#compdef omero
# zsh completion for omero; load it with: source <(omero completion zsh)
# (after compinit), or save it as _omero in a directory of your $fpath.
_omero() {
    local prog=${words[1]/#\~/$HOME}
    local -a cands
    cands=(${(f)"$("$prog" __complete "${(@)words[2,CURRENT]}" 2>/dev/null)"})
    local -a spaced nospace
    local c
    for c in $cands; do
        if [[ $c == *[,:=] ]]; then nospace+=("$c"); else spaced+=("$c"); fi
    done
    (( $#spaced )) && compadd -- $spaced
    (( $#nospace )) && compadd -S '' -- $nospace
    return 0
}
if [[ $funcstack[1] == _omero ]]; then
    _omero "$@"
else
    compdef _omero omero
fi
`,
	"fish": `# fish completion for omero; save it with:
#   omero completion fish > ~/.config/fish/completions/omero.fish
function __omero_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    $words[1] __complete $words[2..-1] $cur 2>/dev/null
end
complete -c omero -f -a '(__omero_complete)'
`,
}
