// Random-proposer bargaining (Baron & Ferejohn 1989; docs/protocols.md, "random-proposer").
//
// Rules (the round itself is in rounds.hpp). In every round the proposer is drawn from the recognition
// probabilities (protocol.recognition, default proportional to power, observers excluded), independently of earlier
// rounds, from the sample's proposer stream. Any agent may be drawn again next round, so an agent's "next demand" in
// its acceptance threshold is the one for round t + 1. A deal needs every agent of the required roles and, with a
// vote criteria (a quorum, a qualified or double majority), yes-votes of signatories and members that meet them,
// the proposer's included.
#include "engine/protocol.hpp"
#include "engine/rounds.hpp"

namespace negsim {

Outcome negotiate(const Negotiation& n, const RandomProposer& rules, std::vector<TraceRow>* trace) {
    const Parameters& p = n.parameters;
    RandomStream draws(p.seed, p.sample, purpose(Purpose::proposer));
    return bargain(
        n, trace,
        [&](int) {
            const double u = draws.uniform();
            double cumulative = 0.0;
            std::size_t last = 0;
            for (std::size_t j = 0; j < p.agents; ++j) {
                if (rules.recognition[j] <= 0.0) continue;
                last = j;
                cumulative += rules.recognition[j];
                if (u < cumulative) return j;
            }
            return last;  // u beyond the rounded total
        },
        [&](std::size_t, int t) { return t + 1 < n.scenario.protocol.rounds ? t + 1 : -1; },
        [&](std::size_t proposer, const auto& threshold, const AgentMask& coalition, Unproven& unproven) {
            return make_offer(n, proposer, threshold, coalition, unproven);
        });
}

}  // namespace negsim
