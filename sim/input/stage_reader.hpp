// Reading a scenario's `stages` (docs/scenario-format.md, "Stages"): the sequence of negotiations, each at its own
// table over its own issues, and each stage's negotiation derived from the whole scenario and validated as a scenario
// of its own. Private to the input layer.
#pragma once

#include "input/json_reader.hpp"
#include "model/scenario.hpp"

namespace negsim {

// `node` is the stages object, `root` the file; `whole` is the scenario read from the rest of the file (the
// one-table negotiation), whose agents, issues, constraints and uncertainty each stage takes its part of.
[[nodiscard]] Stages read_stages(const Node& node, const Node& root, const Scenario& whole);

}  // namespace negsim
