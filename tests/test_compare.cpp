// negsim compare end to end: two runs of example-small that differ by one --set, checked against a count by hand from
// their samples.csv, and the refusal of runs that are not paired.
#include "input/scenario_loader.hpp"
#include "cli_support.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;
using negsim::read_file;
using negsim::test::csv_rows;
using negsim::test::negsim_cli;

namespace {

// The column `name` of a samples.csv's rows (header first).
std::size_t column(const std::vector<std::vector<std::string>>& rows, const std::string& name) {
    const auto it = std::find(rows[0].begin(), rows[0].end(), name);
    REQUIRE(it != rows[0].end());
    return static_cast<std::size_t>(it - rows[0].begin());
}

}  // namespace

TEST_CASE("compare gives the deals gained and lost and the shift of agreed values that samples.csv shows", "[cli][compare]") {
    const fs::path dir = negsim::test::scratch_dir("compare");
    const std::string small = negsim::test::source_path("scenarios/example-small.json");
    const std::string a = (dir / "a").string(), b = (dir / "b").string();
    REQUIRE(negsim_cli("run " + small + " --samples 400 --seed 3 --zone-samples 5 --out " + a, dir).exit_code == 0);
    REQUIRE(negsim_cli("run " + small + " --samples 400 --seed 3 --zone-samples 5 --set uncertainty/upstream/reservation/mean=0.85 --out " + b, dir).exit_code == 0);
    const negsim::test::CliResult r = negsim_cli("compare " + a + " " + b + " --out " + (dir / "c").string(), dir);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    // By hand: sample k of a against sample k of b.
    const auto ra = csv_rows(read_file(a + "/samples.csv")), rb = csv_rows(read_file(b + "/samples.csv"));
    REQUIRE(ra.size() == 401);
    const std::size_t agreed = column(ra, "agreed"), water = column(ra, "water_share"), monitoring = column(ra, "monitoring");
    const std::vector<std::string> options = {"none", "joint_commission", "third_party"};
    const auto place = [&](const std::string& o) { return static_cast<double>(std::find(options.begin(), options.end(), o) - options.begin()); };
    std::uint64_t gained = 0, lost = 0, both = 0, water_changed = 0;
    double water_sum = 0.0, monitoring_sum = 0.0;
    for (std::size_t k = 1; k < ra.size(); ++k) {
        const bool x = ra[k][agreed] == "1", y = rb[k][agreed] == "1";
        gained += !x && y;
        lost += x && !y;
        if (!(x && y)) continue;
        ++both;
        water_sum += std::stod(rb[k][water]) - std::stod(ra[k][water]);
        water_changed += ra[k][water] != rb[k][water];
        monitoring_sum += place(rb[k][monitoring]) - place(ra[k][monitoring]);
    }
    REQUIRE(both > 1);
    CHECK(lost > 0);  // a higher reservation loses deals

    const auto j = nlohmann::json::parse(read_file((dir / "c" / "comparison.json").string()));
    CHECK(j["agreement"]["gained"] == gained);
    CHECK(j["agreement"]["lost"] == lost);
    CHECK(j["agreement"]["both"] == both);
    CHECK(j["agreement"]["difference"].get<double>() == Approx((static_cast<double>(gained) - static_cast<double>(lost)) / 400.0));
    CHECK(j["issues"]["water_share"]["paired_deals"] == both);
    CHECK(j["issues"]["water_share"]["changed"] == water_changed);
    CHECK(j["issues"]["water_share"]["mean_shift"].get<double>() == Approx(water_sum / static_cast<double>(both)));
    CHECK(j["issues"]["monitoring"]["mean_shift"].get<double>() == Approx(monitoring_sum / static_cast<double>(both)));
    const auto ci = j["agreement"]["ci95"];
    CHECK(ci[0].get<double>() <= j["agreement"]["difference"].get<double>());
    CHECK(ci[1].get<double>() >= j["agreement"]["difference"].get<double>());

    const auto d = csv_rows(read_file((dir / "c" / "differences.csv").string()));
    REQUIRE(d.size() == 5);  // header, agreement, three issues
    CHECK(d[1][0] == "agreement_probability");
    CHECK(d[1][8] == std::to_string(gained));
    CHECK(d[1][9] == std::to_string(lost));
    CHECK(d[2][0] == "water_share_shift");
    CHECK_THAT(r.out, Catch::Contains("Deals gained: " + std::to_string(gained) + ", lost: " + std::to_string(lost)));
    fs::remove_all(dir);
}

TEST_CASE("compare refuses runs of different seeds or sample counts, naming the folder, and writes nothing", "[cli][compare][bad-input]") {
    const fs::path dir = negsim::test::scratch_dir("compare-bad");
    const std::string small = negsim::test::source_path("scenarios/example-small.json");
    const std::string a = (dir / "a").string(), seed = (dir / "seed").string(), count = (dir / "count").string();
    REQUIRE(negsim_cli("run " + small + " --samples 50 --seed 3 --zone-samples 5 --out " + a, dir).exit_code == 0);
    REQUIRE(negsim_cli("run " + small + " --samples 50 --seed 4 --zone-samples 5 --out " + seed, dir).exit_code == 0);
    REQUIRE(negsim_cli("run " + small + " --samples 60 --seed 3 --zone-samples 5 --out " + count, dir).exit_code == 0);
    const negsim::test::CliResult s = negsim_cli("compare " + a + " " + seed + " --out " + (dir / "c").string(), dir);
    CHECK(s.exit_code == 2);
    CHECK_THAT(s.err, Catch::Contains(seed + "/summary.json: /seed: seed 4 differs from 3"));
    const negsim::test::CliResult n = negsim_cli("compare " + a + " " + count + " --out " + (dir / "c").string(), dir);
    CHECK(n.exit_code == 2);
    CHECK_THAT(n.err, Catch::Contains(count + "/summary.json: /samples"));
    CHECK(negsim_cli("compare " + a + " --out " + (dir / "c").string(), dir).exit_code == 2);
    CHECK_FALSE(fs::exists(dir / "c"));
    fs::remove_all(dir);
}
