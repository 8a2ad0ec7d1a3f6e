// Offer construction (offer.hpp): weighted-sum optima per issue, and the proposer's constrained offer.
#include "engine/offer.hpp"

#include "optimise/discrete_search.hpp"
#include "optimise/multiplier.hpp"
#include "optimise/package_optimizer.hpp"
#include "engine/strategy.hpp"
#include "model/tolerance.hpp"
#include "model/utility.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace negsim {

namespace {

// Whether two packages differ in at most one issue, and that one continuous.
bool one_continuous_step(const Scenario& s, const Package& a, const Package& b) {
    int differences = 0;
    for (std::size_t k = 0; k < s.issue_count(); ++k) {
        if (a[k] == b[k]) continue;
        if (s.issues[k].discrete) return false;
        ++differences;
    }
    return differences <= 1;
}

// max sum_{j != proposer} c_j u_j(x) s.t. u_proposer(x) >= target, for fixed c (coefficient[proposer] is ignored).
Package concede(const Negotiation& n, std::size_t proposer, double target, Coefficients coefficient,
                const IssueBounds& bounds) {
    const Scenario& s = n.scenario;
    // The proposer's own multiplier mu starts just above 0 so that ties among the others' optima go its way and every
    // agent has a positive weight (which makes the optimum Pareto-efficient).
    constexpr double kMinMu = tolerance::kConcessionStartMultiplier;
    coefficient[proposer] = kMinMu;
    // The optima for every multiplier tried, formed from the others' sums once (weighted_optimum.hpp).
    const ParametricOptimum optimum(n, coefficient, proposer, bounds);
    Package low = optimum.at(kMinMu);
    if (utility(n, proposer, low) >= target) return low;

    // The multiplier search (optimise/multiplier.hpp), bisecting until the bracket holds a single move of a single
    // continuous issue: between two optima that differ in one continuous issue only, the constrained optimum lies
    // on the segment joining them.
    constexpr BisectionLimits kLimits{tolerance::kConcessionIterations, tolerance::kMultiplierBracket};
    const MultiplierBracket<Package> bracket = bracket_multiplier(
        kMinMu, low,
        [&](double mu) { return optimum.at(mu); },
        [&](const Package& x) { return utility(n, proposer, x) >= target; },
        [&](const Package& a, const Package& b) { return one_continuous_step(s, a, b); }, kLimits);
    low = bracket.at_low;
    const Package& high = bracket.at_high;
    // At the critical multiplier both optima maximise the Lagrangian, and so does every mix of them: the mix on
    // which the constraint binds is the constrained optimum (for concave utilities; discrete issues keep `high`).
    // The mixes are written into one package, which holds `high` wherever blend() takes it (discrete issues and
    // beyond the scenario's issues), instead of a fresh copy per bisection step.
    Package mix = high;
    const auto mixed = [&](double theta) -> const Package& {
        for (std::size_t k = 0; k < s.issue_count(); ++k)
            if (!s.issues[k].discrete) mix[k] = low[k] + theta * (high[k] - low[k]);
        return mix;
    };
    if (utility(n, proposer, mixed(0.0)) >= target) return blend(s, low, high, 0.0);
    double theta_low = 0.0;
    double theta_high = 1.0;
    for (int iteration = 0; iteration < tolerance::kMixIterations && theta_high - theta_low > tolerance::kMixBracket; ++iteration) {
        const double theta = 0.5 * (theta_low + theta_high);
        (utility(n, proposer, mixed(theta)) >= target ? theta_high : theta_low) = theta;
    }
    return blend(s, low, high, theta_high);
}

}  // namespace

