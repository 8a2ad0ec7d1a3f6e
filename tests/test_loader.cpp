// Scenario loader: valid files load; each kind of bad input gives its own message at its JSON path.
#include "input/input_error.hpp"
#include "input/scenario_loader.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace negsim;
using nlohmann::json;

namespace {

// Parses `text` expecting an InputError; returns it.
InputError error_for(const std::string& text) {
    try {
        (void)parse_scenario(text, "bad.json");
    } catch (const InputError& e) {
        return e;
    }
    FAIL("no error for: " << text);
    return InputError("", "", "");
}

InputError error_for(const json& j) { return error_for(j.dump(2)); }

json base() { return test::load_json("tests/data/two-party.json"); }

// A base with a second, discrete issue.
json with_discrete_issue() {
    json j = base();
    j["issues"].push_back({{"id", "backstop"}, {"label", "Backstop"}, {"unit", "level"}, {"options", {"none", "political", "treaty"}}});
    for (auto& agent : j["agents"]) {
        agent["ideal"]["backstop"] = "none";
        agent["weights"]["backstop"] = 0.5;
    }
    return j;
}

}  // namespace

TEST_CASE("valid scenario files load with normalised weights", "[loader]") {
    const Scenario s = test::scenario_from(with_discrete_issue());
    REQUIRE(s.agent_count() == 2);
    REQUIRE(s.issue_count() == 2);
    CHECK(s.issues[1].discrete);
    CHECK(s.issues[1].max == 2.0);
    CHECK(s.agents[0].weights[0] == Approx(2.0 / 3.0));
    CHECK(s.agents[0].weights[1] == Approx(1.0 / 3.0));
    CHECK(s.protocol.decision.requires_acceptance(Role::signatory));
    CHECK_FALSE(s.protocol.decision.requires_acceptance(Role::member));

    for (const char* file : {"scenarios/paris-2026.json", "scenarios/example-small.json", "tests/data/two-party.json"}) {
        INFO(file);
        CHECK_NOTHROW(load_scenario(test::source_path(file)));
    }
}

TEST_CASE("a JSON syntax error names file, line and column", "[loader]") {
    const InputError e = error_for(std::string("{\n  \"name\": \"x\",\n  \"issues\": [,]\n}"));
    CHECK(e.file() == "bad.json:3:14");
    CHECK_THAT(e.message(), Catch::Contains("invalid JSON"));
}

TEST_CASE("unknown keys are errors with a suggestion", "[loader]") {
    json j = base();
    j["agents"][1]["wieghts"] = j["agents"][1]["weights"];
    const InputError e = error_for(j);
    CHECK(e.where() == "/agents/1/wieghts");
    CHECK_THAT(e.message(), Catch::Contains("unknown key \"wieghts\"") && Catch::Contains("did you mean \"weights\"?"));

    json top = base();
    top["monte_carlo"]["sample"] = 10;
    CHECK_THAT(error_for(top).what(), Catch::Contains("/monte_carlo/sample: unknown key") && Catch::Contains("did you mean \"samples\"?"));
}

TEST_CASE("a negative weight is reported at its path", "[loader]") {
    json j = base();
    j["agents"][1]["weights"]["share"] = -0.2;
    const InputError e = error_for(j);
    CHECK(std::string(e.what()) == "bad.json: /agents/1/weights/share: -0.2 is negative; weights must be >= 0");
}

TEST_CASE("an ideal outside its issue's range is an error", "[loader]") {
    json j = base();
    j["agents"][0]["ideal"]["share"] = 1.5;
    const InputError e = error_for(j);
    CHECK(e.where() == "/agents/0/ideal/share");
    CHECK_THAT(e.message(), Catch::Contains("1.5 is outside the range of issue \"share\"") && Catch::Contains("[0, 1]"));
}

TEST_CASE("an agent naming an unknown issue is an error", "[loader]") {
    json j = base();
    j["agents"][0]["weights"]["shares"] = 1;
    const InputError e = error_for(j);
    CHECK(e.where() == "/agents/0/weights/shares");
    CHECK_THAT(e.message(), Catch::Contains("unknown issue \"shares\" (did you mean \"share\"?)"));
}

TEST_CASE("an issue missing from an agent is an error", "[loader]") {
    json j = with_discrete_issue();
    j["agents"][1]["weights"].erase("backstop");
    const InputError e = error_for(j);
    CHECK(e.where() == "/agents/1/weights");
    CHECK_THAT(e.message(), Catch::Contains("missing issue \"backstop\""));

    json k = with_discrete_issue();
    k["agents"][0]["ideal"].erase("share");
    CHECK(error_for(k).where() == "/agents/0/ideal");
}

TEST_CASE("non-finite numbers are errors", "[loader]") {
    json j = base();
    j["agents"][0]["reservation"] = 0.123;
    std::string text = j.dump(2);
    text.replace(text.find("0.123"), 5, "1e999");
    const InputError e = error_for(text);
    const auto line = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(text.find("1e999")), '\n') + 1;
    CHECK_THAT(e.file(), Catch::StartsWith("bad.json:" + std::to_string(line) + ":"));
    CHECK(e.message() == "1e999 is not a finite number (it overflows a double)");
}

