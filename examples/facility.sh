#!/usr/bin/env bash
# The four workflows of OMERO's guide to restricted administrators (Data viewer,
# Importer, Analyst, Group and Data Organizer), played with the commands the guide
# gives, against a throw-away database.
#
#   ./examples/facility.sh                      builds omero first (needs Go and a C compiler)
#   OMERO_BIN=/path/to/omero ./examples/facility.sh
#   ./examples/facility.sh postgres://ROLE@HOST/DATABASE   the same on an empty PostgreSQL database
#
# Every command is printed as "$ omero ..." before its output. The script stops with a
# non-zero status at the first command that fails. Everything it creates lives in a
# temporary directory that is removed on exit (or, given a URL, in that database,
# which it leaves filled); your own ~/omero is not touched.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/omero-facility.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [[ -z ${OMERO_BIN:-} ]]; then
	echo "# building omero into $work/bin (the first build compiles SQLite: about a minute)"
	(cd "$here/.." && go build -o "$work/bin/omero" .)
	OMERO_BIN=$work/bin/omero
fi

# The database, the session files and HOME all live in the temporary directory,
# unless a PostgreSQL URL names the database: "localhost" is then that database
# (its password from the URL, PGPASSWORD or your ~/.pgpass, kept when HOME moves).
if [[ -z ${PGPASSFILE:-} && -f $HOME/.pgpass ]]; then
	export PGPASSFILE=$HOME/.pgpass
