// Multilateral alternating offers with a rotating proposer (docs/protocols.md, "alternating").
//
// Rules (the round itself is in rounds.hpp). Rounds t = 0 .. T-1. In round t the agent order[t mod |order|] proposes. Every agent first sets its
// aspiration for the round from its strategy; its acceptance threshold is the smaller of that aspiration and what
// it would itself demand at its next turn to propose, discounted by the wait. The proposer offers the best package
// for the others among those meeting its aspiration and every required threshold, or, if there is none, the best
// for the others among those meeting its aspiration (offer.hpp). Every agent, the proposer included, accepts when
// the offer reaches its threshold; no threshold is below the agent's reservation value divided by discount^t, so no
// deal leaves an agent worse off than walking away. The deal is struck in the first round in which every agent the decision rule names accepts. Each
// agent then ratifies with its `ratification` probability; one failure voids the deal. After a round without a deal
// (other than the last) talks collapse with probability `breakdown`; after round T-1 they fail. Without a deal every agent gets its
// reservation value; a deal struck in round t is worth discount_i^t u_i(x) to agent i.
//
// Parameters: protocol.rounds (T), protocol.order (default: signatories and members in file order),
// protocol.decision_rule.must_accept (default: signatories), protocol.breakdown (0); agents[].discount (1),
// agents[].ratification (1).
#include "engine/protocol.hpp"
#include "engine/rounds.hpp"

namespace negsim {

namespace {

// The first round after `t` in which `agent` proposes, or -1 if none is left before the deadline.
int next_turn(const AlternatingOffers& rules, std::size_t agent, int t, int rounds) {
    const auto cycle = static_cast<int>(rules.order.size());
    for (int later = t + 1; later < rounds && later <= t + cycle; ++later)
        if (rules.order[static_cast<std::size_t>(later % cycle)] == agent) return later;
    return -1;
}

}  // namespace

Outcome negotiate(const Negotiation& n, const AlternatingOffers& rules, std::vector<TraceRow>* trace) {
    return bargain(
        n, trace, [&](int t) { return rules.order[static_cast<std::size_t>(t) % rules.order.size()]; },
        [&](std::size_t agent, int t) { return next_turn(rules, agent, t, n.scenario.protocol.rounds); },
        [&](std::size_t proposer, const auto& threshold, const AgentMask& coalition, Unproven& unproven) {
            return make_offer(n, proposer, threshold, coalition, unproven);
        });
}

}  // namespace negsim
