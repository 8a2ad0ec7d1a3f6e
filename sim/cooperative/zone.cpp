// ZOPA margin of one sample (zone.hpp).
#include "cooperative/zone.hpp"

#include "model/bounds.hpp"
#include "model/tolerance.hpp"
#include "model/utility.hpp"
#include "model/voting.hpp"
#include "optimise/discrete_search.hpp"
#include "optimise/package_optimizer.hpp"
#include "optimise/weighted_optimum.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>
#include <string>

namespace negsim {

namespace {

constexpr double kNone = -std::numeric_limits<double>::infinity();
constexpr double kAll = std::numeric_limits<double>::infinity();

// The smallest surplus u_i(x) - r_i over the agents in `in` (+infinity if none).
double smallest_surplus(const Negotiation& n, const AgentMask& in, const Package& x) {
    double margin = kAll;
    for (std::size_t i = 0; i < n.parameters.agents; ++i)
        if (in[i]) margin = std::min(margin, utility(n, i, x) - n.parameters.reservation[i]);
    return margin;
}

// The program whose maximin is the margin over the agents in `in`.
UtilityProgram margin_program(const Parameters& p, const AgentMask& in) {
    Coefficients member{};
    for (std::size_t i = 0; i < p.agents; ++i) member[i] = in[i] ? 1.0 : 0.0;
    return surplus_program(p.agents, p.reservation, member);
}

// The largest smallest surplus over the agents in `in`, over every region clipped to `restriction` (value kNone if
// the restriction leaves no package); `at` receives the package that reaches it. Each maximin has an answer (optimal,
// or stalled: a lower bound, counted); a result without one would be a bug, and is reported as one.
ZoneMargin margin_over(const Negotiation& n, const AgentMask& in, const IssueBounds& restriction, Package* at = nullptr,
                       const Package* seed = nullptr) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    const UtilityProgram program = margin_program(p, in);
    const bool anyone = program.anyone(p.agents);
    ZoneMargin margin{kNone, 0};
    for (const IssueBounds& region : s.regions) {
        IssueBounds box;
        if (!intersect(s, region, restriction, box)) continue;
        if (!anyone) {  // nobody to measure: every package counts, at margin 0
            margin.value = std::max(margin.value, 0.0);
            continue;
        }
        const ProgramResult r = maximin(n, program, box, seed);
        if (!r.has_value()) throw std::logic_error(std::string("zone margin: the maximin gave no answer (") + to_string(r.status()) + ")");
        if (!r.optimal()) margin.unproven.add(r->gap);
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

// The required agents and the voters in order of `score` (highest first) until the rule holds; returns the smallest
// score taken (+infinity when the required agents alone meet the rule), or kNone when every voter falls short.
double coalition_by(const Negotiation& n, const std::array<double, kMaxAgents>& score, AgentMask& in) {
    const Parameters& p = n.parameters;
    const DecisionRule& rule = n.scenario.protocol.decision;
    in = rule.zone_parties();
    double smallest = kAll;
    while (!passes(rule.votes, in, p.agents)) {
        std::size_t next = p.agents;
        for (std::size_t i = 0; i < p.agents; ++i)
            if (!in[i] && rule.voters[i] && (next == p.agents || score[i] > score[next])) next = i;
        if (next == p.agents) return kNone;
        in[next] = true;
        smallest = std::min(smallest, score[next]);
    }
    return smallest;
}

// The winning coalition with the largest smallest surplus at package x, and that surplus: the voters enter in order of
// their surplus (exact: a voter left out for a less satisfied one could only lower the smallest surplus). kNone if even
// every voter falls short. `coalition` (if given) receives it.
double best_coalition_at(const Negotiation& n, const Package& x, AgentMask* coalition) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    double margin = kAll;
    const AgentMask parties = s.protocol.decision.zone_parties();
    std::array<double, kMaxAgents> surplus{};
    for (std::size_t i = 0; i < p.agents; ++i) {
        surplus[i] = utility(n, i, x) - p.reservation[i];
        if (parties[i]) margin = std::min(margin, surplus[i]);
    }
    AgentMask in{};
    margin = std::min(margin, coalition_by(n, surplus, in));
    if (coalition) *coalition = in;
    return margin;
}

// Each voter's own best margin with the required agents, m_i = max_x min(u_i(x) - r_i, the required agents'
// surpluses): one maximin over the required agents and that voter. +infinity where the maximin stalled (its value is
// below its optimum, so it bounds nothing); kNone for agents who are not voters or are required.
std::array<double, kMaxAgents> own_margins(const Negotiation& n, const IssueBounds& restriction) {
    const Parameters& p = n.parameters;
    const DecisionRule& rule = n.scenario.protocol.decision;
    std::array<double, kMaxAgents> own{};
    own.fill(kNone);
    for (std::size_t i = 0; i < p.agents; ++i) {
        if (!rule.voters[i] || rule.required[i]) continue;
        AgentMask in = rule.zone_parties();
        in[i] = true;
        const ZoneMargin m = margin_over(n, in, restriction);
        own[i] = m.unproven.answers > 0 ? kAll : m.value;
    }
    return own;
}

// Local search over coalitions from package x (a winning coalition's maximin answer): move to the best coalition at
// x and solve its maximin, until the coalition repeats or the margin reaches `enough`. Each move can only raise the
// margin: x is feasible for the next coalition at its smallest surplus.
void improve(const Negotiation& n, const IssueBounds& restriction, AgentMask in, Package x, double enough, ZoneMargin& best) {
    for (int move = 0; move < tolerance::kCoalitionMoves; ++move) {
        AgentMask coalition{};
        const double at = best_coalition_at(n, x, &coalition);
        best.value = std::max(best.value, at);
        if (at == kNone || best.value >= enough || coalition == in) return;  // kNone: no coalition (the loader rules it out)
        in = coalition;
        Package next{};
        keep_best(best, margin_over(n, in, restriction, &next, &x));
        x = next;
    }
}

// The vote's margin when its minimal coalitions are too many to list (docs/design/vote-zone.md). A lower bound by local
// search from the maximin of every voter together (a winning coalition); a question about existence stops once it
// has found a zone (`enough`). Then an upper bound: every package's winning coalition holds voters who each reach its
// margin, so the margin is at most the largest t such that the voters with m_i >= t (own_margins), with the required
// agents, meet the rule: when that bound is below zero there is no zone. Otherwise the coalition of the voters with
// the largest m_i is searched too (the cheapest voters to satisfy: exact for dividing a budget), and the sample is
// undecided if no zone was found.
ZoneMargin search_coalitions(const Negotiation& n, const IssueBounds& restriction, const Package* seed, double enough) {
    const Parameters& p = n.parameters;
    const DecisionRule& rule = n.scenario.protocol.decision;
    AgentMask in = rule.zone_parties();
    for (std::size_t i = 0; i < p.agents; ++i) in[i] = in[i] || rule.voters[i];
    Package x{};
    ZoneMargin best = margin_over(n, in, restriction, &x, seed);
    if (best.value == kNone) return best;  // the restriction leaves no package
    if (seed && contains(n.scenario, restriction, *seed)) best.value = std::max(best.value, best_coalition_at(n, *seed, nullptr));
    improve(n, restriction, in, x, enough, best);
    if (best.value >= enough) return best;

    const std::array<double, kMaxAgents> own = own_margins(n, restriction);
    AgentMask cheapest{};
    if (!zone_exists(coalition_by(n, own, cheapest))) return best;  // proven: no zone
    Package y{};
    keep_best(best, margin_over(n, cheapest, restriction, &y, &x));
    improve(n, restriction, cheapest, y, enough, best);
    best.undecided = !zone_exists(best.value);
    return best;
}

}  // namespace

ZoneQuestions::ZoneQuestions(const Negotiation& negotiation) : negotiation_(&negotiation) {
    const DecisionRule& rule = negotiation.scenario.protocol.decision;
    const Parameters& p = negotiation.parameters;
    if (!rule.votes.empty()) return;
    parties_ = rule.zone_parties();
    program_ = margin_program(p, parties_);
    if (!program_.anyone(p.agents)) return;
    for (const IssueBounds& region : negotiation.scenario.regions) {
        const ProgramResult r = maximin(negotiation, program_, region);
        if (!r.has_value()) continue;
        // Scaled to sum to 1 (the master's duals do up to rounding): any such weights bound the smallest surplus.
        RegionAnswer a{region, r->x, r->lambda};
        double total = 0.0;
        for (std::size_t i = 0; i < p.agents; ++i) total += a.lambda[i];
        if (total <= 0.0) continue;
        for (std::size_t i = 0; i < p.agents; ++i) a.lambda[i] /= total;
        answers_.push_back(a);
    }
    shortcut_ = answers_.size() == negotiation.scenario.regions.size();
}

ZoneReply ZoneQuestions::ask(const IssueBounds& restriction) const {
    const Negotiation& n = *negotiation_;
    const Parameters& p = n.parameters;
    if (shortcut_) {
        bool refuted = true;
        for (const RegionAnswer& a : answers_) {
            IssueBounds box;
            if (!intersect(n.scenario, a.box, restriction, box)) continue;
            Package x = a.x;
            for (std::size_t k = 0; k < n.scenario.issue_count(); ++k) x[k] = std::clamp(x[k], box.lo[k], box.hi[k]);
            // Clipping can push a budget's issues over its maximum, and the search may end outside the box's aggregate
            // ranges: such a package is no witness.
            const auto witness = [&](const Package& y) {
                return keeps_budgets(n.scenario, y) && within_limits(n.scenario, box, y) && zone_exists(smallest_surplus(n, parties_, y));
            };
            // The answer moved into the restriction is often in the zone already; otherwise the search improves it.
            if (witness(x)) return ZoneReply{ZoneAnswer::exists, ZoneReply::By::witness, x};
            x = improve_discrete(master::Mode::maximin, n, program_, box, x);
            if (witness(x)) return ZoneReply{ZoneAnswer::exists, ZoneReply::By::witness, x};
            // The weights sum to 1 over the parties, so their Lagrangian bounds the smallest surplus.
            const Package top = weighted_optimum(n, a.lambda, box);
            double bound = 0.0;
            for (std::size_t i = 0; i < p.agents; ++i)
                if (parties_[i] && a.lambda[i] > 0.0) bound += a.lambda[i] * (utility(n, i, top, &box) - p.reservation[i]);
            refuted = refuted && bound + tolerance::kProofSlack < -tolerance::kAccept;
        }
        if (refuted) return ZoneReply{ZoneAnswer::none, ZoneReply::By::proof, {}};
    }
    const ZoneMargin margin = zone_margin(n, restriction, nullptr, 0.0);
    const ZoneAnswer answer = zone_exists(margin.value) ? ZoneAnswer::exists : margin.undecided ? ZoneAnswer::undecided : ZoneAnswer::none;
    return ZoneReply{answer, ZoneReply::By::search, {}};
}

ZoneMargin zone_margin(const Scenario& s, const Parameters& p, const Package* witness) {
    const Negotiation n(s, p);
    return zone_margin(n, full_bounds(s), witness);
}

double vote_margin_at(const Negotiation& n, const Package& x) { return best_coalition_at(n, x, nullptr); }

ZoneMargin zone_margin(const Negotiation& n, const IssueBounds& restriction, const Package* seed, double enough) {
    const DecisionRule& rule = n.scenario.protocol.decision;
    if (rule.votes.empty()) return margin_over(n, rule.zone_parties(), restriction, nullptr, seed);
    if (!rule.winning_complete) return search_coalitions(n, restriction, seed, enough);
    // A vote: the best of the winning coalitions, each searched exactly (a subset's margin is at least its superset's,
    // so the minimal ones suffice).
    ZoneMargin best{kNone, 0};
    for (const AgentMask& bought : rule.winning) {
        AgentMask in = rule.zone_parties();
        for (std::size_t i = 0; i < n.parameters.agents; ++i) in[i] = in[i] || bought[i];
        keep_best(best, margin_over(n, in, restriction));
    }
    return best;
}

}  // namespace negsim
