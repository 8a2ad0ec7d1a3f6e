// Overrides (--set NAME=VALUE, --nominal; docs/sweeps.md, "Overrides"): each documented rule, the errors for bad names
// and values, and the warnings about nominal values that sampling never uses.
#include "input/input_error.hpp"
#include "input/overrides.hpp"
#include "input/warnings.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace negsim;

namespace {

std::string paris_text() { return read_file(test::source_path("scenarios/paris-2026-core.json")); }
std::string small_text() { return read_file(test::source_path("scenarios/example-small.json")); }

EffectiveScenario apply(const std::string& text, std::vector<Override> overrides, bool nominal = false) {
    return apply_overrides(text, "s.json", overrides, nominal);
}

// The error apply() gives, or "accepted".
InputError error_of(const std::string& text, std::vector<Override> overrides, bool nominal = false) {
    try {
        (void)apply(text, std::move(overrides), nominal);
    } catch (const InputError& e) {
        return e;
    }
    return InputError("", "", "accepted");
}

std::size_t agent(const Scenario& s, const std::string& id) {
    for (std::size_t i = 0; i < s.agent_count(); ++i)
        if (s.agents[i].id == id) return i;
    FAIL("no agent " << id);
    return 0;
}

std::size_t issue(const Scenario& s, const std::string& id) {
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        if (s.issues[k].id == id) return k;
    FAIL("no issue " << id);
    return 0;
}

// two-party.json with a distribution on agent a's reservation (nominal 0.4).
std::string with_reservation_distribution(const nlohmann::json& distribution) {
    nlohmann::json j = test::two_party(0.4, 0.0, 10);
    j["monte_carlo"]["uncertainty"] = {{"agents", {{"a", {{"reservation", distribution}}}}}};
    return j.dump(2);
}

}  // namespace

TEST_CASE("an override NAME=VALUE is split at its first '='", "[overrides]") {
    const Override o = parse_override("russia/reservation=0.5");
    CHECK(o.name == "russia/reservation");
    CHECK(o.value == "0.5");
    CHECK(parse_override("a=b=c").value == "b=c");
    for (const char* bad : {"russia/reservation", "=0.5", "russia/reservation=", ""}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_override(bad), InputError);
    }
}

TEST_CASE("no override leaves the text byte for byte, a value is set where the file states it", "[overrides]") {
    const std::string text = paris_text();
    CHECK(apply(text, {}).text == text);
    const EffectiveScenario e = apply(text, {{"russia/ratification", "0.5"}, {"protocol/breakdown", "0.05"}});
    const Scenario original = parse_scenario(text, "s.json");
    const std::size_t r = agent(e.scenario, "russia");
    CHECK(e.scenario.agents[r].ratification == 0.5);
    CHECK(e.scenario.protocol.breakdown == 0.05);
    CHECK(e.scenario.agents[r].reservation == original.agents[r].reservation);
    CHECK(parse_scenario(e.text, "again.json").agents[r].ratification == 0.5);  // the text is what was validated
}

TEST_CASE("a wrong name lists the nearest valid names", "[overrides]") {
    const InputError e = error_of(paris_text(), {{"russia/reservaton", "0.5"}});
    CHECK(e.file() == "--set");
    CHECK_THAT(e.message(), Catch::Contains("unknown name \"russia/reservaton\"") && Catch::Contains("nearest valid names: \"russia/reservation\""));
    // A few of them, nearest first.
    const std::string m = e.message();
    CHECK(std::count(m.begin(), m.end(), '"') >= 2 * 4 + 4);
    const InputError far = error_of(paris_text(), {{"protocol/round", "5"}});
    CHECK_THAT(far.message(), Catch::Contains("nearest valid names: \"protocol/rounds\""));
}

