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

// The boxes not inside another box (links on the same conditions would otherwise multiply them); of equal boxes the
// first is kept.
std::vector<IssueBounds> drop_contained(const std::vector<IssueBounds>& boxes, std::size_t issue_count) {
    std::vector<IssueBounds> kept;
    for (std::size_t a = 0; a < boxes.size(); ++a) {
        bool inside = false;
        for (std::size_t b = 0; b < boxes.size() && !inside; ++b) {
            if (a == b) continue;
            bool contained = true;
            for (std::size_t k = 0; k < issue_count; ++k)
                contained = contained && boxes[b].lo[k] <= boxes[a].lo[k] && boxes[a].hi[k] <= boxes[b].hi[k];
            inside = contained && (b < a || boxes[a].lo != boxes[b].lo || boxes[a].hi != boxes[b].hi);
        }
        if (!inside) kept.push_back(boxes[a]);
    }
    return kept;
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

RegionSplit split_into_regions(const std::vector<Issue>& issues, const std::vector<Requirement>& requirements, const std::vector<Agent>& agents) {
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
                if (narrow(b, condition.issue, condition_range(condition, issues[condition.issue], negated))) split.push_back(b);
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
                    const Issue& issue = issues[condition.issue];
                    IssueBounds fails = all;
                    if (all_possible && narrow(fails, condition.issue, condition_range(condition, issue, true))) split.push_back(fails);
                    all_possible = narrow(all, condition.issue, condition_range(condition, issue, false)) && all_possible;
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
    return out;
}

}  // namespace negsim
