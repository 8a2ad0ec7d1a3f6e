// Splitting the package space into boxes by requirements and links (regions.hpp).
#include "input/regions.hpp"

#include <algorithm>
#include <cmath>

namespace negsim {

namespace {

// Narrows `box` on one issue to [lo, hi]; false if nothing is left.
bool narrow(IssueBounds& box, std::size_t issue, std::pair<double, double> range) {
    box.lo[issue] = std::max(box.lo[issue], range.first);
    box.hi[issue] = std::min(box.hi[issue], range.second);
    return box.lo[issue] <= box.hi[issue];
}

// The totals of an aggregate for which a condition holds (negated: fails), as a closed range within what its terms
// can add up to; strict bounds move to the next double.
std::pair<double, double> aggregate_range(const Condition& c, const Aggregate& a, bool negated) {
    const bool at_least = c.op == Condition::Op::at_least || c.op == Condition::Op::above;
    const bool strict = (c.op == Condition::Op::above || c.op == Condition::Op::below) != negated;
    if (at_least != negated) return {strict ? std::nextafter(c.value, a.hi + 1.0) : c.value, a.hi};
    return {a.lo, strict ? std::nextafter(c.value, a.lo - 1.0) : c.value};
}

// Narrows `box` to where condition c holds (negated: fails); false if nothing is left.
bool narrow(IssueBounds& box, const Condition& c, const std::vector<Issue>& issues, const std::vector<Aggregate>& aggregates, bool negated) {
    if (c.aggregate < 0) return narrow(box, c.issue, condition_range(c, issues[c.issue], negated));
    const auto a = static_cast<std::size_t>(c.aggregate);
    const auto [lo, hi] = aggregate_range(c, aggregates[a], negated);
    return limit_aggregate(box, a, lo, hi);
}

// Whether box a lies inside box b: within it on every issue, and within each of b's aggregate ranges.
bool inside(const IssueBounds& a, const IssueBounds& b, std::size_t issue_count) {
    for (std::size_t k = 0; k < issue_count; ++k)
        if (a.lo[k] < b.lo[k] || b.hi[k] < a.hi[k]) return false;
    for (std::size_t l = 0; l < b.limit_count; ++l) {
        bool kept = false;
        for (std::size_t m = 0; m < a.limit_count; ++m)
            kept = kept || (a.limits[m].aggregate == b.limits[l].aggregate && b.limits[l].lo <= a.limits[m].lo && a.limits[m].hi <= b.limits[l].hi);
        if (!kept) return false;
    }
    return true;
}

// The boxes not inside another box (links on the same conditions would otherwise multiply them); of equal boxes the
// first is kept.
std::vector<IssueBounds> drop_contained(const std::vector<IssueBounds>& boxes, std::size_t issue_count) {
    std::vector<IssueBounds> kept;
    for (std::size_t a = 0; a < boxes.size(); ++a) {
        bool contained = false;
        for (std::size_t b = 0; b < boxes.size() && !contained; ++b) {
            if (a == b || !inside(boxes[a], boxes[b], issue_count)) continue;
            contained = b < a || !inside(boxes[b], boxes[a], issue_count);
        }
        if (!contained) kept.push_back(boxes[a]);
    }
    return kept;
}

// How far package x is outside the aggregate ranges of `box`, in units of each aggregate's span, summed.
double outside(const std::vector<Issue>& issues, const std::vector<Aggregate>& aggregates, const IssueBounds& box, const Package& x) {
    double distance = 0.0;
    for (std::size_t l = 0; l < box.limit_count; ++l) {
        const Aggregate& a = aggregates[box.limits[l].aggregate];
        distance += range_distance(box.limits[l], a, aggregate_total(issues, a, x));
    }
    return distance;
}

// Whether no package of `box` can keep its aggregate ranges, by each aggregate's least and largest total over the box.
bool surely_empty(const std::vector<Aggregate>& aggregates, const IssueBounds& box) {
    for (std::size_t l = 0; l < box.limit_count; ++l) {
        double least = 0.0, most = 0.0;
        for (const AggregateTerm& term : aggregates[box.limits[l].aggregate].terms) {
            const auto k = term.issue;
            double lo = term.amount[static_cast<std::size_t>(box.lo[k])], hi = lo;
            for (auto o = static_cast<std::size_t>(box.lo[k]); o <= static_cast<std::size_t>(box.hi[k]); ++o)
                lo = std::min(lo, term.amount[o]), hi = std::max(hi, term.amount[o]);
            least += lo;
            most += hi;
        }
        if (most < box.limits[l].lo || least > box.limits[l].hi) return true;
    }
    return false;
}

// A package of `box`, into x: its lower corner, the discrete issues then moved one at a time to the option that
// brings the aggregates closest to the box's ranges, until within them (true) or until a pass moves nothing (false).
bool find_witness(const std::vector<Issue>& issues, const std::vector<Aggregate>& aggregates, const IssueBounds& box, Package& x) {
    x = box.lo;
    double distance = outside(issues, aggregates, box, x);
    for (bool moved = true; distance > 0.0 && moved;) {
        moved = false;
        for (std::size_t k = 0; k < issues.size() && distance > 0.0; ++k) {
            if (!issues[k].discrete) continue;
            const double from = x[k];
            double best = from;
            for (double o = box.lo[k]; o <= box.hi[k]; o += 1.0) {
                x[k] = o;
                const double d = outside(issues, aggregates, box, x);
                if (d < distance) distance = d, best = o;
            }
            x[k] = best;
            moved = moved || best != from;
        }
    }
    return distance == 0.0;
}

}  // namespace

std::pair<double, double> condition_range(const Condition& c, const Issue& issue, bool negated) {
    Condition::Op op = c.op;
    if (negated) {
        op = op == Condition::Op::above ? Condition::Op::at_most : op == Condition::Op::below ? Condition::Op::at_least
           : op == Condition::Op::at_least ? Condition::Op::below : Condition::Op::above;
    }
    // Strict bounds on a continuous issue move to the next double, so the box holds exactly where the condition does.
    const double up = issue.discrete ? c.value + 1.0 : std::nextafter(c.value, issue.max + 1.0);
    const double down = issue.discrete ? c.value - 1.0 : std::nextafter(c.value, issue.min - 1.0);
    switch (op) {
        case Condition::Op::above: return {up, issue.max};
        case Condition::Op::below: return {issue.min, down};
        case Condition::Op::at_least: return {c.value, issue.max};
        case Condition::Op::at_most: return {issue.min, c.value};
    }
    return {issue.min, issue.max};
}

RegionSplit split_into_regions(const std::vector<Issue>& issues, const std::vector<Aggregate>& aggregates, const std::vector<Requirement>& requirements,
                               const std::vector<Agent>& agents) {
    RegionSplit out;
    IssueBounds full;
    for (std::size_t k = 0; k < issues.size(); ++k) {
        full.lo[k] = issues[k].min;
        full.hi[k] = issues[k].max;
    }
    out.regions = {full};
    // Each requirement splits every box into "antecedent fails" and "consequent holds" (the two may overlap).
    for (std::size_t r = 0; r < requirements.size(); ++r) {
        const Requirement& q = requirements[r];
        std::vector<IssueBounds> split;
        for (const IssueBounds& box : out.regions) {
            for (const auto& [condition, negated] : {std::pair{q.when, true}, std::pair{q.then, false}}) {
                IssueBounds b = box;
                if (narrow(b, condition, issues, aggregates, negated)) split.push_back(b);
            }
        }
        out.requirement = r;
        if (split.empty()) out.status = RegionSplit::Status::no_package;
        if (split.size() > kMaxRegions) out.status = RegionSplit::Status::too_many;
        if (out.status != RegionSplit::Status::ok) return out;
        out.regions = split;
    }
    // Each link splits every box into the part where all its conditions hold and, for each condition in turn, the part
    // where it is the first to fail, so that the link term is constant on every box.
    out.requirement = requirements.size();
    for (const Agent& agent : agents) {
        for (const Link& link : agent.links) {
            std::vector<IssueBounds> split;
            for (const IssueBounds& box : out.regions) {
                IssueBounds all = box;
                bool all_possible = true;
                for (const Condition& condition : link.conditions) {
                    IssueBounds fails = all;
                    if (all_possible && narrow(fails, condition, issues, aggregates, true)) split.push_back(fails);
                    all_possible = narrow(all, condition, issues, aggregates, false) && all_possible;
                }
                if (all_possible) split.push_back(all);
            }
            out.regions = drop_contained(split, issues.size());
            if (out.regions.size() > kMaxRegions) {
                out.status = RegionSplit::Status::too_many;
                return out;
            }
        }
    }
    // A package in every region; a region that provably has none is dropped.
    std::vector<IssueBounds> kept;
    for (const IssueBounds& box : out.regions) {
        Package x{};
        if (find_witness(issues, aggregates, box, x)) {
            kept.push_back(box);
            out.witnesses.push_back(x);
        } else if (!surely_empty(aggregates, box)) {
            out.status = RegionSplit::Status::no_witness;
            return out;
        }
    }
    out.regions = kept;
    if (out.regions.empty()) out.status = RegionSplit::Status::no_package;
    return out;
}

}  // namespace negsim
