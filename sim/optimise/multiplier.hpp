// The one search for a Lagrange multiplier (Everett 1963, "Generalized Lagrange multiplier method for solving
// problems of optimum allocation of resources", Oper. Res. 11:399). A constraint g(x) is priced into the objective
// with a multiplier m >= 0; the optimum x(m) of the priced problem meets the constraint once m is large enough, and
// does so monotonically. At the critical multiplier m* the optimum jumps, and both optima on either side of the jump
// (and every mix of them) maximise the priced objective, so the constrained optimum is the mix of the two on which
// the constraint binds. Two callers, one idea: a proposer's concession (engine/offer.cpp: the multiplier on its own
// utility, feasible when u_p(x) >= its threshold) and a budget (weighted_optimum.cpp: a price per unit of the
// budget's issues, feasible when their sum fits). Each mixes the two optima in its own way.
#pragma once

#include "model/tolerance.hpp"

#include <cmath>

namespace negsim {

// The multiplier at which the search gives up (the optimum is then (nearly) the unconstrained best for the priced
// term, and the caller sees that at_high is still infeasible), the bracket's growth and its absolute floor: their
// reasons are in model/tolerance.hpp.
using tolerance::kMaxMultiplier;
using tolerance::kMultiplierFloor;
using tolerance::kMultiplierGrowth;

struct BisectionLimits {
    int iterations;         // bisection steps at most
    double relative_width;  // stop when high <= low (1 + relative_width)
};

template <class Point>
struct MultiplierBracket {
    double low;      // at_low = x(low) is infeasible
    double high;     // at_high = x(high) is feasible, unless the search stopped at kMaxMultiplier
    Point at_low;
    Point at_high;
};

// Starting from `low` with its (infeasible) optimum `at_low`, tries m = 1, 8, 64, ... (kMultiplierGrowth) until
// optimum(m) is feasible (or m passes kMaxMultiplier), then bisects the bracket geometrically (arithmetically while
// its low end is 0) until narrow(at_low, at_high) says the two optima are close enough, the bracket is
// `limits.relative_width` wide, or `limits.iterations` steps are spent.
template <class Point, class Optimum, class Feasible, class Narrow>
MultiplierBracket<Point> bracket_multiplier(double low, const Point& at_low, Optimum optimum, Feasible feasible, Narrow narrow,
                                            BisectionLimits limits) {
    MultiplierBracket<Point> b{low, 1.0, at_low, at_low};
    for (;;) {
        b.at_high = optimum(b.high);
        if (feasible(b.at_high) || b.high > kMaxMultiplier) break;
        b.low = b.high;
        b.at_low = b.at_high;
        b.high *= kMultiplierGrowth;
    }
    for (int iteration = 0; iteration < limits.iterations && b.high > b.low * (1.0 + limits.relative_width) + kMultiplierFloor &&
                            !narrow(b.at_low, b.at_high);
         ++iteration) {
        const double m = b.low == 0.0 ? 0.5 * b.high : std::sqrt(b.low * b.high);
        const Point x = optimum(m);
        if (feasible(x)) {
            b.high = m;
            b.at_high = x;
        } else {
            b.low = m;
            b.at_low = x;
        }
    }
    return b;
}

}  // namespace negsim
