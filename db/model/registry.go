package model

import (
	"fmt"
	"sort"
	"strings"
)

// registry is every type with what is derived from the entries: positions, id
// spaces, the generated annotation links and the index by name.
type registry struct {
	all    []*Type          // entries, then the annotation links added for them
	spaces []*Space         // in order of first appearance
	byName map[string]*Type // every type, abstract ones included
	byDisc map[string]*Type // annotation subtypes by discriminator
}

var reg = build(entries())

// build derives the registry from its entries. It panics on an inconsistent entry:
// that is a mistake in this package, caught by any test.
func build(list []*Type) *registry {
	r := &registry{byName: map[string]*Type{}, byDisc: map[string]*Type{}}
	r.all = append([]*Type(nil), list...)
	for _, t := range list {
		if t.Annotated {
			r.all = append(r.all, annotationLink(t))
		}
	}
	tables := map[string]*Space{}
	for i, t := range r.all {
		if _, dup := r.byName[t.Name]; dup {
			panic("model: two types named " + t.Name)
		}
		t.Index = i
		r.byName[t.Name] = t
		if t.Discriminator != "" {
			r.byDisc[t.Discriminator] = t
		}
		for j := range t.Fields {
			f := &t.Fields[j]
			f.Owner, f.Slot = t, -1
			if f.Target == self {
				f.Target = t
			}
		}
		sp := tables[t.Table]
		if sp == nil {
			sp = &Space{Index: len(r.spaces), Table: t.Table}
			tables[t.Table] = sp
			r.spaces = append(r.spaces, sp)
		}
		t.Space = sp
		if !t.Abstract {
			sp.Types = append(sp.Types, t)
		}
	}
	for _, sp := range r.spaces {
		for _, t := range sp.Types {
			if t.IsLink() {
				sp.addRef(t.ParentField())
				sp.addRef(t.ChildField())
			}
		}
		for _, t := range sp.Types {
			for j := range t.Fields {
				if t.Fields[j].Carry != NoCarry {
					sp.addRef(&t.Fields[j])
				}
			}
		}
	}
	for _, t := range r.all {
		if t.IsLink() && t.Child == Annotation {
			t.Parent.Space.AnnotationLink = t
		}
	}
	return r
}

// addRef gives f the next slot of the space, or the slot of the field of the same
// column that another type of the space already has.
func (sp *Space) addRef(f *Field) {
	for _, g := range sp.Refs {
		if g.Column == f.Column {
			f.Slot = g.Slot
			return
		}
	}
	if len(sp.Refs) == MaxRefs {
		panic(fmt.Sprintf("model: %s has more than %d graph references", sp.Table, MaxRefs))
	}
	f.Slot = len(sp.Refs)
	sp.Refs = append(sp.Refs, f)
}

// All lists every type, abstract ones and the generated annotation links included,
// in registry order (Type.Index).
func All() []*Type { return reg.all }

// Spaces lists every table and id space, in registry order (Space.Index).
func Spaces() []*Space { return reg.spaces }

// Types lists the concrete types, sorted by name.
func Types() []*Type {
	var out []*Type
	for _, t := range reg.all {
		if !t.Abstract {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup finds a concrete type by the name a user typed, as obj takes it: a
// trailing I (the Python class name, ProjectI) is accepted.
func Lookup(name string) (*Type, bool) {
	t, ok := reg.byName[name]
	if !ok {
		if base, cut := strings.CutSuffix(name, "I"); cut {
			t, ok = reg.byName[base]
		}
	}
	if !ok || t.Abstract {
		return nil, false
	}
	return t, true
}

// LookupClass finds a type, abstract or concrete, by a class name as OMERO's graph
// commands take it: a trailing I is dropped unless the name is a type as it is
// (DatasetI, AnnotationI).
func LookupClass(name string) (*Type, bool) {
	if t, ok := reg.byName[name]; ok {
		return t, true
	}
	if base, cut := strings.CutSuffix(name, "I"); cut {
		t, ok := reg.byName[base]
		return t, ok
	}
	return nil, false
}

// ByDiscriminator finds the annotation type stored with this discriminator.
func ByDiscriminator(disc string) (*Type, bool) {
	t, ok := reg.byDisc[disc]
	return t, ok
}

// Subtypes lists the concrete types that are t or derive from it, in registry
// order: Annotation has eleven.
func Subtypes(t *Type) []*Type {
	var out []*Type
	for _, u := range t.Space.Types {
		if u.Is(t) {
			out = append(out, u)
		}
	}
	return out
}

// GraphTargets lists the types op accepts as targets, sorted by name, as --list
// prints them: the types that say so, not their subtypes.
func GraphTargets(op Op) []*Type {
	var out []*Type
	for _, t := range reg.all {
		if t.Targets.Has(op) {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Links lists every link type, in registry order.
func Links() []*Type {
	var out []*Type
	for _, t := range reg.all {
		if t.IsLink() {
			out = append(out, t)
		}
	}
	return out
}

// DeleteOrder lists the spaces of data so that no row is deleted while a row of a
// later space may still refer to it: every space comes after the spaces whose rows
// point into it. References of a space to itself are cut before deleting.
func DeleteOrder() []*Space {
	before := make([][]int, len(reg.spaces)) // space -> spaces that must come first
	for _, t := range reg.all {
		if t.Abstract || t.System {
			continue
		}
		for _, f := range t.Fields {
			if f.Kind == KindRef && f.Target.Space != t.Space {
				to := f.Target.Space.Index
				before[to] = append(before[to], t.Space.Index)
			}
		}
	}
	var data []*Space
	for _, sp := range reg.spaces {
		if !sp.Types[0].System {
			data = append(data, sp)
		}
	}
	return topological(data, func(sp *Space) []int { return before[sp.Index] }, func(sp *Space) int { return sp.Index })
}

// topological orders items so that each comes after the items (by key) that
// deps names; among items ready at once, the lowest key goes first.
func topological[T any](items []T, deps func(T) []int, key func(T) int) []T {
	done := map[int]bool{}
	present := map[int]bool{}
	for _, it := range items {
		present[key(it)] = true
	}
	var out []T
	for len(out) < len(items) {
		progressed := false
		for _, it := range items {
			k := key(it)
			if done[k] {
				continue
			}
			ready := true
			for _, d := range deps(it) {
				if d != k && present[d] && !done[d] {
					ready = false
					break
				}
			}
			if ready {
				done[k] = true
				out = append(out, it)
				progressed = true
				break // restart: the lowest ready key goes first
			}
		}
		if !progressed {
			panic("model: the references form a cycle")
		}
	}
	return out
}

// Topological is the order of topological for the graph package, which orders its
// traversal by what carries what.
func Topological(types []*Type, deps func(*Type) []*Type) []*Type {
	return topological(types, func(t *Type) []int {
		var out []int
		for _, d := range deps(t) {
			out = append(out, d.Index)
		}
		return out
	}, func(t *Type) int { return t.Index })
}

// Register adds t to the registry, as an entry in types.go would, and returns a
// function that removes it again. It is for tests that prove a new type needs
// nothing but its entry and its table; they must not run in parallel with others.
func Register(t *Type) (remove func()) {
	reg = build(append(entries(), t))
	return func() { reg = build(entries()) }
}
