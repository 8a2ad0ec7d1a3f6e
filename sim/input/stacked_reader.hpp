// Reading the stacked-alternating protocol (docs/scenario-format.md, "Protocol"): its parties and its offer,
// acceptance and time rules, and the checks that need the whole scenario. Private to the input layer.
#pragma once

#include "input/json_reader.hpp"
#include "model/scenario.hpp"

#include <vector>

namespace negsim {

// The rules of the protocol object `node`, of type "stacked-alternating" (its keys already checked).
[[nodiscard]] StackedAlternating read_stacked_alternating(const Node& node, const std::vector<Agent>& agents);

// What the protocol needs of the rest of the scenario, checked once everything is read (`root` is the document): every
// agent whose acceptance the decision rule requires is a party, no vote criterion (a deal needs every party), complete
// information, and for the aspiration offer rules no budget and few enough discrete combinations to enumerate.
void check_stacked_alternating(const Node& root, const Scenario& s);

}  // namespace negsim
