// Reading contributions, aggregates and each agent's stakes in them (docs/scenario-format.md, "Contributions"), and
// folding an agent's linear value of an aggregate into its per-issue values. Private to the input layer.
#pragma once

#include "input/json_reader.hpp"
#include "model/contribution.hpp"
#include "model/scenario.hpp"

#include <vector>

namespace negsim {

// Which issues name a contributor, read off the issue nodes before the agents are (an agent need not give an ideal or
// a weight for another agent's contribution).
[[nodiscard]] std::vector<bool> contribution_flags(const std::vector<Node>& issue_nodes);

// The top-level "aggregates" list: ids unique among issues and aggregates, every term a contribution issue.
[[nodiscard]] std::vector<Aggregate> read_aggregates(const Node& node, const std::vector<Issue>& issues, const std::vector<bool>& contribution);

// An agent's "ideal", "weights" and "values", keyed by issue and aggregate ids, into agent.ideal, agent.weights and
// agent.values per issue, its aggregates folded in exactly; weights normalised over issues and aggregates together.
void read_stakes(const Node& node, const std::vector<Issue>& issues, const std::vector<Aggregate>& aggregates, const std::vector<bool>& contribution, Agent& agent);

// Fails at `at` unless every line aggregate `a` adds up is discrete: a condition on an aggregate (or a threshold value)
// is met by filtering combinations of options and by the discrete search (docs/design/optimiser.md).
void check_conditional(const Node& at, const Aggregate& a, const std::vector<Issue>& issues);

// Each contribution issue's contributor (an agent id) and status quo, once the agents are known.
[[nodiscard]] Contributions read_contributions(const std::vector<Node>& issue_nodes, const std::vector<Issue>& issues, const std::vector<Agent>& agents,
                                               std::vector<Aggregate> aggregates);

}  // namespace negsim
