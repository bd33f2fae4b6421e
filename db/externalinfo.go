package db

import (
	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms/fault"
)

// ExternalInfo says what an object is in another system (OMERO's
// details.externalInfo): its id and type there and, optionally, an LSID and a UUID.
// An object has at most one. It has no owner or group of its own: it is read and
// changed as part of its object, and goes wherever the object goes.
type ExternalInfo struct {
	ID         int64 // given by SetExternalInfo
	EntityID   int64
	EntityType string
	LSID, UUID *string // nil when not given
}

// ExternalInfoOf reads the ExternalInfo of o (obj ext-info-get); the caller must be
// able to read the object.
func (t *Tx) ExternalInfoOf(o *Object) (ExternalInfo, error) {
	var x ExternalInfo
	id, err := t.externalID(o)
	if err != nil {
		return x, err
	}
	if id == nil {
		return x, fault.New(fault.NotFound, "No ExternalInfo found: %s", o.Ref())
	}
	err = t.queryRow(`SELECT id, entityid, entitytype, lsid, uuid FROM externalinfo WHERE id = ?`, *id).
		Scan(&x.ID, &x.EntityID, &x.EntityType, &x.LSID, &x.UUID)
	return x, err
}

// SetExternalInfo gives o a new ExternalInfo in place of the
// one it had (obj ext-info-set), as OMERO does: the old row is deleted. It is an
// update of the object, refused or allowed as obj update would be, and it moves
// the object's update event.
func (t *Tx) SetExternalInfo(o *Object, x ExternalInfo) (_ model.Ref, err error) {
	defer saveFailed("update", o.Ref().String(), &err)
	// obj update's checks, with no field to change.
	if err := t.update(o, nil); err != nil {
		return model.Ref{}, err
	}
	old, err := t.externalID(o)
	if err != nil {
		return model.Ref{}, err
	}
	ev, err := t.Event()
	if err != nil {
		return model.Ref{}, err
	}
	var id int64
	err = t.queryRow(`INSERT INTO externalinfo (entityid, entitytype, lsid, uuid, creation_id) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		x.EntityID, x.EntityType, x.LSID, x.UUID, ev).Scan(&id)
	if err != nil {
		return model.Ref{}, err
	}
	if err := t.Log("ExternalInfo", id, "INSERT"); err != nil {
		return model.Ref{}, err
	}
	if _, err := t.exec(`UPDATE `+o.typ.Table+` SET external_id = ? WHERE id = ?`, id, o.id); err != nil {
		return model.Ref{}, err
	}
	if old != nil {
		if _, err := t.exec(`DELETE FROM externalinfo WHERE id = ?`, *old); err != nil {
			return model.Ref{}, err
		}
		if err := t.Log("ExternalInfo", *old, "DELETE"); err != nil {
			return model.Ref{}, err
		}
	}
	return o.Ref(), t.touch(o)
}

// externalID is the id of o's ExternalInfo, or nil.
func (t *Tx) externalID(o *Object) (*int64, error) {
	var id *int64
	err := t.queryRow(`SELECT external_id FROM `+o.typ.Table+` WHERE id = ?`, o.id).Scan(&id)
	return id, err
}
