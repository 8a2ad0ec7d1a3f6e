// The weighted-sum package oracle (weighted_optimum.hpp).
#include "weighted_optimum.hpp"

#include "utility.hpp"

#include <algorithm>

namespace negsim {

namespace {

// The maximiser of f(x) = sum_j a_j v_j(x) over [min, max] for a continuous issue. f is concave: each linear agent
// adds a kink at its ideal, each quadratic agent a parabola. Walking the sorted ideals, the right derivative on an
// open segment is D(x) = A - B x; the maximisers are where D changes sign. Returns the middle of the flat top.
double continuous_optimum(const Scenario& s, const Parameters& p, const std::array<std::uint8_t, kMaxAgents>& sorted,
                          std::size_t k, const Coefficients& coefficient, double lo, double hi) {
    const Issue& issue = s.issues[k];
    const double span = issue.span();
    double A = 0.0;
    double B = 0.0;
    for (std::size_t j = 0; j < p.agents; ++j) {
        const double a = coefficient[j] * p.weight[j][k];
        if (s.agents[j].values[k].shape == Shape::linear) {
            A += a / span;
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

double discrete_optimum(const Scenario& s, const Parameters& p, std::size_t k, const Coefficients& coefficient, double lo, double hi) {
    const Issue& issue = s.issues[k];
    const double span = issue.span();
    double best_value = -1.0;
    double best = lo;
    for (auto o = static_cast<std::size_t>(lo); o <= static_cast<std::size_t>(hi); ++o) {
        const double x = static_cast<double>(o);
        double f = 0.0;
        for (std::size_t j = 0; j < p.agents; ++j)
            f += coefficient[j] * p.weight[j][k] * issue_value(s.agents[j].values[k], x, p.ideal[j][k], span);
        if (f > best_value) {
            best_value = f;
            best = x;
        }
    }
    return best;
}

}  // namespace

IdealOrder order_ideals(const Parameters& p) {
    IdealOrder order;
    for (std::size_t k = 0; k < p.issues; ++k) {
        auto& sorted = order.by_issue[k];
        for (std::size_t j = 0; j < p.agents; ++j) sorted[j] = static_cast<std::uint8_t>(j);
        std::stable_sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(p.agents),
                         [&](std::uint8_t a, std::uint8_t b) { return p.ideal[a][k] < p.ideal[b][k]; });
    }
    return order;
}

IssueBounds full_bounds(const Scenario& s) {
    IssueBounds b;
    for (std::size_t k = 0; k < s.issue_count(); ++k) {
        b.lo[k] = s.issues[k].min;
        b.hi[k] = s.issues[k].max;
    }
    return b;
}

Package weighted_optimum(const Scenario& s, const Parameters& p, const IdealOrder& order, const Coefficients& c, const IssueBounds& bounds) {
    Package x{};
    for (std::size_t k = 0; k < p.issues; ++k)
        x[k] = s.issues[k].discrete ? discrete_optimum(s, p, k, c, bounds.lo[k], bounds.hi[k])
                                    : continuous_optimum(s, p, order.by_issue[k], k, c, bounds.lo[k], bounds.hi[k]);
    return x;
}

}  // namespace negsim
