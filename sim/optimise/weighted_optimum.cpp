// The weighted-sum package oracle (weighted_optimum.hpp).
#include "optimise/weighted_optimum.hpp"

#include "model/tolerance.hpp"

#include "optimise/multiplier.hpp"
#include "model/utility.hpp"

#include <algorithm>
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
void option_sums(const Negotiation& n, const Coefficients& coefficient, const IssueBounds& bounds, std::array<double, kMaxIssues * kMaxOptions>& f) {
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

Package weighted_optimum(const Negotiation& n, const Coefficients& c, const IssueBounds& bounds) {
    const Scenario& s = n.scenario;
    Package x{};
    std::array<double, kMaxIssues * kMaxOptions> sums;  // written before read, up to the table's slots
    option_sums(n, c, bounds, sums);
    for (std::size_t k = 0; k < n.parameters.issues; ++k)
        x[k] = s.issues[k].discrete ? discrete_optimum(n, k, sums.data(), bounds.lo[k], bounds.hi[k])
                                    : continuous_optimum(n, k, c, bounds.lo[k], bounds.hi[k], 0.0);
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
    return x;
}

}  // namespace negsim
