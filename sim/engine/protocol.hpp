// One negotiation: a pure function of the scenario (issues, value functions, protocol) and the sampled parameters.
// Dispatches on the scenario's protocol; each protocol lives in its own file.
#pragma once

#include "engine/beliefs.hpp"
#include "model/negotiation.hpp"
#include "model/outcome.hpp"
#include "model/parameters.hpp"
#include "model/scenario.hpp"

#include <vector>

namespace negsim {

[[nodiscard]] Outcome negotiate(const Scenario& scenario, const Parameters& parameters);

// One row per round and agent, for `negsim trace` (docs/outputs.md, "trace.csv").
struct TraceRow {
    int round = 0;             // 1-based
    std::size_t proposer = 0;  // the number of agents for a neutral mediator
    Package offer{};
    std::size_t agent = 0;
    double utility = 0.0;      // the agent's utility of the offer
    double aspiration = 0.0;   // its aspiration this round
    double threshold = 0.0;    // the least it accepts this round (aspiration, or its discounted next demand)
    bool accepts = false;      // its answer (the proposer accepts its own offer)
    // Private information (docs/protocols.md, "Private information"): when the proposer knows this agent only by the
    // prior, its belief about the agent's reservation value as it made the offer, and the acceptance it predicted.
    bool believed = false;
    double belief_lo = 0.0;
    double belief_hi = 0.0;
    double acceptance = 0.0;
    // Every agent's belief about this agent's reservation value as the offer was made: held[i] for each i that knows
    // the agent only by a prior (Information::knows_only_prior[i][agent]).
    std::array<Belief, kMaxAgents> held{};
};

// The same negotiation as negotiate(), recording every round in `rows`.
[[nodiscard]] Outcome negotiate_traced(const Scenario& scenario, const Parameters& parameters, std::vector<TraceRow>& rows);

// The ratification stage every protocol ends a deal with: each agent the decision rule requires ratifies the deal struck in round `round`
// (0-based) with its ratification probability, drawn from the sample's ratification stream in agent order; one
// failure voids it (End::not_ratified, blocker = that agent, reservation values). Otherwise the outcome records the
// deal and each agent's discounted utility discount_i^round u_i(x).
[[nodiscard]] Outcome ratify(const Negotiation& negotiation, const Package& deal, int round, Outcome outcome);

// Multilateral alternating offers (alternating_offers.cpp, docs/protocols.md); `trace` may be null.
[[nodiscard]] Outcome negotiate(const Negotiation& negotiation, const AlternatingOffers& rules, std::vector<TraceRow>* trace);

// Single-negotiating-text mediation (mediator.cpp, docs/protocols.md); `trace` may be null.
[[nodiscard]] Outcome negotiate(const Negotiation& negotiation, const Mediator& rules, std::vector<TraceRow>* trace);

// Random-proposer bargaining (random_proposer.cpp, docs/protocols.md); `trace` may be null.
[[nodiscard]] Outcome negotiate(const Negotiation& negotiation, const RandomProposer& rules, std::vector<TraceRow>* trace);

// Stacked alternating offers (stacked_alternating.cpp, docs/protocols.md); `trace` may be null. Its trace has one row
// per answer (the standing offer, accepted or rejected) and one per offer (the proposer accepting its own).
[[nodiscard]] Outcome negotiate(const Negotiation& negotiation, const StackedAlternating& rules, std::vector<TraceRow>* trace);

}  // namespace negsim
