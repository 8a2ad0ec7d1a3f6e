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

#include "engine/offer.hpp"
#include "engine/strategy.hpp"
#include "optimise/package_optimizer.hpp"
#include "model/utility.hpp"
#include "random/random_stream.hpp"

#include <algorithm>
#include <cstdint>

namespace negsim {

namespace {

// One box of the package space for the aspiration offer rules: a region with every discrete issue fixed to an option.
// `top` and `bottom` are the proposer's best and worst packages in it: every continuous issue at the proposer's ideal
// clipped to the box, and at the box end farther from the ideal (a value function falls with the distance from the
// ideal, and an affine one is highest at the ideal's end, so it falls too). Its link terms are constant on the box.
struct Box {
    Package top{};
    Package bottom{};
    double u_top = 0.0;
    double u_bottom = 0.0;
};

// Calls visit(box) for every region and every combination of the discrete issues' options in it (at most
// kMaxEnumeratedCombinations per region: the loader checks it), in region order and the optimiser's option order.
template <class Visit>
void for_each_box(const Negotiation& n, std::size_t i, Visit visit) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    for (const IssueBounds& region : s.regions) {
        const auto visit_box = [&](const IssueBounds& fixed) {
            Box box;
            for (std::size_t k = 0; k < s.issue_count(); ++k) {
                if (s.issues[k].discrete) {
                    box.top[k] = box.bottom[k] = fixed.lo[k];
                    continue;
                }
                const double ideal = p.ideal[i][k];
                box.top[k] = std::clamp(ideal, fixed.lo[k], fixed.hi[k]);
                box.bottom[k] = ideal - fixed.lo[k] >= fixed.hi[k] - ideal ? fixed.lo[k] : fixed.hi[k];
            }
            box.u_top = utility(s, p, i, box.top);
            box.u_bottom = utility(s, p, i, box.bottom);
            visit(static_cast<const Box&>(box));
        };
        (void)for_each_discrete_choice(s, region, visit_box, kMaxEnumeratedCombinations);
    }
}

// The package a share `lambda` of the way from the box's top to its bottom (continuous issues; discrete ones fixed).
Package along(const Scenario& s, const Box& box, double lambda) {
    Package x = box.top;
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        if (!s.issues[k].discrete) x[k] = box.top[k] + lambda * (box.bottom[k] - box.top[k]);
    return x;
}

// The largest share lambda in [0, 1] of the way from the box's top to its bottom at which the proposer's utility is
// still at least `target` (the utility is continuous and non-increasing along the way): 1 when the bottom meets it,
// else found by bisection to a double's resolution. 0 when even the top falls short (by no more than acceptable()
// allows: the caller has checked it).
double last_share_above(const Negotiation& n, std::size_t i, const Box& box, double target) {
    if (box.u_bottom >= target) return 1.0;
    if (box.u_top < target) return 0.0;
    double above = 0.0, below = 1.0;
    for (int iteration = 0; iteration < 64; ++iteration) {
        const double mid = 0.5 * (above + below);
        if (mid <= above || mid >= below) break;
        (utility(n.scenario, n.parameters, i, along(n.scenario, box, mid)) >= target ? above : below) = mid;
    }
    return above;
}

// "aspiration-worst": the package worst for proposer i among those worth at least `target` to it. Within a box whose
// bottom falls short, that worth is exactly the target, and the package offered is the one on the straight way from
// the proposer's best package of the box to its worst: it concedes the same share of the way on every continuous
// issue, which, like the platforms' agents, looks at nothing but its own utility. Of the boxes, the one whose offer is
// worth least wins, ties to the first; a box straddling the target is worth exactly the target. When no package reaches
// the target (constraints can exclude the ideal), the proposer's best package.
Package worst_above(const Negotiation& n, std::size_t i, double target) {
    bool any = false, found = false, straddles = false;
    double value = 0.0;
    Box chosen, best;
    for_each_box(n, i, [&](const Box& box) {
        if (!any || box.u_top > best.u_top) best = box;
        any = true;
        if (!acceptable(box.u_top, target)) return;
        const bool straddling = box.u_bottom < target;
        const double worth = straddling ? target : box.u_bottom;
        if (!found || worth < value) {
            found = true;
            value = worth;
            chosen = box;
            straddles = straddling;
        }
    });
    if (!found) return best.top;
    return straddles ? along(n.scenario, chosen, last_share_above(n, i, chosen, target)) : chosen.bottom;
}

// "aspiration-random": a box drawn uniformly among those with a package worth at least `target` to proposer i, then a
// share drawn uniformly in [0, lambda*] of the way from its top to its bottom, lambda* the last share still worth the
// target; for discrete issues alone, a package drawn uniformly among those worth at least the target. Two draws per
// offer from the sample's stacked_offer stream. No box reaches the target: the proposer's best package, as above.
Package drawn_above(const Negotiation& n, std::size_t i, double target, RandomStream& draws) {
    std::uint64_t reaching = 0;
    Box best;
    bool any = false;
    for_each_box(n, i, [&](const Box& box) {
        if (!any || box.u_top > best.u_top) best = box;
        any = true;
        if (acceptable(box.u_top, target)) ++reaching;
    });
    const double u_box = draws.uniform();
    const double u_share = draws.uniform();
    if (reaching == 0) return best.top;
    const auto pick = std::min(static_cast<std::uint64_t>(u_box * static_cast<double>(reaching)), reaching - 1);
    std::uint64_t seen = 0;
    Box chosen;
    for_each_box(n, i, [&](const Box& box) {
        if (!acceptable(box.u_top, target)) return;
        if (seen++ == pick) chosen = box;
    });
    return along(n.scenario, chosen, u_share * last_share_above(n, i, chosen, target));
}

}  // namespace

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
                const double u = utility(s, p, i, standing);
                const bool yes = accepts(u, threshold[i]);
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
                case StackedAlternating::Offer::aspiration_worst: x = worst_above(n, i, aspiration[i]); break;
                case StackedAlternating::Offer::aspiration_random: x = drawn_above(n, i, aspiration[i], draws); break;
            }
            standing_exists = true;
            standing = x;
            standing_by = i;
            accepted = 0;
            history.has_offer[i] = true;
            for (std::size_t j = 0; j < p.agents; ++j) {
                const double u = utility(s, p, j, x);
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
