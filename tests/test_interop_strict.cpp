// negsim import as strict as the scenario file (docs/interop.md): names that are not UTF-8, GeniusWeb number ranges
// at the ends of a double, and files far past negsim's limits, each refused with the file and the place (or imported
// exactly). The files are generated here: invalid bytes and 10^5-line files do not belong in the fixture folder.
#include "cli_support.hpp"
#include "test_support.hpp"

#include "input/input_error.hpp"
#include "interop/interop.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;
namespace interop = negsim::interop;
using negsim::test::negsim_cli;

std::string write(const fs::path& folder, const std::string& name, const std::string& text) {
    const fs::path file = folder / name;
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
}

// The error an import gives, or "no error".
std::string import_error(const std::string& format, const std::vector<std::string>& files) {
    try {
        (void)interop::import_files(format, files, {});
    } catch (const negsim::InputError& e) {
        return e.what();
    }
    return "no error";
}

// A GeniusWeb profile on a domain of one discrete issue and one number issue "big" with the given range.
std::string web_profile(const std::string& name, const std::string& range, const std::string& number_utils, const std::string& reservation) {
    return R"({"LinearAdditiveUtilitySpace": {"issueUtilities": {"colour": {"discreteutils": {"valueUtilities": {"red": 1, "blue": 0}}},
               "big": {"numberutils": )" + number_utils + R"(}}, "issueWeights": {"colour": 0.5, "big": 0.5},
             "domain": {"name": "wide", "issuesValues": {"colour": {"values": ["red", "blue"]}, "big": {"range": )" + range + R"(}}},
             "name": ")" + name + R"(", "reservationBid": )" + reservation + "}}";
}

}  // namespace

TEST_CASE("negsim import refuses text that is not UTF-8 with the file and line, exit code 2 and nothing written", "[interop][cli]") {
    const fs::path scratch = negsim::test::scratch_dir("import-utf8");
    struct Case {
        std::string format, file, text;
        std::vector<std::string> message;  // pieces the error must contain
    };
    const std::vector<Case> cases = {
        {"eu-csv", "eu.csv", "Actor,Capability,Position,Salience\nA,10,20,50\nB\xE9,20,80,50\n", {"eu.csv:3", "field 1 (Actor)"}},
        {"ktab-csv", "ktab.csv", "Basin,,2,1\nActor,Description,Power,Pstn1,Sal1\nUp,,120,80,60\nDown\xE9,,60,10,45\n", {"ktab.csv:4", "field 1 (Actor)"}},
        {"ktab-csv", "desc.csv", "Basin,Dry \xE9t\xE9,2,1\nActor,Description,Power,Pstn1,Sal1\nUp,,120,80,60\nDown,,60,10,45\n", {"desc.csv:1", "field 2 (description)"}},
        {"decide", "actor.csv", "#P\tx\n#A\tUp\tUpstream\n#A\tDown\tDown\xE9stream\n#D\tUp\tx\t10\t50\t1\n#D\tDown\tx\t90\t50\t1\n", {"actor.csv:3", "field 3 (actor name)"}},
        {"decide", "issue.csv", "#P\tx\xE9\n#A\tUp\n#A\tDown\n", {"issue.csv:1", "field 2 (issue id)"}},
        {"ktab-xml", "dims.xml",
         "<Scenario><name>s</name>\n<Dimensions><dName>Water</dName>\n<dName>Dam \xE9</dName></Dimensions>\n<Actors/></Scenario>\n",
         {"dims.xml:3", "<dName>"}},
        {"ktab-xml", "actor.xml",
         "<Scenario><name>s</name><Dimensions><dName>Water</dName></Dimensions><Actors>\n"
         "<Actor><name>Up</name><capability>1</capability><Position><dCoord>1</dCoord></Position><Salience><dSal>1</dSal></Salience></Actor>\n"
         "<Actor><name>Do\xE9</name><capability>1</capability><Position><dCoord>1</dCoord></Position><Salience><dSal>1</dSal></Salience></Actor>\n"
         "</Actors></Scenario>\n",
         {"actor.xml:3", "<name>"}},
    };
    for (const Case& c : cases) {
        INFO(c.format << " " << c.file);
        const std::string file = write(scratch, c.file, c.text);
        const fs::path out = scratch / "out.json";
        const auto r = negsim_cli("import " + c.format + " " + file + " --out " + out.string(), scratch);
        INFO(r.err);
        CHECK(r.exit_code == 2);
        for (const std::string& piece : c.message) CHECK_THAT(r.err, Catch::Contains(piece));
        CHECK_THAT(r.err, Catch::Contains("\\xE9") && Catch::Contains("not UTF-8"));
        CHECK_FALSE(fs::exists(out));
    }
    // The same for a name given on the command line, which goes into the scenario's JSON too.
    const fs::path out = scratch / "named.json";
    const auto named = negsim_cli("import eu-csv " + negsim::test::source_path("tests/interop/eu.csv") + " --name 'ab\xE9' --out " + out.string(), scratch);
    INFO(named.err);
    CHECK(named.exit_code == 2);
    CHECK_THAT(named.err, Catch::Contains("--name") && Catch::Contains("\\xE9") && Catch::Contains("not UTF-8"));
    CHECK_FALSE(fs::exists(out));
    fs::remove_all(scratch);
}

