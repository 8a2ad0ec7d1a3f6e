// The tree's architecture: every include inside sim/ points to the same layer or one below it (sim/CMakeLists.txt).
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace fs = std::filesystem;

namespace {

// Bottom to top, as sim/CMakeLists.txt adds them; a layer may include its own headers and those of layers before it.
constexpr std::array<std::string_view, 12> kLayers = {"model", "random", "input", "interop", "optimise", "cooperative", "engine", "runner", "cluster", "analysis", "sweep", "app"};

int rank_of(std::string_view layer) {
    const auto it = std::find(kLayers.begin(), kLayers.end(), layer);
    return it == kLayers.end() ? -1 : static_cast<int>(it - kLayers.begin());
}

}  // namespace

TEST_CASE("Includes inside sim/ point only down the layers", "[layers]") {
    const fs::path root = negsim::test::source_path("sim");
    const std::regex include_line(R"re(^\s*#\s*include\s*"([^"]*)")re");
    int files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const std::string ext = entry.path().extension().string();
        if (!entry.is_regular_file() || (ext != ".hpp" && ext != ".cpp")) continue;
        const std::string layer = entry.path().parent_path().filename().string();
        INFO(entry.path().string());
        const int own = rank_of(layer);
        REQUIRE(own >= 0);  // every source file sits in a layer folder
        ++files;
        std::ifstream in(entry.path());
        std::string line;
        for (int number = 1; std::getline(in, line); ++number) {
            std::smatch match;
            if (!std::regex_search(line, match, include_line)) continue;
            const std::string target = match[1].str();
            INFO("line " << number << ": " << target);
            const auto slash = target.find('/');
            REQUIRE(slash != std::string::npos);  // path-qualified: "layer/file.hpp"
            const int to = rank_of(target.substr(0, slash));
            REQUIRE(to >= 0);
            CHECK(to <= own);
            CHECK(fs::exists(root / target));
        }
    }
    CHECK(files > 40);
}
