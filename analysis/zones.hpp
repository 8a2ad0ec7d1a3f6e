// Where agreement is possible (docs/outputs.md, "zopa.csv" and "zone_map.csv"). For a sample and a value v of issue
// k, v is in the zone when some package with x_k = v gives every required agent at least its reservation value
// (zone.hpp: margin >= 0 with issue k fixed). zopa.csv holds, per issue, that probability on a grid of values; with
// two issues named, zone_map.csv holds it on a grid of pairs (the other issues chosen as well as possible for the
// required agents) beside the share of negotiated deals that fell in each cell. The zone searches are the costly
// part (one exact maximin per grid value and sample), so they use the first `cap` samples of the run, and run in the
// runner's workers (probe, beside each negotiation); add() counts their results in sample order. The deal density
// uses every sample.
#pragma once

#include "model/outcome.hpp"
#include "model/parameters.hpp"
#include "model/scenario.hpp"

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <utility>
#include <vector>

namespace negsim {

// negsim run's zone searches: zopa.csv's values per continuous issue, and how many samples are searched by default.
inline constexpr std::size_t kZopaGrid = 21;
inline constexpr std::uint64_t kZoneSamples = 1000;

class ZoneTally {
public:
    // `grid` values per continuous issue (every option of a discrete one); `map`: two issue indices and the map's
    // grid size, if a 2-D map is wanted.
    // The run starts at sample `first_sample` and hands over `chunk` samples at a time (RunOptions); the first `cap`
    // samples are searched. Rows are kept for the two chunks in flight only, so memory does not grow with the run.
    ZoneTally(const Scenario& scenario, std::uint64_t first_sample, std::uint64_t chunk, std::size_t grid, std::size_t cap,
              std::optional<std::pair<std::size_t, std::size_t>> map, std::size_t map_grid);

    // In a worker, for each sample: its zone searches, kept in the sample's own row (rows are disjoint: any thread).
    void probe(std::uint64_t sample, const Parameters& parameters);
    // On the calling thread, in sample order: counts the rows of these samples, and the deals on the map.
    void add(std::uint64_t first, std::span<const Outcome> outcomes);
    void write_zopa_csv(std::ostream& out) const;
    void write_zone_map_csv(std::ostream& out) const;
    [[nodiscard]] bool has_map() const { return map_.has_value(); }
    // Searches (grid values and map cells, over the samples searched) that a vote's coalition search could not decide
    // (zone.hpp, ZoneMargin::undecided): counted as outside the zone, so zopa.csv and zone_map.csv are lower bounds
    // by at most this many.
    [[nodiscard]] std::uint64_t undecided() const { return undecided_; }

private:
    [[nodiscard]] double grid_value(std::size_t issue, std::size_t n, std::size_t points) const;
    [[nodiscard]] std::size_t points(std::size_t issue, std::size_t grid) const;

    const Scenario* scenario_;
    std::uint64_t first_sample_;
    std::size_t cap_;    // samples searched at most
    std::size_t rows_;   // rows kept: sample s uses row (s - first_sample_) mod rows_
    std::size_t width_;  // flags per row: every issue's grid values, then the map's cells
    std::optional<std::pair<std::size_t, std::size_t>> map_;
    std::size_t map_grid_;
    std::vector<std::uint8_t> flags_;                 // rows_ x width_: 1 where the value is in the sample's zone, 2 undecided
    std::uint64_t searched_ = 0;                      // samples searched for zones
    std::uint64_t undecided_ = 0;                     // searches a vote's coalition search could not decide
    std::uint64_t deals_ = 0;
    std::vector<std::vector<std::uint64_t>> in_zone_; // per issue, per grid value
    std::vector<std::uint64_t> map_in_zone_;          // per map cell
    std::vector<std::uint64_t> map_deals_;            // per map cell
};

}  // namespace negsim
