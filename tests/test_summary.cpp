// The summary a run prints and records, checked against the files its figures come from: how talks ended, mass points
// and modes, who blocks, agreement given a zone and the missed deals (samples.csv, summary.json), and how far the inputs' uncertainty moves agreement.
#include "analysis/binned_distribution.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/wilson.hpp"
#include "cli_support.hpp"
#include "model/parameters.hpp"
#include "model/tolerance.hpp"
#include "random/sampling.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using negsim::read_file;
using negsim::test::csv_rows;

namespace {

std::string percent(double share) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", 100.0 * share);
    return text;
}

// A run of Paris (no zone searches) with its terminal output, samples.csv rows and summary.json.
struct ParisRun {
    negsim::test::CliResult result;
    std::vector<std::vector<std::string>> rows;
    nlohmann::json summary;
    [[nodiscard]] std::size_t column(const std::string& name) const {
        return static_cast<std::size_t>(std::find(rows[0].begin(), rows[0].end(), name) - rows[0].begin());
    }
};

ParisRun run_paris(const fs::path& dir, int samples, int seed) {
    ParisRun run;
    run.result = negsim::test::negsim_cli("run " + negsim::test::source_path("scenarios/paris-2026-core.json") + " --samples " + std::to_string(samples) +
                                              " --seed " + std::to_string(seed) + " --zone-samples 0 --out " + (dir / "p").string(), dir);
    INFO(run.result.err);
    REQUIRE(run.result.exit_code == 0);
    run.rows = csv_rows(read_file((dir / "p" / "samples.csv").string()));
    run.summary = nlohmann::json::parse(read_file((dir / "p" / "summary.json").string()));
    return run;
}

}  // namespace

TEST_CASE("mass points: exactly repeated values with their counts, clusters narrower than a bin, a threshold", "[summary]") {
    negsim::BinnedDistribution d(0.0, 10.0, 100);  // bins 0.1 wide
    for (int i = 0; i < 30; ++i) d.add(3.0);
    for (int i = 0; i < 5; ++i) d.add(3.05);       // same bin as 3.0, above it
    for (int i = 0; i < 20; ++i) d.add(7.0 + 0.001 * i);  // a cluster inside one bin, no value repeated
    for (int i = 0; i < 45; ++i) d.add(0.2 * i + 0.15);  // spread out, one per bin
    const auto points = d.mass_points(10);
    REQUIRE(points.size() == 2);
    CHECK(points[0].value == 3.0);
    CHECK(points[0].count == 30);
    CHECK(points[0].exact);
    CHECK(points[1].value == Approx(7.0095).epsilon(0).margin(1e-12));
    CHECK(points[1].count == 20);
    CHECK_FALSE(points[1].exact);
    // Above 30 the bin of 3.0 still holds 35 values less than a bin width apart: a cluster, not an exact value.
    const auto cluster = d.mass_points(31);
    REQUIRE(cluster.size() == 1);
    CHECK(cluster[0].value == Approx(3.025).epsilon(0).margin(1e-12));
    CHECK(cluster[0].count == 35);
    CHECK_FALSE(cluster[0].exact);
    CHECK(d.mass_points(36).empty());
}

