// Multilateral alternating offers with a rotating proposer (docs/protocols.md, "alternating").
//
// Rules. Rounds t = 0 .. T-1. In round t the agent order[t mod |order|] proposes. Every agent first sets its
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
#include "offer.hpp"
#include "protocol.hpp"
#include "random_stream.hpp"
#include "strategy.hpp"
#include "utility.hpp"

#include <cmath>

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

Outcome negotiate(const Scenario& s, const Parameters& p, const AlternatingOffers& rules, std::vector<TraceRow>* trace) {
    const int rounds = s.protocol.rounds;
    std::array<bool, kMaxAgents> must_accept{};
    for (std::size_t j = 0; j < p.agents; ++j) must_accept[j] = s.protocol.decision.requires_acceptance(s.agents[j].role);
    const IdealOrder order = order_ideals(p);
    RandomStream collapse(p.seed, p.sample, purpose(Purpose::breakdown));

    Outcome outcome;
    History history;
    std::array<double, kMaxAgents> aspiration{};
    std::array<double, kMaxAgents> threshold{};
    for (int t = 0; t < rounds; ++t) {
        const std::size_t proposer = rules.order[static_cast<std::size_t>(t) % rules.order.size()];
        StrategyContext context{t, rounds, 0, false, &p, &history, &must_accept};
        for (std::size_t j = 0; j < p.agents; ++j) {
            context.agent = j;
            context.proposing = j == proposer;
            aspiration[j] = negsim::aspiration(p.strategy[j], context);
        }
        for (std::size_t j = 0; j < p.agents; ++j) {
            context.agent = j;
            context.proposing = j == proposer;
            threshold[j] = aspiration[j];
            const int later = next_turn(rules, j, t, rounds);
            if (j != proposer && later > 0)
                threshold[j] = std::min(threshold[j], std::pow(p.discount[j], later - t) *
                                                          projected_aspiration(p.strategy[j], context, aspiration[j], later));
            history.aspiration[j] = aspiration[j];
            history.fresh[j] = false;
        }
        threshold[proposer] = aspiration[proposer];
        // No agent takes a deal worth less, once discounted, than walking away: threshold >= r / discount^t.
        for (std::size_t j = 0; j < p.agents; ++j) threshold[j] = std::max(threshold[j], p.reservation[j] / std::pow(p.discount[j], t));
        const Package offer = make_offer(s, p, order, proposer, threshold, must_accept);

        int blocker = -1;
        double widest = 0.0;
        history.has_offer[proposer] = true;
        for (std::size_t j = 0; j < p.agents; ++j) {
            const double u = utility(s, p, j, offer);
            history.standing[j][proposer] = u;
            // The proposer answers its own offer too: it falls short of its threshold only when no package can reach
            // it (e.g. once discounting has pushed its walk-away value out of reach).
            const bool yes = accepts(u, threshold[j]);
            if (trace) trace->push_back({t + 1, proposer, offer, j, u, aspiration[j], threshold[j], yes});
            if (must_accept[j] && !yes && (blocker < 0 || threshold[j] - u > widest)) {
                blocker = static_cast<int>(j);
                widest = threshold[j] - u;
            }
            if (j == proposer) continue;
            history.previous_other[j] = history.latest_other[j];
            history.latest_other[j] = u;
            ++history.others_seen[j];
            history.fresh[j] = true;
        }
        outcome.rounds = t + 1;
        outcome.proposer = proposer;
        outcome.blocker = blocker;
        if (blocker < 0) return ratify(s, p, offer, t, outcome);
        if (t + 1 < rounds && s.protocol.breakdown > 0.0 && collapse.uniform() < s.protocol.breakdown) {
            outcome.end = End::breakdown;
            break;
        }
    }
    for (std::size_t j = 0; j < p.agents; ++j) outcome.utility[j] = p.reservation[j];
    return outcome;
}

}  // namespace negsim