fi
export HOME=$work OMERO_USERDIR=$work/omero OMERO_SESSIONDIR=$work/omero/sessions
unset OMERO_DB OMERO_PASSWORD OMERO_ROOT_PASSWORD
if (($# > 0)); then
	export OMERO_DB=$1
fi

source "$here/lib.sh"

# idof TEXT: the number in "(id=N)" of an "Added user ..." or "Added group ..." line.
idof() { sed -n 's/.*(id=\([0-9]*\)).*/\1/p' <<<"$1"; }

# password NAME PASSWORD: say which password the next new session uses.
password() {
	printf '$ export OMERO_PASSWORD=%s   # %s'"'"'s password, for the next login\n' "$2" "$1"
	export OMERO_PASSWORD=$2
}

step "Setting up: a database, the facility's groups and people (as root)"
export OMERO_ROOT_PASSWORD=root-secret
printf '$ export OMERO_ROOT_PASSWORD=%s\n' "$OMERO_ROOT_PASSWORD"
run db init
run login root@localhost -w root-secret
run group add testgroup --type=read-annotate
run group add group1
keep added group add group2
group2=$(idof "$added")
keep added user add user Sam Scientist testgroup group2 -P user-secret
user=$(idof "$added")
run user add formerowner Fay Ormer testgroup -P formerowner-secret
run group adduser formerowner --name=testgroup --as-owner
run user add thegoner Theo Goner testgroup group1 -P thegoner-secret
run user add ownertobe Owen Tobe testgroup -P ownertobe-secret
run user add newbieingroup Nell Bie group1 -P newbie-secret

note "The four restricted administrators of the guide's table, named after their" \
	"roles and members of the system group only (omero help privileges lists what" \
	"each privilege allows)."
run user add Viewer Vic Viewer system --privileges none -P viewer-secret
run user add Importer Ida Porter system --privileges Sudo -P importer-secret
run user add Analyst Ana Lyst system \
	--privileges WriteOwned,WriteFile,WriteManagedRepo,Chown,WriteScriptRepo,DeleteScriptRepo -P analyst-secret
run user add Organizer Olga Nizer system \
	--privileges WriteOwned,WriteFile,WriteManagedRepo,DeleteOwned,DeleteFile,DeleteManagedRepo,Chgrp,Chown,ModifyGroup,ModifyUser,ModifyGroupMembership \
	-P organizer-secret
run user privileges Importer

note "formerowner, who is about to leave the institute, has data in testgroup."
password formerowner formerowner-secret
run -u formerowner login
keep project obj new Project name=formerowner-project
keep dataset obj new Dataset name=formerowner-dataset
run obj new ProjectDatasetLink parent="$project" child="$dataset"
keep moving obj new Dataset name=formerowner-results
keep image obj new Image name=result-1.tif
run obj new DatasetImageLink parent="$moving" child="$image"
keep comment obj new CommentAnnotation textValue="acquired on the confocal"
run obj new ImageAnnotationLink parent="$image" child="$comment"

step "Workflow 1: Data viewer (no privileges: sees everything, changes nothing)"
password Viewer viewer-secret
run -u Viewer login
note "Every user and every group, whoever is a member of what:"
run user list
run group list
note "The guide then lists images with omero fs images, which does not exist here" \
	"(there is no file store). obj list Image shows the images of all groups:"
run obj list Image
note "Without ModifyGroup, the Viewer cannot make a group:"
refused 5 group add viewers-group

step "Workflow 2: Importer (Sudo: imports data that belongs to the user)"
note "The Importer opens a session as user, with the Importer's own password:"
password Importer importer-secret
run --sudo Importer -u user login
note "A Dataset and a Project, owned by user. The guide's Dataset:13 and Project:17" \
	"stand for whatever ids the database gives; the script keeps each one the way" \
	"id=\$(omero obj new ...) would, and uses it below."
keep userdataset obj new Dataset name=Dataset-of-user
keep userproject obj new Project name=Project-of-user
note "The Dataset goes into the Project:"
run obj new ProjectDatasetLink parent="$userproject" child="$userdataset"
note "The guide now imports an image into the Dataset with omero import, which does" \
	"not exist here (images carry no pixel data). A new Image and its link to the" \
	"Dataset stand in for it:"
keep userimage obj new Image name=CMPO1.png
run obj new DatasetImageLink parent="$userdataset" child="$userimage"
run obj list Dataset
run logout
note "An import script gets a session of its own: the Importer opens one for user and" \
	"hands its key to the script, which joins it with -k and works as user; the" \
	"Importer closes it when the script is done."
run -u Importer login
keep scriptkey sessions open --user-name user
run -k "$scriptkey" obj new Image name=imported-by-script.tif
run sessions close "$scriptkey"
run logout

step "Workflow 3: Analyst (Write Data, Chown, Upload Scripts)"
note "The guide starts by uploading an official script with omero script upload;" \
	"there is no script repository here, so that step is skipped."
password Analyst analyst-secret
note "The Analyst works in testgroup, where the data to analyse is:"
run -u Analyst -g testgroup login
note "A Dataset for the results, and a result image in it (standing in for omero import):"
keep newdataset obj new Dataset name=new-dataset
keep resultimage obj new Image name=analysis-result.png
run obj new DatasetImageLink parent="$newdataset" child="$resultimage"
note "The Dataset, with the image in it, goes to user: the guide's user 55 is user's" \
	"id here, $user, kept from the output of user add."
run chown "$user" "$newdataset"
run obj list Dataset

step "Workflow 4: Group and Data Organizer"
password Organizer organizer-secret
run -u Organizer -g testgroup login
note "A new user in two groups. -P gives their password: without it omero would ask" \
	"on the terminal, and a script has none."
keep added user add username firstname lastname group1 group2 -P username-secret
note "Their login name changes; the guide's Experimenter:55 is $(idof "$added") here, from the output above."
run obj update "Experimenter:$(idof "$added")" omeName=new-login-name
note "In testgroup, newbieingroup joins and thegoner leaves;"
run group adduser --name testgroup --user-name newbieingroup
run group removeuser --name testgroup --user-name thegoner
note "ownertobe, already a member, becomes an owner as well;"
run group adduser --name testgroup --user-name ownertobe --as-owner
note "and formerowner is an owner no more, but still a member."
run user leavegroup testgroup --name formerowner --as-owner

note "formerowner is leaving, and their data goes to user. First the Organizer links" \
	"it to user's data; such links belong to whoever makes them, here the Organizer."
keep pdlink obj new ProjectDatasetLink parent="$project" child="$userdataset"
keep dilink obj new DatasetImageLink parent="$dataset" child="$userimage"
note "formerowner's results Dataset moves to group2 (the guide's group 5 is $group2 here)," \
	"taking its image and their annotations along;"
run chgrp "$group2" "$moving" --include Annotation
note "user is a member of group2, so it can then be given to them;"
run chown "$user" "$moving"
note "the Project goes to user too, with the Dataset in it;"
run chown "$user" "$project"
note "and so do the two links the Organizer made."
run chown "$user" "$pdlink"
run chown "$user" "$dilink"
run obj list Project
run obj list Dataset
run obj list Image
run obj list ProjectDatasetLink
run obj list DatasetImageLink

note "Last, formerowner is deactivated: taken out of the group user, as the user and" \
	"group guide does it."
run user leavegroup user --name=formerowner
run user info formerowner

step "Every change is on record: here, what was done as user, and by whom (sudoer)"
run events --user user

step "Done: all four workflows ran."