TEST_CASE("the strongest inputs: agreement in the lowest and highest third of each input's draws", "[summary]") {
    // Two parties; a's reservation is uniform on [0.1, 0.9]. The outcomes are made up: agreement exactly when a's draw
    // is below 0.5, so the lowest third agrees always, the highest never, and rho is negative.
    nlohmann::json j = negsim::test::two_party(0.5, 0.0, 10);
    j["monte_carlo"]["uncertainty"] = {{"agents", {{"a", {{"reservation", {{"distribution", "uniform"}, {"min", 0.1}, {"max", 0.9}}}}}}}};
    const negsim::Scenario s = negsim::test::scenario_from(j);
    const std::uint64_t seed = 3, samples = 300;
    std::vector<negsim::Outcome> outcomes(samples);
    std::vector<double> draws;
    negsim::Parameters p;
    for (std::uint64_t k = 0; k < samples; ++k) {
        negsim::sample_parameters(s, seed, k, p);
        draws.push_back(p.reservation[0]);
        outcomes[k].agreed = p.reservation[0] < 0.5;
        outcomes[k].end = outcomes[k].agreed ? negsim::End::deal : negsim::End::deadline;
    }
    negsim::SensitivityTally tally(s, seed);
    tally.add(0, outcomes);
    const auto effects = tally.strongest_inputs(3);
    REQUIRE(effects.size() == 1);
    CHECK(effects[0].input == "a/reservation");
    CHECK(effects[0].spearman < -0.8);
    CHECK(effects[0].low_samples == 100);
    CHECK(effects[0].high_samples == 100);
    // The exact shares: sort the draws, count agreement among the lowest and highest 100.
    std::vector<double> sorted = draws;
    std::sort(sorted.begin(), sorted.end());
    double low = 0, high = 0;
    for (std::size_t k = 0; k < 100; ++k) low += sorted[k] < 0.5, high += sorted[samples - 1 - k] < 0.5;
    CHECK(effects[0].agreement_low == Approx(low / 100).epsilon(0).margin(1e-15));
    CHECK(effects[0].agreement_high == Approx(high / 100).epsilon(0).margin(1e-15));
    CHECK(effects[0].agreement_low == 1.0);
    CHECK(effects[0].agreement_high == 0.0);
}

TEST_CASE("the terminal summary's figures are those of samples.csv and summary.json", "[summary][cli]") {
    const fs::path dir = negsim::test::scratch_dir("summary");
    const ParisRun run = run_paris(dir, 3000, 5);
    const auto& [r, rows, summary] = run;
    const auto col = [&](const std::string& name) { return run.column(name); };

    // How talks ended, from the `end` column.
    std::map<std::string, std::size_t> ends;
    for (std::size_t i = 1; i < rows.size(); ++i) ++ends[rows[i][col("end")]];
    const double n = static_cast<double>(rows.size() - 1);
    CHECK_THAT(r.out, Catch::Contains("How talks ended: deal " + percent(ends["deal"] / n) + ", deadline " + percent(ends["deadline"] / n) +
                                      ", breakdown " + percent(ends["breakdown"] / n) + ", not ratified " + percent(ends["not_ratified"] / n)));

    // Mass points: each value's share of the deals, counted in samples.csv; every value that holds 5% is listed.
    for (const std::string issue : {"guarantee_duration", "reassurance_force", "army_cap"}) {
        std::map<std::string, std::size_t> count;
        std::size_t deals = 0;
        for (std::size_t i = 1; i < rows.size(); ++i)
            if (rows[i][col("agreed")] == "1") ++count[rows[i][col(issue)]], ++deals;
        std::size_t listed = 0;
        for (const auto& [value, c] : count) {
            if (c < 0.05 * static_cast<double>(deals) || c < 2) continue;
            ++listed;
            INFO(issue << " = " << value);
            CHECK_THAT(r.out, Catch::Contains(" " + value + " (" + percent(static_cast<double>(c) / static_cast<double>(deals)) + ")"));
        }
        CHECK(listed >= 1);
        CHECK(summary["issues"][issue]["mass_points"].size() == listed);
    }
    // The mode of the discrete issue and its share.
    std::map<std::string, std::size_t> options;
    std::size_t deals = 0;
    for (std::size_t i = 1; i < rows.size(); ++i)
        if (rows[i][col("agreed")] == "1") ++options[rows[i][col("us_backstop")]], ++deals;
    const auto mode = std::max_element(options.begin(), options.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    CHECK(summary["issues"]["us_backstop"]["mode"] == mode->first);
    CHECK_THAT(r.out, Catch::Contains("mode " + mode->first + " (" + percent(static_cast<double>(mode->second) / static_cast<double>(deals)) + " of deals)"));

    // Who blocks: each figure under its own name, the decisive share first; a random breakdown's last refuser is
    // counted apart from the blocks, as samples.csv records them.
    const auto& russia = summary["agents"]["russia"];
    std::uint64_t blocked = 0, broken_off = 0, breakdowns = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const bool breakdown = rows[i][col("end")] == "breakdown";
        breakdowns += breakdown;
        if (rows[i][col("blocker")] == "russia") ++(breakdown ? broken_off : blocked);
    }
    REQUIRE(broken_off > 0);
    CHECK(russia["blocker_count"] == blocked);
    CHECK(russia["breakdown_refusals"] == broken_off);
    CHECK(russia["breakdown_share"].get<double>() == static_cast<double>(broken_off) / static_cast<double>(rows.size() - 1));
    CHECK(russia["blocker_share"].get<double>() > russia["decisive_share"].get<double>());
    CHECK_THAT(r.out, Catch::Contains("decisive in  " + percent(russia["decisive_share"].get<double>()) + " of samples, blocker in  " +
                                      percent(russia["blocker_share"].get<double>())));
    CHECK_THAT(r.out, Catch::Contains("Random breakdowns") && Catch::Contains(percent(static_cast<double>(breakdowns) / static_cast<double>(rows.size() - 1))));
    CHECK_THAT(r.out, Catch::Contains("Russia " + percent(russia["breakdown_share"].get<double>())));
    CHECK_THAT(r.out, Catch::Contains("Monte Carlo error only"));
    CHECK(summary["input_uncertainty"]["strongest_inputs"].size() == 3);
    fs::remove_all(dir);
}

