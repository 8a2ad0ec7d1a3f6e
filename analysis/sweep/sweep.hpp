// A what-if sweep (docs/sweeps.md): one Monte Carlo run of the scenario per design point, the point's values applied
// as overrides. Every point runs with the same seed, so sample k draws from the same random streams at every point
// (common random numbers): the difference between two points is the effect of their values, not sampling noise, and
// neighbouring grid points get a paired interval for it. The final files depend only on the points' records, which
// depend only on (scenario, overrides, design, samples, seed): the same bytes for any thread count, rank count,
// shard split or interruption.
#pragma once

#include "input/overrides.hpp"
#include "model/scenario.hpp"
#include "analysis/sweep/design.hpp"
#include "analysis/sweep/journal.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace negsim {

// Everything that determines a sweep's results.
struct SweepDefinition {
    std::string scenario_file;        // as given on the command line (recorded, never re-read)
    std::string scenario_text;        // the file's text
    std::vector<Override> overrides;  // --set, applied at every point before the point's own values
    bool nominal = false;             // --nominal: no uncertainty block
    Design design;
    std::uint64_t samples = 1000;     // per point
    std::size_t bootstrap = 1000;     // Sobol bootstrap resamples
};

// The definition as JSON (the journal's header and sweep.json), and back. definition_from_json throws
// std::runtime_error on a header it does not recognise.
[[nodiscard]] nlohmann::ordered_json definition_json(const SweepDefinition& definition);
[[nodiscard]] SweepDefinition definition_from_json(const nlohmann::ordered_json& j);

// A sweep ready to run: its points, and every point's scenario validated up front (a bad combination of values is an
// InputError naming the point and its values before anything runs).
class SweepPlan {
public:
    explicit SweepPlan(SweepDefinition definition);

    [[nodiscard]] const SweepDefinition& definition() const { return definition_; }
    [[nodiscard]] const std::vector<DesignPoint>& points() const { return points_; }
    [[nodiscard]] const Scenario& base() const { return base_.scenario; }
    // The point's overrides: the sweep's --set, then one per factor.
    [[nodiscard]] std::vector<Override> point_overrides(std::size_t point) const;
    [[nodiscard]] EffectiveScenario point_scenario(std::size_t point) const;

private:
    SweepDefinition definition_;
    EffectiveScenario base_;
    std::vector<DesignPoint> points_;
};

// Runs one point (samples over `threads` threads); `progress` is told the samples done so far in this point.
[[nodiscard]] PointRecord run_point(const SweepPlan& plan, std::size_t point, unsigned threads,
                                    const std::function<void(std::uint64_t)>& progress = {});

// What each record of a journal of this sweep (shard `shard` of `shards`) must look like: journal.hpp, check_records.
[[nodiscard]] RecordShape record_shape(const SweepPlan& plan, std::size_t shard, std::size_t shards);

// The records of every point, once each, in point order. Throws std::runtime_error if a point is missing or has two
// different records.
[[nodiscard]] std::vector<PointRecord> complete_records(const SweepPlan& plan, std::vector<PointRecord> records);

// The final files from complete_records: sweep.csv, differences.csv (grid designs), sobol.csv (sobol design),
// sweep.json and scenario.json, renamed into `out` together. Returns the warnings recorded in sweep.json (a Sobol
// design too small for its indices), for the command to print.
std::vector<std::string> write_sweep_files(const SweepPlan& plan, const std::vector<PointRecord>& records, const std::filesystem::path& out);

// sweep.csv's column name for an override name: "russia/reservation" -> "russia_reservation".
[[nodiscard]] std::string column_name(const std::string& override_name);

}  // namespace negsim
