//go:build race

package e2e

// raceEnabled is whether this test binary was built with -race; BuildBinary
// builds the programs under test the same way.
const raceEnabled = true
