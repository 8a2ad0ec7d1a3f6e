// Reading an agent's ideal and value functions (docs/scenario-format.md, "Agents", "Value functions"). Private to the
// input layer.
#pragma once

#include "input/json_reader.hpp"
#include "model/scenario.hpp"

namespace negsim {

// An ideal: a number in range for continuous issues, an option name for discrete ones (stored as its index).
[[nodiscard]] double read_ideal(const Node& node, const Issue& issue);

// "linear", "quadratic", an option-value table (discrete issues) or an affine value (continuous issues), checked
// against the agent's ideal on that issue.
[[nodiscard]] ValueFunction read_value_function(const Node& node, const Issue& issue, double ideal);

}  // namespace negsim
