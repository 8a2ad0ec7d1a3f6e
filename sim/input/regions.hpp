// The package space as a union of boxes (docs/scenario-format.md, "Regions"): the loader splits it once by the
// `requires` constraints and then by the agents' links, so that offers and solutions can be searched box by box with
// every link term constant on each box. Pure geometry on the model's types.
#pragma once

#include "model/scenario.hpp"

#include <cstddef>
#include <utility>
#include <vector>

namespace negsim {

// The most boxes a scenario may have (each independent one-condition constraint or link can double the count).
inline constexpr std::size_t kMaxRegions = 64;

// The values of an issue for which a condition holds (negated: fails), as a closed range [lo, hi] within the issue.
// Strict bounds move by one option on a discrete issue and to the next double on a continuous one.
[[nodiscard]] std::pair<double, double> condition_range(const Condition& c, const Issue& issue, bool negated);

// The boxes, or why there are none: the requirement that left no package, or the requirement (or a link, at
// requirement == requirements.size()) that made more than kMaxRegions.
// no_witness: a region whose aggregate ranges the witness search could neither meet nor prove impossible.
struct RegionSplit {
    enum class Status { ok, no_package, too_many, no_witness } status = Status::ok;
    std::size_t requirement = 0;
    std::vector<IssueBounds> regions;
    std::vector<Package> witnesses;  // per region, a package in it
};

// A condition on an aggregate keeps a range of its total in the box (IssueBounds::limits) instead of narrowing an issue.
[[nodiscard]] RegionSplit split_into_regions(const std::vector<Issue>& issues, const std::vector<Aggregate>& aggregates,
                                             const std::vector<Requirement>& requirements, const std::vector<Agent>& agents);

}  // namespace negsim
