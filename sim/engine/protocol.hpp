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

// The row of agent `agent` answering, in round t (0-based), the offer x made by `proposer` (no beliefs).
[[nodiscard]] inline TraceRow trace_row(int t, std::size_t proposer, const Package& x, std::size_t agent, double u, double aspiration,
                                        double threshold, bool accepts) {
    TraceRow row;
    row.round = t + 1;
    row.proposer = proposer;
    row.offer = x;
    row.agent = agent;
    row.utility = u;
    row.aspiration = aspiration;
    row.threshold = threshold;
    row.accepts = accepts;
    return row;
}

// The same negotiation as negotiate(), recording every round in `rows`.
[[nodiscard]] Outcome negotiate_traced(const Scenario& scenario, const Parameters& parameters, std::vector<TraceRow>& rows);

// The ratification stage every protocol ends a deal with: each agent the decision rule requires ratifies the deal struck in round `round`
// (0-based) with its ratification probability, drawn from the sample's ratification stream in agent order; one
// failure voids it (End::not_ratified, blocker = that agent, reservation values). Otherwise the outcome records the
// deal and each agent's discounted utility discount_i^round u_i(x).
[[nodiscard]] Outcome ratify(const Negotiation& negotiation, const Package& deal, int round, Outcome outcome);

// After a round without a deal: the outcome records the round's blocker and rejections, and ends in breakdown when
// talks collapse now (the caller then stops). Returns `collapses`.
[[nodiscard]] bool close_round(Outcome& outcome, int blocker, int rejections, bool collapses);

// Talks that end without a deal: every agent gets its reservation value.
[[nodiscard]] Outcome without_deal(const Parameters& p, Outcome outcome);

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
