// How a proposer builds its offer: the package that is best for the others (by a weighted sum of their utilities)
// among those worth at least the proposer's aspiration to the proposer. docs/protocols.md, "Offers".
#pragma once

#include "model/outcome.hpp"
#include "model/negotiation.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace negsim {

// The proposer's offer (docs/protocols.md, "Offers"). If some package meets the proposer's aspiration and the
// acceptance threshold `aspiration[j]` of every agent in `must_accept`, the offer is the best such package for the
// others (power-weighted sum of their utilities; exact, package_optimizer.hpp). Otherwise it is
// max sum_{j != proposer} c_j u_j(x) subject to u_proposer(x) >= aspiration[proposer], solved by bisection on the
// Lagrange multiplier and, where the optimum jumps, a mix of the two optima on which the constraint binds.
// Either way the offer is Pareto-efficient for the utilities the proposer knows. "Meets a threshold" is the agents' own
// test, acceptable() (model/tolerance.hpp), asked of every candidate package in every region.
// Adds to `unproven` each exact search whose answer was not proven optimal (a stalled search's package still meets
// every threshold; a failed one counts as finding none).
[[nodiscard]] Package make_offer(const Negotiation& n, std::size_t proposer, const std::array<double, kMaxAgents>& aspiration, const std::array<bool, kMaxAgents>& must_accept,
                                 Unproven& unproven);

}  // namespace negsim
