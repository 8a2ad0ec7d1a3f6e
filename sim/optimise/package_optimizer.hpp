// Exact optimisation over packages when the objective and constraints are about the agents' utilities:
//   maximin:  maximise z  subject to  u_i(x) - floor_i >= scale_i * z  for every agent i in `bounded`
//   floors:   maximise sum_i objective_i * u_i(x)  subject to  u_i(x) >= floor_i  for every agent i in `bounded`
// Column generation (Dantzig & Wolfe 1960): the columns are weighted-sum optima (weighted_optimum.hpp, exact per
// issue); the master problem over mixes of columns is a small LP (simplex.hpp) whose duals price the next column.
// Because every value function is concave on a continuous issue, the mixed package is worth at least the mix of
// utilities, so the master optimum is attained by a real package: exact for continuous issues. Discrete issues cannot
// be mixed: every combination of their options is solved separately (up to tolerance::kMaxDiscreteCombinations; beyond
// that, exactly package by package when no continuous issue is free, else by a search whose gap to a bound is reported).
#pragma once

#include "model/negotiation.hpp"
#include "model/scenario.hpp"
#include "model/tolerance.hpp"
#include "optimise/solve_status.hpp"
#include "optimise/weighted_optimum.hpp"

#include <array>
#include <cstddef>
#include <limits>
#include <span>

namespace negsim {

struct UtilityProgram {
    std::array<bool, kMaxAgents> bounded{};   // the agents the constraints apply to
    std::array<double, kMaxAgents> floor{};   // floor_i
    std::array<double, kMaxAgents> scale{};   // scale_i > 0 (maximin only)
    Coefficients objective{};                 // objective_i >= 0 (floors only)

