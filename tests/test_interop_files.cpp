// negsim import on files as real tools and spreadsheets write them (docs/interop.md): KTAB CSV headers naming the
// dimensions (KTAB's own reader, SMPModel::csvRead, takes them from the position columns), the expected-utility CSV on
// the range of the actors' positions, CSV dialects (byte-order mark, Windows and Mac line ends, quoted headers, ';'),
// the format a file given to the wrong importer looks like, GENIUS weights rounded off 1, and domains of ANAC's size
// (188 160 and 10^6 outcomes) under the stacked protocol.
#include "cli_support.hpp"
#include "test_support.hpp"

#include "engine/protocol.hpp"
#include "input/input_error.hpp"
#include "interop/interop.hpp"
#include "model/parameters.hpp"
#include "model/utility.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <vector>

namespace {

using negsim::Package;
using negsim::Scenario;
namespace fs = std::filesystem;
namespace interop = negsim::interop;

std::string fixture(const std::string& name) { return negsim::test::source_path("tests/interop/" + name); }

interop::Imported import(const std::string& format, const std::vector<std::string>& files, std::optional<std::pair<double, double>> scale = {}) {
    interop::ImportOptions options;
    options.scale = scale;
    return interop::import_files(format, files, options);
}

Scenario scenario(const interop::Imported& imported) { return negsim::parse_scenario(imported.scenario_json, "imported.json"); }

std::string error(const std::string& format, const std::vector<std::string>& files, std::optional<std::pair<double, double>> scale = {}) {
    try {
        (void)import(format, files, scale);
    } catch (const negsim::InputError& e) {
        return e.what();
    }
    return "no error";
}

std::string notes(const interop::Imported& imported) {
    std::string all;
    for (const std::string& note : imported.notes) all += note + "\n";
    return all;
}

double u(const Scenario& s, std::size_t agent, std::initializer_list<double> x) {
    return negsim::utility(s, negsim::nominal_parameters(s), agent, negsim::test::filled<Package>(x));
}

}  // namespace

TEST_CASE("KTAB CSV import takes the dimension names from the position columns' headers, as KTAB's reader does", "[interop]") {
    const Scenario s = scenario(import("ktab-csv", {fixture("ktab-named.csv")}));
    REQUIRE(s.issues.size() == 2);
    CHECK(s.issues[0].label == "Tax Position");
    CHECK(s.issues[1].label == "Spending Position");
    REQUIRE(s.agents.size() == 3);
    CHECK(s.agents[0].power == 120.0);  // the third column, whatever its header (here Influence)
    CHECK(u(s, 0, {50, 50}) == Approx(2.0 / 3.0 * 0.7 + 1.0 / 3.0 * 0.7).epsilon(0).margin(1e-12));
    // A field is named by its column's header in messages.
    const fs::path scratch = negsim::test::scratch_dir("ktab-named");
    const std::string bad = (scratch / "bad.csv").string();
    std::ofstream(bad) << "B,,2,1,\nActor,Description,Influence,Policy Position,Policy Salience,\nA,,1,x,50,\nB,,1,20,50,\n";
    CHECK_THAT(error("ktab-csv", {bad}), Catch::Contains("bad.csv:3") && Catch::Contains("field 4 (Policy Position)"));
    fs::remove_all(scratch);
}

TEST_CASE("Expected-utility CSV: positions on the range of the actors' positions unless a scale is stated", "[interop]") {
    // Years from 4 to 10: the far actor values the other end at 0, as the reference implementations compute it.
    const interop::Imported by_range = import("eu-csv", {fixture("eu-emissions.csv")});
    const Scenario s = scenario(by_range);
    REQUIRE(s.agents.size() == 7);
    CHECK(s.issues[0].min == 4.0);
    CHECK(s.issues[0].max == 10.0);
    CHECK(s.agents[6].name == "United Kingdom");
    CHECK(u(s, 6, {4}) == 0.0);
    CHECK(u(s, 0, {10}) == 0.0);
    CHECK(u(s, 3, {8}) == Approx(1.0 - 2.0 / 6.0).epsilon(0).margin(1e-12));
    CHECK_THAT(notes(by_range), Catch::Contains("the scale 4 to 10, the range of the actors' positions"));
    // A stated scale: 0 to 100, as negsim used to read every file.
    const interop::Imported stated = import("eu-csv", {fixture("eu-emissions.csv")}, std::pair{0.0, 100.0});
    CHECK(u(scenario(stated), 6, {4}) == Approx(0.94).epsilon(0).margin(1e-12));
    CHECK_THAT(notes(stated), Catch::Contains("the stated scale 0 to 100 (--scale)"));
    // A position outside the stated scale, a scale for a format that states its own, one position for every actor.
    CHECK_THAT(error("eu-csv", {fixture("eu-emissions.csv")}, std::pair{5.0, 10.0}), Catch::Contains("eu-emissions.csv:2") && Catch::Contains("the stated scale 5 to 10"));
    CHECK_THAT(error("ktab-csv", {fixture("ktab.csv")}, std::pair{0.0, 10.0}), Catch::Contains("--scale") && Catch::Contains("eu-csv format only"));
    const fs::path scratch = negsim::test::scratch_dir("eu-scale");
    const std::string flat = (scratch / "flat.csv").string();
    std::ofstream(flat) << "Actor,Capability,Position,Salience\nA,1,7,50\nB,1,7,50\n";
    CHECK_THAT(error("eu-csv", {flat}), Catch::Contains("every actor's position is 7") && Catch::Contains("--scale"));
    fs::remove_all(scratch);
}

