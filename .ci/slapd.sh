# Sourced by .ci/run: makes OpenLDAP's slapd and ldap-utils available for the LDAP
# tests (db/directory, and the testscripts that use db/directory/slapdtest) and turns
# a missing slapd into a test failure instead of a skip.
#
#   source "$(dirname "$0")/slapd.sh"
#
# The tests start their own slapd on loopback ports in a temporary directory; a
# system slapd that the package may start is not used.

ci_slapd_missing() {
	! { command -v slapd >/dev/null || test -x /usr/sbin/slapd; } || ! command -v ldapmodify >/dev/null
}

if ci_slapd_missing; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "installing slapd ldap-utils for the LDAP tests" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >&2
		apt-get install -y -qq --no-install-recommends slapd ldap-utils >&2
	else
		echo "slapd is missing and cannot be installed here (needs root and apt-get): apt-get install slapd ldap-utils" >&2
	fi
fi
if ci_slapd_missing; then
	echo "slapd or ldapmodify still missing" >&2
	return 1 2>/dev/null || exit 1
fi
export OMERO_TEST_SLAPD=required
unset -f ci_slapd_missing