TEST_CASE("P(deal | zone) and the missed deals are counted from samples.csv", "[summary][cli]") {
    const fs::path dir = negsim::test::scratch_dir("given-zone");
    const ParisRun run = run_paris(dir, 2000, 11);
    const auto& [r, rows, summary] = run;
    const auto col = [&](const std::string& name) { return run.column(name); };
    std::uint64_t zones = 0, deals_with_zone = 0, missed = 0, deals_without_zone = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const bool zone = negsim::zone_exists(std::stod(rows[i][col("zone_margin")]));
        const bool agreed = rows[i][col("agreed")] == "1";
        zones += zone;
        deals_with_zone += zone && agreed;
        missed += zone && !agreed;
        deals_without_zone += !zone && agreed;
    }
    const auto samples = static_cast<std::uint64_t>(rows.size() - 1);
    // Paris has breakdown and failed ratification: some zones go unused, so the figure is not trivially 1.
    REQUIRE(missed > 0);
    CHECK(deals_without_zone == 0);  // a deal's package is itself a witness of a zone
    const auto& given = summary["agreement"]["given_zone"];
    CHECK(given["samples_with_zone"].get<std::uint64_t>() == zones);
    CHECK(given["deals"].get<std::uint64_t>() == deals_with_zone);
    CHECK(given["probability"].get<double>() == static_cast<double>(deals_with_zone) / static_cast<double>(zones));
    const negsim::Interval ci = negsim::wilson_interval(deals_with_zone, zones);
    CHECK(given["ci95"][0].get<double>() == ci.lo);
    CHECK(given["ci95"][1].get<double>() == ci.hi);
    CHECK(summary["missed_deals"]["count"].get<std::uint64_t>() == missed);
    CHECK(summary["missed_deals"]["share"].get<double>() == static_cast<double>(missed) / static_cast<double>(samples));
    CHECK_THAT(r.out, Catch::Contains("Deal when a zone exists: " + percent(static_cast<double>(deals_with_zone) / static_cast<double>(zones)) +
                                      " (95% interval " + percent(ci.lo) + " to " + percent(ci.hi) + "); missed deals (a zone but no deal) in " +
                                      percent(static_cast<double>(missed) / static_cast<double>(samples)) + " of samples"));
    fs::remove_all(dir);
}
