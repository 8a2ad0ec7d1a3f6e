// Column generation over packages (Dantzig & Wolfe 1960): the master over the columns found so far, priced by the
// weighted-sum oracle until it is optimal or an Ending says it may stop (docs/design/optimiser.md, "Column
// generation"). Internal to the optimise layer: package_optimizer.cpp solves its programs with it.
#pragma once

#include "model/negotiation.hpp"
#include "model/tolerance.hpp"
#include "optimise/master_problem.hpp"
#include "optimise/package_optimizer.hpp"
#include "optimise/solve_status.hpp"

#include <limits>

namespace negsim::master {

// One column generation's answer: its status, the master's value and mix (the heaviest column for discrete issues),
// the duals, and the bound the pricing proved.
struct Run {
    SolveStatus status = SolveStatus::numerical_failure;
    double value = 0.0;
    Package mix{};
    Package heaviest{};
    Coefficients lambda{};
    // An upper bound on the optimum over the box's packages: the smallest Lagrangian value the pricing saw (weak
    // duality holds for any multipliers, so a stalled search has one too); +infinity if it never priced.
    double bound = std::numeric_limits<double>::infinity();
    // maximin: the multipliers that gave `bound`, scaled so that sum_i lambda_i scale_i = 1.
    Coefficients bound_lambda{};
    // Whether `value` is the optimum over the box's mixes, proven by the pricing: false when the search ended at an
    // Ending's threshold or gap instead (its status is then optimal as a decision, and `bound` bounds the optimum).
    bool converged = false;
    // The master's weight on each column of the store (the columns the caller passed in, as the search left them).
    std::array<double, kMaxColumns> weight{};
};

// When a column generation may end before its master is proven optimal. The defaults end it only at optimality.
struct Ending {
    // maximin: once the pricing weights prove z* below this (the Lagrangian bound, max_x sum_i lambda_i (u_i(x) -
    // floor_i) / sum_i lambda_i scale_i, is an upper bound on z* for any lambda >= 0), the search ends infeasible: no
    // package reaches that value. It ends where the full search would end, once that search would have reached an
    // optimal value below the bound, without its remaining columns.
    double give_up_below = -std::numeric_limits<double>::infinity();
    // Once the master's value reaches this, the search ends: a feasibility check needs to know only that a mix of
    // packages reaches it.
    double enough = std::numeric_limits<double>::infinity();
    // Once the smallest Lagrangian bound seen is within this much of the master's value (relative to 1 + |value|),
    // the search ends: a relaxation that serves as a bound and a start needs no more (tolerance::kRelaxationGap).
    double relative_gap = 0.0;
};

// The ending of a relaxation past the enumeration, which serves as a bound and a start (over_discrete_options):
// within tolerance::kRelaxationGap. Exact boxes keep the default ending.
constexpr Ending kRelaxed{.relative_gap = tolerance::kRelaxationGap};

// The master over `columns` and the columns its duals price, until the master is optimal or `ending` says so.
[[nodiscard]] Run column_generation(Mode mode, const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, Columns& columns,
                                    const Ending& ending = {});

}  // namespace negsim::master
