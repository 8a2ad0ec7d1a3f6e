// The weighted-sum package oracle (weighted_optimum.hpp).
#include "optimise/weighted_optimum.hpp"

#include "model/simd.hpp"
#include "model/tolerance.hpp"

#include "optimise/multiplier.hpp"
#include "model/utility.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace negsim {

namespace {

// The maximiser of f(x) = sum_j a_j v_j(x) over [min, max] for a continuous issue. f is concave: each linear agent
// adds a kink at its ideal, each quadratic agent a parabola, each affine agent a constant slope. Walking the sorted ideals, the right derivative on an
// open segment is D(x) = A - B x; the maximisers are where D changes sign. Returns the middle of the flat top.
double continuous_optimum(const Negotiation& n, std::size_t k, const Coefficients& coefficient, double lo, double hi, double price) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    const std::array<std::uint8_t, kMaxAgents>& sorted = n.order.by_issue[k];
    const Issue& issue = s.issues[k];
    const double span = issue.span();
    double A = -price;  // a budget's price per unit of the issue
    double B = 0.0;
    for (std::size_t j = 0; j < p.agents; ++j) {
        const double a = coefficient[j] * p.weight[j][k];
        const ValueFunction& f = s.agents[j].values[k];
        if (f.shape == Shape::linear) {
            A += a / span;
        } else if (f.shape == Shape::affine) {
            A += a * f.slope;  // a constant slope: no kink, nothing changes at the agent's ideal
        } else {
            A += 2.0 * a * p.ideal[j][k] / (span * span);
            B += 2.0 * a / (span * span);
        }
    }
    double left = issue.max;
    double right = issue.max;
    bool have_left = false;
    double x = issue.min;
    for (std::size_t idx = 0; idx <= p.agents; ++idx) {
        const double end = idx < p.agents ? p.ideal[sorted[idx]][k] : issue.max;
        if (!have_left) {
            if (A - B * x <= 0.0) {
                left = x;
                have_left = true;
            } else if (A - B * end <= 0.0) {
                left = std::clamp(A / B, x, end);
                have_left = true;
            }
        }
        if (have_left) {
            if (A - B * x < 0.0) {
                right = x;
                break;
            }
            if (A - B * end < 0.0) {
                right = std::clamp(A / B, x, end);
                break;
            }
        }
        if (idx == p.agents) break;
        const std::size_t j = sorted[idx];
        if (s.agents[j].values[k].shape == Shape::linear) A -= 2.0 * coefficient[j] * p.weight[j][k] / span;
        x = end;
    }
    // The function is concave, so its maximum on [lo, hi] is the flat top clipped to the bounds.
    return 0.5 * (std::clamp(left, lo, hi) + std::clamp(right, lo, hi));
}

// f[slot] = sum_j c_j w_jk v_j(option) for every option of the discrete issues the box leaves open (one contiguous
// span of slots, from the first such option to the last), one agent's row at a time (the negotiation's OptionTable).
// Each sum runs over the agents in order with the same operations as per option, so the values, and the options
// chosen, are those of evaluating the value functions one by one. An issue the box fixes needs no sum.
NEGSIM_VECTOR_CLONES void option_sums(const Negotiation& n, const Coefficients& coefficient, const IssueBounds& bounds, std::array<double, kMaxIssues * kMaxOptions>& f) {
    const OptionTable& t = n.options;
    const Scenario& s = n.scenario;
    std::size_t first = t.slots, last = 0;
    for (std::size_t k = 0; k < n.parameters.issues; ++k) {
        if (!s.issues[k].discrete || bounds.lo[k] >= bounds.hi[k]) continue;
        first = std::min(first, t.offset[k] + static_cast<std::size_t>(bounds.lo[k]));
        last = std::max(last, t.offset[k] + static_cast<std::size_t>(bounds.hi[k]) + 1);
    }
    if (first >= last) return;
    std::fill(f.begin() + static_cast<std::ptrdiff_t>(first), f.begin() + static_cast<std::ptrdiff_t>(last), 0.0);
    for (std::size_t j = 0; j < n.parameters.agents; ++j) {
        const double c = coefficient[j];
        if (c == 0.0) continue;  // its terms are zeros, which leave every sum as it is (a pricing's duals are mostly 0)
        const double* w = t.weight(j);
        const double* v = t.value(j);
        for (std::size_t slot = first; slot < last; ++slot) f[slot] += c * w[slot] * v[slot];
    }
}