TEST_CASE("closest_matches ranks by edit distance, ties in the candidates' order", "[overrides][text]") {
    const std::vector<std::string> names = {"zeta", "russia/power", "russia/reservation", "ukraine/reservation", "russia/ratification"};
    const auto nearest = closest_matches("russia/reservaton", names, 3);
    REQUIRE(nearest.size() == 3);
    CHECK(nearest[0] == "russia/reservation");
    CHECK(nearest[1] == "ukraine/reservation");
    CHECK(closest_matches("x", names, 10).size() == names.size());
}

TEST_CASE("setting a nominal value moves its uniform distribution by the same amount", "[overrides]") {
    const EffectiveScenario e = apply(paris_text(), {{"russia/reservation", "0.5"}});
    const std::size_t r = agent(e.scenario, "russia");
    CHECK(e.scenario.agents[r].reservation == 0.5);
    const Distribution& d = e.scenario.monte_carlo.agents[r].reservation;
    REQUIRE(d.kind == Distribution::Kind::uniform);
    CHECK(d.a == Approx(0.4).margin(1e-12));  // was [0.5, 0.7] around 0.6
    CHECK(d.b == Approx(0.6).margin(1e-12));
}

TEST_CASE("a triangular distribution and a beta with min and max move with their nominal value", "[overrides]") {
    const EffectiveScenario t = apply(with_reservation_distribution({{"distribution", "triangular"}, {"min", 0.3}, {"mode", 0.4}, {"max", 0.6}}),
                                      {{"a/reservation", "0.2"}});
    const Distribution& d = t.scenario.monte_carlo.agents[0].reservation;
    CHECK(d.a == Approx(0.1).margin(1e-12));
    CHECK(d.b == Approx(0.2).margin(1e-12));
    CHECK(d.c == Approx(0.4).margin(1e-12));
    const EffectiveScenario b = apply(with_reservation_distribution({{"distribution", "beta"}, {"alpha", 2}, {"beta", 3}, {"min", 0.2}, {"max", 0.7}}),
                                      {{"a/reservation", "0.5"}});
    const Distribution& db = b.scenario.monte_carlo.agents[0].reservation;
    CHECK(db.lo == Approx(0.3).margin(1e-12));
    CHECK(db.hi == Approx(0.8).margin(1e-12));
    CHECK(db.a == 2.0);  // the shape is kept
}

TEST_CASE("a normal without a mean follows the nominal value, one with its own mean moves", "[overrides]") {
    const std::string text = paris_text();
    const EffectiveScenario e = apply(text, {{"united_states/ideal/army_cap", "650"}});
    const std::size_t us = agent(e.scenario, "united_states"), cap = issue(e.scenario, "army_cap");
    const Distribution& d = e.scenario.monte_carlo.agents[us].ideal[cap];
    CHECK(d.a == 650.0);
    CHECK_FALSE(d.mean_given);
    CHECK(e.text.find("\"mean\"") == std::string::npos);  // nothing written into the distribution
    const EffectiveScenario m = apply(small_text(), {{"upstream/reservation", "0.4"}});
    const Distribution& dm = m.scenario.monte_carlo.agents[0].reservation;  // normal, mean 0.35 = nominal 0.35
    CHECK(dm.mean_given);
    CHECK(dm.a == Approx(0.4).margin(1e-12));
    CHECK(dm.b == 0.05);
}

TEST_CASE("a beta over the whole domain cannot move: setting its parameter is an error naming the way to change it", "[overrides]") {
    const std::string text = with_reservation_distribution({{"distribution", "beta"}, {"alpha", 2}, {"beta", 3}});
    const InputError e = error_of(text, {{"a/reservation", "0.5"}});
    CHECK(e.where() == "/monte_carlo/uncertainty/agents/a/reservation");
    CHECK_THAT(e.message(), Catch::Contains("--set \"a/reservation=0.5\"") && Catch::Contains("no \"min\" and \"max\"") &&
                                Catch::Contains("uncertainty/a/reservation/alpha"));
    // Its own numbers can be set.
    CHECK(apply(text, {{"uncertainty/a/reservation/alpha", "5"}}).scenario.monte_carlo.agents[0].reservation.a == 5.0);
}

