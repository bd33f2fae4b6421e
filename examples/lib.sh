# The transcript helpers of the walkthroughs in examples/, sourced by each after it
# has set work (its temporary directory) and OMERO_BIN. Every command is printed as
# "$ omero ..." before its output; its messages (stderr) follow the output, on
# stdout, so the transcript reads in order even through a pipe. The "Using session
# for ..." line that every command prints after the first is left out; the rest is
# as omero wrote it.

prog=$(basename "$0")

omero() { "$OMERO_BIN" "$@"; }

# show ARGS...: print the command line, quoting only the words that need it.
show() {
	local line='$ omero' a
	for a in "$@"; do
		if [[ $a =~ ^[A-Za-z0-9_./:=,@+-]+$ ]]; then
			line+=" $a"
		else
			line+=" '${a//\'/\'\\\'\'}'"
		fi
	done
	printf '%s\n' "$line"
}

messages() { grep -v '^Using session for ' "$work/stderr" || true; }

failed() {
	echo "$prog: this step failed with exit status $1: omero ${*:2}" >&2
	exit "$1"
}

# run ARGS...: print the command, then run it; stop the script if it fails.
run() {
	local status=0
	show "$@"
	omero "$@" 2>"$work/stderr" || status=$?
	messages
	((status == 0)) || failed "$status" "$@"
}

# keep VAR ARGS...: print and run the command, show its output, and keep the output in
# VAR, the way id=$(omero obj new Dataset name=x) keeps the id of a new object.
keep() {
	local var=$1 out status=0
	shift
	show "$@"
	out=$(omero "$@" 2>"$work/stderr") || status=$?
	printf '%s\n' "$out"
	messages
	((status == 0)) || failed "$status" "$@"
	printf -v "$var" '%s' "$out"
}

# refused STATUS ARGS...: run a command that must be refused with exit status STATUS
# (see omero help exit-codes); any other outcome stops the script.
refused() {
	local want=$1 status=0
	shift
	show "$@"
	omero "$@" 2>"$work/stderr" || status=$?
	messages
	if ((status != want)); then
		echo "$prog: expected this step to be refused with exit status $want, got $status: omero $*" >&2
		exit 1
	fi
	echo "# (refused, exit status $status)"
}

step() { printf '\n# %s\n' "$*"; }
note() { printf '# %s\n' "$@"; }
