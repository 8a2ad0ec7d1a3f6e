// Cooperative solution concepts over the package space, for `negsim solve` and the mediator protocol
// (docs/solutions.md). Disagreement point d: given per agent (the reservation values for `solve`).
//   Nash (1950):                 maximise prod_i (u_i - d_i)^(w_i), w_i = 1 (symmetric) or the agents' power
//   Kalai & Smorodinsky (1975):  the largest t with u_i - d_i >= t (m_i - d_i) for all i, m_i agent i's best
//                                utility among packages that leave everyone at least d (the utopia point)
//   egalitarian (Kalai 1977):    the largest t with u_i - d_i >= t for all i
//   utilitarian:                 maximise sum_i u_i subject to u_i >= d_i
// Maximin-type concepts are solved exactly by the package optimiser; ties are broken toward the largest utility sum,
// so every solution is Pareto-efficient. The Nash product is maximised by Frank-Wolfe in package space (Frank &
// Wolfe 1956) with exact line searches, from the egalitarian point, until the duality gap bounds the error in the
// log of the product by 1e-12 or an iteration cap is reached (the gap is reported). Regions of hard constraints and
// discrete options are searched one by one.
#pragma once

#include "model/negotiation.hpp"
#include "model/scenario.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace negsim {

struct Solution {
    bool exists = false;  // false when no package gives every agent at least its disagreement utility
    Package x{};
    double gap = 0.0;     // Nash only: the Frank-Wolfe duality gap at the end
};

using AgentValues = std::array<double, kMaxAgents>;

[[nodiscard]] Solution nash_solution(const Negotiation& n, const AgentValues& disagreement, const AgentValues& weight, int iterations = 5000);
[[nodiscard]] Solution kalai_smorodinsky(const Negotiation& n, const AgentValues& disagreement);
[[nodiscard]] Solution egalitarian(const Negotiation& n, const AgentValues& disagreement);
[[nodiscard]] Solution utilitarian(const Negotiation& n, const AgentValues& disagreement);

// Per issue, the mean of the agents' ideals weighted by power x weight (the nearest option for discrete issues).
[[nodiscard]] Package compromise_position(const Negotiation& n);

// Points on the Pareto frontier among packages that leave everyone at least d: for two agents, `points` evenly
// spaced levels of the first agent's utility, each with the best package for the second; for more, weighted-sum
// optima for `points` weight vectors drawn (reproducibly, from `seed`) uniformly from the simplex.
[[nodiscard]] std::vector<Package> pareto_frontier(const Negotiation& n, const AgentValues& disagreement, int points, std::uint64_t seed);

}  // namespace negsim
