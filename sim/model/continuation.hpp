// The stationary continuation values v_i of Baron–Ferejohn bargaining with general recognition probabilities p_i,
// discount factors d_i and decision rule (required agents and a quorum of voters): Eraslan (2002), "Uniqueness of
// stationary equilibrium payoffs in the Baron–Ferejohn model", JET 103:11–30; Banks & Duggan (2000), APSR 94:73.
// docs/protocols.md, "Baron–Ferejohn", derives every formula used here.
#pragma once

#include "model/coalition.hpp"
#include "model/scenario.hpp"

#include <array>
#include <cstddef>

namespace negsim {

// The game: a unit surplus, proposer k recognised with probability p_k; a proposal passes with every required agent
// and at least `quorum` voters (the proposer's vote counts), as in coalition.hpp.
struct CoalitionGame {
    std::size_t agents = 0;
    std::array<double, kMaxAgents> recognition{};  // sums to 1
    std::array<double, kMaxAgents> discount{};     // in (0, 1]
    AgentMask required{};
    AgentMask voters{};
    std::size_t quorum = 0;
};

struct ContinuationValues {
    std::array<double, kMaxAgents> value{};  // v_i: agent i's expected share at the start of a round
    // The largest violation of an equilibrium condition, in units of the surplus (tolerance::kEquilibrium bounds it
    // whenever the solver's search is complete; it is reported, not hidden, when it is not).
    double residual = 0.0;
};

// The unique stationary equilibrium payoffs (Eraslan 2002, Theorem 2). An undiscounted agent (d_i = 1) is taken as
// the limit d_i -> 1, at a common rate for all undiscounted agents and faster than any d_j < 1 (at d = 1 itself
// every split is stationary under unanimity). Allocates nothing.
[[nodiscard]] ContinuationValues stationary_values(const CoalitionGame& game);

}  // namespace negsim
