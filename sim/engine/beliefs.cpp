// Beliefs under private information (beliefs.hpp; docs/protocols.md, "Private information").
#include "engine/beliefs.hpp"

#include "engine/strategy.hpp"
#include "model/tolerance.hpp"
#include "random/distributions.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace negsim {

namespace {

// The share of the way from u* to r that a time-dependent j has conceded in `round`; it does not depend on r, so the
// bisection over r below computes it once (0 for the other strategies, which do not read it).
double share_at(const ThresholdModel& m, int round) {
    if (const auto* s = std::get_if<TimeDependentStrategy>(&m.strategy))
        return conceded_share(s->exponent, relative_time(TimeConvention::negsim, round, m.rounds));
    return 0.0;
}

// What j's strategy demands in a round whose share is `share` if its reservation value is r (ThresholdModel).
double modelled_aspiration(const ThresholdModel& m, double r, double share) {
    if (std::holds_alternative<TimeDependentStrategy>(m.strategy)) return conceded_aspiration(m.best, r, share);
    if (std::holds_alternative<HardlinerStrategy>(m.strategy)) return m.best;
    return r;
}

// ThresholdModel::threshold with the shares of this round (`now`) and of j's next turn (`later`, read only if there is one).
double threshold_given(const ThresholdModel& m, double r, double now, double later) {
    double theta = modelled_aspiration(m, r, now);
    if (m.next > m.round) theta = std::min(theta, discount_factor(m.discount, m.next - m.round) * modelled_aspiration(m, r, later));
    return std::max(theta, walk_away(r, m.discount, m.round, m.ceiling));
}

double later_share(const ThresholdModel& m) { return m.next > m.round ? share_at(m, m.next) : 0.0; }

// The steps of the grid largest_accepting searches: 2^L for the first L with 2^-L <= kBeliefBisection (2^40).
constexpr std::uint64_t bisection_steps() {
    std::uint64_t steps = 1;
    while (1.0 / static_cast<double>(steps) > tolerance::kBeliefBisection) steps *= 2;
    return steps;
}
constexpr std::uint64_t kBisectionSteps = bisection_steps();

}  // namespace

double ThresholdModel::threshold(double r) const { return threshold_given(*this, r, share_at(*this, round), later_share(*this)); }

double ThresholdModel::largest_accepting(double v) const {
    const double now = share_at(*this, round);
    const double later = later_share(*this);
    const auto threshold_at = [&](double r) { return threshold_given(*this, r, now, later); };
    const auto meets = [&](double theta) { return acceptable(v, theta); };
    double theta_lo = threshold_at(0.0), theta_hi = threshold_at(1.0);
    if (!meets(theta_lo)) return -1.0;
    if (meets(theta_hi)) return 1.0;
    // The answer is the largest r on the grid of steps 2^-L (the first L with 2^-L <= kBeliefBisection: L = 40) whose
    // threshold v meets: the point a bisection of [0, 1] to that width ends at, since the threshold is non-decreasing
    // in r in floating point too (sums and products of positive factors, min and max). The grid's bracket [lo, hi]
    // (lo meets, hi does not) is narrowed by interpolating the threshold between its ends, a piecewise-linear function
    // of r whose crossing a step or two of interpolation finds, and by halving whenever interpolation gains less than
    // half: so never more steps than about twice the bisection's, and the same answer.
    constexpr double step = 1.0 / static_cast<double>(kBisectionSteps);
    std::uint64_t lo = 0, hi = kBisectionSteps;
    bool halve = false;
    while (hi - lo > 1) {
        std::uint64_t k = lo + (hi - lo) / 2;
        if (!halve) {
            // Where the line through the bracket's ends reaches v + kAccept, rounded down to the grid, inside the bracket.
            const double share = (v + tolerance::kAccept - theta_lo) / (theta_hi - theta_lo);
            const auto offset = static_cast<std::uint64_t>(std::clamp(share, 0.0, 1.0) * static_cast<double>(hi - lo));
            k = std::clamp(lo + offset, lo + 1, hi - 1);
        }
        const std::uint64_t width = hi - lo;
        const double theta = threshold_at(static_cast<double>(k) * step);
        if (meets(theta)) {
            lo = k, theta_lo = theta;
        } else {
            hi = k, theta_hi = theta;
        }
        halve = !halve && 2 * (hi - lo) > width;
    }
    return static_cast<double>(lo) * step;
}

std::pair<double, double> support(const Distribution& prior, double nominal) {
    switch (prior.kind) {
        case Distribution::Kind::fixed: return {nominal, nominal};
        case Distribution::Kind::uniform: return {prior.a, prior.b};
        case Distribution::Kind::triangular: return {prior.a, prior.c};
        case Distribution::Kind::normal:
        case Distribution::Kind::beta: break;
    }
    return {prior.lo, prior.hi};
}

const Distribution& prior_of(const Scenario& s, std::size_t i, std::size_t j) {
    for (const Misperception& m : s.information.misperceptions)
        if (m.holder == i && m.about == j) return m.reservation;
    return s.monte_carlo.agents[j].reservation;
}

Belief prior_belief(const Distribution& prior, double nominal) {
    const auto [lo, hi] = support(prior, nominal);
    return {lo, hi, false};
}

double mass_below(const Belief& b, const Distribution& prior, double c) {
    if (c < b.lo || (b.open && c <= b.lo)) return 0.0;
    if (c >= b.hi) return 1.0;
    const double f_lo = cdf(prior, b.lo), f_hi = cdf(prior, b.hi);
    // An interval the prior gives no mass (only after answers that contradicted it): taken as uniform on itself.
    if (f_hi - f_lo <= 0.0) return (c - b.lo) / (b.hi - b.lo);
    return std::clamp((cdf(prior, c) - f_lo) / (f_hi - f_lo), 0.0, 1.0);
}

double belief_quantile(const Belief& b, const Distribution& prior, double alpha) {
    if (b.hi <= b.lo) return b.open ? std::min(b.lo + tolerance::kBeliefStep, 1.0) : b.lo;
    const double f_lo = cdf(prior, b.lo), f_hi = cdf(prior, b.hi);
    if (f_hi - f_lo <= 0.0) return b.lo + alpha * (b.hi - b.lo);
    if (alpha >= 1.0) return b.hi;
    return std::clamp(quantile(prior, f_lo + alpha * (f_hi - f_lo)), b.lo, b.hi);
}

Belief updated(Belief b, const Distribution& prior, double nominal, double c, bool accepted) {
    if (accepted) {
        if (c < 0.0) return b;  // the model says no r accepts: it cannot place r, and the belief stays
        if (c < b.lo || (b.open && c <= b.lo)) return {c, c, false};  // contradicted: r_j <= c is all that is known
        b.hi = std::min(b.hi, c);
        return b;
    }
    if (c < 0.0 || c < b.lo || (b.open && c <= b.lo)) return b;  // nothing new: every r the belief holds rejects
    b.lo = c;
    b.open = true;
    if (b.hi <= b.lo) b.hi = std::max(support(prior, nominal).second, b.lo);  // contradicted: r_j > c, within the support
    return b;
}

}  // namespace negsim