TEST_CASE("a move that leaves the parameter's domain is an error at the distribution, unless later overrides repair it", "[overrides]") {
    const std::string text = paris_text();
    const InputError e = error_of(text, {{"russia/reservation", "0.95"}});
    CHECK(e.where() == "/monte_carlo/uncertainty/agents/russia/reservation");
    CHECK_THAT(e.message(), Catch::Contains("takes its max to 1.04999") && Catch::Contains("outside [0, 1]"));
    const EffectiveScenario ok = apply(text, {{"russia/reservation", "0.95"}, {"uncertainty/russia/reservation/max", "1"}});
    const Distribution& d = ok.scenario.monte_carlo.agents[agent(ok.scenario, "russia")].reservation;
    CHECK(d.a == Approx(0.85).margin(1e-12));
    CHECK(d.b == 1.0);
}

TEST_CASE("setting one weight gives that issue the share and rescales the others in proportion", "[overrides]") {
    const std::string text = paris_text();
    const Scenario before = parse_scenario(text, "s.json");
    const EffectiveScenario e = apply(text, {{"ukraine/weights/territory", "0.6"}});
    const std::size_t u = agent(e.scenario, "ukraine"), t = issue(e.scenario, "territory");
    const auto& w = e.scenario.agents[u].weights;
    CHECK(w[t] == Approx(0.6).margin(1e-12));
    double total = 0.0;
    for (std::size_t k = 0; k < w.size(); ++k) {
        total += w[k];
        if (k != t) CHECK(w[k] == Approx(before.agents[u].weights[k] * 0.4 / 0.6).margin(1e-12));
    }
    CHECK(total == Approx(1.0).margin(1e-12));
    // Weights as written need not sum to 1: shares are what is set (downstream: 5, 2, 3).
    const EffectiveScenario small = apply(small_text(), {{"downstream/weights/water_share", "0.2"}});
    const auto& ws = small.scenario.agents[1].weights;
    CHECK(ws[0] == Approx(0.2).margin(1e-12));
    CHECK(ws[1] == Approx(0.32).margin(1e-12));
    CHECK(ws[2] == Approx(0.48).margin(1e-12));
    // With no other weight to take the rest, only 1 is possible.
    const std::string one_issue = test::two_party(0.0, 0.0, 10).dump();
    CHECK_THAT(error_of(one_issue, {{"a/weights/share", "0.5"}}).message(), Catch::Contains("other weights are all 0"));
    CHECK(apply(one_issue, {{"a/weights/share", "1"}}).scenario.agents[0].weights[0] == 1.0);
}

TEST_CASE("an exponent, an option, the rounds and a shock are set, --nominal drops the uncertainty", "[overrides]") {
    const std::string text = paris_text();
    const EffectiveScenario e = apply(text, {{"russia/exponent", "2"},
                                             {"protocol/rounds", "10"},
                                             {"shocks/battlefield_shift/russia/reservation", "0.2"},
                                             {"shocks/us_distraction/probability", "0.5"}});
    const Scenario& s = e.scenario;
    CHECK(std::get<TimeDependentStrategy>(s.agents[agent(s, "russia")].strategy).exponent == 2.0);  // was boulware 0.2
    // A discrete issue's ideal is an option; with a value table, the table decides it and it cannot be set.
    CHECK(apply(small_text(), {{"downstream/ideal/monitoring", "none"}}).scenario.agents[1].ideal[2] == 0.0);
    const InputError typo = error_of(small_text(), {{"donor/ideal/monitoring", "thrid_party"}});
    CHECK(typo.where() == "/agents/2/ideal/monitoring");
    CHECK_THAT(typo.message(), Catch::Contains("(did you mean \"third_party\"?)"));
    CHECK_THAT(error_of(text, {{"ukraine/ideal/us_backstop", "air_support"}}).message(), Catch::Contains("by a table (/agents/0/values/us_backstop)"));
    CHECK(s.protocol.rounds == 10);
    CHECK(s.monte_carlo.shocks[1].effects[0].value == 0.2);
    CHECK(s.monte_carlo.shocks[0].probability == 0.5);

    const EffectiveScenario n = apply(text, {{"russia/reservation", "0.95"}}, true);
    CHECK(n.scenario.monte_carlo.shocks.empty());
    for (const AgentUncertainty& u : n.scenario.monte_carlo.agents) {
        CHECK(u.weight_concentration == 0.0);
        CHECK(u.reservation.kind == Distribution::Kind::fixed);
    }
    CHECK(n.scenario.monte_carlo.seed == 7);  // the rest of monte_carlo stays
    CHECK_THAT(error_of(text, {{"uncertainty/russia/reservation/min", "0.5"}}, true).message(), Catch::Contains("--nominal drops"));
}

