// negsim import and export (sim/interop/, docs/interop.md): each importer on fixture files written for these tests
// (tests/interop/), checked against utilities computed by hand from each tool's own definition, and round trips
// negsim -> format -> negsim on random scenarios, the same utilities at random packages to 1e-12.
#include "test_support.hpp"

#include "input/input_error.hpp"
#include "interop/interop.hpp"
#include "model/parameters.hpp"
#include "model/utility.hpp"
#include "random/random_stream.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace {

using negsim::Package;
using negsim::Scenario;
using nlohmann::json;
namespace fs = std::filesystem;
namespace interop = negsim::interop;

std::string fixture(const std::string& name) { return negsim::test::source_path("tests/interop/" + name); }

Scenario imported(const std::string& format, const std::vector<std::string>& files, int rounds = interop::kDefaultRounds) {
    interop::ImportOptions options;
    options.rounds = rounds;
    if (format == "eu-csv") options.scale = std::pair{0.0, 100.0};  // the scale these fixtures and exports are written on
    return negsim::parse_scenario(interop::import_files(format, files, options).scenario_json, "imported.json");
}

double u(const Scenario& s, std::size_t agent, const Package& x) { return negsim::utility(s, negsim::nominal_parameters(s), agent, x); }

Package package(std::initializer_list<double> values) { return negsim::test::filled<Package>(values); }

}  // namespace

TEST_CASE("GENIUS import: evaluators, weights, reservation and discount as GENIUS computes them", "[interop]") {
    const Scenario s = imported("genius", {fixture("genius/holiday-domain.xml"), fixture("genius/buyer.xml"), fixture("genius/seller.xml"), fixture("genius/agent.xml")}, 9);
    REQUIRE(s.issues.size() == 3);
    CHECK(s.issues[0].discrete);
    CHECK(s.issues[0].options == std::vector<std::string>{"Beach", "Mountains", "City"});
    CHECK(s.issues[1].discrete);  // integer 3..7 as options
    CHECK(s.issues[1].options == std::vector<std::string>{"3", "4", "5", "6", "7"});
    CHECK_FALSE(s.issues[2].discrete);
    CHECK(s.issues[2].min == 500.0);
    CHECK(s.issues[2].max == 1500.0);
    REQUIRE(s.agents.size() == 3);
    // City (evaluation 8 of 8), 5 nights (0.25 * (5 - 3)), budget 1000 (1.5 - 0.001 * 1000).
    const Package deal = package({2, 2, 1000});
    CHECK(u(s, 0, deal) == Approx(0.5 * 1.0 + 0.3 * 0.5 + 0.2 * 0.5).epsilon(0).margin(1e-12));
    // Seller: weights as written (sum 0.8), City 0, 5 nights 0.9 - 0.1 * 2, budget 0.1 + 0.0006 * 1000.
    CHECK(u(s, 1, deal) == Approx(0.2 * 0.0 + 0.2 * 0.7 + 0.4 * 0.7).epsilon(0).margin(1e-12));
    CHECK(u(s, 1, package({0, 0, 1500})) == Approx(0.2 * 1.0 + 0.2 * 0.9 + 0.4 * 1.0).epsilon(0).margin(1e-12));
    // Third party: evaluations 0, 10, 5; clamp(-0.5 + 0.5 (x - 3)); constant 0.6.
    CHECK(u(s, 2, deal) == Approx(0.6 * 0.5 + 0.2 * 0.5 + 0.2 * 0.6).epsilon(0).margin(1e-12));
    CHECK(u(s, 2, package({1, 4, 500})) == Approx(0.6 * 1.0 + 0.2 * 1.0 + 0.2 * 0.6).epsilon(0).margin(1e-12));
    CHECK(u(s, 2, package({1, 0, 500})) == Approx(0.6 * 1.0 + 0.2 * 0.0 + 0.2 * 0.6).epsilon(0).margin(1e-12));
    // Discount 0.8 over 9 rounds: GENIUS plays round r at t = (r + 1) / 10; negsim's delta^r is GENIUS's d^t divided by
    // the one constant d^(1/10), and the reservation 0.4 d (no deal, at the deadline) divided by the same constant.
    const double d = 0.8, c = std::pow(d, 0.1);
    for (int r = 0; r < 9; ++r) CHECK(std::pow(s.agents[0].discount, r) == Approx(std::pow(d, (r + 1) / 10.0) / c).epsilon(1e-14));
    CHECK(s.agents[0].reservation == Approx(0.4 * d / c).epsilon(1e-14));
    CHECK(s.agents[1].reservation == 0.0);
    CHECK(s.agents[1].discount == 1.0);
    CHECK(s.agents[2].discount == 1.0);  // discount_factor 1: none
    CHECK(s.protocol.rounds == 9);
}