namespace {

struct Candidate {
    Package x{};
    bool acceptable = false;  // every agent the program bounds accepts x (accepts(), strategy.hpp)
    double value = 0.0;       // the program's objective at x; link terms can make it negative
};

// Whether every agent the program bounds accepts x at its floor: the agents' own test, asked of every candidate.
bool accepted_by_all(const Negotiation& n, const UtilityProgram& program, const Package& x) {
    const Parameters& p = n.parameters;
    for (std::size_t j = 0; j < p.agents; ++j)
        if (program.bounded[j] && !accepts(utility(n, j, x), program.floor[j])) return false;
    return true;
}

Candidate candidate(const Negotiation& n, const UtilityProgram& program, const Package& x) {
    const Parameters& p = n.parameters;
    Candidate c{x, accepted_by_all(n, program, x), 0.0};
    for (std::size_t j = 0; j < p.agents; ++j) c.value += program.objective[j] * utility(n, j, x);
    return c;
}

// The proposer's concession within the region: the Lagrangian one, which sees the region's box only. When that
// leaves the region's aggregate ranges, the discrete search moves it back into them, or else improves the region's
// witness (`witness`, a package in the region; the search never leaves the ranges once within them); none if neither
// ends within them.
std::optional<Package> concession(const Negotiation& n, std::size_t proposer, const UtilityProgram& program, const IssueBounds& bounds,
                                  const Package* witness) {
    const Package x = concede(n, proposer, program.floor[proposer], program.objective, bounds);
    if (within_limits(n.scenario, bounds, x)) return x;
    UtilityProgram own = program;
    for (std::size_t j = 0; j < n.parameters.agents; ++j) own.bounded[j] = j == proposer;
    for (const Package* start : {&x, witness}) {
        if (!start) continue;
        const Package moved = improve_discrete(master::Mode::floors, n, own, bounds, *start);
        if (within_limits(n.scenario, bounds, moved)) return moved;
    }
    return std::nullopt;
}

// The offer within one region of the package space (docs/protocols.md, "Offers"); none when no package of the region
// was found.
std::optional<Candidate> offer_within(const Negotiation& n, std::size_t proposer, const UtilityProgram& program, const IssueBounds& bounds,
                                      Unproven& unproven, const Package* witness = nullptr) {
    const Parameters& p = n.parameters;
    // The proposer's own concession: the best for the others among the packages worth its aspiration to it.
    const std::optional<Package> own = concession(n, proposer, program, bounds, witness);
    if (!own) return std::nullopt;
    const Candidate conceded = candidate(n, program, *own);
    // If every required agent accepts it, it is also the best offer they all accept (a tighter problem whose
    // optimum is feasible).
    if (conceded.acceptable) return conceded;
    // If even the best package for their summed utility falls short of the summed thresholds, less the tolerance
    // each agent's acceptance allows, none is accepted by all (a cheap certificate that spares the exact search).
    double floors = 0.0;
    Coefficients together{};
    for (std::size_t j = 0; j < p.agents; ++j) {
        if (!program.bounded[j]) continue;
        floors += program.floor[j] - tolerance::kAccept;
        together[j] = 1.0;
    }
    const Package best_together = weighted_optimum(n, together, bounds);
    double sum = 0.0;
    for (std::size_t j = 0; j < p.agents; ++j) sum += together[j] * utility(n, j, best_together, &bounds);  // the region's link terms: a bound
    if (sum < floors) return conceded;
    // Otherwise the exact search: the best package for the others among those meeting every threshold, if any. The
    // optimiser calls floors met up to its own feasibility slack; whether the package is acceptable is the agents'
    // answer, as for every other candidate.
    const ProgramResult found = best_above_floors(n, program, bounds);
    switch (found.status()) {
        case SolveStatus::optimal: break;
        case SolveStatus::stalled: unproven.add(found->gap); break;  // meets every floor, perhaps not the best such package
        case SolveStatus::infeasible: return conceded;
        case SolveStatus::unbounded:                   // (the floors problem is bounded: not reached)
        case SolveStatus::numerical_failure: unproven.add(std::numeric_limits<double>::infinity()); return conceded;  // no answer: as if none met every floor
    }
    const Candidate exact = candidate(n, program, found->x);
    return exact.acceptable ? exact : conceded;
}

// Whether candidate c is a better offer than the best so far: an acceptable one beats an unacceptable one, then the
// larger objective wins.
bool better(const Candidate& c, const std::optional<Candidate>& best) {
    if (!best) return true;
    if (c.acceptable != best->acceptable) return c.acceptable;
    return c.value > best->value;
}

// A contributor the rule does not require need not sign a package that gives it no line (docs/scenario-format.md,
// "Contributions"). When the best offer misses some thresholds, the contributors among those it leaves short are left
// out: their lines held at the minimum, their thresholds dropped, and the offer sought again over the rest (one step,
// not a search over every subset). That offer is made when every agent left in accepts it.
Candidate without_unwilling(const Negotiation& n, std::size_t proposer, const UtilityProgram& program, const Candidate& best, Unproven& unproven) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    UtilityProgram rest = program;
    std::uint64_t held = 0;  // the issues held at their minimum
    for (std::size_t j = 0; j < p.agents; ++j) {
        if (j == proposer || !program.bounded[j] || !s.protocol.decision.bound_by_line[j]) continue;
        if (accepts(utility(n, j, best.x), program.floor[j])) continue;
        rest.bounded[j] = false;
        held |= s.contributions.lines[j];
    }
    if (held == 0) return best;
    IssueBounds at_minimum = full_bounds(s);
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        if ((held >> k & 1U) != 0) at_minimum.hi[k] = s.issues[k].min;
    std::optional<Candidate> found;
    for (const IssueBounds& region : s.regions) {
        IssueBounds box;
        if (!intersect(s, region, at_minimum, box)) continue;
        const std::optional<Candidate> c = offer_within(n, proposer, rest, box, unproven);
        if (c && better(*c, found)) found = c;
    }
    return found && found->acceptable ? *found : best;
}

}  // namespace

Package make_offer(const Negotiation& n, std::size_t proposer, const std::array<double, kMaxAgents>& aspiration,
                   const std::array<bool, kMaxAgents>& must_accept, Unproven& unproven) {
    const Parameters& p = n.parameters;
    UtilityProgram program;
    double max_power = 0.0;
    for (std::size_t j = 0; j < p.agents; ++j) max_power = std::max(max_power, p.power[j]);
    // The offer's objective weights (docs/protocols.md, "Offers"): every other agent keeps at least
    // tolerance::kOtherWeightFloor of the largest power's weight, so offers stay Pareto-efficient; the proposer's own
    // small weight makes it take the best package for itself among those equally good for the others.
    for (std::size_t j = 0; j < p.agents; ++j) {
        program.objective[j] = j == proposer ? tolerance::kTieBreakWeight : max_power > 0.0 ? std::max(p.power[j] / max_power, tolerance::kOtherWeightFloor) : 1.0;
        program.bounded[j] = j == proposer || must_accept[j];
        program.floor[j] = aspiration[j];
    }
    // Hard constraints make the package space a union of boxes (Scenario::regions); the offer is the best over them.
    // "No candidate yet" is said explicitly: link terms can make every objective value negative.
    std::optional<Candidate> best;
    const Scenario& s = n.scenario;
    for (std::size_t r = 0; r < s.regions.size(); ++r) {
        const std::optional<Candidate> c = offer_within(n, proposer, program, s.regions[r], unproven, &s.region_witness[r]);
        if (c && better(*c, best)) best = c;
    }
    if (best && !best->acceptable) best = without_unwilling(n, proposer, program, *best, unproven);
    return best ? best->x : Package{};
}

}  // namespace negsim