// The first option in [lo, hi] with the largest sum (the only one when the box fixes the issue).
double discrete_optimum(const Negotiation& n, std::size_t k, const double* f, double lo, double hi) {
    if (lo >= hi) return lo;
    const double* sums = f + n.options.offset[k];
    double best_value = -std::numeric_limits<double>::infinity();  // no option yet
    double best = lo;
    for (auto o = static_cast<std::size_t>(lo); o <= static_cast<std::size_t>(hi); ++o) {
        if (sums[o] > best_value) {
            best_value = sums[o];
            best = static_cast<double>(o);
        }
    }
    return best;
}

}  // namespace

IssueBounds full_bounds(const Scenario& s) {
    IssueBounds b;
    for (std::size_t k = 0; k < s.issue_count(); ++k) {
        b.lo[k] = s.issues[k].min;
        b.hi[k] = s.issues[k].max;
    }
    return b;
}

namespace {

// The continuous issues' optima, then every budget met by pricing (weighted_optimum.hpp), into x whose discrete issues
// are already chosen.
void continuous_and_budgets(const Negotiation& n, const Coefficients& c, const IssueBounds& bounds, Package& x) {
    const Scenario& s = n.scenario;
    for (std::size_t k = 0; k < n.parameters.issues; ++k)
        if (!s.issues[k].discrete) x[k] = continuous_optimum(n, k, c, bounds.lo[k], bounds.hi[k], 0.0);
    for (const Budget& budget : s.budgets) {
        const auto priced = [&](double price, Package& y) {
            double total = 0.0;
            for (std::size_t k : budget.issues) {
                y[k] = continuous_optimum(n, k, c, bounds.lo[k], bounds.hi[k], price);
                total += y[k];
            }
            return total;
        };
        double over = 0.0;
        for (std::size_t k : budget.issues) over += x[k];
        if (over <= budget.max) continue;
        // The price search (multiplier.hpp) from price 0, where the optima are over budget; the optima at the two
        // ends of the bracket are mixed so that the budget binds (the total is linear in the mix).
        struct Priced {
            Package y;
            double total;
        };
        constexpr BisectionLimits kLimits{tolerance::kBudgetPriceIterations, tolerance::kBudgetPriceBracket};
        const MultiplierBracket<Priced> bracket = bracket_multiplier(
            0.0, Priced{x, over},
            [&](double price) {
                Priced at{x, 0.0};
                at.total = priced(price, at.y);
                return at;
            },
            [&](const Priced& at) { return at.total <= budget.max; }, [](const Priced&, const Priced&) { return false; }, kLimits);
        const Priced& low = bracket.at_low;
        const Priced& high = bracket.at_high;
        const double theta = low.total > high.total ? (low.total - budget.max) / (low.total - high.total) : 1.0;
        for (std::size_t k : budget.issues) x[k] = low.y[k] + std::clamp(theta, 0.0, 1.0) * (high.y[k] - low.y[k]);
    }
}

}  // namespace

Package weighted_optimum(const Negotiation& n, const Coefficients& c, const IssueBounds& bounds) {
    const Scenario& s = n.scenario;
    Package x{};
    std::array<double, kMaxIssues * kMaxOptions> sums;  // written before read, up to the table's slots
    option_sums(n, c, bounds, sums);
    for (std::size_t k = 0; k < n.parameters.issues; ++k)
        if (s.issues[k].discrete) x[k] = discrete_optimum(n, k, sums.data(), bounds.lo[k], bounds.hi[k]);
    continuous_and_budgets(n, c, bounds, x);
    return x;
}

