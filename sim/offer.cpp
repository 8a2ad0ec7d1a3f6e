// Offer construction (offer.hpp): weighted-sum optima per issue, and the proposer's constrained offer.
#include "offer.hpp"

#include "strategy.hpp"
#include "utility.hpp"

#include <algorithm>
#include <cmath>

namespace negsim {

namespace {

// The maximiser of f(x) = sum_j a_j v_j(x) over [min, max] for a continuous issue. f is concave: each linear agent
// adds a kink at its ideal, each quadratic agent a parabola. Walking the sorted ideals, the right derivative on an
// open segment is D(x) = A - B x; the maximisers are where D changes sign. Returns the middle of the flat top.
double continuous_optimum(const Scenario& s, const Parameters& p, const std::array<std::uint8_t, kMaxAgents>& sorted,
                          std::size_t k, const std::array<double, kMaxAgents>& coefficient) {
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
    return 0.5 * (left + right);
}

double discrete_optimum(const Scenario& s, const Parameters& p, std::size_t k, const std::array<double, kMaxAgents>& coefficient) {
    const Issue& issue = s.issues[k];
    const double span = issue.span();
    double best_value = -1.0;
    double best = 0.0;
    for (std::size_t o = 0; o < issue.options.size(); ++o) {
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
                std::array<double, kMaxAgents> coefficient) {
    // The proposer's own multiplier mu starts just above 0 so that ties among the others' optima go its way and every
    // agent has a positive weight (which makes the optimum Pareto-efficient).
    constexpr double kMinMu = 1e-9;
    coefficient[proposer] = kMinMu;
    Package low = weighted_optimum(s, p, order, coefficient);
    if (utility(s, p, proposer, low) >= target) return low;

    double mu_low = kMinMu;
    double mu_high = 1.0;
    Package high;
    for (;;) {
        coefficient[proposer] = mu_high;
        high = weighted_optimum(s, p, order, coefficient);
        if (utility(s, p, proposer, high) >= target || mu_high > 1e15) break;
        mu_low = mu_high;
        low = high;
        mu_high *= 8.0;
    }
    // Bisect (geometrically) until the bracket holds a single move of a single continuous issue: between two optima
    // that differ in one continuous issue only, the constrained optimum lies on the segment joining them.
    for (int iteration = 0; iteration < 60 && mu_high > mu_low * (1.0 + 1e-10) && !one_continuous_step(s, low, high); ++iteration) {
        const double mu = std::sqrt(mu_low * mu_high);
        coefficient[proposer] = mu;
        const Package x = weighted_optimum(s, p, order, coefficient);
        if (utility(s, p, proposer, x) >= target) {
            mu_high = mu;
            high = x;
        } else {
            mu_low = mu;
            low = x;
        }
    }
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

Package weighted_optimum(const Scenario& s, const Parameters& p, const IdealOrder& order, const std::array<double, kMaxAgents>& coefficient) {
    Package x{};
    for (std::size_t k = 0; k < p.issues; ++k)
        x[k] = s.issues[k].discrete ? discrete_optimum(s, p, k, coefficient) : continuous_optimum(s, p, order.by_issue[k], k, coefficient);
    return x;
}

namespace {

// The smallest surplus over the utility an offer must reach: the proposer's aspiration for itself, and each
// required responder's aspiration. The offer is accepted and meets the proposer's target when it is >= 0.
double worst_surplus(const Scenario& s, const Parameters& p, const Package& x, std::size_t proposer,
                     const std::array<double, kMaxAgents>& aspiration, const std::array<bool, kMaxAgents>& must_accept) {
    double worst = utility(s, p, proposer, x) - aspiration[proposer];
    for (std::size_t j = 0; j < p.agents; ++j)
        if (j != proposer && must_accept[j]) worst = std::min(worst, utility(s, p, j, x) - aspiration[j]);
    return worst;
}

// Golden-section search over the mixes of two offers' continuous issues (discrete issues as in `to`) for the mix
// with the largest worst surplus: concave in the mix when every value function is concave.
Package best_mix(const Scenario& s, const Parameters& p, const Package& from, const Package& to, std::size_t proposer,
                 const std::array<double, kMaxAgents>& aspiration, const std::array<bool, kMaxAgents>& must_accept) {
    constexpr double kInvPhi = 0.6180339887498949;
    double lo = 0.0, hi = 1.0;
    double a = hi - kInvPhi * (hi - lo), b = lo + kInvPhi * (hi - lo);
    double fa = worst_surplus(s, p, blend(s, from, to, a), proposer, aspiration, must_accept);
    double fb = worst_surplus(s, p, blend(s, from, to, b), proposer, aspiration, must_accept);
    for (int iteration = 0; iteration < 40; ++iteration) {
        if (fa < fb) {
            lo = a;
            a = b;
            fa = fb;
            b = lo + kInvPhi * (hi - lo);
            fb = worst_surplus(s, p, blend(s, from, to, b), proposer, aspiration, must_accept);
        } else {
            hi = b;
            b = a;
            fb = fa;
            a = hi - kInvPhi * (hi - lo);
            fa = worst_surplus(s, p, blend(s, from, to, a), proposer, aspiration, must_accept);
        }
    }
    return blend(s, from, to, fa >= fb ? a : b);
}

}  // namespace

Package make_offer(const Scenario& s, const Parameters& p, const IdealOrder& order, std::size_t proposer,
                   const std::array<double, kMaxAgents>& aspiration, const std::array<bool, kMaxAgents>& must_accept) {
    constexpr int kAttempts = 5;
    constexpr double kFloor = 1e-3;  // every agent keeps some weight, so offers stay Pareto-efficient
    std::array<double, kMaxAgents> coefficient{};
    double max_power = 0.0;
    for (std::size_t j = 0; j < p.agents; ++j) max_power = std::max(max_power, p.power[j]);
    for (std::size_t j = 0; j < p.agents; ++j) coefficient[j] = max_power > 0.0 ? std::max(p.power[j] / max_power, kFloor) : 1.0;

    std::array<Package, kAttempts> attempts;
    int made = 0;
    std::size_t best = 0;
    int best_rejections = static_cast<int>(kMaxAgents) + 1;
    double best_worst = -2.0;
    for (; made < kAttempts; ++made) {
        const Package& x = attempts[static_cast<std::size_t>(made)] = concede(s, p, order, proposer, aspiration[proposer], coefficient);
        int rejections = 0;
        double worst = 1.0;
        for (std::size_t j = 0; j < p.agents; ++j) {
            if (j == proposer || !must_accept[j]) continue;
            const double u = utility(s, p, j, x);
            worst = std::min(worst, u - aspiration[j]);
            if (!accepts(u, aspiration[j])) {
                ++rejections;
                coefficient[j] *= 3.0;
            }
        }
        if (rejections < best_rejections || (rejections == best_rejections && worst > best_worst)) {
            best = static_cast<std::size_t>(made);
            best_rejections = rejections;
            best_worst = worst;
        }
        if (rejections == 0) return x;
    }
    // Reweighting can swing between offers that each satisfy a different responder (corner solutions of linear
    // utilities); a compromise between two successive attempts may satisfy both.
    for (std::size_t k = 0; k + 1 < attempts.size(); ++k) {
        for (const auto& [from, to] : {std::pair{k, k + 1}, std::pair{k + 1, k}}) {
            if (attempts[from] == attempts[to]) continue;
            const Package mix = best_mix(s, p, attempts[from], attempts[to], proposer, aspiration, must_accept);
            if (accepts(worst_surplus(s, p, mix, proposer, aspiration, must_accept) + 1.0, 1.0)) return mix;
        }
    }
    return attempts[best];
}

}  // namespace negsim