    [[nodiscard]] bool anyone(std::size_t agents) const {
        for (std::size_t i = 0; i < agents; ++i)
            if (bounded[i]) return true;
        return false;
    }
};

// The maximin of the smallest unscaled surplus over `floor` among the agents with a positive `weight`.
[[nodiscard]] inline UtilityProgram surplus_program(std::size_t agents, const Coefficients& floor, const Coefficients& weight) {
    UtilityProgram program;
    for (std::size_t i = 0; i < agents; ++i) {
        program.bounded[i] = weight[i] > 0.0;
        program.floor[i] = floor[i];
        program.scale[i] = 1.0;
    }
    return program;
}

// Column generation's store, full: keeps, in order, the first `count` columns that `weight` gives a positive weight
// (a master's basis or a mix's support), moving each column's package, utilities and weight together and zeroing the
// weights freed; returns how many are kept. Shared by the package optimiser and the Nash solution's master.
template <class Packages, class Utilities, class Weights>
[[nodiscard]] std::size_t keep_weighted_columns(std::size_t count, Packages& x, Utilities& u, Weights& weight) {
    std::size_t kept = 0;
    for (std::size_t j = 0; j < count; ++j) {
        if (weight[j] <= 0.0) continue;
        x[kept] = x[j];
        u[kept] = u[j];
        weight[kept] = weight[j];
        ++kept;
    }
    for (std::size_t j = kept; j < count; ++j) weight[j] = 0.0;
    return kept;
}

// The answer of an optimisation over packages: read it only when the result's status has an answer (solve_status.hpp).
struct ProgramSolution {
    double value = 0.0;     // maximin: z*; floors: the objective at the optimum
    Package x{};
    // maximin: the dual weight of each bounded agent's row at the optimum (lambda_i >= 0, sum_i lambda_i scale_i = 1),
    // so that max_x sum_i lambda_i (u_i(x) - floor_i) is the value: the weights that prove it (LP duality). Past the
    // enumerated combinations, the relaxation's weights, which bound the value plus the gap (weak duality).
    Coefficients lambda{};
    // How far the value may be below the optimum: 0 when it is proven; past the enumerated combinations of discrete
    // options, the gap to the value over mixes of packages (an upper bound); +infinity when no bound is known.
    double gap = 0.0;
};

// maximin: optimal, or stalled (the best package found: its value is a lower bound on z*), or unbounded when no
// agent is bounded, or numerical_failure. floors: optimal, stalled (a package meeting every floor, perhaps not the
// best), infeasible (no package meets every floor), or numerical_failure.
using ProgramResult = Solved<ProgramSolution>;

// Calls visit(box) for every combination of the discrete issues' options within `bounds` (each box fixes every
// discrete issue to one option; the first discrete issue's options vary fastest) that keeps the aggregate ranges of
// `bounds` (their aggregates add up discrete lines only, so each combination decides them), and returns how many
// combinations there are; does nothing and returns 0 if there are more than `limit` (the optimiser's
// kMaxDiscreteCombinations unless the caller enumerates more).
template <class Visit>
std::size_t for_each_discrete_choice(const Scenario& s, const IssueBounds& bounds, Visit visit, std::size_t limit = tolerance::kMaxDiscreteCombinations) {
    const double count = discrete_combinations(s, bounds);
    if (count > static_cast<double>(limit)) return 0;
    const auto combinations = static_cast<std::size_t>(count);
    IssueBounds fixed = bounds;
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        if (s.issues[k].discrete) fixed.hi[k] = fixed.lo[k];
    for (std::size_t n = 0; n < combinations; ++n) {
        if (within_limits(s, fixed, fixed.lo)) visit(static_cast<const IssueBounds&>(fixed));
        for (std::size_t k = 0; k < s.issue_count(); ++k) {  // next combination, mixed-radix over the discrete issues
            if (!s.issues[k].discrete) continue;
            if (fixed.lo[k] < bounds.hi[k]) {
                fixed.lo[k] = fixed.hi[k] = fixed.lo[k] + 1.0;
                break;
            }
            fixed.lo[k] = fixed.hi[k] = bounds.lo[k];
        }
    }
    return combinations;
}

// Whether some region of the scenario has more combinations of discrete options than are solved box by box while a
// continuous issue is free: only then is an answer searched, and can it carry a gap (ProgramSolution::gap).
[[nodiscard]] bool may_report_gaps(const Scenario& s);

// The weighted-sum optimum of the program's bounded agents together, the others at the tie-break weight: the package a
// search over their utilities starts from (and a seed for maximin below).
[[nodiscard]] Package joint_optimum(const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds);

// `seed`: a package expected to be close to the optimum. In the boxes it lies in, the column generation starts from it
// alone instead of from the weighted-sum optima of all bounded agents together and of each one (A + 1 oracle calls and
// columns); the optimum is the same, reached in fewer master pivots (docs/design/optimiser.md, "Starts").
[[nodiscard]] ProgramResult maximin(const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, const Package* seed = nullptr);

// The packages a box's last solve in a family ended with (the floors master's support, at most
// tolerance::kCarriedColumns of them): the next solve of the same box, at nearby floors, starts its column generation
// from them instead of from the joint optimum alone, so that it needs a pricing round or two rather than a search.
struct CarriedColumns {
    std::size_t count = 0;
    std::array<Package, tolerance::kCarriedColumns> x;  // only the first `count` are read
    Coefficients lambda;  // the floors master's multipliers at that solve (read when count > 0)
};

// What earlier solves proved about the boxes of one region (the combinations of discrete options that
// over_discrete_options solves one by one, in its order), for a family of floors problems whose floors only rise from
// solve to solve at or above the solves the bounds come from (the offers under beliefs, engine/belief_offer.cpp):
// higher floors leave fewer packages, so a box's optimum proven at lower floors bounds it from above, and a box proven
// infeasible stays infeasible. best_above_floors skips a box whose bound is below `skip_below` (the best value the
// caller already holds) or below the best of the boxes before it, by more than tolerance::kFamilyBoundMargin: such a
// box cannot change the answer. It writes back what it proves: a solved box's optimum, -infinity for an infeasible one;
// and, where `columns` has the box, the packages its solve ended with, from which the next solve of the box starts.
struct BoxBounds {
    std::span<double> bound;  // one per box, +infinity where nothing is known; boxes past its end are always solved
    double skip_below = -std::numeric_limits<double>::infinity();
    std::span<CarriedColumns> columns{};  // one per box, or empty (every solve starts afresh)
};

// With `known`, boxes that cannot change the answer are skipped (BoxBounds): the answer is the one the full solve
// gives, but its status reflects only the boxes solved.
[[nodiscard]] ProgramResult best_above_floors(const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, BoxBounds* known = nullptr);

}  // namespace negsim
