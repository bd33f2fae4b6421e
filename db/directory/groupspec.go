package directory

import (
	"errors"
	"strings"

	"github.com/go-ldap/ldap/v3"
	"github.com/omero-go/omero/perms/fault"
)

// The forms of omero.ldap.new_user_group.
const (
	formName                = ""
	formOU                  = "ou"
	formAttribute           = "attribute"
	formFilteredAttribute   = "filtered_attribute"
	formDNAttribute         = "dn_attribute"
	formFilteredDNAttribute = "filtered_dn_attribute"
	formQuery               = "query"
)

// groupSpec is a parsed omero.ldap.new_user_group.
type groupSpec struct {
	form string // one of the form constants
	arg  string // the group name, attribute or filter
}

func (s groupSpec) filtered() bool {
	return s.form == formFilteredAttribute || s.form == formFilteredDNAttribute
}

func (s groupSpec) dn() bool {
	return s.form == formDNAttribute || s.form == formFilteredDNAttribute
}

// parseGroupSpec reads new_user_group as OMERO does: no leading ':' is a group name;
// otherwise :FORM:ARG. :bean: names a plug-in of OMERO's server and any other form
// is unknown: both get OMERO's message.
func parseGroupSpec(spec string) (groupSpec, error) {
	if spec == "" {
		return groupSpec{}, fault.New(fault.Usage, "no group given: a group name or one of :ou:, :attribute:ATTR, :filtered_attribute:ATTR, :dn_attribute:ATTR, :filtered_dn_attribute:ATTR, :query:FILTER")
	}
	if !strings.HasPrefix(spec, ":") {
		return groupSpec{form: formName, arg: spec}, nil
	}
	form, arg, ok := strings.Cut(spec[1:], ":")
	unsupported := fault.New(fault.Usage, "%s spec currently not supported.", spec)
	if !ok {
		return groupSpec{}, unsupported
	}
	s := groupSpec{form: form, arg: arg}
	switch form {
	case formOU:
		if arg != "" {
			return groupSpec{}, fault.New(fault.Usage, ":ou: takes nothing after it, not '%s'", arg)
		}
	case formAttribute, formFilteredAttribute, formDNAttribute, formFilteredDNAttribute:
		if !attrName.MatchString(arg) {
			return groupSpec{}, fault.New(fault.Usage, ":%s: needs an LDAP attribute name after it, not '%s'", form, arg)
		}
	case formQuery:
		if arg == "" {
			return groupSpec{}, fault.New(fault.Usage, ":query: needs a filter after it, e.g. :query:(member=@{dn})")
		}
		if err := checkFilter(arg, true); err != nil {
			return groupSpec{}, err
		}
	default: // :bean: and anything else
		return groupSpec{}, unsupported
	}
	return s, nil
}

// substitute replaces each @{name} in f by the escaped value lookup gives. A name
// with no value, or with several, is an error (OMERO's messages).
func substitute(f string, lookup func(name string) ([]string, bool)) (string, error) {
	var b strings.Builder
	rest := f
	for {
		i := strings.Index(rest, "@{")
		if i < 0 {
			b.WriteString(rest)
			return b.String(), nil
		}
		j := strings.IndexByte(rest[i+2:], '}')
		if j < 0 {
			return "", fault.New(fault.Usage, "unterminated @{ in %s", f)
		}
		name := rest[i+2 : i+2+j]
		if name == "" {
			return "", fault.New(fault.Usage, "empty @{} in %s", f)
		}
		values, _ := lookup(name)
		switch {
		case len(values) == 0:
			return "", fault.New(fault.Failed, "Could not resolve placeholder '%s' in string value \"%s\"", name, f)
		case len(values) > 1:
			return "", fault.New(fault.Failed, "Multivalued property used in @{} format:%s=[%s]", f, strings.Join(values, ", "))
		}
		b.WriteString(rest[:i])
		b.WriteString(ldap.EscapeFilter(values[0]))
		rest = rest[i+2+j+1:]
	}
}

// orgUnit is the value of the ou component nearest the entry in dn (:ou:).
func orgUnit(dn *ldap.DN) (string, bool) {
	for _, rdn := range dn.RDNs {
		for _, a := range rdn.Attributes {
			if strings.EqualFold(a.Type, "ou") {
				return a.Value, true
			}
		}
	}
	return "", false
}

// relativeName is the group name a group DN stands for (:dn_attribute:): the value
// of the name attribute in the part of dn below base, nearest the entry. A DN outside
// base is refused with OMERO's message.
func relativeName(dn string, base *ldap.DN, baseText, nameAttr string) (string, error) {
	d, err := ldap.ParseDN(dn)
	if err != nil {
		return "", fault.New(fault.Failed, "not a group DN: %s: %v", dn, trimLDAPError(err))
	}
	below := d.RDNs
	if base != nil {
		if !base.AncestorOfFold(d) {
			return "", fault.New(fault.Failed, "Full DN (%s) does not start with base DN (%s)", dn, baseText)
		}
		below = d.RDNs[:len(d.RDNs)-len(base.RDNs)]
	}
	for _, rdn := range below {
		for _, a := range rdn.Attributes {
			if strings.EqualFold(a.Type, nameAttr) {
				return a.Value, nil
			}
		}
	}
	return "", fault.New(fault.Failed, "group DN %s has no %s component below the base", dn, nameAttr)
}

// trimLDAPError drops go-ldap's "LDAP Result Code 201 \"Filter Compile Error\": "
// prefix, which says nothing to an administrator.
func trimLDAPError(err error) string {
	var le *ldap.Error
	if errors.As(err, &le) {
		msg := ""
		if le.Err != nil {
			msg = le.Err.Error()
		}
		if msg == "" {
			return ldap.LDAPResultCodeMap[le.ResultCode]
		}
		return msg
	}
	return err.Error()
}
