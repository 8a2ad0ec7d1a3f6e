// Cooperative solution concepts over the package space, for `negsim solve` and the mediator protocol
// (docs/solutions.md). Disagreement point d: given per agent (the reservation values for `solve`).
//   Nash (1950):                 maximise prod_i (u_i - d_i)^(w_i), w_i = 1 (symmetric) or the agents' power
//   Kalai & Smorodinsky (1975):  the largest t with u_i - d_i >= t (m_i - d_i) for all i, m_i agent i's best
//                                utility among packages that leave everyone at least d (the utopia point)
//   egalitarian (Kalai 1977):    the largest t with s_i (u_i - d_i) >= t for all i
//   utilitarian:                 maximise sum_i s_i u_i subject to u_i >= d_i
// with s_i the agent's salience (its stake, docs/scenario-format.md "Salience"; 1 by default): the two concepts that
// compare utilities across agents. An agent of salience 0 has no stake to compare: it keeps only u_i >= d_i.
// Maximin-type concepts are solved exactly by the package optimiser; ties are broken toward the largest utility sum,
// so every solution is Pareto-efficient. The Nash product is maximised in each box (region, and combination of discrete
// options) by simplicial decomposition (von Hohenbalken 1977): columns are weighted-sum optima at the gradient (the
// Frank-Wolfe oracle, Frank & Wolfe 1956), and the product is maximised exactly over the mixes of the columns by
// pairwise Frank-Wolfe (Lacoste-Julien & Jaggi 2015), until the gap bounds the error in the log of the product by
// tolerance::kNashGap; a solve that does not get there is reported (Solution::converged), never passed off as the
// solution. Regions of hard constraints and discrete options are searched one by one.
#pragma once

#include "model/negotiation.hpp"
#include "model/scenario.hpp"
#include "model/tolerance.hpp"
#include "optimise/weighted_optimum.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace negsim {

struct Solution {
    bool exists = false;  // false when no package gives every agent at least its disagreement utility
    Package x{};
    double gap = 0.0;     // Nash only: the bound on the shortfall of the log product (weights normalised to sum 1)
    // False when the answer is not proven: a Nash box met an iteration cap before its gap reached tolerance::kNashGap,
    // or an optimiser answer the solution rests on was not proven optimal (a stalled column generation).
    bool converged = true;
};

using AgentValues = std::array<double, kMaxAgents>;

[[nodiscard]] Solution nash_solution(const Negotiation& n, const AgentValues& disagreement, const AgentValues& weight,
                                     int iterations = tolerance::kNashColumnsGenerated);
[[nodiscard]] Solution kalai_smorodinsky(const Negotiation& n, const AgentValues& disagreement);
[[nodiscard]] Solution egalitarian(const Negotiation& n, const AgentValues& disagreement);
[[nodiscard]] Solution utilitarian(const Negotiation& n, const AgentValues& disagreement);

// The package best for `agent` among those that leave every other agent at least d_j (the agent's own d ignored):
// exists = false when no package meets the others' d at all. When no package leaves everyone at least d, it tells
// whose d empties the set: an agent whose best here is below its own d (negsim solve names them).
[[nodiscard]] Solution best_for_agent(const Negotiation& n, const AgentValues& disagreement, std::size_t agent);

// Per issue, the mean of the agents' ideals weighted by power x salience x weight (the nearest option for discrete
// issues): each agent's capability times its salience on the issue, as in the spatial models' forecast (Bueno de
// Mesquita 1994).
[[nodiscard]] Package compromise_position(const Negotiation& n);

// Points on the Pareto frontier among packages that leave everyone at least d: for two agents, `points` evenly
// spaced levels of the first agent's utility, each with the best package for the second; for more, for `points`
// directions theta drawn (reproducibly, from `seed`) uniformly from the simplex, the efficient package furthest from d
// along theta (max z with u_i - d_i >= theta_i z, then the largest utility sum). Duplicates are dropped.
[[nodiscard]] std::vector<Package> pareto_frontier(const Negotiation& n, const AgentValues& disagreement, int points, std::uint64_t seed);

}  // namespace negsim
