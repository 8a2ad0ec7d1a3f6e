// The round loop shared by the offer-based protocols (alternating_offers.cpp, random_proposer.cpp); they differ
// only in who proposes in a round and in when an agent expects to propose next. docs/protocols.md states the rules.
#pragma once

#include "model/coalition.hpp"
#include "engine/belief_offer.hpp"
#include "engine/deal_screen.hpp"
#include "engine/offer.hpp"
#include "engine/protocol.hpp"
#include "random/random_stream.hpp"
#include "engine/strategy.hpp"
#include "model/utility.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace negsim {

// proposer_of(t): the proposer of round t, or p.agents for a neutral mediator. next_turn(j, t): the next round after
// t in which j may propose, or -1. offer_of(proposer, threshold, coalition, unproven): the round's offer, adding
// to `unproven` each optimiser answer it used that was not proven optimal (Outcome::unproven).
template <class ProposerOf, class NextTurn, class OfferOf>
Outcome bargain(const Negotiation& n, std::vector<TraceRow>* trace, ProposerOf proposer_of, NextTurn next_turn, OfferOf offer_of) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    const int rounds = s.protocol.rounds;
    const AgentMask& must_accept = s.protocol.decision.required;
    const AgentMask& voters = s.protocol.decision.voters;
    std::array<double, kMaxAgents> ceiling{};  // walk_away's stand-in for r / 0
    for (std::size_t j = 0; j < p.agents; ++j) ceiling[j] = utility_ceiling(s.agents[j]);
    RandomStream collapse(p.seed, p.sample, purpose(Purpose::breakdown));

    // A round whose thresholds no package meets cannot end in a deal whatever is offered (deal_screen.hpp). When no
    // strategy reacts to offers and nobody reads the trace, such a round's offer is not built; the round that ends
    // the talks is always played out, for its blocker. Outcomes are the same either way.
    // Under private information (docs/protocols.md, "Private information") proposers build offers on beliefs that
    // every answer updates, so every round is played out.
    std::optional<PrivateTalks> talks;
    if (s.information.any_private) talks.emplace(n);
    bool screened = trace == nullptr && !talks;
    for (std::size_t j = 0; j < p.agents; ++j) screened = screened && !reacts_to_offers(p.strategy[j]);
    DealScreen screen;
    std::array<double, kMaxAgents> reachable{};  // thresholds at which the screen last failed: any lower ones fail too
    bool reached = false;
    bool played_out = false;
    const auto hopeless = [&](const std::array<double, kMaxAgents>& threshold) {
        if (screen.rules_out(threshold)) return true;
        // First the cheap renewal, from the last proof's weights or from equal ones. The first time it fails after a
        // proof, the round is played out: it is often the round that ends in a deal, and the offer's own exact search
        // (offer.cpp) stops as soon as its bound shows that no package meets every threshold. After that the optimiser
        // makes the proof, which lasts longer than a renewal's (the measurements: docs/design/optimiser.md).
        if (screen.renew(n, must_accept, threshold)) return true;
        if (screen.holds_proof() && !played_out) {
            played_out = true;
            return false;
        }
        bool lower = reached;
        for (std::size_t j = 0; j < p.agents && lower; ++j) lower = !must_accept[j] || threshold[j] <= reachable[j];
        if (lower) return false;  // no proof exists: a package came within reach of higher thresholds
        if (screen.prove(n, must_accept, threshold)) return true;
        reachable = threshold;
        reached = true;
        return false;
    };

    Outcome outcome;
    History history;
    std::array<double, kMaxAgents> aspiration{};
    std::array<double, kMaxAgents> threshold{};
    for (int t = 0; t < rounds; ++t) {
        const std::size_t proposer = proposer_of(t);
        StrategyContext context{t, rounds, 0, false, &p, &history, &must_accept, &voters, &s.protocol.decision};
        // Agent j's aspiration, and its acceptance threshold: the aspiration, or what it would itself demand when it
        // next proposes, discounted by the wait (AC_next), whichever is smaller; never below walking away,
        // r / discount^t. Strategies read the history of earlier rounds only, so the agents' order does not matter.
        const auto set_threshold = [&](std::size_t j) {
            context.agent = j;
            context.proposing = j == proposer;
            aspiration[j] = negsim::aspiration(p.strategy[j], context);
            threshold[j] = aspiration[j];
            const int later = next_turn(j, t);
            if (j != proposer && later > t)
                threshold[j] = std::min(threshold[j], discount_factor(p.discount[j], later - t) *
                                                          projected_aspiration(p.strategy[j], context, aspiration[j], later));
            threshold[j] = std::max(threshold[j], walk_away(p.reservation[j], p.discount[j], t, ceiling[j]));
        };
        // Whether talks collapse if this round brings no deal (drawn first; the stream serves nothing else).
        const bool collapses = t + 1 < rounds && s.protocol.breakdown > 0.0 && collapse.uniform() < s.protocol.breakdown;
        outcome.rounds = t + 1;
        outcome.proposer = proposer;
        if (screened && !collapses && t + 1 < rounds) {
            for (std::size_t j = 0; j < p.agents; ++j)
                if (must_accept[j]) set_threshold(j);
            if (hopeless(threshold)) continue;  // the others' thresholds are not needed
            for (std::size_t j = 0; j < p.agents; ++j)
                if (!must_accept[j]) set_threshold(j);
        } else {
            for (std::size_t j = 0; j < p.agents; ++j) set_threshold(j);
        }
        for (std::size_t j = 0; j < p.agents; ++j) {
            history.aspiration[j] = aspiration[j];
            history.fresh[j] = false;
        }

        const bool neutral = proposer >= p.agents;
        std::array<int, kMaxAgents> next{};  // private information: each agent's next turn, for predicting its threshold
        if (talks)
            for (std::size_t j = 0; j < p.agents; ++j) next[j] = j == proposer ? -1 : next_turn(j, t);
        const bool believing = talks && !neutral;
        AgentMask coalition = cheapest_coalition(proposer, believing ? talks->believed_thresholds(proposer, t, threshold, next) : threshold,
                                                 must_accept, voters, s.protocol.decision, p.agents);
        // Contributors the roles do not require are offered packages they accept too; only those the offer gives a
        // line must then accept it (docs/scenario-format.md, "Contributions").
        for (std::size_t j = 0; j < p.agents; ++j) coalition[j] = coalition[j] || s.protocol.decision.bound_by_line[j];
        const Package offer = believing ? talks->offer(proposer, t, threshold, coalition, next, outcome.unproven).x
                                        : offer_of(proposer, threshold, coalition, outcome.unproven);

        // Every agent answers, the proposer included: it falls short of its own threshold only when no package can
        // reach it (e.g. once discounting has pushed its walk-away value out of reach).
        bool required_yes = true;
        AgentMask yes_votes{};
        int blocker = -1;
        int rejections = 0;
        double widest = 0.0;
        AgentMask accepted{};
        if (!neutral) history.has_offer[proposer] = true;
        for (std::size_t j = 0; j < p.agents; ++j) {
            const double u = utility(n, j, offer);
            if (!neutral) history.standing[j][proposer] = u;
            const bool yes = accepts(u, threshold[j]);
            accepted[j] = yes;
            if (trace) {
                TraceRow row = trace_row(t, proposer, offer, j, u, aspiration[j], threshold[j], yes);
                if (believing && talks->knows_only_prior(proposer, j)) {  // what the proposer believed when it offered
                    row.believed = true;
                    row.belief_lo = talks->belief(proposer, j).lo;
                    row.belief_hi = talks->belief(proposer, j).hi;
                    row.acceptance = talks->acceptance(proposer, j, t, offer, next, proposer);
                }
                if (talks)
                    for (std::size_t i = 0; i < p.agents; ++i) row.held[i] = talks->belief(i, j);
                trace->push_back(row);
            }
            const bool signs = must_sign(s, j, offer);
            const bool needed = coalition[j] && (signs || !s.protocol.decision.bound_by_line[j]);
            if (signs) required_yes = required_yes && yes;
            yes_votes[j] = voters[j] && yes;
            if (!yes && needed) ++rejections;
            if (!yes && needed && (blocker < 0 || threshold[j] - u > widest)) {
                blocker = static_cast<int>(j);
                widest = threshold[j] - u;
            }
            if (j != proposer) history.saw_other_offer(j, u);
        }
        if (required_yes && passes(s.protocol.decision.votes, yes_votes, p.agents)) return ratify(n, offer, t, outcome);
        if (talks) talks->observe(t, offer, accepted, neutral ? p.agents : proposer, next);
        if (close_round(outcome, blocker, rejections, collapses)) break;
    }
    return without_deal(p, outcome);
}

}  // namespace negsim
