package db

import (
	"runtime/debug"

	"github.com/omero-go/omero/db/graph"
	"github.com/omero-go/omero/db/model"
)

// Graph operations: chown, chgrp and delete of whole hierarchies. The rules live in
// db/graph, which reads the subgraph through the transaction (graph_source.go) and
// returns a plan; the transaction writes it (graph_exec.go). Everything happens in
// the caller's transaction: the whole request, or nothing.

// The request and its parts, as db/graph defines them.
type (
	GraphOp      = graph.Op
	GraphRequest = graph.Request
	GraphTarget  = graph.Target
	GraphResult  = graph.Result
	GraphFailure = graph.Failure
	IDRange      = graph.IDRange
)

const (
	OpChown  = graph.OpChown
	OpChgrp  = graph.OpChgrp
	OpDelete = graph.OpDelete
)

// bigPlan is how many loaded objects make a plan worth freeing memory after.
const bigPlan = 100_000

// Graph plans the request and, unless it is a dry run, performs it in the caller's
// transaction. A refusal is a *GraphFailure (or, for the checks OMERO's CLI makes
// before sending a request, a plain error) and changes nothing.
func (t *Tx) Graph(req GraphRequest) (GraphResult, error) {
	pl, err := graph.Decide(source{t}, t.Caller, req)
	if err != nil {
		return GraphResult{}, err
	}
	res := pl.Result()
	if req.DryRun {
		return res, nil
	}
	if pl.Loaded > bigPlan {
		// The subgraph is garbage now: give its memory back before SQLite,
		// writing a million rows, takes its own.
		debug.FreeOSMemory()
	}
	if err := t.execute(pl); err != nil {
		return GraphResult{}, err
	}
	// The recipient of a chown is in its event, so that events --user finds what was
	// given to them.
	if pl.Op == OpChown && len(res.Included) > 0 {
		if err := t.Log("Experimenter", pl.Recipient, ActionRecipient); err != nil {
			return GraphResult{}, err
		}
	}
	return res, nil
}

// ActionRecipient is the action of the audit record naming whom a chown gave data to.
const ActionRecipient = "RECIPIENT"

// GraphWarnings lists the targets of req that live in read-write groups and belong to
// someone else, as OMERO's CLI warns before sending a request.
func (t *Tx) GraphWarnings(req GraphRequest) ([]string, error) {
	return graph.Warnings(source{t}, t.Caller, req)
}

// GraphTargetTypes lists the type names an operation accepts as targets, as --list
// prints them (OMERO's legal targets, less what is not modelled here). Chown and
// delete also take every annotation link, named by its own type
// (ImageAnnotationLink:5): each has its own ids, so OMERO's IAnnotationLink cannot
// name one.
func GraphTargetTypes(op GraphOp) []string {
	var names []string
	for _, t := range model.GraphTargets(op) {
		names = append(names, t.Name)
	}
	return names
}
