// Which agents a proposer needs: everyone the decision rule requires, plus, under a quorum, the cheapest other voters.
#pragma once

#include "model/scenario.hpp"

#include <array>
#include <cstddef>

namespace negsim {

using AgentMask = std::array<bool, kMaxAgents>;

// Every required agent and the proposer, then the other voters in order of `price` (then index) until the voters in
// the coalition reach the quorum (Baron & Ferejohn 1989: a proposer buys the cheapest votes it needs).
[[nodiscard]] inline AgentMask cheapest_coalition(std::size_t proposer, const std::array<double, kMaxAgents>& price, const AgentMask& required,
                                                 const AgentMask& voters, std::size_t quorum, std::size_t agents) {
    AgentMask in = required;
    if (proposer < agents) in[proposer] = true;  // proposer == agents: a neutral mediator, not an agent
    std::size_t votes = 0;
    for (std::size_t j = 0; j < agents; ++j) votes += in[j] && voters[j] ? 1 : 0;
    while (votes < quorum) {
        std::size_t cheapest = agents;
        for (std::size_t j = 0; j < agents; ++j)
            if (!in[j] && voters[j] && (cheapest == agents || price[j] < price[cheapest])) cheapest = j;
        if (cheapest == agents) break;
        in[cheapest] = true;
        ++votes;
    }
    return in;
}

}  // namespace negsim