TEST_CASE("duplicate ids are errors naming the first use", "[loader]") {
    json j = base();
    j["agents"][1]["id"] = "a";
    const InputError e = error_for(j);
    CHECK(e.where() == "/agents/1/id");
    CHECK(e.message() == "duplicate id \"a\" (first used at /agents/0/id)");

    json k = with_discrete_issue();
    k["issues"][1]["id"] = "share";
    CHECK(error_for(k).where() == "/issues/1/id");
}

TEST_CASE("an empty agent list is an error", "[loader]") {
    json j = base();
    j["agents"] = json::array();
    const InputError e = error_for(j);
    CHECK(e.where() == "/agents");
    CHECK(e.message() == "is empty; at least 2 agents are needed");
}

TEST_CASE("a protocol naming an unknown agent is an error", "[loader]") {
    json j = base();
    j["protocol"]["order"] = {"a", "bb"};
    const InputError e = error_for(j);
    CHECK(e.where() == "/protocol/order/1");
    CHECK_THAT(e.message(), Catch::Contains("unknown agent \"bb\" (did you mean \"b\"?)"));
}

TEST_CASE("discrete issues: ideals are option names and value tables put the ideal at 1", "[loader]") {
    json j = with_discrete_issue();
    j["agents"][0]["ideal"]["backstop"] = "treatty";
    const InputError e = error_for(j);
    CHECK(e.where() == "/agents/0/ideal/backstop");
    CHECK_THAT(e.message(), Catch::Contains("did you mean \"treaty\"?"));

    json k = with_discrete_issue();
    k["agents"][0]["values"] = {{"backstop", {{"none", 0.9}, {"political", 1.0}, {"treaty", 0.0}}}};
    const InputError f = error_for(k);
    CHECK(f.where() == "/agents/0/values/backstop/none");
    CHECK_THAT(f.message(), Catch::Contains("the ideal option must have value 1"));
}

TEST_CASE("wrong types, roles, strategies and distributions are explained", "[loader]") {
    json j = base();
    j["agents"][0]["role"] = "signatary";
    CHECK_THAT(error_for(j).what(), Catch::Contains("/agents/0/role: \"signatary\" is not one of") && Catch::Contains("did you mean \"signatory\"?"));

    json k = base();
    k["agents"][0]["strategy"] = {{"type", "boulware"}, {"exponent", 3}};
    CHECK(error_for(k).where() == "/agents/0/strategy/exponent");

    json l = base();
    l["monte_carlo"]["uncertainty"] = {{"agents", {{"a", {{"reservation", {{"distribution", "normal"}, {"sd", 0}}}}}}}};
    CHECK(error_for(l).where() == "/monte_carlo/uncertainty/agents/a/reservation/sd");

    json m = base();
    m["protocol"]["rounds"] = "ten";
    CHECK(std::string(error_for(m).what()) == "bad.json: /protocol/rounds: \"ten\" is not a non-negative integer; expected an integer from 1 to 100000");
}

TEST_CASE("a repeated key is an error at its path", "[loader]") {
    std::string text = base().dump(2);
    const std::string weights = "\"weights\": {";
    const auto second_agent = text.find("\"id\": \"b\"");
    text.insert(text.find(weights, second_agent), "\"power\": 2, ");
    const InputError e = error_for(text);
    CHECK(e.where() == "/agents/1/power");
    CHECK_THAT(e.message(), Catch::Contains("repeated key"));
}

TEST_CASE("errors are reported in file order", "[loader]") {
    json j = base();
    j["agents"][0]["weights"] = json::object();
    j["agents"][0]["weights"]["zeta"] = 1;
    j["agents"][0]["weights"]["alpha"] = 1;
    // nlohmann::json sorts keys; write them in the order zeta, alpha by hand.
    std::string text = j.dump(2);
    const auto at = text.find("\"alpha\": 1");
    text.replace(at, std::string("\"alpha\": 1,\n        \"zeta\": 1").size(), "\"zeta\": 1,\n        \"alpha\": 1");
    CHECK(error_for(text).where() == "/agents/0/weights/zeta");
}

TEST_CASE("scenarios that would crash or produce NaN are rejected up front", "[loader]") {
    json observers = base();
    for (auto& agent : observers["agents"]) agent["role"] = "observer";
    observers["protocol"]["decision_rule"] = {{"must_accept", {"observer"}}};
    CHECK_THAT(error_for(observers).what(), Catch::Contains("/protocol: no agent proposes"));

    json version = base();
    version["version"] = 1.0;
    CHECK(error_for(version).where() == "/version");

    json weights = base();
    weights["agents"][0]["weights"]["share"] = 1e308;
    CHECK(error_for(weights).where() == "/agents/0/weights/share");

    json range = base();
    range["issues"][0]["max"] = 1e300;
    CHECK(error_for(range).where() == "/issues/0/max");

    json tiny = base();
    tiny["monte_carlo"]["uncertainty"] = {{"agents", {{"a", {{"weights", {{"distribution", "dirichlet"}, {"concentration", 5e-324}}}}}}}};
    CHECK(error_for(tiny).where() == "/monte_carlo/uncertainty/agents/a/weights/concentration");
}
