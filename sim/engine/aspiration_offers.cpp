// The aspiration offer rules over a proposer's boxes sorted by utility (aspiration_offers.hpp).
#include "engine/aspiration_offers.hpp"

#include "model/tolerance.hpp"
#include "model/utility.hpp"
#include "optimise/package_optimizer.hpp"

#include <algorithm>

namespace negsim {

// One box: `top` and `bottom` are the proposer's best and worst packages in it: every continuous issue at the
// proposer's ideal clipped to the box, and at the box end farther from the ideal (a value function falls with the
// distance from the ideal, and an affine one is highest at the ideal's end, so it falls too). Its link terms are
// constant on the box.
struct AspirationOffers::Box {
    Package top{};
    Package bottom{};
};

namespace {

// The package a share `lambda` of the way from `top` to `bottom` (continuous issues; discrete ones fixed).
Package along(const Scenario& s, const Package& top, const Package& bottom, double lambda) {
    Package x = top;
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        if (!s.issues[k].discrete) x[k] = top[k] + lambda * (bottom[k] - top[k]);
    return x;
}

}  // namespace

// Box `fixed` (discrete issues fixed) with the proposer's best and worst packages in it.
AspirationOffers::Box AspirationOffers::box_of(const IssueBounds& fixed) const {
    const Scenario& s = n_->scenario;
    Box b;
    for (std::size_t k = 0; k < s.issue_count(); ++k) {
        if (s.issues[k].discrete) {
            b.top[k] = b.bottom[k] = fixed.lo[k];
            continue;
        }
        const double ideal = n_->parameters.ideal[proposer_][k];
        b.top[k] = std::clamp(ideal, fixed.lo[k], fixed.hi[k]);
        b.bottom[k] = ideal - fixed.lo[k] >= fixed.hi[k] - ideal ? fixed.lo[k] : fixed.hi[k];
    }
    return b;
}

AspirationOffers::AspirationOffers(const Negotiation& n, std::size_t i) : n_(&n), proposer_(i), all_discrete_(true) {
    const Scenario& s = n.scenario;
    for (const Issue& issue : s.issues) all_discrete_ = all_discrete_ && issue.discrete;
    double count = 0.0;
    for (const IssueBounds& region : s.regions) count += discrete_combinations(s, region);
    sorted_.reserve(static_cast<std::size_t>(count));  // one allocation per party and negotiation, amortised over the boxes' utilities
    std::uint32_t index = 0;
    for (const IssueBounds& region : s.regions)
        (void)for_each_discrete_choice(
            s, region,
            [&](const IssueBounds& fixed) {
                if (all_discrete_) {  // the box is the one package of its options (fixed.lo), and no Box is built
                    const double u = utility(s, n.parameters, i, fixed.lo);
                    sorted_.push_back({u, u, index++});
                    return;
                }
                const Box b = box_of(fixed);
                sorted_.push_back({utility(s, n.parameters, i, b.top), utility(s, n.parameters, i, b.bottom), index++});
            },
            kMaxEnumeratedCombinations);
    // Stable by utility alone: the entries were listed in index order, so ties stay in it.
    std::stable_sort(sorted_.begin(), sorted_.end(), [](const Entry& a, const Entry& b) { return a.u_top < b.u_top; });
}

// Box `index` in enumeration order: its region, then its combination in the optimiser's mixed radix (the first discrete
// issue fastest), as for_each_discrete_choice visits them.
AspirationOffers::Box AspirationOffers::box(std::uint32_t index) const {
    const Scenario& s = n_->scenario;
    std::uint64_t left = index;
    for (const IssueBounds& region : s.regions) {
        const auto combinations = static_cast<std::uint64_t>(discrete_combinations(s, region));
        if (left >= combinations) {
            left -= combinations;
            continue;
        }
        IssueBounds fixed = region;
        for (std::size_t k = 0; k < s.issue_count(); ++k) {
            if (!s.issues[k].discrete) continue;
            const auto options = static_cast<std::uint64_t>(region.hi[k] - region.lo[k]) + 1;
            fixed.lo[k] = fixed.hi[k] = region.lo[k] + static_cast<double>(left % options);
            left /= options;
        }
        return box_of(fixed);
    }
    return box_of(s.regions.front());  // not reached: every index was listed from the regions
}

// The first entry whose best package meets the target (acceptable() is monotone in the utility).
std::size_t AspirationOffers::first_reaching(double target) const {
    return static_cast<std::size_t>(std::partition_point(sorted_.begin(), sorted_.end(), [&](const Entry& e) { return !acceptable(e.u_top, target); }) -
                                    sorted_.begin());
}

// The first box, in enumeration order, of the highest best utility.
Package AspirationOffers::best_package() const {
    const double highest = sorted_.back().u_top;
    const auto first = std::partition_point(sorted_.begin(), sorted_.end(), [&](const Entry& e) { return e.u_top < highest; });
    return box(first->index).top;
}

// The largest share lambda in [0, 1] of the way from the box's top to its bottom at which the proposer's utility is
// still at least `target` (the utility is continuous and non-increasing along the way): 1 when the bottom meets it,
// else found by bisection to a double's resolution. 0 when even the top falls short (by no more than acceptable()
// allows: the caller has checked it).
double AspirationOffers::last_share_above(const Box& b, const Entry& e, double target) const {
    if (e.u_bottom >= target) return 1.0;
    if (e.u_top < target) return 0.0;
    const Scenario& s = n_->scenario;
    double above = 0.0, below = 1.0;
    for (int iteration = 0; iteration < 64; ++iteration) {
        const double mid = 0.5 * (above + below);
        if (mid <= above || mid >= below) break;
        (utility(s, n_->parameters, proposer_, along(s, b.top, b.bottom, mid)) >= target ? above : below) = mid;
    }
    return above;
}

Package AspirationOffers::worst_above(double target) const {
    const std::size_t from = first_reaching(target);
    if (from == sorted_.size()) return best_package();
    // The worth of a reaching box: the target if its worst package falls short of it (it straddles), else that worst.
    const auto worth = [&](const Entry& e) { return e.u_bottom < target ? target : e.u_bottom; };
    std::size_t chosen = from;
    if (all_discrete_) {
        // Each box one package: worth rises with u_top, so the least worth is the target (the reaching boxes below or
        // at it, a band within acceptable()'s tolerance) or else the next utility up; the first in enumeration order.
        for (std::size_t e = from; e < sorted_.size() && sorted_[e].u_top <= target; ++e)
            if (sorted_[e].index < sorted_[chosen].index) chosen = e;
    } else {
        for (std::size_t e = from + 1; e < sorted_.size(); ++e) {
            const double w = worth(sorted_[e]), best = worth(sorted_[chosen]);
            if (w < best || (w == best && sorted_[e].index < sorted_[chosen].index)) chosen = e;
        }
    }
    const Entry& e = sorted_[chosen];
    const Box b = box(e.index);
    if (!(e.u_bottom < target)) return b.bottom;
    return along(n_->scenario, b.top, b.bottom, last_share_above(b, e, target));
}

Package AspirationOffers::drawn_above(double target, RandomStream& draws) const {
    const std::size_t from = first_reaching(target);
    const std::uint64_t reaching = sorted_.size() - from;
    const double u_box = draws.uniform();
    const double u_share = draws.uniform();
    if (reaching == 0) return best_package();
    const auto pick = std::min(static_cast<std::uint64_t>(u_box * static_cast<double>(reaching)), reaching - 1);
    const Entry& e = sorted_[from + pick];
    const Box b = box(e.index);
    return along(n_->scenario, b.top, b.bottom, u_share * last_share_above(b, e, target));
}

}  // namespace negsim