TEST_CASE("GeniusWeb import: discrete and number utilities, reservation bid", "[interop]") {
    const Scenario s = imported("geniusweb", {fixture("geniusweb/employee.json"), fixture("geniusweb/employer.json"), fixture("geniusweb/jobs-domain.json")});
    REQUIRE(s.issues.size() == 2);
    CHECK(s.issues[1].options == std::vector<std::string>{"30", "32.5", "35", "37.5", "40"});
    // Employee: salary 4000 (0.9: a best below 1), hours 30 (lowUtility 1).
    CHECK(u(s, 0, package({2, 0})) == Approx(0.6 * 0.9 + 0.4 * 1.0).epsilon(0).margin(1e-12));
    // Hours 40: highUtility 0.123456789, which GeniusWeb rounds half up to 8 decimals.
    CHECK(u(s, 0, package({0, 4})) == Approx(0.6 * 0.1 + 0.4 * 0.12345679).epsilon(0).margin(1e-12));
    // Reservation bid (3000, 35): 0.6 * 0.5 + 0.4 * round8(1 + (0.123456789 - 1) / 2) = 0.3 + 0.4 * 0.56172839.
    CHECK(s.agents[0].reservation == Approx(0.3 + 0.4 * 0.56172839).epsilon(0).margin(1e-12));
    CHECK(s.agents[1].reservation == 0.0);
    CHECK(u(s, 1, package({0, 1})) == Approx(0.5 * 1.0 + 0.5 * (0.1 + 0.9 * 0.25)).epsilon(0).margin(1e-12));
}

TEST_CASE("KTAB CSV and XML import: positions, saliences and capabilities", "[interop]") {
    for (const char* format : {"ktab-csv", "ktab-xml"}) {
        INFO(format);
        const Scenario s = imported(format, {fixture(std::string(format) == "ktab-csv" ? "ktab.csv" : "ktab.xml")});
        REQUIRE(s.issues.size() == 2);
        CHECK(s.issues[0].min == 0.0);
        CHECK(s.issues[0].max == 100.0);
        REQUIRE(s.agents.size() == 3);
        CHECK(s.agents[0].name == "Upstream");
        CHECK(s.agents[0].power == 120.5);
        CHECK(s.agents[0].salience == Approx(0.9).epsilon(1e-15));  // (60 + 30) / 100
        CHECK(s.agents[0].weights[0] == Approx(2.0 / 3.0).epsilon(1e-15));
        CHECK(s.agents[0].ideal[1] == 20.5);
        CHECK(s.agents[2].weights[1] == 0.0);  // Donor's salience 0 on the second dimension
        CHECK(u(s, 0, package({50, 50})) == Approx(2.0 / 3.0 * 0.7 + 1.0 / 3.0 * 0.705).epsilon(0).margin(1e-12));
        CHECK(u(s, 1, package({50, 50})) == Approx(0.5 * 0.6 + 0.5 * 0.6).epsilon(0).margin(1e-12));
    }
    const Scenario xml = imported("ktab-xml", {fixture("ktab.xml")});
    CHECK(xml.issues[0].label == "Water share");
    CHECK(xml.monte_carlo.seed == 12345678901234567890ULL);
}

TEST_CASE("Expected-utility CSV and decide import", "[interop]") {
    const Scenario eu = imported("eu-csv", {fixture("eu.csv")});
    REQUIRE(eu.issues.size() == 1);
    REQUIRE(eu.agents.size() == 3);
    CHECK(eu.agents[2].name == "Donor, bilateral");
    CHECK(eu.agents[1].salience == Approx(0.9).epsilon(1e-15));
    CHECK(eu.agents[1].power == 60.0);
    CHECK(u(eu, 1, package({40})) == Approx(0.7).epsilon(0).margin(1e-12));

    const Scenario d = imported("decide", {fixture("decide.csv")});
    REQUIRE(d.issues.size() == 2);
    CHECK(d.issues[1].min == 0.5);  // the #M scale points
    CHECK(d.issues[1].max == 7.0);
    REQUIRE(d.agents.size() == 3);
    CHECK(d.agents[0].name == "Upstream");
    CHECK(d.agents[0].power == 40.0);
    CHECK(d.agents[0].salience == Approx(0.9).epsilon(1e-15));
    CHECK(d.agents[2].weights[1] == 0.0);  // no #D line for Donor on the toll
    // Up at (share 50, toll 4.75): 2/3 (1 - 30/100) + 1/3 (1 - 2.75/6.5).
    CHECK(u(d, 0, package({50, 4.75})) == Approx(2.0 / 3.0 * 0.7 + 1.0 / 3.0 * (1.0 - 2.75 / 6.5)).epsilon(0).margin(1e-12));
}

