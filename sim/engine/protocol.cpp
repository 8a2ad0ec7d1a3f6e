// Protocol dispatch.
#include "engine/protocol.hpp"

#include "random/random_stream.hpp"
#include "engine/strategy.hpp"
#include "model/utility.hpp"

#include <cmath>
#include <variant>

namespace negsim {

namespace {

// What every outcome records of its sample. Baron-Ferejohn continuation values that miss their equilibrium
// conditions by more than the tolerance (model/continuation.hpp) count as an unproven answer, so they show.
Outcome recorded(Outcome o, const Parameters& p) {
    o.shocks = p.shocks;
    o.reservation = p.reservation;
    if (p.continuation_residual > tolerance::kEquilibrium) ++o.unproven.answers;  // no package, so no gap
    return o;
}

}  // namespace

Outcome negotiate(const Scenario& scenario, const Parameters& parameters) {
    const Negotiation negotiation(scenario, parameters);
    return recorded(std::visit([&](const auto& rules) { return negotiate(negotiation, rules, nullptr); }, scenario.protocol.rules), parameters);
}

Outcome negotiate_traced(const Scenario& scenario, const Parameters& parameters, std::vector<TraceRow>& rows) {
    const Negotiation negotiation(scenario, parameters);
    return recorded(std::visit([&](const auto& rules) { return negotiate(negotiation, rules, &rows); }, scenario.protocol.rules), parameters);
}

bool close_round(Outcome& outcome, int blocker, int rejections, bool collapses) {
    outcome.blocker = blocker;
    outcome.rejections = rejections;
    if (collapses) outcome.end = End::breakdown;
    return collapses;
}

Outcome without_deal(const Parameters& p, Outcome outcome) {
    for (std::size_t j = 0; j < p.agents; ++j) outcome.utility[j] = p.reservation[j];
    return outcome;
}

Outcome ratify(const Negotiation& n, const Package& deal, int round, Outcome outcome) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    RandomStream draws(p.seed, p.sample, purpose(Purpose::ratification));
    for (std::size_t j = 0; j < p.agents; ++j) {
        // Only agents whose consent the decision rule requires ratify.
        if (p.ratification[j] >= 1.0 || !s.protocol.decision.requires_acceptance(s.agents[j].role)) continue;
        if (draws.uniform() >= p.ratification[j]) {
            outcome.end = End::not_ratified;
            outcome.agreed = false;
            outcome.blocker = static_cast<int>(j);
            outcome.rejections = 1;
            return without_deal(p, outcome);
        }
    }
    outcome.end = End::deal;
    outcome.agreed = true;
    outcome.blocker = -1;
    outcome.rejections = 0;
    outcome.package = deal;
    for (std::size_t j = 0; j < p.agents; ++j) outcome.utility[j] = discount_factor(p.discount[j], round) * utility(s, p, j, deal);
    return outcome;
}


}  // namespace negsim