namespace {

// rest[slot] = sum_{j != agent} c_j w_j v_j and magnitude[slot] the same over |c_j w_j v_j|, in agent order.
NEGSIM_VECTOR_CLONES void sums_without(const Negotiation& n, const Coefficients& c, std::size_t agent, double* rest, double* magnitude) {
    const OptionTable& t = n.options;
    for (std::size_t slot = 0; slot < t.slots; ++slot) rest[slot] = magnitude[slot] = 0.0;
    for (std::size_t j = 0; j < n.parameters.agents; ++j) {
        if (j == agent) continue;
        const double cj = c[j];
        const double* __restrict w = t.weight(j);
        const double* __restrict v = t.value(j);
        for (std::size_t slot = 0; slot < t.slots; ++slot) {
            const double term = cj * w[slot] * v[slot];
            rest[slot] += term;
            magnitude[slot] += std::abs(term);
        }
    }
}

}  // namespace

ParametricOptimum::ParametricOptimum(const Negotiation& n, const Coefficients& c, std::size_t agent, const IssueBounds& bounds)
    : n_(n), c_(c), agent_(agent), bounds_(bounds) {
    sums_without(n, c, agent, rest_.data(), magnitude_.data());
    const double* w = n.options.weight(agent);
    const double* v = n.options.value(agent);
    for (std::size_t slot = 0; slot < n.options.slots; ++slot) own_[slot] = w[slot] * v[slot];
    // Each sum has n.parameters.agents + 1 terms; with the products' own roundings and the prediction's two more, a
    // sum and its prediction differ by at most (agents + 2) epsilons times the summed magnitudes (Higham 2002,
    // "Accuracy and stability of numerical algorithms", 2nd ed., ch. 4). The margin is twice (agents + 6).
    margin_ = 2.0 * (static_cast<double>(n.parameters.agents) + 6.0) * std::numeric_limits<double>::epsilon();
}

Package ParametricOptimum::at(double coefficient) const {
    const Scenario& s = n_.scenario;
    const OptionTable& t = n_.options;
    Coefficients c = c_;
    c[agent_] = coefficient;
    Package x{};
    for (std::size_t k = 0; k < n_.parameters.issues; ++k) {
        if (!s.issues[k].discrete) continue;
        const auto lo = static_cast<std::size_t>(bounds_.lo[k]), hi = static_cast<std::size_t>(bounds_.hi[k]);
        if (lo >= hi) {
            x[k] = bounds_.lo[k];
            continue;
        }
        // The predicted sums: the best option, the runner-up's sum and the largest magnitude among the options.
        const std::size_t first = t.offset[k];
        std::size_t best = lo;
        double top = -std::numeric_limits<double>::infinity(), second = top, largest = 0.0;
        for (std::size_t o = lo; o <= hi; ++o) {
            const double g = rest_[first + o] + coefficient * own_[first + o];
            largest = std::max(largest, magnitude_[first + o] + std::abs(coefficient * own_[first + o]));
            if (g > top) {
                second = top;
                top = g;
                best = o;
            } else {
                second = std::max(second, g);
            }
        }
        if (top - second > 2.0 * margin_ * largest) {
            x[k] = static_cast<double>(best);
            continue;
        }
        // Too close to call from the prediction: the issue's sums as weighted_optimum forms them, agent by agent.
        std::array<double, kMaxOptions> sums{};
        for (std::size_t j = 0; j < n_.parameters.agents; ++j) {
            const double* w = t.weight(j) + first;
            const double* v = t.value(j) + first;
            for (std::size_t o = lo; o <= hi; ++o) sums[o] += c[j] * w[o] * v[o];
        }
        double best_value = -std::numeric_limits<double>::infinity();
        for (std::size_t o = lo; o <= hi; ++o)
            if (sums[o] > best_value) best_value = sums[o], x[k] = static_cast<double>(o);
    }
    continuous_and_budgets(n_, c, bounds_, x);
    return x;
}

}  // namespace negsim
