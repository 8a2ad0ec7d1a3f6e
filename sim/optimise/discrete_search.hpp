// Coordinate ascent over the discrete issues' options, for package problems with more combinations of options than
// the optimiser enumerates (docs/design/optimiser.md, "Past the enumeration"): from a package, each discrete issue in
// turn moves to the option that raises the program's objective most, the others held, until a pass moves none.
// maximin: the smallest scaled surplus, ties broken by the summed one; floors: first the smallest surplus over the
// floors up to 0 (feasibility), then the objective. Incremental (one value per agent and option tried), allocation-free.
#pragma once

#include "model/negotiation.hpp"
#include "optimise/master_problem.hpp"
#include "optimise/package_optimizer.hpp"

namespace negsim {

[[nodiscard]] Package improve_discrete(master::Mode mode, const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, Package x);

}  // namespace negsim
