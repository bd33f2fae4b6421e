package db

// DeleteKeepsByDefault are the types a delete leaves unless --include names them,
// as OMERO's CLI does: tags, terms and file annotations are shared, so deleting what
// they annotate does not take them along (reference section 7). It is to be the
// one place the list is kept, for the delete command's request and the planner's
// default alike.
func DeleteKeepsByDefault() []string {
	return []string{"TagAnnotation", "TermAnnotation", "FileAnnotation"}
}
