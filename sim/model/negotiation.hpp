// One negotiation's fixed inputs, carried as one value through the optimiser, the cooperative solutions and the
// protocols instead of (scenario, parameters, order) in every signature. Built once per negotiation on the stack:
// no allocation, no virtual call.
#pragma once

#include "model/parameters.hpp"
#include "model/scenario.hpp"

#include <array>
#include <cstdint>

namespace negsim {

// Per-negotiation precomputation: for each issue, the agents sorted by ideal point. Built once per negotiation
// (ideal points do not change within one), so each weighted-sum maximisation is linear in the number of agents.
struct IdealOrder {
    std::array<std::array<std::uint8_t, kMaxAgents>, kMaxIssues> by_issue{};
};

[[nodiscard]] IdealOrder order_ideals(const Parameters& p);

// One negotiation's fixed inputs: the validated scenario, the sample's parameters, and what is precomputed from them once.
struct Negotiation {
    Negotiation(const Scenario& s, const Parameters& p) : scenario(s), parameters(p), order(order_ideals(p)) {}
    // The negotiation refers to its scenario and parameters: they must outlive it, so temporaries are refused.
    Negotiation(const Scenario&&, const Parameters&) = delete;
    Negotiation(const Scenario&, const Parameters&&) = delete;

    const Scenario& scenario;
    const Parameters& parameters;
    IdealOrder order;
};

}  // namespace negsim
