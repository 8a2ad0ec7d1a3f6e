// How a proposer builds its offer: the package that is best for the others (by a weighted sum of their utilities)
// among those worth at least the proposer's aspiration to the proposer. docs/protocols.md, "Offers".
#pragma once

#include "parameters.hpp"
#include "scenario.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace negsim {

// Per-negotiation precomputation: for each continuous issue, the agents sorted by ideal point. Built once per
// negotiation (ideal points do not change within one), so each weighted-sum maximisation is linear in the agents.
struct IdealOrder {
    std::array<std::array<std::uint8_t, kMaxAgents>, kMaxIssues> by_issue{};
};

[[nodiscard]] IdealOrder order_ideals(const Parameters& p);

// The package maximising sum_j coefficient_j * u_j(x). Issues are independent under the additive model, so each is
// maximised alone: exactly for continuous issues (a concave piecewise-quadratic function; among equal maxima the
// middle of the flat top), by enumeration for discrete ones (first best option).
[[nodiscard]] Package weighted_optimum(const Scenario& s, const Parameters& p, const IdealOrder& order,
                                       const std::array<double, kMaxAgents>& coefficient);

// The proposer's offer: max sum_{j != proposer} c_j u_j(x) subject to u_proposer(x) >= target, solved by bisection
// on the Lagrange multiplier of the constraint and, at the multiplier where the optimum jumps, interpolation of the
// continuous issues between the two optima so that the constraint binds. c_j starts at the agents' power; agents
// in `must_accept` whose `aspiration` the offer misses get their c_j tripled and the offer is rebuilt (a few times),
// so the proposer spreads its concessions over the parties whose consent it needs.
[[nodiscard]] Package make_offer(const Scenario& s, const Parameters& p, const IdealOrder& order, std::size_t proposer,
                                 const std::array<double, kMaxAgents>& aspiration, const std::array<bool, kMaxAgents>& must_accept);

}  // namespace negsim