namespace {

// Random scenarios that a format can hold, and the round trip through its files.
struct Draw {
    negsim::RandomStream stream;
    double operator()(double lo, double hi) { return lo + (hi - lo) * stream.uniform(); }
    int integer(int lo, int hi) { return lo + static_cast<int>(stream.uniform() * (hi - lo + 1)); }
};

enum class Kind { genius, geniusweb, spatial, single };

// "o3": appended rather than "o" + to_string(3), which GCC 12 at -O3 warns about (-Wrestrict, a false positive).
std::string tag(const char* prefix, int n) {
    std::string s(prefix);
    s += std::to_string(n);
    return s;
}

json random_scenario(Draw& draw, Kind kind) {
    json j = {{"name", "roundtrip"}, {"issues", json::array()}, {"agents", json::array()}};
    const int issues = kind == Kind::single ? 1 : draw.integer(1, 6), agents = draw.integer(2, 5);
    std::vector<bool> discrete;
    for (int k = 0; k < issues; ++k) {
        const bool d = kind == Kind::geniusweb || (kind == Kind::genius && draw(0, 1) < 0.5);
        discrete.push_back(d);
        json issue = {{"id", tag("i", k)}, {"label", tag("Issue ", k)}, {"unit", "u"}};
        if (d) {
            json options = json::array();
            for (int o = 0, n = draw.integer(2, 6); o < n; ++o) options.push_back(tag("o", o));
            issue["options"] = options;
        } else {
            const double lo = draw(-50, 50);
            issue["min"] = lo;
            issue["max"] = lo + draw(0.5, 200);
        }
        j["issues"].push_back(issue);
    }
    for (int i = 0; i < agents; ++i) {
        json a = {{"id", tag("a", i)}, {"name", tag("Agent ", i)}, {"role", "signatory"}, {"power", draw(0, 100)},
                  {"salience", draw(0.05, 1)}, {"ideal", json::object()}, {"weights", json::object()}, {"values", json::object()},
                  {"reservation", draw(0, 0.5)}, {"strategy", {{"type", "linear"}}}};
        if (kind == Kind::genius && draw(0, 1) < 0.7) a["discount"] = draw(0.99, 1);
        for (int k = 0; k < issues; ++k) {
            const json& issue = j["issues"][k];
            const std::string id = issue["id"];
            a["weights"][id] = draw(0.01, 1);
            if (discrete[k]) {
                const int n = static_cast<int>(issue["options"].size());
                const double shape = draw(0, 1);
                if (shape < 0.5) {  // a table, its best entry possibly below 1
                    json table = json::object();
                    int best = 0;
                    double top = -1;
                    for (int o = 0; o < n; ++o) {
                        const double v = draw(0, 1);
                        table[tag("o", o)] = v;
                        if (v > top) { top = v; best = o; }
                    }
                    a["values"][id] = table;
                    a["ideal"][id] = tag("o", best);
                } else {
                    a["values"][id] = shape < 0.75 ? "linear" : "quadratic";
                    a["ideal"][id] = tag("o", draw.integer(0, n - 1));
                }
            } else if (kind == Kind::genius) {
                const double lo = issue["min"], hi = issue["max"];
                if (draw(0, 1) < 0.5) {
                    const double at_min = draw(0, 1), at_max = draw(0, 1);
                    a["values"][id] = {{"at_min", at_min}, {"at_max", at_max}};
                    a["ideal"][id] = at_max > at_min ? hi : lo;
                } else {
                    a["values"][id] = "linear";
                    a["ideal"][id] = draw(0, 1) < 0.5 ? lo : hi;
                }
            } else {
                const double lo = issue["min"], hi = issue["max"];
                a["ideal"][id] = draw(lo, hi);  // spatial: linear, peaked anywhere
            }
        }
        j["agents"].push_back(a);
    }
    j["protocol"] = {{"type", "alternating"}, {"rounds", draw.integer(1, 50)}};
    return j;
}

// negsim -> format files (in a scratch folder) -> negsim.
Scenario round_trip(const std::string& format, const Scenario& original, const fs::path& folder) {
    fs::remove_all(folder);
    fs::create_directories(folder);
    const interop::Exported out = interop::export_scenario(format, original, "original.json");
    std::vector<std::string> files;
    for (const auto& [name, text] : out.files) {
        std::ofstream(folder / name, std::ios::binary) << text;
        files.push_back((folder / name).string());
    }
    return imported(format, files, original.protocol.rounds);
}

// Spatial formats on 0-100 (KTAB, Scholz et al.) move each issue onto that scale: the same package there.
double mapped(const Scenario& from, const Scenario& to, std::size_t k, double x) {
    if (from.issues[k].discrete) return x;
    return to.issues[k].min + (x - from.issues[k].min) / from.issues[k].span() * to.issues[k].span();
}

void check_round_trip(const std::string& format, Kind kind, std::uint64_t cases) {
    const fs::path folder = fs::temp_directory_path() / ("negsim-roundtrip-" + format + "-" + std::to_string(::getpid()));
    std::size_t compared = 0;
    for (std::uint64_t c = 0; c < cases; ++c) {
        Draw draw{negsim::RandomStream(12, c, static_cast<std::uint64_t>(kind) + 100)};
        const Scenario original = negsim::test::scenario_from(random_scenario(draw, kind));
        const Scenario back = round_trip(format, original, folder);
        INFO(format << " case " << c);
        REQUIRE(back.issues.size() == original.issues.size());
        REQUIRE(back.agents.size() == original.agents.size());
        for (int p = 0; p < 200; ++p) {
            Package x{}, y{};
            for (std::size_t k = 0; k < original.issues.size(); ++k) {
                const negsim::Issue& issue = original.issues[k];
                x[k] = issue.discrete ? static_cast<double>(draw.integer(0, static_cast<int>(issue.options.size()) - 1)) : draw(issue.min, issue.max);
                y[k] = mapped(original, back, k, x[k]);
            }
            for (std::size_t i = 0; i < original.agents.size(); ++i) {
                CHECK(std::abs(u(original, i, x) - u(back, i, y)) <= 1e-12);
                ++compared;
            }
        }
        if (kind == Kind::genius) CHECK(back.name == original.name);  // the domain file NAME-domain.xml names it NAME
        for (std::size_t i = 0; i < original.agents.size(); ++i) {
            if (kind == Kind::genius) {
                CHECK(std::abs(back.agents[i].reservation - original.agents[i].reservation) <= 1e-12);
                CHECK(std::abs(back.agents[i].discount - original.agents[i].discount) <= 1e-12);
            }
            if (kind == Kind::spatial || kind == Kind::single) {
                CHECK(std::abs(back.agents[i].salience - original.agents[i].salience) <= 1e-12);
                CHECK(back.agents[i].power == original.agents[i].power);
            }
        }
    }
    fs::remove_all(folder);
    CHECK(compared > cases * 200);
}

}  // namespace