TEST_CASE("bad values and invalid results are errors at the pointer, naming the --set", "[overrides][bad-input]") {
    struct Case {
        std::vector<Override> overrides;
        const char* where;
        const char* message;
    };
    const Case cases[] = {
        {{{"russia/reservation", "high"}}, "/agents/5/reservation", "\"high\" is not a number"},
        {{{"russia/reservation", "1.5"}}, "/agents/5/reservation", "1.5 is outside [0, 1]"},
        {{{"protocol/rounds", "10.5"}}, "/protocol/rounds", "not a whole number"},
        {{{"protocol/rounds", "0"}}, "/protocol/rounds", "outside [1, 100000]"},
        {{{"ukraine/weights/territory", "1.2"}}, "/agents/0/weights/territory", "outside [0, 1]"},
        {{{"uncertainty/russia/reservation/min", "0.8"}}, "/monte_carlo/uncertainty/agents/russia/reservation/max",
         "is below min; expected max >= min (after --set \"uncertainty/russia/reservation/min=0.8\")"},
    };
    for (const Case& c : cases) {
        INFO(c.overrides[0].name << "=" << c.overrides[0].value);
        const InputError e = error_of(paris_text(), c.overrides);
        CHECK(e.file() == "s.json");
        CHECK(e.where() == c.where);
        CHECK_THAT(e.message(), Catch::Contains(c.message));
        CHECK_THAT(e.message(), Catch::Contains("--set \"" + c.overrides[0].name + "=" + c.overrides[0].value + "\""));
    }
}

TEST_CASE("every target name is accepted by --set", "[overrides]") {
    const std::string text = paris_text();
    const auto targets = override_targets(parse_scenario(text, "s.json"));
    std::set<std::string> names;
    for (const OverrideTarget& t : targets) names.insert(t.name);
    CHECK(names.size() == targets.size());
    for (const char* name : {"russia/reservation", "ukraine/weights/territory", "united_states/ideal/army_cap", "germany/salience",
                             "russia/exponent", "protocol/rounds", "protocol/breakdown", "shocks/us_distraction/probability",
                             "shocks/us_distraction/united_states/weights/us_backstop", "uncertainty/russia/reservation/min",
                             "uncertainty/united_states/ideal/army_cap/sd", "uncertainty/ukraine/weights/concentration"})
        CHECK(names.count(name) == 1);
    for (const OverrideTarget& t : targets) {
        INFO(t.name);
        const std::string value = t.type == TargetType::option ? t.options.back() : std::to_string(t.type == TargetType::integer ? t.lo : (t.lo + t.hi) / 2);
        try {
            (void)apply(text, {{t.name, value}});
        } catch (const InputError& e) {
            CHECK_THAT(e.message(), !Catch::Contains("unknown name"));  // a value may conflict with others; the name must resolve
        }
    }
}

