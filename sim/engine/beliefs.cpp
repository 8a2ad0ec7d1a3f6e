// Beliefs under private information (beliefs.hpp; docs/protocols.md, "Private information").
#include "engine/beliefs.hpp"

#include "engine/strategy.hpp"
#include "model/tolerance.hpp"
#include "random/distributions.hpp"

#include <algorithm>
#include <cmath>

namespace negsim {

namespace {

// What j's strategy demands in round `round` if its reservation value is r (ThresholdModel).
double modelled_aspiration(const ThresholdModel& m, double r, int round) {
    if (const auto* s = std::get_if<TimeDependentStrategy>(&m.strategy))
        return time_dependent_aspiration(s->exponent, m.best, r, relative_time(TimeConvention::negsim, round, m.rounds));
    if (std::holds_alternative<HardlinerStrategy>(m.strategy)) return m.best;
    if (std::holds_alternative<RubinsteinStrategy>(m.strategy)) return m.best * rubinstein_share(m.discount, m.other_discount);
    return r;
}

}  // namespace

double ThresholdModel::threshold(double r) const {
    double theta = modelled_aspiration(*this, r, round);
    if (next > round) theta = std::min(theta, discount_factor(discount, next - round) * modelled_aspiration(*this, r, next));
    return std::max(theta, walk_away(r, discount, round, ceiling));
}

double ThresholdModel::largest_accepting(double v) const {
    if (!acceptable(v, threshold(0.0))) return -1.0;
    if (acceptable(v, threshold(1.0))) return 1.0;
    // threshold() is non-decreasing in r: bisect to the last r it accepts (to a double's resolution of [0, 1]).
    double yes = 0.0, no = 1.0;
    for (int iteration = 0; iteration < 64 && no - yes > tolerance::kBeliefBisection; ++iteration) {
        const double mid = 0.5 * (yes + no);
        (acceptable(v, threshold(mid)) ? yes : no) = mid;
    }
    return yes;
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
