// Scenario loader: valid files load; each kind of bad input gives its own message at its JSON path.
#include "input/input_error.hpp"
#include "input/scenario_loader.hpp"
#include "test_support.hpp"

#include "model/text.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <set>

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
    CHECK(s.agents[0].weights[0] == Approx(2.0 / 3.0).epsilon(1e-12));
    CHECK(s.agents[0].weights[1] == Approx(1.0 / 3.0).epsilon(1e-12));
    CHECK(s.protocol.decision.requires_acceptance(Role::signatory));
    CHECK_FALSE(s.protocol.decision.requires_acceptance(Role::member));

    for (const char* file : {"scenarios/paris-2026-core.json", "scenarios/example-small.json", "tests/data/two-party.json"}) {
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

TEST_CASE("discrete issues: ideals are option names and value tables put the ideal at their highest value", "[loader]") {
    json j = with_discrete_issue();
    j["agents"][0]["ideal"]["backstop"] = "treatty";
    const InputError e = error_for(j);
    CHECK(e.where() == "/agents/0/ideal/backstop");
    CHECK_THAT(e.message(), Catch::Contains("did you mean \"treaty\"?"));

    json k = with_discrete_issue();
    k["agents"][0]["values"] = {{"backstop", {{"none", 0.9}, {"political", 1.0}, {"treaty", 0.0}}}};
    const InputError f = error_for(k);
    CHECK(f.where() == "/agents/0/values/backstop/none");
    CHECK_THAT(f.message(), Catch::Contains("the ideal option must have the table's highest value, 1"));

    // A table whose best entry is below 1 (GeniusWeb allows it) loads as it stands.
    json g = with_discrete_issue();
    g["agents"][0]["values"] = {{"backstop", {{"none", 0.7}, {"political", 0.3}, {"treaty", 0.0}}}};
    CHECK(test::scenario_from(g).agents[0].values[1].table[0] == 0.7);
}

TEST_CASE("affine values give the values at the issue's ends, and the ideal is the better end", "[loader]") {
    json j = base();
    j["issues"][0]["min"] = 10;
    j["issues"][0]["max"] = 20;
    j["agents"][0]["ideal"]["share"] = 20;
    j["agents"][1]["ideal"]["share"] = 10;
    j["agents"][0]["values"] = {{"share", {{"at_min", 0.1}, {"at_max", 0.9}}}};
    const Scenario s = test::scenario_from(j);
    CHECK(s.agents[0].values[0].slope == Approx(0.08).epsilon(0).margin(1e-15));
    CHECK(s.agents[0].values[0].intercept == Approx(-0.7).epsilon(0).margin(1e-15));

    j["agents"][0]["ideal"]["share"] = 15;
    const InputError e = error_for(j);
    CHECK(e.where() == "/agents/0/values/share");
    CHECK_THAT(e.message(), Catch::Contains("expected ideal 20"));

    j["agents"][0]["ideal"]["share"] = 20;
    j["agents"][0]["values"]["share"] = {{"at_min", 0.1}, {"at_max", 1.2}};
    CHECK(error_for(j).where() == "/agents/0/values/share/at_max");
    j["agents"][0]["values"]["share"] = {{"at_min", 0.1}, {"top", 1}};
    CHECK(error_for(j).where() == "/agents/0/values/share/top");
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

namespace {

// Whether `text` is one line of valid UTF-8 that prints as it is: no control byte, no invisible or bidirectional
// character, no byte outside a well-formed UTF-8 sequence (checked here independently of model/text.cpp).
bool one_printable_line(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x20 || b == 0x7F) return false;
        if (b < 0x80) { ++i; continue; }
        const std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
        if (n == 0 || b > 0xF4 || i + n > text.size()) return false;
        char32_t c = b & (n == 2 ? 0x1Fu : n == 3 ? 0x0Fu : 0x07u);
        for (std::size_t k = 1; k < n; ++k) {
            const auto t = static_cast<unsigned char>(text[i + k]);
            if ((t & 0xC0u) != 0x80u) return false;
            c = (c << 6) | (t & 0x3Fu);
        }
        if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
        if (c <= 0xA0 || c == 0xAD || (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) || (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF)
            return false;
        i += n;
    }
    return true;
}

}  // namespace

TEST_CASE("every bad-input fixture gives its documented error, in one printable line", "[loader][bad-input]") {
    const auto manifest = test::load_json("tests/bad_inputs.json");
    std::set<std::string> listed;
    for (const auto& entry : manifest["fixtures"]) {
        const std::string name = entry["file"];
        listed.insert(name);
        INFO(name);
        const std::string path = test::source_path("tests/data/bad/" + name);
        try {
            (void)load_scenario(path);
            FAIL("accepted");
        } catch (const InputError& e) {
            CHECK(e.where() == entry["where"].get<std::string>());
            CHECK(e.file().rfind(path, 0) == 0);
            CHECK_THAT(e.what(), Catch::Contains(entry["message"].get<std::string>()));
            CHECK(one_printable_line(e.what()));
            CHECK(std::string(e.what()).size() < 2000);
        }
    }
    for (const auto& file : std::filesystem::directory_iterator(test::source_path("tests/data/bad"))) {
        INFO(file.path());
        CHECK(listed.count(file.path().filename().string()) == 1);
    }
}

TEST_CASE("a value nested 60000 levels deep is an error, not a stack overflow", "[loader][bad-input]") {
    std::string text = base().dump();
    const std::string deep = std::string(60000, '[') + std::string(60000, ']');
    text.replace(text.find("\"two-party\""), std::string("\"two-party\"").size(), deep);
    const InputError e = error_for(text);
    CHECK_THAT(e.message(), Catch::Contains("nested more than 64 levels deep"));
    CHECK(e.where().size() < 200);
    // 64 levels are read (and then fail as what they are: an array where a string belongs).
    std::string shallow = base().dump();
    shallow.replace(shallow.find("\"two-party\""), std::string("\"two-party\"").size(), std::string(63, '[') + std::string(63, ']'));
    CHECK_THAT(error_for(shallow).message(), Catch::Contains("an array of 1 element; expected a string"));
}

TEST_CASE("users' text in messages is escaped, and cut at a character boundary", "[loader][text]") {
    CHECK(quote_text("a\x1b[31m") == "\"a\\u001B[31m\"");
    CHECK(quote_text(std::string("po\0wer", 6)) == "\"po\\u0000wer\"");
    CHECK(quote_text("line\nbreak\ttab\r") == "\"line\\nbreak\\ttab\\r\"");
    CHECK(quote_text("zero\u200Bwidth \uFEFF bidi\u202E sep\u2028 nbsp\u00A0 tag\U000E0041") ==
          "\"zero\\u200Bwidth \\uFEFF bidi\\u202E sep\\u2028 nbsp\\u00A0 tag\\U000E0041\"");
    CHECK(quote_text("\xFF\xC3 \xC0\xAF \xED\xA0\x80") == "\"\\xFF\\xC3 \\xC0\\xAF \\xED\\xA0\\x80\"");
    CHECK(quote_text("say \"hi\" \\ ") == "\"say \\\"hi\\\" \\\\ \"");
    CHECK(quote_text("Kalai–Smorodinsky, 中文, 😀") == "\"Kalai–Smorodinsky, 中文, 😀\"");
    // 100 two-byte characters: 60 of them are shown, whole, and the cut is marked after the closing quote.
    std::string accents;
    for (int i = 0; i < 100; ++i) accents += "é";
    std::string shown(1, '"');
    shown.append(accents, 0, 2 * kEchoChars).append("\"...");
    CHECK(quote_text(accents) == shown);
    CHECK(printable_text(accents, 3) == "ééé...");
    CHECK(printable_text(printable_text("a\x01\xFF\\u")) == printable_text("a\x01\xFF\\u"));
}

TEST_CASE("The did-you-mean suggestion is bounded: long words get no suggestion and long ids are answered at once", "[loader][text]") {
    const std::string word(kSuggestBytes, 'a');
    CHECK(closest_match(word + "b", {word + "c"}).empty());
    CHECK(closest_match(word.substr(1) + "b", {word.substr(1) + "c"}) == word.substr(1) + "c");

    // An unknown 90 000-character issue id among ids as long (n x m edit distances took 28 s).
    json j = base();
    const std::string id(90000, 'a');
    j["issues"][0]["id"] = "s" + id;
    j["agents"][0]["ideal"] = {{"t" + id, 1}};
    const auto start = std::chrono::steady_clock::now();
    const InputError e = error_for(j.dump());
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 5.0);
    CHECK_THAT(e.message(), Catch::StartsWith("unknown issue \"taaaa"));
    CHECK(std::string(e.what()).size() < 400);
}