TEST_CASE("warnings name a nominal value a distribution replaces in every sample, with both pointers", "[overrides]") {
    // Paris's and the small example's distributions are centred on their nominal values (uniforms around them, a
    // normal with the same mean): they only spread them, so nothing is warned about.
    CHECK(scenario_warnings(parse_scenario(paris_text(), "s.json")).empty());
    CHECK(scenario_warnings(parse_scenario(small_text(), "s.json")).empty());
    // Moved off their centres, each warns, naming the centre.
    nlohmann::json paris = nlohmann::json::parse(paris_text());
    paris["agents"][5]["reservation"] = 0.62;  // uniform 0.5 to 0.7
    const auto moved = scenario_warnings(test::scenario_from(paris));
    REQUIRE(moved.size() == 1);
    CHECK_THAT(moved[0], Catch::StartsWith("/agents/5/reservation: the nominal value 0.62") &&
                             Catch::Contains("uniform distribution at /monte_carlo/uncertainty/agents/russia/reservation, centred on 0.6,"));
    nlohmann::json small = nlohmann::json::parse(small_text());
    small["agents"][0]["reservation"] = 0.4;       // normal with its own mean 0.35
    small["agents"][1]["ideal"]["duration"] = 12;  // uniform 5 to 15
    const auto off = scenario_warnings(test::scenario_from(small));
    REQUIRE(off.size() == 2);
    CHECK_THAT(off[0], Catch::Contains("/agents/0/reservation") && Catch::Contains("normal distribution") && Catch::Contains("centred on 0.35"));
    CHECK_THAT(off[1], Catch::Contains("/agents/1/ideal/duration") && Catch::Contains("/monte_carlo/uncertainty/agents/downstream/ideal/duration"));
    // A triangular is centred on its mode, a beta on its mean over its interval.
    CHECK(scenario_warnings(parse_scenario(with_reservation_distribution({{"distribution", "triangular"}, {"min", 0.1}, {"mode", 0.4}, {"max", 0.9}}), "s.json")).empty());
    CHECK(scenario_warnings(parse_scenario(with_reservation_distribution({{"distribution", "triangular"}, {"min", 0.1}, {"mode", 0.5}, {"max", 0.9}}), "s.json")).size() == 1);
    CHECK(scenario_warnings(parse_scenario(with_reservation_distribution({{"distribution", "beta"}, {"alpha", 2}, {"beta", 3}}), "s.json")).empty());
    CHECK(scenario_warnings(parse_scenario(with_reservation_distribution({{"distribution", "beta"}, {"alpha", 3}, {"beta", 3}}), "s.json")).size() == 1);
    // A shock of probability 1 that sets a value replaces it too; --nominal leaves nothing to warn about.
    nlohmann::json j = test::two_party(0.4, 0.0, 10);
    j["monte_carlo"]["uncertainty"] = {{"shocks", {{{"id", "s"}, {"probability", 1}, {"effects", {{{"parameter", "a/reservation"}, {"set", 0.2}}}}}}}};
    const auto shock = scenario_warnings(test::scenario_from(j));
    REQUIRE(shock.size() == 1);
    CHECK_THAT(shock[0], Catch::Contains("/agents/0/reservation") && Catch::Contains("/monte_carlo/uncertainty/shocks/0"));
    CHECK(scenario_warnings(apply(paris.dump(), {}, true).scenario).empty());
}

TEST_CASE("a warning names an agent whose threshold r / discount^t passes 1 before the last round", "[overrides]") {
    // r = 0.5, discount 0.9: r / 0.9^t > 1 from t = 7 (ln 0.5 / ln 0.9 = 6.58), so 20 rounds warn and 7 rounds
    // (t = 0..6) do not.
    nlohmann::json j = test::two_party(0.5, 0.0, 20);
    j["agents"][0]["discount"] = 0.9;
    const auto twenty = scenario_warnings(test::scenario_from(j));
    REQUIRE(twenty.size() == 1);
    CHECK_THAT(twenty[0], Catch::StartsWith("/agents/0/discount:") && Catch::Contains("from round 7 of 20") && Catch::Contains("GENIUS"));
    j["protocol"]["rounds"] = 7;
    CHECK(scenario_warnings(test::scenario_from(j)).empty());
    j["protocol"]["rounds"] = 8;
    CHECK(scenario_warnings(test::scenario_from(j)).size() == 1);
}
