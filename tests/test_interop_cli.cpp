// negsim import and export through the command line (docs/interop.md): the defaults printed, malformed files of every
// format refused with the file, the place and exit code 2, and nothing written.
#include "cli_support.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <variant>

namespace {

namespace fs = std::filesystem;
using negsim::test::negsim_cli;

std::string fixture(const std::string& name) { return negsim::test::source_path("tests/interop/" + name); }

}  // namespace

TEST_CASE("negsim import writes a valid scenario and prints the defaults it used", "[interop][cli]") {
    const fs::path scratch = negsim::test::scratch_dir("import-ok");
    const std::string out = (scratch / "jobs.json").string();
    const auto r = negsim_cli("import geniusweb " + fixture("geniusweb/employee.json") + " " + fixture("geniusweb/employer.json") + " --rounds 12 --out " + out, scratch);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("default: reservation value 0") && Catch::Contains("employer") && Catch::Contains("12 rounds") &&
                          Catch::Contains("boulware"));
    const negsim::Scenario s = negsim::load_scenario(out);
    CHECK(s.protocol.rounds == 12);
    CHECK(s.agents.size() == 2);
    const auto v = negsim_cli("validate " + out, scratch);
    CHECK(v.exit_code == 0);

    // --protocol stacked: the same profiles under stacked alternating offers with GENIUS's rules, ready to run.
    const std::string stacked = (scratch / "holiday.json").string();
    const auto g = negsim_cli("import genius " + fixture("genius/holiday-domain.xml") + " " + fixture("genius/buyer.xml") + " " + fixture("genius/seller.xml") +
                                  " --rounds 30 --protocol stacked --out " + stacked,
                              scratch);
    INFO(g.err);
    REQUIRE(g.exit_code == 0);
    CHECK_THAT(g.out, Catch::Contains("stacked alternating offers with GENIUS's rules"));
    const negsim::Scenario h = negsim::load_scenario(stacked);
    REQUIRE(std::holds_alternative<negsim::StackedAlternating>(h.protocol.rules));
    const auto run = negsim_cli("run " + stacked + " --samples 50 --out " + (scratch / "run").string(), scratch);
    CHECK(run.exit_code == 0);
    CHECK(fs::exists(scratch / "run" / "summary.json"));
    const auto wrong = negsim_cli("import genius " + fixture("genius/holiday-domain.xml") + " " + fixture("genius/buyer.xml") + " --protocol saop --out " + stacked, scratch);
    CHECK(wrong.exit_code == 2);
    fs::remove_all(scratch);
}

TEST_CASE("negsim import refuses malformed files with the place, exit code 2 and nothing written", "[interop][cli]") {
    const fs::path scratch = negsim::test::scratch_dir("import-bad");
    const std::string domain = fixture("genius/holiday-domain.xml"), buyer = fixture("genius/buyer.xml");
    struct Case {
        std::string args;
        std::vector<std::string> message;  // pieces the error must contain
    };
    const std::vector<Case> cases = {
        {"genius " + domain + " " + buyer + " " + fixture("bad/kinked.xml"), {"bad/kinked.xml:13", "<evaluator>", "leaves [0, 1]"}},
        {"genius " + domain + " " + buyer + " " + fixture("bad/broken.xml"), {"bad/broken.xml:4:5", "invalid XML"}},
        {"genius " + buyer + " " + fixture("genius/seller.xml"), {"no GENIUS domain"}},
        {"geniusweb " + fixture("geniusweb/employee.json") + " " + fixture("bad/weights.json"), {"bad/weights.json", "/LinearAdditiveUtilitySpace/issueWeights", "sum to 1.1"}},
        {"ktab-csv " + fixture("bad/ktab.csv"), {"bad/ktab.csv:4", "field 4 (Pstn1)", "\"ten\" is not a number"}},
        {"ktab-xml " + fixture("bad/ktab.xml"), {"bad/ktab.xml:10", "<dCoord>", "empty"}},
        {"eu-csv " + fixture("bad/eu.csv"), {"bad/eu.csv:3", "field 4 (Salience)", "150 is out of range"}},
        {"decide " + fixture("bad/decide.csv"), {"bad/decide.csv:6", "field 6 (power)", "cannot hold a power per issue"}},
        {"spss " + fixture("eu.csv"), {"unknown format \"spss\""}},
    };
    for (const Case& c : cases) {
        INFO(c.args);
        const fs::path out = scratch / "out.json";
        const auto r = negsim_cli("import " + c.args + " --out " + out.string(), scratch);
        INFO(r.err);
        CHECK(r.exit_code == 2);
        for (const std::string& piece : c.message) CHECK_THAT(r.err, Catch::Contains(piece));
        CHECK_FALSE(fs::exists(out));
        std::size_t left = 0;
        for (const auto& entry : fs::directory_iterator(scratch)) left += entry.path().filename().string().find(".tmp-") != std::string::npos;
        CHECK(left == 0);
    }
    fs::remove_all(scratch);
}

TEST_CASE("negsim export writes the files and what it drops, or nothing on an error", "[interop][cli]") {
    const fs::path scratch = negsim::test::scratch_dir("export");
    const auto ok = negsim_cli("export decide " + negsim::test::source_path("tests/interop/decide.csv") + " --out " + (scratch / "x").string(), scratch);
    CHECK(ok.exit_code == 2);  // a CSV is not a scenario file
    const std::string scenario = (scratch / "river.json").string();
    REQUIRE(negsim_cli("import decide " + fixture("decide.csv") + " --out " + scenario, scratch).exit_code == 0);
    const auto r = negsim_cli("export ktab-xml " + scenario + " --out " + (scratch / "ktab").string(), scratch);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(fs::exists(scratch / "ktab" / "decide.xml"));
    CHECK_THAT(r.out, Catch::Contains("rescaled") && Catch::Contains("dropped: the strategies"));
    const auto bad = negsim_cli("export geniusweb " + negsim::test::source_path("scenarios/example-small.json") + " --out " + (scratch / "gw").string(), scratch);
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("/issues/0"));
    CHECK((!fs::exists(scratch / "gw") || fs::is_empty(scratch / "gw")));
    fs::remove_all(scratch);
}
