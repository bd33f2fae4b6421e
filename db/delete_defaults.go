package db

// DeleteKeepsByDefault are the types a delete leaves unless --include names them,
// as OMERO's CLI does: tags, terms and file annotations are shared, so deleting what
// they annotate does not take them along (reference section 7). This is the one
// place the list is kept: the delete command adds it to a request's exclusions and
// the planner's default follows it.
func DeleteKeepsByDefault() []string {
	return []string{"TagAnnotation", "TermAnnotation", "FileAnnotation"}
}
