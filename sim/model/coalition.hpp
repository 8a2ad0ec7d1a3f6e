// Which agents a proposer needs: everyone the decision rule requires, itself, and the cheapest votes the rule needs.
#pragma once

#include "model/scenario.hpp"
#include "model/voting.hpp"

#include <array>
#include <cstddef>

namespace negsim {

// Every required agent and the proposer (proposer == agents: a neutral mediator, not an agent), then the voters the
// proposer buys at `price` until the rule's vote criteria hold (buy_coalition, model/voting.hpp).
[[nodiscard]] inline AgentMask cheapest_coalition(std::size_t proposer, const std::array<double, kMaxAgents>& price, const AgentMask& required,
                                                 const AgentMask& voters, const DecisionRule& rule, std::size_t agents) {
    AgentMask in = required;
    if (proposer < agents) in[proposer] = true;
    return buy_coalition(in, voters, price, rule.votes, agents);
}

}  // namespace negsim
