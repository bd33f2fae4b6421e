package commands

import (
	"slices"
	"strconv"
	"strings"

	"github.com/omero-go/omero/db"
)

// extInfoFields are the attributes ext-info-get prints, in OMERO's order.
var extInfoFields = []string{"id", "entityId", "entityType", "lsid", "uuid"}

// extInfoSet runs ext-info-set OBJ ENTITYID ENTITYTYPE [LSID [UUID]].
func (s *objState) extInfoSet(tx *db.Tx, w []string) (string, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(w[2]), 10, 64)
	if err != nil {
		return "", objInput("entityId must be an integer, got: %s", w[2])
	}
	x := db.ExternalInfo{EntityID: id, EntityType: w[3]}
	if len(w) > 4 {
		x.LSID = &w[4]
	}
	if len(w) > 5 {
		x.UUID = &w[5]
	}
	o, err := s.object(tx, w[1])
	if err != nil {
		return "", err
	}
	ref, err := tx.SetExternalInfo(o, x)
	if err != nil {
		return "", err
	}
	return ref.String(), nil
}

// extInfoGet runs ext-info-get OBJ [FIELD]: one attribute, or all five as
// name=value lines followed by an empty line, as obj get prints fields.
func (s *objState) extInfoGet(tx *db.Tx, w []string) (string, error) {
	if len(w) == 3 && !slices.Contains(extInfoFields, w[2]) {
		return "", objInput("%s", usages["ext-info-get"].usage)
	}
	o, err := s.object(tx, w[1])
	if err != nil {
		return "", err
	}
	x, err := tx.ExternalInfoOf(o)
	if err != nil {
		return "", err
	}
	text := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	values := map[string]string{"id": strconv.FormatInt(x.ID, 10), "entityId": strconv.FormatInt(x.EntityID, 10),
		"entityType": x.EntityType, "lsid": text(x.LSID), "uuid": text(x.UUID)}
	if len(w) == 3 {
		return values[w[2]], nil
	}
	var b strings.Builder
	for _, f := range extInfoFields {
		b.WriteString(f + "=" + escapeText(values[f]) + "\n")
	}
	return b.String(), nil
}