TEST_CASE("every number has a domain in which the arithmetic is sound", "[loader][domains]") {
    const auto where = [](const std::function<void(json&)>& change) {
        json j = base();
        change(j);
        return error_for(j).where();
    };
    const auto loads = [](const std::function<void(json&)>& change) {
        json j = base();
        change(j);
        return test::scenario_from(j);
    };
    CHECK(loads([](json& j) { j["agents"][0]["power"] = 1e6; }).agents[0].power == 1e6);
    CHECK(where([](json& j) { j["agents"][0]["power"] = 1.000001e6; }) == "/agents/0/power");
    CHECK(where([](json& j) { j["agents"][0]["power"] = 1e308; }) == "/agents/0/power");

    const auto sd = [](double x) { return [x](json& j) { j["monte_carlo"]["uncertainty"] = {{"agents", {{"a", {{"reservation", {{"distribution", "normal"}, {"sd", x}}}}}}}}; }; };
    CHECK(loads(sd(1e-12)).monte_carlo.agents[0].reservation.b == 1e-12);
    CHECK(loads(sd(1e12)).monte_carlo.agents[0].reservation.b == 1e12);
    CHECK(where(sd(1e-13)) == "/monte_carlo/uncertainty/agents/a/reservation/sd");
    CHECK(where(sd(1e13)) == "/monte_carlo/uncertainty/agents/a/reservation/sd");

    const auto budget = [](double x) { return [x](json& j) { j["constraints"] = {{{"type", "budget"}, {"issues", {"share"}}, {"max", x}}}; }; };
    CHECK(loads(budget(1e14)).budgets[0].max == 1e14);
    CHECK(where(budget(1e15)) == "/constraints/0/max");

    const auto shock = [](const char* parameter, const char* op, double x) {
        return [=](json& j) { j["monte_carlo"]["uncertainty"] = {{"shocks", {{{"id", "s"}, {"probability", 1}, {"effects", {{{"parameter", parameter}, {op, x}}}}}}}}; };
    };
    CHECK_NOTHROW(loads(shock("a/power", "add", -2e12)));
    CHECK_NOTHROW(loads(shock("a/power", "multiply", -1e6)));
    CHECK_NOTHROW(loads(shock("a/discount", "set", 1e-9)));
    CHECK_NOTHROW(loads(shock("a/ideal/share", "set", 1)));
    CHECK(where(shock("a/power", "add", 3e12)) == "/monte_carlo/uncertainty/shocks/0/effects/0/add");
    CHECK(where(shock("a/power", "multiply", 2e6)) == "/monte_carlo/uncertainty/shocks/0/effects/0/multiply");
    CHECK(where(shock("a/reservation", "set", 1.5)) == "/monte_carlo/uncertainty/shocks/0/effects/0/set");
    CHECK(where(shock("a/ideal/share", "set", 2)) == "/monte_carlo/uncertainty/shocks/0/effects/0/set");
    CHECK(where(shock("a/weights/share", "set", -1)) == "/monte_carlo/uncertainty/shocks/0/effects/0/set");

    // Exclusive ends are exact: the largest Boulware exponent below 1 is accepted.
    CHECK_NOTHROW(loads([](json& j) { j["agents"][0]["strategy"] = {{"type", "boulware"}, {"exponent", std::nextafter(1.0, 0.0)}}; }));
}

TEST_CASE("a quorum share, however small, is at least one voter", "[loader][domains]") {
    json j = base();
    j["protocol"]["decision_rule"] = {{"must_accept", json::array()}, {"quorum", 1e-300}};
    CHECK(test::scenario_from(j).protocol.decision.votes.at(0).at_least == 1.0);
    j["protocol"]["decision_rule"]["quorum"] = 0.5;
    CHECK(test::scenario_from(j).protocol.decision.votes.at(0).at_least == 1.0);
    j["protocol"]["decision_rule"]["quorum"] = 1.0;
    CHECK(test::scenario_from(j).protocol.decision.votes.at(0).at_least == 2.0);
    for (auto& agent : j["agents"]) agent["role"] = "observer";
    j["protocol"]["order"] = {"a", "b"};
    CHECK_THAT(error_for(j).message(), Catch::Contains("no voters"));
}
