// Warnings about a valid scenario whose setup cannot mean what its author likely thinks (docs/scenario-format.md,
// "Warnings"): printed by negsim validate and negsim run, recorded in summary.json; never an error.
#pragma once

#include "model/scenario.hpp"

#include <string>
#include <vector>

namespace negsim {

// Each warning names the JSON pointer(s) it is about:
// - a nominal value that a distribution (uniform, triangular, beta, normal with its own mean) or a shock of
//   probability 1 that sets it replaces in every sample;
// - an agent whose acceptance threshold r / discount^t exceeds 1 before the last round: from then on it would reject
//   even its ideal package (the usual trap when a discount over the whole negotiation, as in GENIUS, is copied as a
//   per-round one);
// - a vote with more minimal winning coalitions than the loader lists, which leaves the zone of agreement a lower bound.
[[nodiscard]] std::vector<std::string> scenario_warnings(const Scenario& scenario);

}  // namespace negsim
