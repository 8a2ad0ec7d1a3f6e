// Reading a scenario's `monte_carlo` object (docs/scenario-format.md, "Monte Carlo and uncertainty"): samples, seed,
// the distributions of uncertain parameters, correlation blocks and shocks, each value checked against its domain.
// Private to the input layer.
#pragma once

#include "input/json_reader.hpp"
#include "model/scenario.hpp"

#include <string>
#include <vector>

namespace negsim {

// The bounds of numbers the format gives no natural range (docs/scenario-format.md, "Limits"): wide enough for any
// meaningful value, narrow enough that the arithmetic on them stays finite and exact enough.
inline constexpr double kMinNormalSd = 1e-12;  // with |x - mean| <= 2e12, (x - mean) / sd stays far from overflow
inline constexpr double kMaxNormalSd = 1e12;   // a wider normal is flat on every parameter's domain
inline constexpr double kMaxShockAdd = 2e12;   // the widest domain (an issue range within [-1e12, 1e12])
inline constexpr double kMaxShockFactor = 1e6;

// A distribution over a parameter's domain [lo, hi] (the range text says it in messages); `nominal` is the default
// mean of a normal. Also read by the information reader, for misperceptions.
[[nodiscard]] Distribution read_distribution(const Node& node, double lo, double hi, double nominal, const std::string& range_text);

// One effect on a parameter, {"parameter": "<agent>/...", and one of "add", "multiply", "set"}: a shock's, or a stage's
// dependency on an earlier stage (stage_reader.hpp).
[[nodiscard]] ShockEffect read_effect(const Node& node, const std::vector<Issue>& issues, const std::vector<Agent>& agents);

// `node` is the monte_carlo object (an empty object for the defaults); issues and agents are already read.
[[nodiscard]] MonteCarloSpec read_monte_carlo(const Node& node, const std::vector<Issue>& issues, const std::vector<Agent>& agents);

}  // namespace negsim
