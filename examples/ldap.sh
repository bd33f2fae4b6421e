#!/usr/bin/env bash
# Users who log in with their directory password: OMERO's LDAP configuration keys,
# `omero ldap create` before a first login, a user created at their first login,
# sync_on_login and `omero ldap discover`, against a throw-away OpenLDAP slapd.
#
#   ./examples/ldap.sh                      builds omero first (needs Go and a C compiler)
#   OMERO_BIN=/path/to/omero ./examples/ldap.sh
#
# It needs OpenLDAP's slapd and ldap-utils (apt-get install slapd ldap-utils); a slapd
# the package started is not used. Every command is printed as "$ omero ..." before
# its output; the script stops at the first command that fails. The directory, the
# database and the session files live in a temporary directory, removed on exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
slapd=$(command -v slapd || echo /usr/sbin/slapd)
if [[ ! -x $slapd ]] || ! command -v ldapadd >/dev/null; then
	echo "ldap.sh needs OpenLDAP's slapd and ldapadd: apt-get install slapd ldap-utils" >&2
	exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/omero-ldap.XXXXXX")
slapd_pid=""
cleanup() {
	if [[ -n $slapd_pid ]]; then
		kill "$slapd_pid" 2>/dev/null || true
		wait "$slapd_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

if [[ -z ${OMERO_BIN:-} ]]; then
	echo "# building omero into $work/bin (the first build compiles SQLite: about a minute)"
	(cd "$here/.." && go build -o "$work/bin/omero" .)
	OMERO_BIN=$work/bin/omero
fi

export HOME=$work OMERO_USERDIR=$work/omero OMERO_SESSIONDIR=$work/omero/sessions
unset OMERO_DB OMERO_PASSWORD OMERO_ROOT_PASSWORD

source "$here/lib.sh"

# ldif FILE: apply a file of LDIF changes to the directory, as its administrator.
ldif() { ldapmodify -a -x -H "$url" -D cn=admin,dc=example,dc=org -w admin-secret -f "$1" >/dev/null; }

step "The directory: an OpenLDAP slapd on a free loopback port"
mkdir -p "$work/slapd/db"
cat >"$work/slapd/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile $work/slapd/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
suffix "dc=example,dc=org"
rootdn "cn=admin,dc=example,dc=org"
rootpw admin-secret
directory $work/slapd/db
maxsize 16777216
access to attrs=userPassword by anonymous auth by self read by * none
access to * by * read
EOF
for _ in $(seq 20); do
	port=$((20000 + RANDOM % 30000))
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue # taken
	url=ldap://127.0.0.1:$port
	"$slapd" -f "$work/slapd/slapd.conf" -h "$url/" -d 0 >"$work/slapd/log" 2>&1 &
	slapd_pid=$!
	for _ in $(seq 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break 2
		kill -0 "$slapd_pid" 2>/dev/null || break
		sleep 0.05
	done
	kill "$slapd_pid" 2>/dev/null || true
	wait "$slapd_pid" 2>/dev/null || true
	slapd_pid=""
done
if [[ -z $slapd_pid ]]; then
	echo "ldap.sh: slapd did not start:" >&2
	cat "$work/slapd/log" >&2
	exit 1
fi
cat >"$work/people.ldif" <<'EOF'
dn: dc=example,dc=org
objectClass: dcObject
objectClass: organization
dc: example
o: Example

dn: ou=people,dc=example,dc=org
objectClass: organizationalUnit
ou: people

dn: ou=groups,dc=example,dc=org
objectClass: organizationalUnit
ou: groups

dn: cn=jsmith,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
cn: jsmith
givenName: John
sn: Smith
mail: jsmith@example.org
userPassword: jsmith-directory-pw

dn: cn=jdoe,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
cn: jdoe
givenName: Jane
sn: Doe
mail: jdoe@example.org
userPassword: jdoe-directory-pw

dn: cn=alice,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
cn: alice
givenName: Alice
sn: Adams
userPassword: alice-directory-pw

dn: cn=microscopy,ou=groups,dc=example,dc=org
objectClass: groupOfNames
cn: microscopy
member: cn=jsmith,ou=people,dc=example,dc=org
member: cn=jdoe,ou=people,dc=example,dc=org
owner: cn=jdoe,ou=people,dc=example,dc=org
EOF
ldif "$work/people.ldif"
note "$url holds jsmith, jdoe and alice under ou=people,dc=example,dc=org, and the" \
	"group microscopy (members jsmith and jdoe; jdoe its owner)."

step "Configuring LDAP (as root): OMERO's keys, kept in the database"
run db init --root-password root-secret
run login root@localhost -w root-secret
run config set omero.ldap.urls "$url"
run config set omero.ldap.base dc=example,dc=org
run config set omero.ldap.user_filter '(objectClass=inetOrgPerson)'
note "New users join the directory groups they are members of, and own those whose" \
	"owner they are. (A filter that does not compile is refused now, not at a login:)"
refused 2 config set omero.ldap.new_user_group ':query:(member=@{dn}'
run config set omero.ldap.new_user_group ':query:(member=@{dn})'
run config set omero.ldap.new_user_group_owner '(owner=@{dn})'
run config set omero.ldap.config true
run ldap active
run config get

step "omero ldap create: jsmith gets an account before ever logging in"
run ldap create jsmith
run group add facility
run user joingroup facility --name jsmith
note "jsmith logs in with the directory password, in microscopy and facility:"
run login -C jsmith@localhost -w jsmith-directory-pw
run user listgroups
refused 6 login -C jsmith@localhost -w wrong-password

step "A first login: jdoe is created on the fly, and owns microscopy"
run login -C jdoe@localhost -w jdoe-directory-pw
run group listusers microscopy

step "sync_on_login: the directory's changes follow at the next login"
run login -C root@localhost -w root-secret
run config set omero.ldap.sync_on_login true
cat >"$work/change.ldif" <<'EOF'
dn: cn=microscopy,ou=groups,dc=example,dc=org
changetype: modify
delete: member
member: cn=jsmith,ou=people,dc=example,dc=org

dn: cn=jsmith,ou=people,dc=example,dc=org
changetype: modify
replace: mail
mail: john.smith@example.org
EOF
ldif "$work/change.ldif"
note "(The directory now has jsmith out of microscopy, with a new email address.)"
run login -C jsmith@localhost -w jsmith-directory-pw
run user info

step "ldap discover: a local user the directory also has"
run login -C root@localhost -w root-secret
run user add alice Alice Adams facility -P alice-local-pw
run ldap discover
run ldap discover --commands
run ldap setdn --user-name alice true
note "alice's password here is now ignored; the directory's is hers:"
refused 6 login -C alice@localhost -w alice-local-pw
run login -C alice@localhost -w alice-directory-pw
run login -C root@localhost -w root-secret
run ldap list

printf '\n# Done: LDAP users created, logged in, synchronised and discovered.\n'
