// Stacked alternating offers (docs/protocols.md, "stacked-alternating"): the SAOP of Aydogan, Festen, Hindriks &
// Jonker (2017), as GENIUS (StackedAlternatingOffersProtocol) and NegMAS (SAOMechanism) run it.
//
// Rules. Rounds (steps) t = 0 .. T-1; in every round each party takes one turn, in `order`. At the start of a round
// every agent sets its aspiration from its strategy, reading the round's relative time in the protocol's convention
// (strategy.hpp, relative_time). The first turn of the first round can only offer. At every other turn the party
// accepts the standing offer if it is worth at least its threshold; otherwise it replaces it with its own offer (a
// rejection is a counter-offer). The deal is the standing offer once every other party has accepted it in sequence
// after it was made (its proposer's offer counts as its acceptance); it then goes to ratification. After a round
// without a deal (not the last) talks collapse with probability `breakdown`; after round T-1 they fail. A deal in round
// t is worth discount_i^t u_i(x); no deal, the reservation value.
//
// Thresholds: "negsim" acceptance, the aspiration never below walking away (r / discount^t); "aspiration", the
// aspiration alone (AC_const at the current aspiration, as the platforms' time-based agents accept). Offers: "negsim",
// the offer of offer.hpp against the other parties' current thresholds; "aspiration-worst", the package worst for the
// proposer among those worth at least its aspiration; "aspiration-random", one drawn among them.
#include "engine/protocol.hpp"

#include "engine/aspiration_offers.hpp"
#include "engine/offer.hpp"
#include "engine/strategy.hpp"
#include "optimise/package_optimizer.hpp"
#include "model/utility.hpp"
#include "random/random_stream.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

namespace negsim {

Outcome negotiate(const Negotiation& n, const StackedAlternating& rules, std::vector<TraceRow>* trace) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    const int rounds = s.protocol.rounds;
    const std::size_t parties = rules.order.size();
    AgentMask party{};
    for (std::size_t i : rules.order) party[i] = true;
    std::array<double, kMaxAgents> ceiling{};  // walk_away's stand-in for r / 0
    for (std::size_t j = 0; j < p.agents; ++j) ceiling[j] = utility_ceiling(s.agents[j]);
    RandomStream collapse(p.seed, p.sample, purpose(Purpose::breakdown));
    RandomStream draws(p.seed, p.sample, purpose(Purpose::stacked_offer));
    // The aspiration offer rules' sorted boxes, one list per party, made at its first offer.
    std::array<std::optional<AspirationOffers>, kMaxAgents> boxes;
    const auto boxes_of = [&](std::size_t i) -> const AspirationOffers& {
        if (!boxes[i]) boxes[i].emplace(n, i);
        return *boxes[i];
    };

    Outcome outcome;
    History history;
    std::array<double, kMaxAgents> aspiration{};
    std::array<double, kMaxAgents> threshold{};
    bool standing_exists = false;
    Package standing{};
    std::size_t standing_by = 0;
    std::size_t accepted = 0;  // parties that have accepted the standing offer since it was made
    int blocker = -1;
    const auto row = [&](int t, std::size_t proposer, const Package& x, std::size_t agent, double u, bool yes) {
        if (trace) trace->push_back(trace_row(t, proposer, x, agent, u, aspiration[agent], threshold[agent], yes));
    };

    for (int t = 0; t < rounds; ++t) {
        // Every party may offer in every round: strategies see each agent as a proposer.
        const StrategyContext context{t, rounds, 0, true, &p, &history, &party, &party, &s.protocol.decision, rules.time};
        for (std::size_t j = 0; j < p.agents; ++j) {
            StrategyContext own = context;
            own.agent = j;
            aspiration[j] = negsim::aspiration(p.strategy[j], own);
            threshold[j] = rules.acceptance == StackedAlternating::Acceptance::aspiration
                               ? aspiration[j]
                               : std::max(aspiration[j], walk_away(p.reservation[j], p.discount[j], t, ceiling[j]));
        }
        for (std::size_t j = 0; j < p.agents; ++j) {
            history.aspiration[j] = aspiration[j];
            history.fresh[j] = false;
        }
        const bool collapses = t + 1 < rounds && s.protocol.breakdown > 0.0 && collapse.uniform() < s.protocol.breakdown;
        outcome.rounds = t + 1;
        int rejections = 0;
        for (std::size_t turn = 0; turn < parties; ++turn) {
            const std::size_t i = rules.order[turn];
            if (standing_exists) {
                const double u = utility(n, i, standing);
                // A contributor the rule does not require lets pass an offer that gives it no line (it need not sign).
                const bool yes = accepts(u, threshold[i]) || (s.protocol.decision.bound_by_line[i] && !gives(s, i, standing));
                row(t, standing_by, standing, i, u, yes);
                if (yes) {
                    if (++accepted + 1 == parties) {
                        outcome.proposer = standing_by;
                        return ratify(n, standing, t, outcome);
                    }
                    continue;
                }
                blocker = static_cast<int>(i);
                ++rejections;
            }
            // Party i replaces the standing offer with its own.
            Package x{};
            switch (rules.offer) {
                case StackedAlternating::Offer::negsim: x = make_offer(n, i, threshold, party, outcome.unproven); break;
                case StackedAlternating::Offer::aspiration_worst: x = boxes_of(i).worst_above(aspiration[i]); break;
                case StackedAlternating::Offer::aspiration_random: x = boxes_of(i).drawn_above(aspiration[i], draws); break;
            }
            standing_exists = true;
            standing = x;
            standing_by = i;
            accepted = 0;
            history.has_offer[i] = true;
            for (std::size_t j = 0; j < p.agents; ++j) {
                const double u = utility(n, j, x);
                history.standing[j][i] = u;
                if (j != i) history.saw_other_offer(j, u);
            }
            row(t, i, x, i, history.standing[i][i], true);  // the proposer accepts its own offer
        }
        outcome.proposer = standing_by;
        if (close_round(outcome, blocker, rejections, collapses)) break;
    }
    return without_deal(p, outcome);
}

}  // namespace negsim
