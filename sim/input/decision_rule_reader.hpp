// Reading a protocol's decision rule (docs/scenario-format.md, "Decision rule"). Private to the input layer.
#pragma once

#include "input/json_reader.hpp"
#include "model/scenario.hpp"

#include <string>
#include <vector>

namespace negsim {

// "signatory", "member" or "observer" (already checked) as a Role.
[[nodiscard]] Role role_named(const std::string& name);

// The decision rule of the protocol object `protocol` (the default when it has no "decision_rule"), given the agents
// already read: required roles, vote criteria, and the minimal winning coalitions the zone of agreement searches.
[[nodiscard]] DecisionRule read_decision_rule(const Node& protocol, const std::vector<Agent>& agents);

}  // namespace negsim