TEST_CASE("Round trips negsim -> GENIUS -> negsim keep utilities, reservations and discounts to 1e-12", "[interop]") { check_round_trip("genius", Kind::genius, 40); }

TEST_CASE("Round trips negsim -> GeniusWeb -> negsim keep utilities to 1e-12", "[interop]") { check_round_trip("geniusweb", Kind::geniusweb, 40); }

TEST_CASE("Round trips through KTAB CSV, KTAB XML and decide keep utilities, saliences and powers to 1e-12", "[interop]") {
    check_round_trip("ktab-csv", Kind::spatial, 30);
    check_round_trip("ktab-xml", Kind::spatial, 30);
    check_round_trip("decide", Kind::spatial, 30);
}

TEST_CASE("Round trips through the expected-utility CSV keep utilities to 1e-12", "[interop]") { check_round_trip("eu-csv", Kind::single, 30); }

TEST_CASE("Export refuses what a format cannot hold, naming the place", "[interop]") {
    const Scenario s = negsim::load_scenario(negsim::test::source_path("scenarios/example-small.json"));
    const auto message = [&](const std::string& format) {
        try {
            (void)interop::export_scenario(format, s, "example-small.json");
        } catch (const negsim::InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(message("geniusweb"), Catch::Contains("/issues/0") && Catch::Contains("continuous"));
    CHECK_THAT(message("ktab-csv"), Catch::Contains("/issues/2") && Catch::Contains("discrete"));
    CHECK_THAT(message("eu-csv"), Catch::Contains("one"));
    // GENIUS: the quadratic value of the downstream state on water_share.
    CHECK_THAT(message("genius"), Catch::Contains("/agents/1/values/water_share") && Catch::Contains("quadratic"));
}
