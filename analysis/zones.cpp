// Zone grids and maps (zones.hpp).
#include "analysis/zones.hpp"

#include "model/bounds.hpp"
#include "model/tolerance.hpp"

#include "model/parameters.hpp"
#include "model/text.hpp"
#include "optimise/weighted_optimum.hpp"
#include "cooperative/zone.hpp"

#include <algorithm>
#include <cmath>

namespace negsim {

namespace {

// A search's flag: whether the restricted zone exists, and when a vote's search can tell neither way (zone.hpp).
constexpr std::uint8_t kInZone = 1;
constexpr std::uint8_t kUndecided = 2;

std::uint8_t zone_flag(const ZoneQuestions& questions, const IssueBounds& restriction) {
    switch (questions.ask(restriction).answer) {
        case ZoneAnswer::exists: return kInZone;
        case ZoneAnswer::undecided: return kUndecided;
        case ZoneAnswer::none: return 0;
    }
    return 0;
}

}  // namespace

ZoneTally::ZoneTally(const Scenario& scenario, std::uint64_t first_sample, std::uint64_t chunk, std::size_t grid, std::size_t cap,
                     std::optional<std::pair<std::size_t, std::size_t>> map, std::size_t map_grid)
    : scenario_(&scenario), first_sample_(first_sample), cap_(cap), rows_(static_cast<std::size_t>(std::min<std::uint64_t>(cap, 2 * chunk))), width_(0),
      map_(map), map_grid_(map_grid) {
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
        in_zone_.emplace_back(points(k, grid), 0);
        width_ += in_zone_.back().size();
    }
    if (map_) {
        const std::size_t cells = points(map_->first, map_grid) * points(map_->second, map_grid);
        map_in_zone_.assign(cells, 0);
        map_deals_.assign(cells, 0);
        width_ += cells;
    }
    flags_.assign(rows_ * width_, 0);
}

std::size_t ZoneTally::points(std::size_t issue, std::size_t grid) const {
    const Issue& i = scenario_->issues[issue];
    return i.discrete ? i.options.size() : grid;
}

// Continuous issues: the centres of `points` equal cells over the range; discrete: the option indices.
double ZoneTally::grid_value(std::size_t issue, std::size_t n, std::size_t points) const {
    const Issue& i = scenario_->issues[issue];
    if (i.discrete) return static_cast<double>(n);
    return i.min + i.span() * (static_cast<double>(n) + 0.5) / static_cast<double>(points);
}

void ZoneTally::add(std::uint64_t first, std::span<const Outcome> outcomes) {
    const Scenario& s = *scenario_;
    // Deal density on the map, over every sample.
    if (map_) {
        const auto [a, b] = *map_;
        const std::size_t na = points(a, map_grid_), nb = points(b, map_grid_);
        const auto cell = [&](std::size_t issue, double x, std::size_t n) {
            const Issue& i = s.issues[issue];
            if (i.discrete) return static_cast<std::size_t>(x);
            return std::min(n - 1, static_cast<std::size_t>((x - i.min) / i.span() * static_cast<double>(n)));
        };
        for (const Outcome& o : outcomes) {
            if (!o.agreed) continue;
            ++deals_;
            ++map_deals_[cell(a, recorded_value(s, a, o.package[a]), na) * nb + cell(b, recorded_value(s, b, o.package[b]), nb)];
        }
    }
    for (std::size_t n = 0; n < outcomes.size(); ++n) {
        const std::uint64_t index = first + n - first_sample_;
        if (index >= cap_) break;
        ++searched_;
        const std::uint8_t* flag = &flags_[(index % rows_) * width_];
        const auto count_flag = [&](std::uint64_t& count) {
            count += *flag == kInZone ? 1 : 0;
            undecided_ += *flag == kUndecided ? 1 : 0;
            ++flag;
        };
        for (auto& values : in_zone_)
            for (std::uint64_t& count : values) count_flag(count);
        for (std::uint64_t& count : map_in_zone_) count_flag(count);
    }
}

void ZoneTally::probe(std::uint64_t sample, const Parameters& p) {
    const std::uint64_t index = sample - first_sample_;
    if (index >= cap_) return;
    const Scenario& s = *scenario_;
    const Negotiation negotiation(s, p);
    const ZoneQuestions questions(negotiation);
    const IssueBounds open = full_bounds(s);
    std::uint8_t* flag = &flags_[(index % rows_) * width_];
    for (std::size_t k = 0; k < s.issue_count(); ++k) {
        for (std::size_t g = 0; g < in_zone_[k].size(); ++g) {
            IssueBounds fixed = open;
            fixed.lo[k] = fixed.hi[k] = grid_value(k, g, in_zone_[k].size());
            *flag++ = zone_flag(questions, fixed);
        }
    }
    if (map_) {
        const auto [a, b] = *map_;
        const std::size_t na = points(a, map_grid_), nb = points(b, map_grid_);
        for (std::size_t x = 0; x < na; ++x)
            for (std::size_t y = 0; y < nb; ++y) {
                IssueBounds fixed = open;
                fixed.lo[a] = fixed.hi[a] = grid_value(a, x, na);
                fixed.lo[b] = fixed.hi[b] = grid_value(b, y, nb);
                *flag++ = zone_flag(questions, fixed);
            }
    }
}

void ZoneTally::write_zopa_csv(std::ostream& out) const {
    out << "issue,value,probability,samples\n";
    for (std::size_t k = 0; k < in_zone_.size(); ++k) {
        const Issue& issue = scenario_->issues[k];
        for (std::size_t g = 0; g < in_zone_[k].size(); ++g)
            out << issue.id << ',' << csv_field(format_issue_value(issue, grid_value(k, g, in_zone_[k].size()))) << ','
                << format_number(searched_ ? static_cast<double>(in_zone_[k][g]) / static_cast<double>(searched_) : 0.0) << ',' << searched_ << '\n';
    }
}

void ZoneTally::write_zone_map_csv(std::ostream& out) const {
    if (!map_) return;
    const auto [a, b] = *map_;
    const std::size_t na = points(a, map_grid_), nb = points(b, map_grid_);
    out << "x,y,p_acceptable,deal_density\n";
    for (std::size_t x = 0; x < na; ++x)
        for (std::size_t y = 0; y < nb; ++y) {
            const std::size_t c = x * nb + y;
            out << csv_field(format_issue_value(scenario_->issues[a], grid_value(a, x, na))) << ','
                << csv_field(format_issue_value(scenario_->issues[b], grid_value(b, y, nb))) << ','
                << format_number(searched_ ? static_cast<double>(map_in_zone_[c]) / static_cast<double>(searched_) : 0.0) << ','
                << format_number(deals_ ? static_cast<double>(map_deals_[c]) / static_cast<double>(deals_) : 0.0) << '\n';
        }
}

}  // namespace negsim
