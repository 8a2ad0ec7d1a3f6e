// negsim import as strict as the scenario file (docs/interop.md): files far past negsim's limits refused with the file
// and the place. The files are generated here: 10^5-line files do not belong in the fixture folder.
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

}  // namespace

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
