// ZOPA margin of one sample (zone.hpp).
#include "cooperative/zone.hpp"

#include "model/utility.hpp"
#include "model/voting.hpp"
#include "optimise/package_optimizer.hpp"
#include "optimise/weighted_optimum.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace negsim {

namespace {

constexpr double kNone = -std::numeric_limits<double>::infinity();

// The largest smallest surplus over the agents in `in`, over every region clipped to `restriction` (value kNone if
// the restriction leaves no package); `at` receives the package that reaches it. Each maximin has an answer (optimal,
// or stalled: a lower bound, counted); a result without one would be a bug, and is reported as one.
ZoneMargin margin_over(const Negotiation& n, const AgentMask& in, const IssueBounds& restriction, Package* at = nullptr,
                       const Package* seed = nullptr) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    Coefficients member{};
    for (std::size_t i = 0; i < p.agents; ++i) member[i] = in[i] ? 1.0 : 0.0;
    const UtilityProgram program = surplus_program(p.agents, p.reservation, member);
    const bool anyone = program.anyone(p.agents);
    ZoneMargin margin{kNone, 0};
    for (const IssueBounds& region : s.regions) {
        IssueBounds box = region;
        bool empty = false;
        for (std::size_t k = 0; k < s.issue_count(); ++k) {
            box.lo[k] = std::max(box.lo[k], restriction.lo[k]);
            box.hi[k] = std::min(box.hi[k], restriction.hi[k]);
            empty = empty || box.lo[k] > box.hi[k];
        }
        if (empty) continue;
        if (!anyone) {  // nobody to measure: every package counts, at margin 0
            margin.value = std::max(margin.value, 0.0);
            continue;
        }
        const ProgramResult r = maximin(n, program, box, seed);
        if (!r.has_value()) throw std::logic_error(std::string("zone margin: the maximin gave no answer (") + to_string(r.status()) + ")");
        if (!r.optimal()) ++margin.unproven;
        if (r->value > margin.value) {
            margin.value = r->value;
            if (at) *at = r->x;
        }
    }
    return margin;
}

void keep_best(ZoneMargin& best, const ZoneMargin& candidate) {
    best.value = std::max(best.value, candidate.value);
    best.unproven += candidate.unproven;
}

}  // namespace

ZoneMargin zone_margin(const Scenario& s, const Parameters& p, const Package* witness) {
    const Negotiation n(s, p);
    ZoneMargin margin = zone_margin(n, full_bounds(s), witness);
    if (witness && !s.protocol.decision.winning_complete) margin.value = std::max(margin.value, vote_margin_at(n, *witness));
    return margin;
}

double vote_margin_at(const Negotiation& n, const Package& x) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    const DecisionRule& rule = s.protocol.decision;
    AgentMask in = rule.required;
    double margin = std::numeric_limits<double>::infinity();
    std::array<double, kMaxAgents> surplus{};
    for (std::size_t i = 0; i < p.agents; ++i) {
        surplus[i] = utility(s, p, i, x) - p.reservation[i];
        if (in[i]) margin = std::min(margin, surplus[i]);
    }
    while (!passes(rule.votes, in, p.agents)) {  // the most satisfied voter not yet in, until the rule holds
        std::size_t next = p.agents;
        for (std::size_t i = 0; i < p.agents; ++i)
            if (!in[i] && rule.voters[i] && (next == p.agents || surplus[i] > surplus[next])) next = i;
        if (next == p.agents) return kNone;
        in[next] = true;
        margin = std::min(margin, surplus[next]);
    }
    return margin;
}

ZoneMargin zone_margin(const Negotiation& n, const IssueBounds& restriction, const Package* seed) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    const DecisionRule& rule = s.protocol.decision;
    const AgentMask& required = rule.required;
    if (rule.votes.empty()) return margin_over(n, required, restriction, nullptr, seed);

    // A vote: the best of the winning coalitions, each searched exactly (a subset's margin is at least its superset's,
    // so the minimal ones suffice).
    ZoneMargin best{kNone, 0};
    for (const AgentMask& bought : rule.winning) {
        AgentMask in = required;
        for (std::size_t i = 0; i < p.agents; ++i) in[i] = in[i] || bought[i];
        keep_best(best, margin_over(n, in, restriction));
    }
    if (rule.winning_complete) return best;
    // Too many coalitions to list them all: besides those listed, start from every voter and let go, one at a time, of
    // the voter least satisfied at the current best package while the rule still holds. Every margin found is a
    // winning coalition's, so a zone it reports exists; one it misses may not (a lower bound, docs/scenario-format.md,
    // "Decision rule").
    AgentMask in = required;
    for (std::size_t i = 0; i < p.agents; ++i) in[i] = in[i] || rule.voters[i];
    for (;;) {
        Package x{};
        const ZoneMargin margin = margin_over(n, in, restriction, &x);
        keep_best(best, margin);
        if (margin.value == kNone) return best;
        best.value = std::max(best.value, vote_margin_at(n, x));  // the best coalition at this package, maybe another
        std::size_t worst = p.agents;
        double lowest = 0.0;
        for (std::size_t i = 0; i < p.agents; ++i) {
            if (!in[i] || required[i]) continue;
            AgentMask without = in;
            without[i] = false;
            if (!passes(rule.votes, without, p.agents)) continue;
            const double surplus = utility(s, p, i, x) - p.reservation[i];
            if (worst == p.agents || surplus < lowest) {
                worst = i;
                lowest = surplus;
            }
        }
        if (worst == p.agents) return best;
        in[worst] = false;
    }
}

}  // namespace negsim
