// Draws the uncertain parameters of one Monte Carlo sample (docs/scenario-format.md, "Uncertainty"). Each uncertain
// parameter has its own stream, keyed by (seed, sample, purpose), so adding uncertainty to one parameter never
// changes the draws of another, and a sample's draws depend on nothing but the seed and its index.
#pragma once

#include "model/parameters.hpp"
#include "model/scenario.hpp"

#include <cstdint>

namespace negsim {

// Overwrites `out` with sample `sample`'s parameters. Allocates nothing, so a thread can reuse one Parameters.
void sample_parameters(const Scenario& scenario, std::uint64_t seed, std::uint64_t sample, Parameters& out);

}  // namespace negsim