TEST_CASE("CSV dialects: byte-order mark, Windows and Mac line ends, quoted headers and semicolons import as the plain file", "[interop]") {
    const Scenario plain = scenario(import("eu-csv", {fixture("eu.csv")}));
    for (const char* name : {"dialects/eu-excel.csv", "dialects/eu-semicolon.csv", "dialects/eu-cr.csv"}) {
        INFO(name);
        const interop::Imported imported = import("eu-csv", {fixture(name)});
        const Scenario s = scenario(imported);
        REQUIRE(s.agents.size() == 3);
        CHECK(s.agents[2].name == "Donor, bilateral");
        for (std::size_t i = 0; i < 3; ++i) {
            CHECK(s.agents[i].name == plain.agents[i].name);
            CHECK(s.agents[i].power == plain.agents[i].power);
            CHECK(s.agents[i].salience == plain.agents[i].salience);
            CHECK(u(s, i, {40}) == u(plain, i, {40}));
        }
    }
    CHECK_THAT(notes(import("eu-csv", {fixture("dialects/eu-semicolon.csv")})), Catch::Contains("';'-separated"));
    const Scenario ktab = scenario(import("ktab-csv", {fixture("dialects/ktab-excel.csv")}));
    const Scenario ktab_plain = scenario(import("ktab-csv", {fixture("ktab.csv")}));
    REQUIRE(ktab.agents.size() == 3);
    CHECK(ktab.issues[1].label == "Dam height");
    for (std::size_t i = 0; i < 3; ++i) CHECK(u(ktab, i, {50, 40}) == u(ktab_plain, i, {50, 40}));
    // What cannot be read is named: a decimal comma, UTF-16.
    CHECK_THAT(error("eu-csv", {fixture("dialects/eu-decimal-comma.csv")}), Catch::Contains("eu-decimal-comma.csv:2") && Catch::Contains("field 2 (Capability)") &&
                                                                                Catch::Contains("decimal point") && Catch::Contains("';'-separated"));
    CHECK_THAT(error("eu-csv", {fixture("dialects/eu-utf16.csv")}), Catch::Contains("UTF-16") && Catch::Contains("CSV UTF-8"));
}

TEST_CASE("A file given to the wrong importer gets the format it looks like", "[interop]") {
    CHECK_THAT(error("eu-csv", {fixture("ktab.csv")}), Catch::Contains("looks like the ktab-csv format"));
    CHECK_THAT(error("ktab-csv", {fixture("eu.csv")}), Catch::Contains("looks like the eu-csv format"));
    CHECK_THAT(error("eu-csv", {fixture("decide.csv")}), Catch::Contains("looks like the decide format"));
    CHECK_THAT(error("ktab-csv", {fixture("ktab.xml")}), Catch::Contains("looks like the ktab-xml format"));
    CHECK_THAT(error("ktab-xml", {fixture("genius/holiday-domain.xml")}), Catch::Contains("looks like the genius format"));
    CHECK_THAT(error("genius", {fixture("eu.csv"), fixture("genius/buyer.xml")}), Catch::Contains("looks like the eu-csv format"));
    // A file of the right format keeps its own message only.
    CHECK_THAT(error("eu-csv", {fixture("bad/eu.csv")}), !Catch::Contains("looks like"));
}

TEST_CASE("Values outside the format's scale are refused: a salience of 150, not a position of 1.5", "[interop]") {
    CHECK_THAT(error("eu-csv", {fixture("dialects/eu-salience.csv")}), Catch::Contains("eu-salience.csv:3") && Catch::Contains("field 4 (Salience)") &&
                                                                          Catch::Contains("150 is out of range") && Catch::Contains("scale 0 to 100"));
    CHECK_THAT(error("ktab-csv", {fixture("dialects/ktab-salience.csv")}), Catch::Contains("ktab-salience.csv:4") && Catch::Contains("field 5 (Sal)") &&
                                                                              Catch::Contains("150 is out of range") && Catch::Contains("scale 0 to 100"));
}