TEST_CASE("GeniusWeb import keeps number ranges near 1e300 exact, and refuses ranges a double cannot hold", "[interop]") {
    const fs::path scratch = negsim::test::scratch_dir("geniusweb-wide");
    const std::string wide = R"({"low": 1e300, "high": 2e300, "step": 1e300})";
    const std::string constant = R"({"lowValue": 1e300, "lowUtility": 0.5, "highValue": 2e300, "highUtility": 0.5})";
    const std::string a = write(scratch, "a.json", web_profile("a", wide, constant, "null"));
    const std::string b = write(scratch, "b.json", web_profile("b", wide, constant, "null"));
    const negsim::Scenario s = negsim::parse_scenario(interop::import_files("geniusweb", {a, b}, {}).scenario_json, "imported.json");
    CHECK(s.issues[1].options == std::vector<std::string>{"1e+300", "2e+300"});

    // A reservation bid between the values: the message lists the values of the file, not digits cut from them.
    const std::string between = write(scratch, "c.json", web_profile("c", wide, constant, R"({"issuevalues": {"big": 1.5e300}})"));
    CHECK_THAT(import_error("geniusweb", {a, between}), Catch::Contains("c.json") && Catch::Contains("/LinearAdditiveUtilitySpace/reservationBid/issuevalues/big") &&
                                                          Catch::Contains("1.5e+300 is not a value") && Catch::Contains(R"(one of "1e+300", "2e+300")"));

    // Steps far below the precision of 1e300: low + step is low again, so the values cannot be told apart.
    const std::string narrow = R"({"low": 1e300, "high": 1.0000000000000002e300, "step": 4e283})";
    const std::string utils = R"({"lowValue": 1e300, "lowUtility": 0, "highValue": 1.0000000000000002e300, "highUtility": 1})";
    const std::string n1 = write(scratch, "n1.json", web_profile("n1", narrow, utils, "null")), n2 = write(scratch, "n2.json", web_profile("n2", narrow, utils, "null"));
    CHECK_THAT(import_error("geniusweb", {n1, n2}), Catch::Contains("n1.json") && Catch::Contains("/LinearAdditiveUtilitySpace/domain/issuesValues/big/range") &&
                                                      Catch::Contains("cannot be told apart"));

    // Tiny steps are exact too: GeniusWeb's values are decimals, rounded here to the decimals of low and step.
    const std::string tiny = R"({"low": 0, "high": 3e-20, "step": 1e-20})";
    const std::string tiny_utils = R"({"lowValue": 0, "lowUtility": 0, "highValue": 3e-20, "highUtility": 1})";
    const std::string t1 = write(scratch, "t1.json", web_profile("t1", tiny, tiny_utils, "null")), t2 = write(scratch, "t2.json", web_profile("t2", tiny, tiny_utils, "null"));
    const negsim::Scenario t = negsim::parse_scenario(interop::import_files("geniusweb", {t1, t2}, {}).scenario_json, "imported.json");
    CHECK(t.issues[1].options == std::vector<std::string>{"0", "1e-20", "2e-20", "3e-20"});
    fs::remove_all(scratch);
}

TEST_CASE("Import refuses a file of 10^5 actors or values at the first one past negsim's limit", "[interop]") {
    const fs::path scratch = negsim::test::scratch_dir("import-limits");
    constexpr int kLines = 100000;
    std::string decide = "#P\tx\n", eu = "Actor,Capability,Position,Salience\n", xml = "<Scenario><name>s</name><Dimensions><dName>x</dName></Dimensions>\n<Actors>\n";
    std::string values;
    for (int i = 0; i < kLines; ++i) {
        std::string id("a");  // appended: "a" + to_string(i) draws GCC 12's false -Wrestrict warning
        id += std::to_string(i);
        decide += "#A\t" + id + "\n";
        eu += id + ",1,50,50\n";
        xml += "<Actor><name>" + id + "</name><capability>1</capability><Position><dCoord>1</dCoord></Position><Salience><dSal>1</dSal></Salience></Actor>\n";
        values += (i ? ", \"" : "\"") + id + "\"";
    }
    xml += "</Actors></Scenario>\n";
    // Line 1 is the issue or the header (line 2 <Actors> for KTAB), so the 65th actor, one past negsim's 64, is on line 66 (67).
    CHECK_THAT(import_error("decide", {write(scratch, "many.csv", decide)}), Catch::Contains("many.csv:66") && Catch::Contains("at most 64"));
    CHECK_THAT(import_error("eu-csv", {write(scratch, "many-eu.csv", eu)}), Catch::Contains("many-eu.csv:66") && Catch::Contains("at most 64"));
    CHECK_THAT(import_error("ktab-xml", {write(scratch, "many.xml", xml)}), Catch::Contains("many.xml:67") && Catch::Contains("at most 64"));
    const std::string domain = write(scratch, "domain.json", R"({"name": "many", "issuesValues": {"x": {"values": [)" + values + "]}}}");
    const std::string empty = write(scratch, "profile.json", "{}");  // never read: the domain is refused first
    CHECK_THAT(import_error("geniusweb", {domain, empty, empty}), Catch::Contains("domain.json") && Catch::Contains("/issuesValues/x/values/32") && Catch::Contains("at most 32"));
    fs::remove_all(scratch);
}
