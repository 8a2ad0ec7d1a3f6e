// Scenario variants (sim/input/variant.*): a variant resolves to its base with the patch applied, runs exactly as the
// base with the same change made by --set, and an ordinary file is read unchanged.
#include "cli_support.hpp"
#include "test_support.hpp"

#include "input/input_error.hpp"
#include "input/scenario_loader.hpp"
#include "input/variant.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace negsim;

TEST_CASE("an ordinary scenario file is read byte for byte", "[variant]") {
    const std::string path = test::source_path("scenarios/paris-2026.json");
    const ScenarioSource source = read_scenario_source(path);
    CHECK(source.text == read_file(path));
    CHECK(source.file == path);
}

TEST_CASE("a variant is its base with the patch applied, its name and description, and the sources of both", "[variant]") {
    const auto base = test::load_json("scenarios/paris-2026.json");
    const auto variant = test::load_json("scenarios/paris-2026-russia-hardline.json");
    const auto resolved = nlohmann::json::parse(read_scenario_source(test::source_path("scenarios/paris-2026-russia-hardline.json")).text);

    nlohmann::json expected = base.patch(variant["patch"]);
    expected["name"] = variant["name"];
    expected["description"] = variant["description"];
    for (const auto& s : variant["sources"]) expected["sources"].push_back(s);
    CHECK(resolved == expected);
    CHECK(resolved["agents"][6]["reservation"] == 0.7);
    CHECK(resolved["sources"].size() == base["sources"].size() + 1);
}

TEST_CASE("a variant runs exactly as its base with the same change given by --set", "[variant][cli]") {
    const auto dir = test::scratch_dir("variant-run");
    const std::string base = test::source_path("scenarios/paris-2026.json");
    const std::string variant = test::source_path("scenarios/paris-2026-russia-hardline.json");
    const std::string common = " --samples 200 --zone-samples 20 --seed 3 --threads 2 --write-samples yes";
    REQUIRE(test::negsim_cli("run " + variant + common + " --out " + (dir / "variant").string(), dir).exit_code == 0);
    // --set moves the reservation's uniform distribution with the nominal value (0.6 +- 0.1 becomes 0.7 +- 0.1, in
    // floating point 0.7999999999999999 at the top); the variant writes 0.8, so its ends are set as the patch has them.
    REQUIRE(test::negsim_cli("run " + base + common + " --set russia/reservation=0.7 --set uncertainty/russia/reservation/min=0.6" +
                                 " --set uncertainty/russia/reservation/max=0.8 --out " + (dir / "set").string(), dir).exit_code == 0);
    const std::string a = read_file((dir / "variant" / "samples.csv").string());
    CHECK(a.size() > 1000);
    CHECK(a == read_file((dir / "set" / "samples.csv").string()));
    // And the change is real: the base itself gives other samples.
    REQUIRE(test::negsim_cli("run " + base + common + " --out " + (dir / "base").string(), dir).exit_code == 0);
    CHECK(a != read_file((dir / "base" / "samples.csv").string()));
    std::filesystem::remove_all(dir);
}

TEST_CASE("a variant's base is found beside the variant, not beside the working folder", "[variant]") {
    const auto dir = test::scratch_dir("variant-base");
    std::ofstream(dir / "base.json") << read_file(test::source_path("scenarios/teach-buyer-seller.json"));
    std::ofstream(dir / "v.json") << R"({"variant_of": "base.json", "name": "v", "description": "d",
        "patch": [{"op": "replace", "path": "/protocol/rounds", "value": 7}]})";
    const Scenario s = load_scenario((dir / "v.json").string());
    CHECK(s.name == "v");
    CHECK(s.protocol.rounds == 7);
    std::ofstream(dir / "missing.json") << R"({"variant_of": "nowhere.json", "name": "v", "description": "d",
        "patch": [{"op": "remove", "path": "/sources"}]})";
    try {
        (void)load_scenario((dir / "missing.json").string());
        FAIL("accepted");
    } catch (const InputError& e) {
        CHECK(e.where() == "/variant_of");
        CHECK_THAT(e.message(), Catch::Contains("cannot be read"));
    }
    std::filesystem::remove_all(dir);
}
