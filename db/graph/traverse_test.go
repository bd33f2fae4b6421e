package graph

import (
	"slices"
	"testing"

	"github.com/omero-go/omero/db/model"
)

// The data steps come from the model: each type is decided after every type that can
// carry it, and a type with nothing to carry it has no step.
func TestDataStepsFollowTheModel(t *testing.T) {
	var order []string
	pos := map[*model.Type]int{}
	for i, s := range dataSteps() {
		order = append(order, s.typ.Name)
		pos[s.typ] = i
	}
	if want := []string{"Dataset", "Folder", "Plate", "Well", "WellSample", "Image", "Roi"}; !slices.Equal(order, want) {
		t.Errorf("steps %v, want %v", order, want)
	}
	for _, s := range dataSteps() {
		for _, c := range s.carriers() {
			if i, ok := pos[c]; ok && c != s.typ && i > pos[s.typ] {
				t.Errorf("%s is decided before %s, which carries it", s.typ.Name, c.Name)
			}
		}
	}
	image := dataSteps()[5]
	if len(image.links) != 2 || len(image.holders) != 1 || image.holders[0].Owner != model.WellSample ||
		len(image.wholeRefs) != 1 || image.wholeRefs[0].Target != model.Fileset {
		t.Errorf("Image's step: %+v", image)
	}
}
