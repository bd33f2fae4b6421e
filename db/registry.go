package db

import "github.com/omero-go/omero/db/model"

// The object types obj and the graph operations work on are described by db/model;
// table and column names in SQL come only from there, never from user input.
// registry_test.go checks the model against the schema.

// Type and Field are the model's.
type (
	Type  = model.Type
	Field = model.Field
)

// Types lists every concrete type, sorted by CLI name.
func Types() []*Type { return model.Types() }
