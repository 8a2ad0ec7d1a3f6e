// The zone of possible agreement (ZOPA) of one sample: whether some package gives every agent whose consent the
// decision rule requires at least its reservation value, measured by the largest smallest surplus
//   margin = max_x min_{i required} (u_i(x) - r_i)
// (solved exactly by the package optimiser, over every region of the hard constraints). margin >= 0 iff a ZOPA
// exists. A quorum is not modelled here: the margin covers the required roles only.
#pragma once

#include "parameters.hpp"
#include "scenario.hpp"

namespace negsim {

[[nodiscard]] double zone_margin(const Scenario& scenario, const Parameters& parameters);

}  // namespace negsim