TEST_CASE("GENIUS weights summing to 1 within rounding are normalised, as GENIUS does, and the import says so", "[interop]") {
    const std::string folder = "genius/laptop/";
    const interop::Imported imported = import("genius", {fixture(folder + "laptop-domain.xml"), fixture(folder + "laptop-buyer.xml"), fixture(folder + "laptop-seller.xml")});
    const Scenario s = scenario(imported);
    REQUIRE(s.agents.size() == 2);
    CHECK_THAT(notes(imported), Catch::Contains("the weights sum to 1.00005") && Catch::Contains("normalised"));
    // Dell, 120 Gb, 23'': evaluations 5/8, 1, 1 under weights 0.40005, 0.35, 0.25 divided by their sum.
    CHECK(u(s, 0, {0, 2, 2}) == Approx((0.40005 * 5.0 / 8.0 + 0.35 + 0.25) / 1.00005).epsilon(0).margin(1e-12));
    CHECK(u(s, 0, {1, 2, 2}) == Approx(1.0).epsilon(0).margin(1e-12));
    CHECK(u(s, 1, {0, 0, 0}) == Approx(1.0).epsilon(0).margin(1e-12));
}

TEST_CASE("negsim import --scale states the expected-utility scale and prints which scale it used", "[interop][cli]") {
    const fs::path scratch = negsim::test::scratch_dir("import-scale");
    const std::string out = (scratch / "emissions.json").string();
    const auto by_range = negsim::test::negsim_cli("import eu-csv " + fixture("eu-emissions.csv") + " --out " + out, scratch);
    INFO(by_range.err);
    REQUIRE(by_range.exit_code == 0);
    CHECK_THAT(by_range.out, Catch::Contains("the range of the actors' positions"));
    const auto stated = negsim::test::negsim_cli("import eu-csv " + fixture("eu-emissions.csv") + " --scale 0:100 --out " + out, scratch);
    REQUIRE(stated.exit_code == 0);
    CHECK_THAT(stated.out, Catch::Contains("stated scale 0 to 100"));
    const auto bad = negsim::test::negsim_cli("import eu-csv " + fixture("eu-emissions.csv") + " --scale 10:0 --out " + (scratch / "x.json").string(), scratch);
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("--scale") && Catch::Contains("LO below HI"));
    CHECK_FALSE(fs::exists(scratch / "x.json"));
    fs::remove_all(scratch);
}

namespace {

// Every package of an all-discrete scenario, as the proposer values it (the first issue's options fastest).
std::vector<double> every_utility(const Scenario& s, const negsim::Parameters& p, std::size_t agent) {
    std::vector<double> all;
    Package x{};
    for (;;) {
        all.push_back(negsim::utility(s, p, agent, x));
        std::size_t k = 0;
        for (; k < s.issue_count(); ++k) {
            if (x[k] + 1 < static_cast<double>(s.issues[k].options.size())) {
                x[k] += 1;
                break;
            }
            x[k] = 0;
        }
        if (k == s.issue_count()) return all;
    }
}

// Imports a large domain for the stacked protocol, negotiates its nominal sample, and checks each of the first
// `checked` offers against a walk over every package: the offer is worth the least of the packages the proposer
// accepts at its aspiration (GENIUS's and NegMAS's time-based offer).
void check_large_domain(const std::string& stem, std::size_t outcomes, std::size_t checked) {
    interop::ImportOptions options;
    options.stacked = true;
    const Scenario s = scenario(interop::import_files(
        "genius", {fixture("genius/large/" + stem + "-domain.xml"), fixture("genius/large/" + stem + "-a.xml"), fixture("genius/large/" + stem + "-b.xml")}, options));
    const negsim::Parameters p = negsim::nominal_parameters(s);
    std::vector<negsim::TraceRow> rows;
    const negsim::Outcome o = negsim::negotiate_traced(s, p, rows);
    CHECK(o.rounds > 1);
    const std::vector<std::vector<double>> values = {every_utility(s, p, 0), every_utility(s, p, 1)};
    REQUIRE(values[0].size() == outcomes);
    std::size_t seen = 0;
    for (const negsim::TraceRow& row : rows) {
        if (row.agent != row.proposer || seen == checked) continue;
        ++seen;
        double least = 2.0;
        for (double v : values[row.agent])
            if (negsim::acceptable(v, row.aspiration)) least = std::min(least, v);
        INFO("offer " << seen << " by agent " << row.agent << " at aspiration " << row.aspiration);
        CHECK(row.utility == Approx(least).epsilon(0).margin(1e-12));
    }
    CHECK(seen == checked);
}

}  // namespace

TEST_CASE("Domains of ANAC's size import and run under the stacked protocol, offers as exact as a walk over every package", "[interop][stacked]") {
    // The shape of ANAC 2010's Travel domain: 7 issues of 7, 7, 4, 4, 6, 5 and 8 options, 188 160 outcomes (refused
    // above 4 096 before the boxes were sorted once per negotiation); and 10^6 outcomes, the largest the loader takes.
    SECTION("188 160 outcomes") { check_large_domain("travel", 188160, 40); }
    SECTION("10^6 outcomes") { check_large_domain("million", 1000000, 6); }
}
