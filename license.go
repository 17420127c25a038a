// Package otptray holds what belongs to the project as a whole rather than
// to one program: the license text the programs show.
package otptray

import _ "embed"

// License is the text of the LICENSE file (BSD 3-Clause), built into the
// programs so that About shows it wherever they were copied to.
//
//go:embed LICENSE
var License string
