// The pieces of the scenario reader that a stage's negotiation reads again over its own table (stage_reader.cpp):
// defined in scenario_loader.cpp. Private to the input layer.
#pragma once

#include "input/json_reader.hpp"
#include "model/scenario.hpp"

#include <cstddef>
#include <functional>
#include <vector>

namespace negsim {

// A condition on an issue or an aggregate; `antecedent`: under "if" (strict on continuous issues) rather than "then".
[[nodiscard]] Condition read_condition(const Node& node, const std::vector<Issue>& issues, const std::vector<Aggregate>& aggregates, bool antecedent);

// An agent's `strategy` object.
[[nodiscard]] Strategy read_strategy(const Node& node);

// A `protocol` object over these agents (their roles decide the default order, recognition and decision rule).
[[nodiscard]] Protocol read_protocol(const Node& node, const std::vector<Agent>& agents);

// The equilibrium strategies (rubinstein, baron-ferejohn) against the negotiation they solve; strategy_node(i) is where
// agent i's strategy is in the file.
void check_equilibrium_strategies(const Scenario& s, const std::function<Node(std::size_t)>& strategy_node);

}  // namespace negsim
