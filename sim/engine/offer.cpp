// Offer construction (offer.hpp): weighted-sum optima per issue, and the proposer's constrained offer.
#include "engine/offer.hpp"

#include "optimise/multiplier.hpp"
#include "optimise/package_optimizer.hpp"
#include "engine/strategy.hpp"
#include "model/utility.hpp"

#include <algorithm>
#include <cmath>

namespace negsim {

namespace {

// The continuous issues moved a share theta of the way from `from` to `to`; discrete issues as in `to`.
Package blend(const Scenario& s, const Package& from, const Package& to, double theta) {
    Package x = to;
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        if (!s.issues[k].discrete) x[k] = from[k] + theta * (to[k] - from[k]);
    return x;
}

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
Package concede(const Scenario& s, const Parameters& p, const IdealOrder& order, std::size_t proposer, double target,
                std::array<double, kMaxAgents> coefficient, const IssueBounds& bounds) {
    // The proposer's own multiplier mu starts just above 0 so that ties among the others' optima go its way and every
    // agent has a positive weight (which makes the optimum Pareto-efficient).
    constexpr double kMinMu = 1e-9;
    coefficient[proposer] = kMinMu;
    Package low = weighted_optimum(s, p, order, coefficient, bounds);
    if (utility(s, p, proposer, low) >= target) return low;

    // The multiplier search (optimise/multiplier.hpp), bisecting until the bracket holds a single move of a single
    // continuous issue: between two optima that differ in one continuous issue only, the constrained optimum lies
    // on the segment joining them.
    constexpr BisectionLimits kLimits{60, 1e-10};
    const MultiplierBracket<Package> bracket = bracket_multiplier(
        kMinMu, low,
        [&](double mu) {
            coefficient[proposer] = mu;
            return weighted_optimum(s, p, order, coefficient, bounds);
        },
        [&](const Package& x) { return utility(s, p, proposer, x) >= target; },
        [&](const Package& a, const Package& b) { return one_continuous_step(s, a, b); }, kLimits);
    low = bracket.at_low;
    const Package& high = bracket.at_high;
    // At the critical multiplier both optima maximise the Lagrangian, and so does every mix of them: the mix on
    // which the constraint binds is the constrained optimum (for concave utilities; discrete issues keep `high`).
    if (utility(s, p, proposer, blend(s, low, high, 0.0)) >= target) return blend(s, low, high, 0.0);
    double theta_low = 0.0;
    double theta_high = 1.0;
    for (int iteration = 0; iteration < 64 && theta_high - theta_low > 1e-15; ++iteration) {
        const double theta = 0.5 * (theta_low + theta_high);
        (utility(s, p, proposer, blend(s, low, high, theta)) >= target ? theta_high : theta_low) = theta;
    }
    return blend(s, low, high, theta_high);
}

}  // namespace

namespace {

struct Candidate {
    Package x{};
    bool acceptable = false;  // meets every threshold in the program
};

// The offer within one region of the package space (docs/protocols.md, "Offers").
Candidate offer_within(const Scenario& s, const Parameters& p, const IdealOrder& order, std::size_t proposer,
                       const UtilityProgram& program, const IssueBounds& bounds, std::uint32_t& unproven) {
    // The proposer's own concession: the best for the others among the packages worth its aspiration to it.
    const Package conceded = concede(s, p, order, proposer, program.floor[proposer], program.objective, bounds);
    bool accepted = true;
    double floors = 0.0;
    Coefficients together{};
    for (std::size_t j = 0; j < p.agents; ++j) {
        if (!program.bounded[j]) continue;
        accepted = accepted && accepts(utility(s, p, j, conceded), program.floor[j]);
        floors += program.floor[j];
        together[j] = 1.0;
    }
    // If every required agent accepts it, it is also the best offer they all accept (a tighter problem whose
    // optimum is feasible). If even the best package for their summed utility falls short of the summed
    // thresholds, none is accepted by all (a cheap certificate that spares the exact search).
    if (accepted) return {conceded, true};
    const Package best_together = weighted_optimum(s, p, order, together, bounds);
    double sum = 0.0;
    for (std::size_t j = 0; j < p.agents; ++j) sum += together[j] * utility(s, p, j, best_together);
    if (sum < floors - 1e-12) return {conceded, false};
    // Otherwise the exact search: the best package for the others among those meeting every threshold, if any.
    const ProgramResult acceptable = best_above_floors(s, p, order, program, bounds);
    switch (acceptable.status()) {
        case SolveStatus::optimal: return {acceptable->x, true};
        case SolveStatus::stalled: ++unproven; return {acceptable->x, true};  // meets every threshold, perhaps not the best
        case SolveStatus::infeasible: return {conceded, false};
        case SolveStatus::unbounded:          // (the floors problem is bounded: not reached)
        case SolveStatus::numerical_failure: break;
    }
    ++unproven;  // no answer: as if no package met every threshold
    return {conceded, false};
}

}  // namespace

Package make_offer(const Scenario& s, const Parameters& p, const IdealOrder& order, std::size_t proposer,
                   const std::array<double, kMaxAgents>& aspiration, const std::array<bool, kMaxAgents>& must_accept,
                   std::uint32_t& unproven) {
    constexpr double kFloor = 1e-3;     // every other agent keeps some weight, so offers stay Pareto-efficient
    constexpr double kOwnWeight = 1e-6;  // among equally good packages for the others, the proposer takes the best for itself
    UtilityProgram program;
    double max_power = 0.0;
    for (std::size_t j = 0; j < p.agents; ++j) max_power = std::max(max_power, p.power[j]);
    for (std::size_t j = 0; j < p.agents; ++j) {
        program.objective[j] = j == proposer ? kOwnWeight : max_power > 0.0 ? std::max(p.power[j] / max_power, kFloor) : 1.0;
        program.bounded[j] = j == proposer || must_accept[j];
        program.floor[j] = aspiration[j];
    }
    // Hard constraints make the package space a union of boxes (Scenario::regions); the offer is the best over them:
    // an acceptable one if any box has one, then the larger objective.
    Candidate best;
    double best_value = -1.0;
    for (const IssueBounds& region : s.regions) {
        const Candidate c = offer_within(s, p, order, proposer, program, region, unproven);
        double value = 0.0;
        for (std::size_t j = 0; j < p.agents; ++j) value += program.objective[j] * utility(s, p, j, c.x);
        if (best_value < 0.0 || (c.acceptable && !best.acceptable) || (c.acceptable == best.acceptable && value > best_value)) {
            best = c;
            best_value = value;
        }
    }
    return best.x;
}

}  // namespace negsim
