package db

import (
	"math"
	"testing"
)

func TestPyFloat(t *testing.T) {
	for x, want := range map[float64]string{
		1.5: "1.5", 3: "3.0", 0: "0.0", -2: "-2.0", 1e20: "1e+20", 1e16: "1e+16", 1e15: "1000000000000000.0",
		0.0001: "0.0001", 0.00001: "1e-05", 1.0 / 3: "0.3333333333333333", math.Inf(1): "inf", math.Inf(-1): "-inf",
	} {
		if got := pyFloat(x); got != want {
			t.Errorf("pyFloat(%v) = %q, want %q", x, got, want)
		}
	}
}
