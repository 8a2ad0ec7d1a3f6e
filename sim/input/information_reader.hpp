// Reading a scenario's `information` key (docs/scenario-format.md, "Information"). Private to the input layer.
#pragma once

#include "input/json_reader.hpp"
#include "model/scenario.hpp"

#include <vector>

namespace negsim {

// "complete", "private", or {"default": ..., "agents": {id: setting or {"default": ..., "about": {id: setting}}}},
// given the agents and the protocol already read (private information needs a protocol with proposers).
[[nodiscard]] Information read_information(const Node& node, const std::vector<Agent>& agents, const Protocol& protocol);

}  // namespace negsim
